"""Faults around a send: the database lost after the email left, the broker down when work is queued."""

import datetime
import logging
import time

import pytest
from django.core import mail
from django.urls import reverse

from prospects.models import FollowUp
from reminders.models import Reminder, ReminderKind, ReminderStatus
from reminders.services import reminders_scan
from reminders.tasks import send_reminder_task

from .backends import DatabaseLostAfterSendBackend
from .conftest import paris
from .factories import CompanyFactory, FollowUpFactory


@pytest.fixture
def database_lost_after_send(settings):
    settings.EMAIL_BACKEND = "tests.reminders.backends.DatabaseLostAfterSendBackend"
    settings.REMINDER_RECORD_RETRY_DELAYS = [0.1, 0.1]
    yield DatabaseLostAfterSendBackend
    DatabaseLostAfterSendBackend.drops_left = 0


def _claim_digest(user):
    FollowUpFactory(assignee=user, due_on=datetime.date(2026, 6, 2))
    (reminder,), _requeued = reminders_scan(now=paris(2026, 6, 2, 8, 0))
    return reminder


@pytest.mark.django_db(transaction=True)
def test_a_send_whose_record_meets_a_lost_connection_is_recorded_on_a_new_one(
    postgresql, database_lost_after_send, mission, time_machine, caplog
):
    time_machine.move_to(paris(2026, 6, 2, 8, 0), tick=False)
    reminder = _claim_digest(mission)
    database_lost_after_send.drops_left = 1

    with caplog.at_level(logging.WARNING, logger="reminders.services"):
        send_reminder_task(reminder.pk)
    assert "recording its send failed" in caplog.text
    # The broker delivers it again, the scans run: still the one email.
    send_reminder_task(reminder.pk)
    time_machine.move_to(paris(2026, 6, 2, 9, 0), tick=False)
    reminders_scan()

    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT
    assert reminder.sending_since is None


@pytest.mark.django_db
@pytest.mark.redis
def test_a_broker_lost_while_a_followup_is_assigned_costs_the_user_nothing(
    celery_on_own_redis, direction_client, mission, django_capture_on_commit_callbacks, caplog, time_machine
):
    time_machine.move_to(paris(2026, 6, 2, 14, 0), tick=True)
    company = CompanyFactory(name="Scierie Chabert")
    client = direction_client
    url = reverse("prospects:followup_create", args=[company.pk])
    form = {"title": "Envoyer l'offre", "due_on": "2026-06-05", "assignee": mission.pk, "project": "", "notes": ""}

    # A first publish works, so the app holds a live broker connection...
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, form).status_code == 302
    # ...then Redis dies.
    celery_on_own_redis.server.kill()
    celery_on_own_redis.server.wait()

    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="core.tasks"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {**form, "title": "Rappeler le dirigeant"})
    assert response.status_code == 302
    assert time.monotonic() - started < 10
    assert "Could not queue" in caplog.text

    followup = FollowUp.objects.get(title="Rappeler le dirigeant")
    # The next scan (beat) finds the notice nobody queued, and it goes out once.
    with django_capture_on_commit_callbacks():
        claimed, _requeued = reminders_scan()
    notice = Reminder.objects.get(kind=ReminderKind.ASSIGNMENT, object_id=followup.pk)
    assert notice in claimed
    send_reminder_task(notice.pk)
    assert [m.to for m in mail.outbox if "Rappeler le dirigeant" in m.body] == [["camille@example.org"]]
