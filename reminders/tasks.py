"""Celery entry points: each takes ids, reads the rows and calls a service.

acks_late: a message is acknowledged only once its task has finished, so a
worker killed mid-task leaves it to be delivered again; the services make
that second delivery harmless.
"""

import logging

from celery import shared_task
from django.utils import timezone

from . import services
from .models import Reminder, ReminderStatus

logger = logging.getLogger(__name__)


@shared_task(name="reminders.tasks.scan_reminders_task", acks_late=True)
def scan_reminders_task():
    claimed, requeued = services.reminders_scan()
    return {"claimed": len(claimed), "requeued": len(requeued)}


@shared_task(name="reminders.tasks.assignment_notice_task", acks_late=True)
def assignment_notice_task(followup_id):
    services.assignment_notice_claim(followup_id=followup_id)


@shared_task(bind=True, name="reminders.tasks.send_reminder_task", acks_late=True, max_retries=services.MAX_ATTEMPTS)
def send_reminder_task(self, reminder_id):
    try:
        services.reminder_deliver(reminder_id=reminder_id)
    except services.SMTP_ERRORS as exc:
        reminder = Reminder.objects.get(pk=reminder_id)
        if reminder.status != ReminderStatus.PENDING:
            logger.error("Reminder %s given up after %s attempts: %s", reminder_id, reminder.attempts, exc)
            return
        countdown = max((reminder.next_attempt_at - timezone.now()).total_seconds(), 0)
        raise self.retry(exc=exc, countdown=countdown) from exc
