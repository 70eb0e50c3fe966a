"""The one way work is handed to the Celery workers.

A task is named, not imported, so an app can queue the work of an app above
it (prospects asks reminders to send a notice) without importing it; and it is
sent only once the transaction that made the work commits, so a worker never
looks for a row that is not there yet, and a rolled-back write queues nothing.
"""

from celery import current_app
from django.db import transaction


def queue_task(name, *args):
    """Queue the task ``name`` with ``args`` (ids) when the current transaction commits."""
    transaction.on_commit(lambda: current_app.send_task(name, args=list(args)))
