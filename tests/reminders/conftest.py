import datetime
import zoneinfo

import pytest

from reminders.models import Reminder, ReminderStatus
from reminders.services import reminders_scan
from reminders.tasks import send_reminder_task

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
