"""The benchmark's own parts: its SIRENE file imports cleanly, its page measure counts queries."""

import pytest
from django.urls import reverse

from imports import services as import_services
from imports.models import FileLayout
from imports.parsing import read_table
from prospects.models import Company
from tests.prospects.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bench():
    """The bench's measuring functions, from its modules."""
    from types import SimpleNamespace

    from bench import background, measuring, report

    return SimpleNamespace(
        percentile=measuring.percentile,
        measure_page=measuring.measure_page,
        sirene_csv=background.sirene_csv,
        MAX_QUERIES=report.MAX_QUERIES,
    )


def test_percentile_is_the_nearest_rank(bench):
    values = list(range(1, 21))
    assert bench.percentile(values, 0.95) == 19
    assert bench.percentile(values, 0.5) == 10
    assert bench.percentile([7], 0.95) == 7


def test_generated_sirene_file_is_read_as_sirene(bench):
    table = read_table(bench.sirene_csv(50), "sirene.csv")
    assert table.layout == FileLayout.SIRENE
    assert len(list(table.rows)) == 50


def test_generated_sirene_file_previews_without_errors(bench, direction):
    from django.core.files.uploadedfile import SimpleUploadedFile

    batch = import_services.batch_create(
        uploaded_file=SimpleUploadedFile("sirene.csv", bench.sirene_csv(40), content_type="text/csv"),
        created_by=direction,
        source="bench",
    )
    batch = import_services.batch_analyse(batch=batch)
    batch.file.delete()
    assert (batch.total_rows, batch.new_count, batch.error_count) == (40, 40, 0)


def test_measure_page_reports_times_and_queries(bench, mission_client):
    for n in range(60):
        CompanyFactory(name=f"Entreprise {n:02d}")
    result = bench.measure_page(mission_client, reverse("prospects:company_list"), runs=3, warmup=1)
    assert result["status"] == "ok"
    assert 0 < result["queries"] <= bench.MAX_QUERIES
    assert result["p50_ms"] > 0 and result["p95_ms"] >= result["p50_ms"]
    assert Company.objects.count() == 60


def test_measure_page_reports_an_error_status(bench, observer_client):
    result = bench.measure_page(observer_client, reverse("prospects:company_list"), runs=2, warmup=1)
    assert result["status"] == "HTTP 403"
