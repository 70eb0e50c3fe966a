"""The funders' workbook as it opens: amounts in euros, counts grouped, columns fitted, headers frozen, whole sheet names."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from . import data

pytestmark = pytest.mark.django_db

EUROS = '#,##0 "€"'


@pytest.fixture
def book(direction_client, mission):
    data.build_year(mission)
    data.Site.objects.filter(reference="BAT-01").update(building_m2=12500, land_m2=40000)
    response = direction_client.get(reverse("annual_report_xlsx"), {"year": 2012})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _column(sheet, header):
    return next(cell.column_letter for cell in sheet[1] if cell.value == header)


def _cells(sheet, header):
    return [row[0] for row in sheet[f"{_column(sheet, header)}2:{_column(sheet, header)}{sheet.max_row}"]]


def test_every_sheet_has_a_whole_name_and_a_frozen_fitted_header(book):
    assert book.sheetnames[-1] == "Sites vendus ou loués"
    for sheet in book.worksheets:
        assert len(sheet.title) <= 31
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1])
        for cell in sheet[1]:
            # Each column at least as wide as its header.
            assert sheet.column_dimensions[cell.column_letter].width >= len(cell.value), (sheet.title, cell.value)


def test_amounts_are_typed_euros_and_counts_grouped(book):
    implantations = book["Implantations"]
    investment = _cells(implantations, "Investissement réalisé (€)")
    assert [cell.value for cell in investment] == [900000, 600000]
    assert all(cell.data_type == "n" and cell.number_format == EUROS for cell in investment)
    jobs = _cells(implantations, "Emplois créés")
    assert [(cell.value, cell.number_format) for cell in jobs] == [(8, "#,##0"), (15, "#,##0")]

    shows = book["Salons"]
    # Show costs are kept to the cent.
    assert {cell.number_format for cell in _cells(shows, "Coût (€)") if cell.value is not None} == {'#,##0.00 "€"'}
    assert {cell.number_format for cell in _cells(shows, "Coût par contact (€)") if cell.value is not None} == {
        '#,##0.00 "€"'
    }
    assert {cell.number_format for cell in _cells(shows, "Contacts pris") if cell.value is not None} == {"#,##0"}


def test_the_summary_shows_euros_only_on_amounts(book):
    summary = book["Synthèse"]
    values = {row[0].value: row[1] for row in summary.iter_rows(min_row=2)}
    assert values["Investissement réalisé (€)"].value == 1_500_000
    assert values["Investissement réalisé (€)"].number_format == EUROS
    assert values["Implantations"].number_format == "#,##0"
    assert values["Taux de transformation (%)"].number_format == "#,##0.0"
    # The indicator column fits its longest label.
    longest = max(len(label) for label in values)
    assert summary.column_dimensions["A"].width >= longest


def test_areas_are_grouped_square_metres(book):
    sites = book["Sites vendus ou loués"]
    assert [(cell.value, cell.number_format) for cell in _cells(sites, "Surface bâtie (m²)")] == [(12500, "#,##0")]
    assert [(cell.value, cell.number_format) for cell in _cells(sites, "Surface du terrain (m²)")] == [(40000, "#,##0")]
