from celery import shared_task

from core.tasks import queue_task

from . import gdpr

# People anonymised per run: well inside the task time limit; the task queues
# itself again while people remain (the first run on an old database).
ANONYMISE_BATCH = 200


@shared_task
def retention_anonymise_task():
    """Monthly: list the newly stale for review, anonymise people and sole traders listed 30+ days ago.

    Idempotent: a second run the same day finds nothing more to do.
    """
    listed = gdpr.retention_list_for_review()
    anonymised = gdpr.retention_anonymise(limit=ANONYMISE_BATCH)
    if gdpr.retention_anything_due():
        queue_task(retention_anonymise_task.name)
    return {"anonymised": anonymised, "listed": listed}
