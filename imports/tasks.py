"""Large imports run here: each task takes a batch id and can safely run twice.

Their time limits are above the default one: 100,000 rows may take longer
than five minutes on a busy server, and an import stopped by the limit would
only resume when run again.
"""

from celery import shared_task
from django.db import OperationalError

from .models import ImportBatch
from .services import batch_analyse, batch_import, purge_expired

# A database that is briefly unreachable or locked: try again a little later
# (both tasks can run twice safely).
RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": 1, "retry_backoff_max": 60, "max_retries": 5}


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900, **RETRY)
def batch_analyse_task(batch_id):
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is not None:
        batch_analyse(batch=batch)


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900, **RETRY)
def batch_import_task(batch_id):
    batch_import(batch_id=batch_id)


@shared_task
def purge_expired_task():
    return purge_expired()
