"""A large file through a real Celery worker on Redis: analysed, confirmed, imported."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from imports import services
from imports.models import BatchStatus, ImportBatch
from prospects.models import Company

from . import files

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _wait_for_status(batch, status, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch.refresh_from_db()
        if batch.status == status:
            return True
        time.sleep(0.2)
    return False


def test_a_real_worker_analyses_and_imports_a_large_file(
    celery_app_on_redis, direction_client, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # Anything is "large" here, so both steps go to the worker.
    monkeypatch.setattr(services, "INLINE_MAX_BYTES", 0)
    monkeypatch.setattr(services, "INLINE_MAX_ROWS", 0)
    rows = [files.sirene_row(9500 + n, name=f"USINE {n}") for n in range(30)]
    upload = files.upload("sirene.csv", files.csv_bytes(files.SIRENE_HEADER, rows))

    with start_worker(celery_app_on_redis, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        direction_client.post(reverse("imports:import_start"), {"file": upload, "source": "SIRENE"})
        batch = ImportBatch.objects.get()
        assert _wait_for_status(batch, BatchStatus.PREVIEW), f"analysis did not finish: {batch.status}"
        assert batch.new_count == 30
        direction_client.post(reverse("imports:batch_confirm", args=[batch.pk]))
        assert _wait_for_status(batch, BatchStatus.DONE), f"import did not finish: {batch.status}"

    assert Company.objects.filter(source="SIRENE").count() == 30
    status = direction_client.get(reverse("imports:batch_status", args=[batch.pk])).json()
    assert (status["percent"], status["created"], status["running"]) == (100, 30, False)
