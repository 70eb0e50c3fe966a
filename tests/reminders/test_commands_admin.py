import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from reminders.models import Reminder, ReminderKind, ReminderStatus
from reminders.tasks import send_reminder_task

from .conftest import paris
from .factories import FollowUpFactory

pytestmark = pytest.mark.django_db


def _send_queued(callbacks, ids):
    assert len(callbacks) == len(ids)
    for reminder_id in ids:
        send_reminder_task(reminder_id)


def test_send_digest_queues_todays_digest_whatever_the_day(
    mission, time_machine, django_capture_on_commit_callbacks, capsys
):
    # A Saturday evening: the scan would send nothing, the command does.
    time_machine.move_to(paris(2026, 6, 6, 21, 0), tick=False)
    FollowUpFactory(assignee=mission, due_on=datetime.date(2026, 6, 6), title="Rappeler la scierie")

    with django_capture_on_commit_callbacks() as callbacks:
        call_command("send_digest", user="camille")
    _send_queued(callbacks, list(Reminder.objects.values_list("pk", flat=True)))

    assert "Digest for camille queued" in capsys.readouterr().out
    (email,) = mail.outbox
    assert "Rappeler la scierie" in email.body


def test_send_digest_twice_needs_again(mission, django_capture_on_commit_callbacks, capsys):
    FollowUpFactory(assignee=mission)
    with django_capture_on_commit_callbacks() as callbacks:
        call_command("send_digest", user="camille")
    _send_queued(callbacks, list(Reminder.objects.values_list("pk", flat=True)))

    with django_capture_on_commit_callbacks() as callbacks:
        call_command("send_digest", user="camille")
    assert callbacks == []
    assert "--again" in capsys.readouterr().out

    with django_capture_on_commit_callbacks() as callbacks:
        call_command("send_digest", user="camille", again=True)
    _send_queued(callbacks, list(Reminder.objects.values_list("pk", flat=True)))
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 1


def test_send_digest_for_an_unknown_user():
    with pytest.raises(CommandError, match="No user named"):
        call_command("send_digest", user="personne")


def test_send_reminders_runs_the_scan(mission, time_machine, django_capture_on_commit_callbacks, capsys):
    time_machine.move_to(paris(2026, 6, 2, 9, 0), tick=False)
    FollowUpFactory(assignee=mission, due_on=datetime.date(2026, 6, 2))

    with django_capture_on_commit_callbacks() as callbacks:
        call_command("send_reminders")

    assert len(callbacks) == 1
    assert "1 reminder(s) claimed and queued" in capsys.readouterr().out
    assert Reminder.objects.get().kind == ReminderKind.DIGEST


def test_admin_action_sends_a_failed_reminder_again(
    admin_client_user, mission, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(paris(2026, 6, 2, 9, 0), tick=False)
    FollowUpFactory(assignee=mission, due_on=datetime.date(2026, 6, 2))
    with django_capture_on_commit_callbacks():
        call_command("send_reminders")
    reminder = Reminder.objects.get()
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.FAILED, attempts=6, last_error="SMTP down")

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client_user.post(
            reverse("admin:reminders_reminder_changelist"),
            {"action": "resend", "_selected_action": [reminder.pk]},
        )
    assert response.status_code == 302
    _send_queued(callbacks, [reminder.pk])

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT
    assert reminder.attempts == 1
    assert len(mail.outbox) == 1


def test_admin_pages_answer(admin_client_user, mission, django_capture_on_commit_callbacks):
    FollowUpFactory(assignee=mission)
    with django_capture_on_commit_callbacks():
        call_command("send_digest", user="camille")
    reminder = Reminder.objects.get()

    assert admin_client_user.get(reverse("admin:reminders_reminder_changelist")).status_code == 200
    assert admin_client_user.get(reverse("admin:reminders_reminder_change", args=[reminder.pk])).status_code == 200
    assert admin_client_user.get(reverse("admin:reminders_reminder_add")).status_code == 403
