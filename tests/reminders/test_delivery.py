"""Sending: once, even when SMTP fails, the broker loses a message or a worker dies mid-send."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from reminders.models import Reminder, ReminderStatus
from reminders.services import MAX_ATTEMPTS, reminders_resend, reminders_scan
from reminders.tasks import send_reminder_task

from .backends import FlakySMTPBackend
from .conftest import paris
from .factories import FollowUpFactory

pytestmark = pytest.mark.django_db

FLAKY = "tests.reminders.backends.FlakySMTPBackend"


@pytest.fixture
def claimed_digest(mission, time_machine, django_capture_on_commit_callbacks):
    FollowUpFactory(assignee=mission, due_on=datetime.date(2026, 6, 2))
    time_machine.move_to(paris(2026, 6, 2, 8, 0), tick=False)
    with django_capture_on_commit_callbacks():
        (reminder,), _requeued = reminders_scan()
    return reminder


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = FLAKY
    FlakySMTPBackend.failures_left = 1
    yield
    FlakySMTPBackend.failures_left = 0


def test_a_failed_send_is_sent_once_on_retry_not_twice(claimed_digest, smtp_down, time_machine, scan):
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_reminder_task(claimed_digest.pk)

    claimed_digest.refresh_from_db()
    assert claimed_digest.status == ReminderStatus.PENDING
    assert claimed_digest.sent_at is None
    assert claimed_digest.attempts == 1
    assert "SMTPServerDisconnected" in claimed_digest.last_error
    assert claimed_digest.next_attempt_at == claimed_digest.created_at + datetime.timedelta(minutes=1)
    assert mail.outbox == []

    # The retry runs; then the broker delivers that retry again, and later scans run.
    time_machine.move_to(paris(2026, 6, 2, 8, 1), tick=False)
    send_reminder_task(claimed_digest.pk)
    send_reminder_task(claimed_digest.pk)
    time_machine.move_to(paris(2026, 6, 2, 8, 30), tick=False)
    scan()

    assert len(mail.outbox) == 1
    claimed_digest.refresh_from_db()
    assert claimed_digest.status == ReminderStatus.SENT
    assert claimed_digest.sent_at is not None
    assert claimed_digest.last_error == ""


def test_the_task_retries_with_back_off_until_the_server_answers(claimed_digest, smtp_down):
    FlakySMTPBackend.failures_left = 2

    # apply() runs the task as a worker would, retries included (without waiting).
    send_reminder_task.apply(args=[claimed_digest.pk])

    assert len(mail.outbox) == 1
    claimed_digest.refresh_from_db()
    assert claimed_digest.status == ReminderStatus.SENT
    assert claimed_digest.attempts == 3


def test_it_gives_up_after_the_last_attempt(claimed_digest, smtp_down):
    FlakySMTPBackend.failures_left = MAX_ATTEMPTS + 5

    send_reminder_task.apply(args=[claimed_digest.pk])

    claimed_digest.refresh_from_db()
    assert claimed_digest.status == ReminderStatus.FAILED
    assert claimed_digest.attempts == MAX_ATTEMPTS
    assert mail.outbox == []
    # Failed reminders are left to the admin's "send again", not to the scan.
    claimed, requeued = reminders_scan(now=claimed_digest.created_at + datetime.timedelta(hours=3))
    assert claimed_digest.pk not in requeued


def test_a_lost_message_is_queued_again_by_a_later_scan(claimed_digest, time_machine, scan):
    # The claim's message never reached a worker (Redis restarted).
    time_machine.move_to(paris(2026, 6, 2, 8, 5), tick=False)
    assert reminders_scan()[1] == []

    time_machine.move_to(paris(2026, 6, 2, 8, 15), tick=False)
    scan()
    scan()

    assert len(mail.outbox) == 1
    claimed_digest.refresh_from_db()
    assert claimed_digest.status == ReminderStatus.SENT


def test_a_worker_killed_mid_send_leaves_it_uncertain_never_resent_blindly(claimed_digest, time_machine, scan):
    # A worker started sending at 08:00 and died: whether the email left, nobody knows.
    Reminder.objects.filter(pk=claimed_digest.pk).update(
        sending_since=claimed_digest.created_at, attempts=1, next_attempt_at=claimed_digest.created_at
    )
    time_machine.move_to(paris(2026, 6, 2, 8, 5), tick=False)
    send_reminder_task(claimed_digest.pk)
    assert mail.outbox == []

    # The lease is over: the scan calls it uncertain; redeliveries and later scans send nothing.
    time_machine.move_to(paris(2026, 6, 2, 8, 11), tick=False)
    assert scan() == []
    send_reminder_task(claimed_digest.pk)
    time_machine.move_to(paris(2026, 6, 2, 9, 0), tick=False)
    scan()

    assert mail.outbox == []
    claimed_digest.refresh_from_db()
    assert claimed_digest.status == ReminderStatus.UNCERTAIN
    assert "peut-être parti" in claimed_digest.last_error


def test_an_uncertain_reminder_is_sent_once_from_the_admin(
    claimed_digest, admin_client, django_capture_on_commit_callbacks
):
    Reminder.objects.filter(pk=claimed_digest.pk).update(status=ReminderStatus.UNCERTAIN, attempts=1)

    listing = admin_client.get(reverse("admin:reminders_reminder_changelist"), {"status__exact": "uncertain"})
    assert "Incertain" in listing.text
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:reminders_reminder_changelist"),
            {"action": "resend", "_selected_action": [claimed_digest.pk]},
        )
    assert response.status_code == 302

    # The memory broker carries the message; the worker is played by calling the task.
    send_reminder_task(claimed_digest.pk)
    send_reminder_task(claimed_digest.pk)
    assert len(mail.outbox) == 1
    claimed_digest.refresh_from_db()
    assert claimed_digest.status == ReminderStatus.SENT


def test_every_copy_of_a_reminder_carries_the_same_message_id(claimed_digest, settings):
    settings.SITE_URL = "https://crm.example.org"
    send_reminder_task(claimed_digest.pk)
    reminders_resend(reminders=Reminder.objects.filter(pk=claimed_digest.pk))
    send_reminder_task(claimed_digest.pk)

    first, second = mail.outbox
    expected = f"<reminder.{claimed_digest.pk}.digest.20260602@crm.example.org>"
    assert first.extra_headers["Message-ID"] == expected
    assert second.extra_headers["Message-ID"] == expected
    assert first.message()["Message-ID"] == expected


def test_the_delays_are_settings(claimed_digest, settings, time_machine):
    settings.REMINDER_REQUEUE_AFTER_SECONDS = 60
    time_machine.move_to(paris(2026, 6, 2, 8, 2), tick=False)
    assert reminders_scan()[1] == [claimed_digest.pk]

    Reminder.objects.filter(pk=claimed_digest.pk).update(sending_since=claimed_digest.created_at)
    settings.REMINDER_SEND_LEASE_SECONDS = 30
    time_machine.move_to(paris(2026, 6, 2, 8, 3), tick=False)
    reminders_scan()
    claimed_digest.refresh_from_db()
    assert claimed_digest.status == ReminderStatus.UNCERTAIN


def test_a_sent_reminder_is_never_sent_again(claimed_digest):
    send_reminder_task(claimed_digest.pk)
    send_reminder_task(claimed_digest.pk)

    assert len(mail.outbox) == 1


def test_an_unknown_reminder_id_does_nothing():
    send_reminder_task(987654)

    assert mail.outbox == []
