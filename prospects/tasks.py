from celery import shared_task

from . import gdpr


@shared_task
def retention_anonymise_task():
    """Monthly: anonymise people listed 30+ days ago, then list the newly stale.

    Idempotent: a second run the same day finds nothing more to do.
    """
    anonymised = gdpr.retention_anonymise()
    listed = gdpr.retention_list_for_review()
    return {"anonymised": anonymised, "listed": listed}
