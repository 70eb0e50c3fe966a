"""End to end through a real Celery worker and Redis: beat's task in, the digest out."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections

from lozdev.celery import app
from reminders.models import Reminder, ReminderKind, ReminderStatus
from reminders.tasks import scan_reminders_task

from .conftest import paris
from .factories import FollowUpFactory


def _drop_cached_connections():
    # The app keeps its broker connections and producers from first use
    # (memory:// for the rest of the suite); forget them so the new URL applies.
    app._pool = None
    app.__dict__.pop("amqp", None)


def _close_worker_db_connections(**kwargs):
    # The worker thread has its own database connections: close them so the
    # test database can be flushed and dropped.
    connections.close_all()


@pytest.fixture
def app_on_redis(require_redis):
    saved = {key: app.conf[key] for key in ("broker_url", "task_default_queue", "broker_transport_options")}
    # A queue of its own, so that no other worker on this Redis takes our messages.
    app.conf.update(
        broker_url=require_redis,
        task_default_queue=f"lozdev-test-{uuid.uuid4().hex}",
        broker_transport_options={"visibility_timeout": 3600},
    )
    _drop_cached_connections()
    task_postrun.connect(_close_worker_db_connections, weak=False)
    yield app
    task_postrun.disconnect(_close_worker_db_connections)
    app.conf.update(saved)
    _drop_cached_connections()


def _wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_real_worker_sends_the_digest(app_on_redis, transactional_db, mission, time_machine):
    FollowUpFactory(assignee=mission, title="Rappeler la scierie", due_on=paris(2026, 6, 2, 9, 0).date())
    time_machine.move_to(paris(2026, 6, 2, 9, 0), tick=True)

    with start_worker(app_on_redis, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        scan_reminders_task.delay()
        assert _wait_for(lambda: len(mail.outbox) >= 1), "the worker sent no email"

    (email,) = mail.outbox
    assert email.to == ["camille@example.org"]
    assert "Rappeler la scierie" in email.body
    reminder = Reminder.objects.get(kind=ReminderKind.DIGEST)
    assert reminder.status == ReminderStatus.SENT
    assert reminder.attempts == 1
