"""Direction's Monday report, and the reminders around a trade show."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from accounts.selectors import profile_for
from reminders.models import ReminderKind
from reminders.services import reminders_scan

from .conftest import paris, sent
from .factories import AppearanceFactory, ContactFactory, FollowUpFactory, InteractionFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 6, 8)


def days(n):
    return datetime.timedelta(days=n)


def _without_digest(*users):
    """Nobody's digest is due: the test is about the other emails alone."""
    for user in users:
        profile = profile_for(user)
        profile.digest_enabled = False
        profile.save()


# Weekly report ------------------------------------------------------------------


def test_monday_report_groups_long_overdue_followups_by_person(scan, time_machine, mission, teammate, direction):
    FollowUpFactory(assignee=mission, due_on=MONDAY - days(8), title="Relancer Scierie A")
    FollowUpFactory(assignee=mission, due_on=MONDAY - days(30), title="Relancer Scierie B")
    FollowUpFactory(assignee=teammate, due_on=MONDAY - days(10), title="Relancer Fromagerie")
    FollowUpFactory(assignee=teammate, due_on=MONDAY - days(7), title="Pas assez en retard")
    FollowUpFactory(assignee=teammate, due_on=MONDAY - days(20), title="Close", status="done")
    _without_digest(mission, teammate, direction)
    time_machine.move_to(paris(2026, 6, 8, 8, 0), tick=False)

    scan()

    (email,) = mail.outbox
    assert email.to == ["dominique@example.org"]
    assert "3" in email.subject
    body = email.body
    assert body.index("Camille Martin (2)") < body.index("Relancer Scierie A")
    assert body.index("Julie Chabert (1)") < body.index("Relancer Fromagerie")
    assert "Pas assez en retard" not in body and "Close" not in body
    assert sent(ReminderKind.WEEKLY_OVERDUE).get().on_date == MONDAY


def test_monday_report_lists_each_person_s_ten_most_overdue_and_links_to_the_rest(
    scan, time_machine, mission, teammate, direction, settings
):
    settings.SITE_URL = "https://crm.example.org"
    for number in range(12):
        FollowUpFactory(assignee=mission, due_on=MONDAY - days(8 + number), title=f"Relance en retard {number:02}")
    FollowUpFactory(assignee=teammate, due_on=MONDAY - days(9), title="Relancer la fromagerie")
    _without_digest(mission, teammate, direction)
    time_machine.move_to(paris(2026, 6, 8, 8, 0), tick=False)

    scan()

    (email,) = mail.outbox
    assert "13" in email.subject
    body = email.body
    assert "Camille Martin (12)" in body and "Julie Chabert (1)" in body
    assert "Relance en retard 11" in body and "Relance en retard 02" in body
    assert "Relance en retard 01" not in body and "Relance en retard 00" not in body
    assert "Et 2 autres : voir la liste" in body
    assert f"https://crm.example.org/relances/?au=2026-05-31&tri=echeance&personne={mission.pk}" in body
    assert body.count("voir la liste") == 1


def test_monday_report_waits_for_the_hour_then_catches_up_later_in_the_week(time_machine, scan, mission, direction):
    FollowUpFactory(assignee=mission, due_on=MONDAY - days(9))
    time_machine.move_to(paris(2026, 6, 8, 7, 55), tick=False)
    assert not [r for r in reminders_scan()[0] if r.kind == ReminderKind.WEEKLY_OVERDUE]

    # Beat was down all Monday: Tuesday's first scan sends this week's report, once.
    time_machine.move_to(paris(2026, 6, 9, 10, 0), tick=False)
    scan()
    scan()

    assert sent(ReminderKind.WEEKLY_OVERDUE).count() == 1
    assert sent(ReminderKind.WEEKLY_OVERDUE).get().on_date == MONDAY


def test_no_report_when_nothing_is_long_overdue(time_machine, mission, direction):
    FollowUpFactory(assignee=mission, due_on=MONDAY - days(3))
    time_machine.move_to(paris(2026, 6, 8, 9, 0), tick=False)

    claimed, _requeued = reminders_scan()

    assert not [r for r in claimed if r.kind == ReminderKind.WEEKLY_OVERDUE]


# Before a show ------------------------------------------------------------------


@pytest.fixture
def show(mission, teammate):
    return AppearanceFactory(
        trade_show__name="Carrefour International du Bois",
        starts_on=datetime.date(2026, 6, 10),
        ends_on=datetime.date(2026, 6, 12),
        staff=[mission, teammate],
    )


def test_a_week_before_the_show_its_staff_get_their_meetings_and_the_target_list(scan, time_machine, show, mission):
    FollowUpFactory(assignee=mission, due_on=datetime.date(2026, 6, 11), title="RDV Menuiserie Causse")
    FollowUpFactory(assignee=mission, due_on=datetime.date(2026, 6, 20), title="Après le salon")
    time_machine.move_to(paris(2026, 6, 3, 8, 0), tick=False)

    scan()

    by_recipient = {email.to[0]: email for email in mail.outbox}
    assert set(by_recipient) == {"camille@example.org", "julie@example.org"}
    mine = by_recipient["camille@example.org"]
    assert "dans 7 jours" in mine.subject
    assert "RDV Menuiserie Causse" in mine.body and "Après le salon" not in mine.body
    assert reverse("events:target_list", args=[show.pk]) in mine.body
    assert "mercredi 10 juin 2026" in mine.body
    assert "RDV Menuiserie Causse" not in by_recipient["julie@example.org"].body


def test_the_eve_of_the_show_and_never_twice(scan, time_machine, show):
    time_machine.move_to(paris(2026, 6, 3, 9, 0), tick=False)
    scan()
    time_machine.move_to(paris(2026, 6, 4, 9, 0), tick=False)
    scan()
    time_machine.move_to(paris(2026, 6, 9, 9, 0), tick=False)
    scan()
    scan()

    subjects = sorted(email.subject for email in mail.outbox)
    assert len(subjects) == 4
    assert sum("commence demain" in subject for subject in subjects) == 2
    assert sum("dans 7 jours" in subject for subject in subjects) == 2


def test_an_appearance_added_late_still_gets_its_briefing(scan, time_machine, show):
    time_machine.move_to(paris(2026, 6, 6, 9, 0), tick=False)

    scan()

    assert len(mail.outbox) == 2
    assert all("dans 4 jours" in email.subject for email in mail.outbox)


def test_briefing_in_english_for_someone_who_asked(scan, time_machine, show, teammate):
    profile = profile_for(teammate)
    profile.language = "en"
    profile.save()
    time_machine.move_to(paris(2026, 6, 9, 9, 0), tick=False)

    scan()

    by_recipient = {email.to[0]: email for email in mail.outbox}
    assert "Wednesday 10 June 2026" in by_recipient["julie@example.org"].body
    assert "mercredi 10 juin 2026" in by_recipient["camille@example.org"].body


# After a show ------------------------------------------------------------------


def test_the_day_after_the_show_its_staff_are_asked_to_log_their_leads(scan, time_machine, show, mission):
    InteractionFactory(appearance=show, logged_by=mission)
    time_machine.move_to(paris(2026, 6, 13, 8, 30), tick=False)

    scan()
    scan()

    assert len(mail.outbox) == 2
    mine = next(email for email in mail.outbox if email.to == ["camille@example.org"])
    assert reverse("events:lead_capture", args=[show.pk]) in mine.body
    assert "Vous avez saisi 1 contact" in mine.body


def test_three_days_after_direction_gets_the_leads_without_followup(scan, time_machine, show, mission, direction):
    met = datetime.datetime(2026, 6, 11, 10, 0, tzinfo=datetime.UTC)
    objector = ContactFactory(company__name="Parquets du Causse", last_name="Secret", objected=True)
    willing = ContactFactory(company__name="Ossature Bois 48", first_name="Léa", last_name="Pagès")
    InteractionFactory(
        appearance=show, company=objector.company, contacts=[objector], occurred_at=met, logged_by=mission
    )
    InteractionFactory(appearance=show, company=willing.company, contacts=[willing], occurred_at=met, lead_grade="B")
    followed = InteractionFactory(appearance=show, company__name="Déjà relancée", occurred_at=met)
    FollowUpFactory(company=followed.company, interaction=followed, assignee=mission, due_on=datetime.date(2026, 6, 15))
    _without_digest(mission, direction)
    time_machine.move_to(paris(2026, 6, 15, 9, 0), tick=False)

    scan()

    (email,) = [email for email in mail.outbox if email.to == ["dominique@example.org"]]
    assert "2 contacts sans relance" in email.subject
    for part in (email.body, email.alternatives[0][0]):
        assert "Parquets du Causse" in part
        assert "Secret" not in part
        assert "Léa Pagès" in part
        assert "Déjà relancée" not in part
    assert sent(ReminderKind.UNFOLLOWED_LEADS).count() == 1


def test_no_lead_report_when_every_lead_has_a_followup(time_machine, show, mission, direction):
    lead = InteractionFactory(appearance=show)
    FollowUpFactory(company=lead.company, assignee=mission)
    time_machine.move_to(paris(2026, 6, 15, 9, 0), tick=False)

    claimed, _requeued = reminders_scan()

    assert not [r for r in claimed if r.kind == ReminderKind.UNFOLLOWED_LEADS]


def test_monday_report_tells_direction_who_will_be_anonymised_within_30_days(scan, time_machine, direction):
    from django.utils import timezone

    from prospects.models import RetentionNotice

    _without_digest(direction)
    contact = ContactFactory(last_name="Ancien")
    time_machine.move_to(paris(2026, 6, 8, 8, 0), tick=False)
    RetentionNotice.objects.create(contact=contact, listed_at=timezone.now() - days(10))

    scan()

    (email,) = mail.outbox
    assert email.to == ["dominique@example.org"]
    assert "RGPD" in email.subject
    assert "1 personne sera anonymisée dans les 30 jours" in email.body
    assert reverse("gdpr:retention_review") in email.body
    assert "Ancien" not in email.body


def test_monday_report_counts_the_weeks_directory_signals(scan, time_machine, mission, direction):
    from directory.models import ChangeKind
    from tests.directory.factories import DirectoryChangeFactory
    from tests.prospects.factories import CompanyFactory

    company = CompanyFactory(owner=mission)
    time_machine.move_to(paris(2026, 6, 3, 9, 0), tick=False)
    DirectoryChangeFactory(company=company, kind=ChangeKind.CLOSED)
    DirectoryChangeFactory(company=company, kind=ChangeKind.BAND_UP)
    DirectoryChangeFactory(company=company, kind=ChangeKind.MOVED, dismissed_at=paris(2026, 6, 4, 9, 0))
    _without_digest(mission, direction)
    time_machine.move_to(paris(2026, 6, 8, 8, 0), tick=False)

    scan()

    (email,) = mail.outbox
    assert "Annuaire SIRENE : 2 signaux cette semaine" in email.subject
    assert "2 signaux de la semaine" in email.body and reverse("directory:signals") in email.body
