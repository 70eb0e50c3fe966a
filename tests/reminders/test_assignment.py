import datetime

import pytest
from django.core import mail

from prospects.services import ASSIGNMENT_NOTICE_TASK, followup_create, followup_reassign
from reminders.models import Reminder, ReminderKind
from reminders.tasks import assignment_notice_task

from .conftest import paris, sent
from .factories import CompanyFactory, ContactFactory, FollowUpFactory, InteractionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory(name="Charpentes Lozériennes")


def test_assigning_to_someone_else_queues_the_notice_after_commit(
    company, direction, mission, django_capture_on_commit_callbacks, monkeypatch
):
    from celery import current_app

    queued = []
    monkeypatch.setattr(current_app, "send_task", lambda name, args: queued.append((name, args)))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        followup = followup_create(
            company=company,
            title="Envoyer l'offre",
            due_on=datetime.date(2026, 6, 5),
            assignee=mission,
            created_by=direction,
        )

    assert len(callbacks) == 1
    assert queued == [(ASSIGNMENT_NOTICE_TASK, [followup.pk])]
    assert ASSIGNMENT_NOTICE_TASK == assignment_notice_task.name


def test_the_notice_is_sent_once(company, direction, mission, time_machine, scan, django_capture_on_commit_callbacks):
    time_machine.move_to(paris(2026, 6, 2, 14, 0), tick=False)
    followup = followup_create(
        company=company,
        title="Envoyer l'offre",
        due_on=datetime.date(2026, 6, 5),
        assignee=mission,
        created_by=direction,
    )

    with django_capture_on_commit_callbacks() as callbacks:
        assignment_notice_task(followup.pk)
    (reminder,) = Reminder.objects.filter(kind=ReminderKind.ASSIGNMENT)
    assert len(callbacks) == 1
    from reminders.tasks import send_reminder_task

    send_reminder_task(reminder.pk)
    # The message delivered twice by the broker, and the scan after: still one email.
    assignment_notice_task(followup.pk)
    send_reminder_task(reminder.pk)
    scan()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["camille@example.org"]
    assert "Envoyer l'offre" in email.subject
    assert "Dominique Roux vous a attribué une relance" in email.body
    assert "Charpentes Lozériennes" in email.body
    assert reminder.on_date == datetime.date(2026, 6, 2)


def test_no_notice_when_people_assign_themselves(company, mission, time_machine, scan):
    time_machine.move_to(paris(2026, 6, 2, 14, 0), tick=False)
    followup = followup_create(
        company=company, title="Me rappeler", due_on=datetime.date(2026, 6, 5), assignee=mission, created_by=mission
    )

    assignment_notice_task(followup.pk)
    scan()

    assert not Reminder.objects.filter(kind=ReminderKind.ASSIGNMENT).exists()


def test_the_scan_sends_a_notice_whose_task_was_lost(company, direction, mission, teammate, time_machine, scan):
    time_machine.move_to(paris(2026, 6, 2, 14, 0), tick=False)
    followup = followup_create(
        company=company, title="Envoyer l'offre", due_on=datetime.date(2026, 6, 5), assignee=mission, created_by=mission
    )
    followup_reassign(followup=followup, assignee=teammate, actor=direction)
    # The queued task never ran (broker restarted): the next scan notices.
    time_machine.move_to(paris(2026, 6, 2, 14, 5), tick=False)

    scan()
    scan()

    assert [email.to for email in mail.outbox] == [["julie@example.org"]]
    assert sent(ReminderKind.ASSIGNMENT).get().recipient == teammate


def test_old_assignments_are_not_announced_by_the_scan(company, direction, mission, time_machine, scan):
    time_machine.move_to(paris(2026, 5, 20, 14, 0), tick=False)
    followup_create(
        company=company,
        title="Envoyer l'offre",
        due_on=datetime.date(2026, 6, 5),
        assignee=mission,
        created_by=direction,
    )
    time_machine.move_to(paris(2026, 5, 23, 14, 0), tick=False)

    scan()

    assert mail.outbox == []


def test_a_notice_for_a_followup_given_to_someone_else_meanwhile_is_not_sent(
    company, direction, mission, teammate, django_capture_on_commit_callbacks
):
    from reminders.models import ReminderStatus
    from reminders.tasks import send_reminder_task

    followup = followup_create(
        company=company,
        title="Envoyer l'offre",
        due_on=datetime.date(2026, 6, 5),
        assignee=mission,
        created_by=direction,
    )
    with django_capture_on_commit_callbacks():
        assignment_notice_task(followup.pk)
    followup_reassign(followup=followup, assignee=teammate, actor=teammate)

    reminder = Reminder.objects.get(kind=ReminderKind.ASSIGNMENT)
    send_reminder_task(reminder.pk)

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SKIPPED
    assert mail.outbox == []


def test_a_contact_who_objected_is_never_named(company, direction, mission, django_capture_on_commit_callbacks):
    from reminders.tasks import send_reminder_task

    willing = ContactFactory(company=company, first_name="Anne", last_name="Pradel")
    objector = ContactFactory(company=company, first_name="Marc", last_name="Objecteur", objected=True)
    interaction = InteractionFactory(company=company, contacts=[willing, objector])
    followup = FollowUpFactory(
        company=company,
        interaction=interaction,
        assignee=mission,
        assigned_by=direction,
        assigned_at=interaction.occurred_at,
    )

    with django_capture_on_commit_callbacks():
        assignment_notice_task(followup.pk)
    send_reminder_task(Reminder.objects.get().pk)

    email = mail.outbox[0]
    assert "Anne Pradel" in email.body
    assert "Objecteur" not in email.body
    assert "Objecteur" not in email.alternatives[0][0]
    assert "Charpentes Lozériennes" in email.body
