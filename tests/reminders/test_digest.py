import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.selectors import profile_for
from prospects.models import FollowUp
from reminders.models import ReminderKind
from reminders.services import reminders_scan

from .conftest import paris, sent
from .factories import FollowUpFactory, ProjectFactory

pytestmark = pytest.mark.django_db

TUESDAY = datetime.date(2026, 6, 2)


@pytest.fixture
def due_today(mission):
    return FollowUpFactory(
        assignee=mission, due_on=TUESDAY, title="Rappeler la scierie", company__name="Bois du Gévaudan"
    )


def test_digest_lists_due_and_overdue_followups_with_links(scan, time_machine, mission, teammate, due_today, settings):
    settings.SITE_URL = "https://crm.example.org"
    late = FollowUpFactory(assignee=mission, due_on=TUESDAY - datetime.timedelta(days=3), title="Envoyer le dossier")
    FollowUpFactory(assignee=mission, due_on=TUESDAY + datetime.timedelta(days=1), title="Pas encore")
    FollowUpFactory(assignee=mission, due_on=TUESDAY, title="Déjà faite", status="done")
    FollowUpFactory(assignee=teammate, due_on=TUESDAY + datetime.timedelta(days=5))
    time_machine.move_to(paris(2026, 6, 2, 7, 35), tick=False)

    scan()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["camille@example.org"]
    assert "2 à faire" in email.subject
    assert "Rappeler la scierie" in email.body and "Envoyer le dossier" in email.body
    assert "Pas encore" not in email.body and "Déjà faite" not in email.body
    assert f"https://crm.example.org/entreprises/{late.company_id}/" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://crm.example.org/entreprises/{due_today.company_id}/"' in html
    assert "en retard" in html
    assert sent(ReminderKind.DIGEST).get().recipient == mission


def test_digest_links_to_the_project_and_hides_a_confidential_company(scan, time_machine, mission):
    project = ProjectFactory(
        company__name="Secret Industries", code_name="Opération Causse", confidential=True, owner=mission
    )
    FollowUpFactory(assignee=mission, due_on=TUESDAY, company=project.company, project=project)
    time_machine.move_to(paris(2026, 6, 2, 8, 0), tick=False)

    scan()

    body = mail.outbox[0].body
    assert "Opération Causse" in body
    assert "Secret Industries" not in body
    assert f"/projets/{project.pk}/" in body


def test_no_digest_before_the_hour(time_machine, due_today):
    time_machine.move_to(paris(2026, 6, 2, 7, 25), tick=False)

    claimed, _requeued = reminders_scan()

    assert claimed == []


def test_no_digest_on_weekends_and_public_holidays(time_machine, mission):
    # Saturday 6 June, then Ascension Thursday 14 May 2026.
    for moment in (paris(2026, 6, 6, 9, 0), paris(2026, 5, 14, 9, 0)):
        FollowUpFactory(assignee=mission, due_on=moment.date())
        time_machine.move_to(moment, tick=False)
        claimed, _requeued = reminders_scan()
        assert claimed == []


def test_digest_opt_out(time_machine, mission, due_today):
    profile = profile_for(mission)
    profile.digest_enabled = False
    profile.save()
    time_machine.move_to(paris(2026, 6, 2, 11, 0), tick=False)

    claimed, _requeued = reminders_scan()

    assert claimed == []


def test_digest_at_the_chosen_hour(scan, time_machine, mission, due_today):
    profile = profile_for(mission)
    profile.digest_time = datetime.time(9, 15)
    profile.save()

    time_machine.move_to(paris(2026, 6, 2, 9, 10), tick=False)
    scan()
    assert mail.outbox == []

    time_machine.move_to(paris(2026, 6, 2, 9, 15), tick=False)
    scan()
    assert len(mail.outbox) == 1


def test_a_scan_missed_for_hours_catches_up_once(scan, time_machine, due_today):
    # Beat was down from 07:00 to 11:40: the first scan after sends the digest, later ones nothing.
    time_machine.move_to(paris(2026, 6, 2, 11, 40), tick=False)
    scan()
    time_machine.move_to(paris(2026, 6, 2, 11, 45), tick=False)
    scan()
    time_machine.move_to(paris(2026, 6, 2, 16, 0), tick=False)
    scan()

    assert len(mail.outbox) == 1


def test_the_scan_run_twice_sends_one_email(scan, time_machine, due_today):
    time_machine.move_to(paris(2026, 6, 2, 7, 30), tick=False)

    assert len(scan()) == 1
    assert scan() == []
    assert len(mail.outbox) == 1


def test_digest_in_the_recipient_language(scan, time_machine, mission, teammate, due_today):
    profile = profile_for(teammate)
    profile.language = "en"
    profile.save()
    FollowUpFactory(assignee=teammate, due_on=TUESDAY)
    time_machine.move_to(paris(2026, 6, 2, 8, 0), tick=False)

    scan()

    by_recipient = {email.to[0]: email for email in mail.outbox}
    french, english = by_recipient["camille@example.org"], by_recipient["julie@example.org"]
    # Dates follow the language: 02/06/2026 in French, 2 Jun 2026 in English
    # (never 06/02/2026, which half of English readers take for 6 February).
    assert "02/06/2026" in french.body
    assert "2 Jun 2026" in english.body
    assert "06/02/2026" not in english.body
    assert '<html lang="fr">' in french.alternatives[0][0]
    assert '<html lang="en">' in english.alternatives[0][0]


def test_nothing_to_say_by_send_time_is_skipped(time_machine, mission, due_today, django_capture_on_commit_callbacks):
    from reminders.models import ReminderStatus
    from reminders.tasks import send_reminder_task

    time_machine.move_to(paris(2026, 6, 2, 8, 0), tick=False)
    with django_capture_on_commit_callbacks():
        (reminder,), _requeued = reminders_scan()
    due_today.status = "done"
    due_today.save()

    send_reminder_task(reminder.pk)

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SKIPPED
    assert mail.outbox == []


def test_a_long_backlog_is_counted_not_listed_and_costs_the_same_queries(
    mission,
):
    """A digest lists the first EMAIL_ROWS, counts the rest and links to them: its cost does not grow."""
    from reminders import emails
    from reminders.models import Reminder
    from reminders.selectors import EMAIL_ROWS

    def queries_for_one_digest(backlog):
        FollowUp.objects.all().delete()
        for number in range(backlog):
            FollowUpFactory(
                assignee=mission, due_on=TUESDAY - datetime.timedelta(days=number), title=f"Relance numéro {number}"
            )
        reminder = Reminder(kind=ReminderKind.DIGEST, recipient=mission, on_date=TUESDAY)
        with CaptureQueriesContext(connection) as captured:
            message = emails.build_message(reminder)
        return message, len(captured)

    queries_for_one_digest(1)  # caches filled (the recipient's profile, content types)
    small_message, small = queries_for_one_digest(3)
    message, large = queries_for_one_digest(EMAIL_ROWS + 15)
    assert large == small
    assert f"{EMAIL_ROWS + 15} à faire" in message.subject
    # The most overdue first, the first ten only, then the count of the rest.
    assert "Relance numéro 24" in message.body and "Relance numéro 15" in message.body
    assert "Relance numéro 14" not in message.body
    assert "Et 15 autres, dans la liste" in message.body
    assert "Et " not in small_message.body.split("Voir toutes")[0].split("Relance numéro 0")[1]
