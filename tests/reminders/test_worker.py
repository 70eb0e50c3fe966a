"""End to end through a real Celery worker and Redis: beat's task in, the digest out."""

import time

from celery.contrib.testing.worker import start_worker
from django.core import mail

from reminders.models import Reminder, ReminderKind, ReminderStatus
from reminders.tasks import scan_reminders_task

from .conftest import paris
from .factories import FollowUpFactory


def _wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_real_worker_sends_the_digest(celery_app_on_redis, transactional_db, mission, time_machine):
    FollowUpFactory(assignee=mission, title="Rappeler la scierie", due_on=paris(2026, 6, 2, 9, 0).date())
    time_machine.move_to(paris(2026, 6, 2, 9, 0), tick=True)

    with start_worker(celery_app_on_redis, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        scan_reminders_task.delay()
        assert _wait_for(lambda: len(mail.outbox) >= 1), "the worker sent no email"

    (email,) = mail.outbox
    assert email.to == ["camille@example.org"]
    assert "Rappeler la scierie" in email.body
    reminder = Reminder.objects.get(kind=ReminderKind.DIGEST)
    assert reminder.status == ReminderStatus.SENT
    assert reminder.attempts == 1
