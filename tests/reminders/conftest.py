import datetime
import shutil
import socket
import subprocess
import time
import types
import zoneinfo

import pytest
from django.db import connection

from reminders.models import Reminder, ReminderStatus
from reminders.services import reminders_scan
from reminders.tasks import send_reminder_task

from ..conftest import _forget_broker_connections, _missing_service

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    """Run the scan as beat would, check that each reminder is queued after commit, then send them.

    The worker is played by calling the task with the id it would receive.
    Returns the reminders claimed by this scan.
    """

    def run():
        with django_capture_on_commit_callbacks() as callbacks:
            claimed, requeued = reminders_scan()
        assert len(callbacks) == len(claimed) + len(requeued)
        for reminder_id in [r.pk for r in claimed] + requeued:
            send_reminder_task(reminder_id)
        return claimed

    return run


def sent(kind=None):
    reminders = Reminder.objects.filter(status=ReminderStatus.SENT)
    if kind:
        reminders = reminders.filter(kind=kind)
    return reminders


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        _missing_service("this fault needs PostgreSQL (set DATABASE_URL)")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis():
    """A Redis server of the test's own, on another port, that the test may stop."""
    binary = shutil.which("redis-server")
    if binary is None:
        _missing_service("redis-server is not installed")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield server, f"redis://127.0.0.1:{port}/0"
    server.kill()
    server.wait()


@pytest.fixture
def celery_on_own_redis(own_redis):
    from lozdev.celery import app

    server, url = own_redis
    keys = ("broker_url", "broker_write_url", "broker_read_url", "broker_transport_options")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(
        broker_url=url,
        broker_write_url=url,
        broker_read_url=url,
        broker_transport_options={"visibility_timeout": 3600, "socket_connect_timeout": 1},
    )
    _forget_broker_connections(app)
    yield types.SimpleNamespace(server=server, broker_url=url)
    app.conf.update(saved)
    _forget_broker_connections(app)
