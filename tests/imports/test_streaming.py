"""A file is read a chunk at a time, and importing it again writes nothing."""

import tracemalloc

import pytest

from imports import services
from imports.models import BatchStatus, ImportBatch, ImportRow, RowStatus
from prospects.models import Company

from . import files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _sirene_file(count, **changes):
    rows = [files.sirene_row(5000 + n, name=f"SCIERIE NUMERO {n}", **changes) for n in range(count)]
    return files.csv_bytes(files.SIRENE_HEADER, rows)


def _analyse(content, actor, name="sirene.csv"):
    batch = services.batch_create(uploaded_file=files.upload(name, content), created_by=actor, source="SIRENE")
    return services.batch_analyse(batch=ImportBatch.objects.get(pk=batch.pk))


def _import(content, actor):
    batch = _analyse(content, actor)
    services.batch_confirm(batch=batch, actor=actor)
    return services.batch_import(batch_id=batch.pk)


def test_the_same_file_again_writes_nothing_and_adds_no_history(direction, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 7)  # several chunks, as a large file has
    content = _sirene_file(30)
    first = _import(content, direction)
    assert (first.status, first.created_count) == (BatchStatus.DONE, 30)
    before = {company.pk: company.updated_at for company in Company.objects.all()}
    history = Company.history.count()

    again = _import(content, direction)

    assert (again.status, again.update_count, again.updated_count, again.created_count) == (BatchStatus.DONE, 30, 0, 0)
    assert Company.history.count() == history
    assert {company.pk: company.updated_at for company in Company.objects.all()} == before


def test_a_row_that_changed_is_the_only_one_written(direction, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 7)
    _import(_sirene_file(30), direction)
    history = Company.history.count()
    rows = [files.sirene_row(5000 + n, name=f"SCIERIE NUMERO {n}") for n in range(30)]
    rows[12] = files.sirene_row(5012, name="SCIERIE NUMERO 12", naf="16.23Z")

    again = _import(files.csv_bytes(files.SIRENE_HEADER, rows), direction)

    assert again.updated_count == 1
    assert Company.history.count() == history + 1
    assert Company.objects.get(siret=files.siret(5012)).naf_code_id == "16.23Z"


def test_duplicates_are_found_across_chunks(direction, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 3)
    rows = [files.sirene_row(6000 + n, name=f"MENUISERIE {n}") for n in range(8)]
    rows.append(files.sirene_row(6001, name="MENUISERIE 1"))  # same SIRET as line 3, two chunks before
    batch = _analyse(files.csv_bytes(files.SIRENE_HEADER, rows), direction)
    assert (batch.status, batch.total_rows, batch.new_count, batch.error_count) == (BatchStatus.PREVIEW, 9, 8, 1)
    error = ImportRow.objects.get(batch=batch, status=RowStatus.ERROR)
    assert error.line == 10 and "ligne 3" in error.errors[0]


def test_a_fault_far_down_the_file_fails_the_batch_and_keeps_no_preview_row(direction, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 5)
    # A quote never closed near the end: the cell runs past the csv module's limit.
    content = _sirene_file(20) + b'"' + b"x" * 140_000 + b"\n" + b"y,z\n" * 3
    batch = _analyse(content, direction)
    assert batch.status == BatchStatus.FAILED
    assert batch.errors[0].startswith("Ce fichier CSV est mal formé à la ligne 22")
    assert not ImportRow.objects.filter(batch=batch).exists()


def _peak_while_analysing(count, actor):
    content = _sirene_file(count)
    batch = services.batch_create(uploaded_file=files.upload("sirene.csv", content), created_by=actor, source="x")
    del content
    tracemalloc.start()
    try:
        services.batch_analyse(batch=ImportBatch.objects.get(pk=batch.pk))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        ImportBatch.objects.all().delete()


def test_memory_does_not_grow_with_the_file(direction, monkeypatch):
    """Four times the rows, far less than four times the memory: only one chunk is held at a time."""
    monkeypatch.setattr(services, "CHUNK", 100)
    _peak_while_analysing(100, direction)  # caches filled (NAF codes, communes)
    small = _peak_while_analysing(400, direction)
    large = _peak_while_analysing(1600, direction)
    # Holding the file's rows alone would take it to about twice as much.
    assert large < 1.4 * small, (small, large)
