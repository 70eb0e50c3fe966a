"""A real worker killed mid-batch, or cut from PostgreSQL mid-batch: no digest goes out twice.

The worker is a `celery worker` process of its own (so it can be SIGKILLed),
on the test's PostgreSQL database and a Redis server the test starts; emails
go to a slow SMTP server in this process that records each message as soon as
it has accepted it, as a real server would have delivered it.
"""

import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from reminders.models import Reminder, ReminderKind, ReminderStatus
from reminders.services import reminder_claim, reminders_scan

from ..conftest import make_user
from .factories import FollowUpFactory

pytestmark = [pytest.mark.faults, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = 10


class SlowSMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        try:
            self.wfile.write(line.encode() + b"\r\n")
        except OSError:
            pass

    def handle(self):
        self.reply("220 sink ESMTP")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command.startswith("MAIL"):
                recipients = []
                self.reply("250 OK")
            elif command.startswith("RCPT"):
                recipients.append(command.split(":", 1)[1].strip(" <>").lower())
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 go on")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                # Accepted: from here on the message is delivered, whatever
                # becomes of the client before it reads the answer.
                self.server.delivered.extend(recipients)
                if len(self.server.delivered) == self.server.fault_at:
                    self.server.fault()
                time.sleep(self.server.delay)
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


class SlowSMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, delay):
        super().__init__(("127.0.0.1", 0), SlowSMTPHandler)
        self.delay = delay
        self.delivered = []
        # What happens while the worker waits for the answer to message number fault_at.
        self.fault_at = None
        self.fault = None


@pytest.fixture
def smtp_sink():
    server = SlowSMTPServer(delay=0.4)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _database_url():
    params = connection.settings_dict
    host = params["HOST"] or "127.0.0.1"
    user = params["USER"] or "postgres"
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{params['PORT'] or 5432}/{params['NAME']}"


def _start_worker(broker_url, smtp_port, log):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lozdev.settings",
        "DJANGO_ENV": "test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": "5",
        "REMINDER_SEND_LEASE_SECONDS": "3",
        "REMINDER_REQUEUE_AFTER_SECONDS": "1",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lozdev",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=environment,
        stderr=log,
        start_new_session=True,
    )


def _stop(worker, sig=signal.SIGTERM):
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    worker.wait(timeout=30)


def _wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _claim_batch():
    today = timezone.localdate()
    people = [make_user(get_user_model(), f"cm{n}", None) for n in range(RECIPIENTS)]
    for person in people:
        FollowUpFactory(assignee=person, due_on=today)
    # The scan's claim: rows first, ids queued on commit (autocommit here).
    for person in people:
        reminder_claim(kind=ReminderKind.DIGEST, recipient_id=person.pk, target=person, on_date=today)
    return {person.email.lower() for person in people}


def _unstarted():
    return Reminder.objects.filter(status=ReminderStatus.PENDING, sending_since__isnull=True).count()


def _finish_with_scans(settings, worker):
    """Beat's scans after the fault: until nothing is left pending."""
    settings.REMINDER_SEND_LEASE_SECONDS = 3
    settings.REMINDER_REQUEUE_AFTER_SECONDS = 1

    def settled():
        reminders_scan()
        return not Reminder.objects.filter(status=ReminderStatus.PENDING).exists()

    assert _wait_for(settled, seconds=90), list(Reminder.objects.values_list("status", "sending_since"))
    assert worker.poll() is None


def _assert_none_twice(addresses, delivered):
    counts = Counter(delivered)
    assert all(count == 1 for count in counts.values()), counts
    for reminder in Reminder.objects.filter(kind=ReminderKind.DIGEST).select_related("recipient"):
        got = counts[reminder.recipient.email.lower()]
        if reminder.status == ReminderStatus.SENT:
            assert got == 1, reminder.recipient
        else:
            assert reminder.status == ReminderStatus.UNCERTAIN, reminder.status
            assert got <= 1
    assert set(counts) <= addresses


def test_a_worker_killed_mid_batch_sends_no_digest_twice(
    postgresql, celery_on_own_redis, smtp_sink, settings, tmp_path
):
    broker_url, port = celery_on_own_redis.broker_url, smtp_sink.server_address[1]
    addresses = _claim_batch()
    log = (tmp_path / "worker.log").open("w")
    worker = _start_worker(broker_url, port, log)
    # The server has accepted the fourth digest; the worker dies before it reads the answer.
    smtp_sink.fault_at, smtp_sink.fault = 4, lambda: os.killpg(worker.pid, signal.SIGKILL)
    try:
        assert _wait_for(lambda: worker.poll() is not None), "the worker sent fewer than four digests"
        worker = _start_worker(broker_url, port, log)
        assert _wait_for(lambda: _unstarted() == 0), "the second worker did not take the rest"
        _finish_with_scans(settings, worker)
    finally:
        _stop(worker)

    _assert_none_twice(addresses, smtp_sink.delivered)
    (uncertain,) = Reminder.objects.filter(status=ReminderStatus.UNCERTAIN).select_related("recipient")
    # It did leave: sending it again by itself would have been the second copy.
    assert uncertain.recipient.email.lower() in smtp_sink.delivered
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == RECIPIENTS - 1


def _session_killer():
    """What a PostgreSQL restart does to every session: here, all but the test's own.

    Made in the test's thread (Django's connection is per thread), run in the SMTP server's.
    """
    import psycopg

    connection.ensure_connection()
    keep = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    for key in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(key, None)

    def kill():
        with psycopg.connect(**params, autocommit=True) as other:
            other.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s",
                [keep],
            )

    return kill


def test_database_connections_cut_mid_batch_send_no_digest_twice(
    postgresql, celery_on_own_redis, smtp_sink, settings, tmp_path
):
    addresses = _claim_batch()
    log_path = tmp_path / "worker.log"
    worker = _start_worker(celery_on_own_redis.broker_url, smtp_sink.server_address[1], log_path.open("w"))
    # The third digest is accepted, then the database drops the worker's session.
    smtp_sink.fault_at, smtp_sink.fault = 3, _session_killer()
    try:
        _finish_with_scans(settings, worker)
    finally:
        _stop(worker)

    _assert_none_twice(addresses, smtp_sink.delivered)
    assert len(smtp_sink.delivered) == RECIPIENTS
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}
    assert "recording its send failed" in log_path.read_text()
