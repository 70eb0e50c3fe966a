"""The one way work is handed to the Celery workers.

A task is named, not imported, so an app can queue the work of an app above
it (prospects asks reminders to send a notice) without importing it; and it is
sent only once the transaction that made the work commits, so a worker never
looks for a row that is not there yet, and a rolled-back write queues nothing.
The task is looked up in the app's registry and sent with its own ``delay``,
so its options (and ``task_always_eager``) apply as if it had been imported.
"""

from celery import current_app
from django.db import transaction


def queue_task(name, *args):
    """Queue the task ``name`` with ``args`` (ids) when the current transaction commits."""
    transaction.on_commit(lambda: _send(name, args))


def _send(name, args):
    task = current_app.tasks.get(name)
    if task is None:
        # Not registered in this process: the workers know it by name.
        current_app.send_task(name, args=list(args))
    else:
        task.delay(*args)
