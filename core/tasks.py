"""The one way work is handed to the Celery workers.

A task is named, not imported, so an app can queue the work of an app above
it (prospects asks reminders to send a notice) without importing it; and it is
sent only once the transaction that made the work commits, so a worker never
looks for a row that is not there yet, and a rolled-back write queues nothing.

A broker that is down does not undo or hide a write that has committed: the
failed publish is logged, the page answers as usual, and the periodic scans
find the work again from the database (every task we queue is derived from
stored state).
"""

import functools
import logging

from celery import current_app, shared_task
from django.db import OperationalError, transaction

logger = logging.getLogger(__name__)


def publish_task(name, args):
    """Send ``name`` now; False (and a log line) when the broker cannot take it."""
    try:
        current_app.send_task(name, args=args)
    except Exception:
        logger.exception("Could not queue %s %s; the next scan will find the work again", name, args)
        return False
    return True


def queue_task(name, *args):
    """Queue the task ``name`` with ``args`` (ids) when the current transaction commits."""
    transaction.on_commit(functools.partial(publish_task, name, list(args)))


@shared_task(name="core.tasks.forget_old_tokens_task")
def forget_old_tokens_task():
    from .once import forget_old_tokens

    return forget_old_tokens()


# A database briefly unreachable or locked: try again a little later (the build can run twice).
@shared_task(
    name="core.tasks.export_build_task",
    acks_late=True,
    soft_time_limit=1800,
    time_limit=1900,
    autoretry_for=(OperationalError,),
    retry_backoff=1,
    retry_backoff_max=60,
    max_retries=5,
)
def export_build_task(export_id):
    """Write export ``export_id``'s file (core.exports.export_build): an id in, late acknowledgement, idempotent."""
    from .exports import export_build

    export_build(export_id=export_id)


@shared_task(name="core.tasks.requeue_lost_exports_task")
def requeue_lost_exports_task():
    from .exports import requeue_lost_exports

    requeued, given_up = requeue_lost_exports()
    return {"requeued": len(requeued), "given_up": given_up}


@shared_task(name="core.tasks.purge_expired_exports_task")
def purge_expired_exports_task():
    from .exports import purge_expired_exports

    return purge_expired_exports()
