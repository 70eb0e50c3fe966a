"""Imports keep their file and the detail of their rows for IMPORT_RETENTION_DAYS after they end."""

import datetime
import os

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone

from imports import services, tasks
from imports.models import BatchStatus, ImportBatch, ImportRow
from prospects.models import Company

from . import files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_RETENTION_DAYS = 30


def _imported_batch(client, *, confirm=True):
    content = files.csv_bytes(
        files.TEMPLATE_HEADER,
        [["Scierie du Gévaudan", files.siret(2001), "16.10A", "12", "48000", "Mende", "12 route de Mende"]],
    )
    client.post(reverse("imports:import_start"), {"file": files.upload("liste.csv", content), "source": "Salon 2012"})
    batch = ImportBatch.objects.latest("pk")
    if confirm:
        client.post(reverse("imports:batch_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    return batch


def _age(batch, days):
    moment = timezone.now() - datetime.timedelta(days=days)
    finished = moment if batch.finished_at else None
    ImportBatch.objects.filter(pk=batch.pk).update(finished_at=finished, updated_at=moment)


def test_a_finished_import_loses_its_file_and_rows_after_thirty_days(direction_client):
    old, recent = _imported_batch(direction_client), _imported_batch(direction_client)
    assert old.status == BatchStatus.DONE and old.finished_at
    old_path = old.file.path
    _age(old, 31)
    _age(recent, 29)

    assert services.purge_expired() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.purged_at and not old.file and not ImportRow.objects.filter(batch=old).exists()
    assert not os.path.exists(old_path)
    assert (old.created_count, old.total_rows, old.status) == (1, 1, BatchStatus.DONE)  # the counts stay
    assert recent.purged_at is None and recent.file and ImportRow.objects.filter(batch=recent).exists()
    assert Company.objects.filter(name="Scierie du Gévaudan").exists()  # what was imported stays, of course

    page = direction_client.get(reverse("imports:batch_detail", args=[old.pk]))
    assert page.status_code == 200
    assert "ont été effacés le" in page.content.decode()
    assert services.purge_expired() == 0  # nothing twice


def test_a_preview_nobody_confirmed_is_abandoned_then_erased(direction_client):
    batch = _imported_batch(direction_client, confirm=False)
    assert batch.status == BatchStatus.PREVIEW
    path = batch.file.path
    _age(batch, 31)

    assert tasks.purge_expired_task() == 1  # what beat runs each night

    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED and batch.purged_at and not batch.rows.exists()
    assert not os.path.exists(path)
    assert not Company.objects.exists()


def test_a_batch_left_running_for_a_month_is_marked_failed_then_erased(direction_client):
    stuck, running = (_imported_batch(direction_client, confirm=False) for _ in range(2))
    month_ago = timezone.now() - datetime.timedelta(days=31)
    ImportBatch.objects.filter(pk=stuck.pk).update(status=BatchStatus.IMPORTING, updated_at=month_ago)
    ImportBatch.objects.filter(pk=running.pk).update(status=BatchStatus.IMPORTING)

    assert services.purge_expired() == 1

    stuck.refresh_from_db()
    running.refresh_from_db()
    assert stuck.status == BatchStatus.FAILED and stuck.purged_at and not stuck.rows.exists()
    assert running.status == BatchStatus.IMPORTING and running.purged_at is None and running.rows.exists()


def test_a_file_the_storage_cannot_erase_is_tried_again_the_next_night(direction_client, monkeypatch):
    batch = _imported_batch(direction_client)
    _age(batch, 31)

    def refuse(self, name):
        raise PermissionError(name)

    monkeypatch.setattr(FileSystemStorage, "delete", refuse)
    assert services.purge_expired() == 0
    batch.refresh_from_db()
    assert batch.purged_at is None and batch.file and batch.rows.exists()

    monkeypatch.undo()
    assert services.purge_expired() == 1
    batch.refresh_from_db()
    assert batch.purged_at and not batch.file


def test_the_purge_runs_every_night():
    entry = django_settings.CELERY_BEAT_SCHEDULE["imports-retention"]
    assert entry["task"] == tasks.purge_expired_task.name
