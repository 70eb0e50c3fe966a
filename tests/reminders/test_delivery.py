"""Sending: once, even when SMTP fails, the broker loses a message or a worker dies mid-send."""

import datetime
import smtplib

import pytest
from django.core import mail

from reminders.models import Reminder, ReminderStatus
from reminders.services import MAX_ATTEMPTS, reminders_scan
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


def test_a_worker_killed_mid_send_lets_another_send_it_after_the_lease(claimed_digest, time_machine):
    # A worker started sending at 08:00 and died: its lease holds others off...
    Reminder.objects.filter(pk=claimed_digest.pk).update(
        sending_since=claimed_digest.created_at, attempts=1, next_attempt_at=claimed_digest.created_at
    )
    time_machine.move_to(paris(2026, 6, 2, 8, 5), tick=False)
    send_reminder_task(claimed_digest.pk)
    assert mail.outbox == []

    # ...until it expires; the message redelivered (acks_late) or the scan sends it.
    time_machine.move_to(paris(2026, 6, 2, 8, 11), tick=False)
    _claimed, requeued = reminders_scan()
    assert requeued == [claimed_digest.pk]
    send_reminder_task(claimed_digest.pk)
    send_reminder_task(claimed_digest.pk)

    assert len(mail.outbox) == 1


def test_a_sent_reminder_is_never_sent_again(claimed_digest):
    send_reminder_task(claimed_digest.pk)
    send_reminder_task(claimed_digest.pk)

    assert len(mail.outbox) == 1


def test_an_unknown_reminder_id_does_nothing():
    send_reminder_task(987654)

    assert mail.outbox == []
