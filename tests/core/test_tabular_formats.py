"""The XLSX files read well as they open: typed and formatted numbers, fitted columns, a frozen header, whole sheet names."""

import io
from decimal import Decimal

import openpyxl
import pytest

from core import tabular


def _book(sheets):
    response = tabular.xlsx_response("liste.xlsx", sheets)
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_numbers_are_typed_with_thousands_and_euros_shown():
    sheet = _book(
        [
            (
                "Projets",
                ["Projet", "Emplois", "Investissement (€)", "Coût par contact (€)", "Surface (ha)", "Taux (%)"],
                [
                    [
                        "Scierie",
                        1200,
                        tabular.euros(Decimal("2500000")),
                        tabular.euros(Decimal("152.35")),
                        Decimal("12.50"),
                        Decimal("33.3"),
                    ],
                    ["Vide", None, tabular.euros(None), None, None, None],
                ],
            )
        ]
    ).active
    jobs, investment, per_contact, area, rate = sheet["B2"], sheet["C2"], sheet["D2"], sheet["E2"], sheet["F2"]
    assert (jobs.data_type, jobs.value, jobs.number_format) == ("n", 1200, "#,##0")
    assert (investment.data_type, investment.value, investment.number_format) == ("n", 2500000, '#,##0 "€"')
    assert (per_contact.value, per_contact.number_format) == (152.35, '#,##0.00 "€"')
    assert (area.value, area.number_format) == (12.5, "#,##0.00")
    assert (rate.value, rate.number_format) == (33.3, "#,##0.0")
    assert sheet["C3"].value is None


def test_the_header_is_frozen_and_the_columns_fit_their_content():
    long_name = "Société coopérative agricole des producteurs de la Margeride"
    sheet = _book(
        [
            (
                "Entreprises",
                ["Nom", "N°", "Note"],
                [[long_name, 2_500_000, "x" * 200], ["Bois", 1, "y"]],
            )
        ]
    ).active
    assert sheet.freeze_panes == "A2"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABC"}
    # As wide as the longest name, and no wider.
    assert len(long_name) <= widths["A"] <= len(long_name) + 3
    # « 2 500 000 » and a short header: narrow, but never cramped.
    assert tabular.WIDTH_MIN <= widths["B"] <= 12
    # A paragraph of notes is capped, not a screen wide.
    assert widths["C"] == tabular.WIDTH_MAX


def test_a_neutralised_formula_stays_text_in_a_formatted_sheet():
    sheet = _book([("Contacts", ["Nom", "Note"], [["=1+1", 3]])]).active
    assert (sheet["A2"].data_type, sheet["A2"].value) == ("s", "'=1+1")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Offre immobilière vendue ou louée", "Offre immobilière vendue ou"),
        ("Projets accompagnés", "Projets accompagnés"),
        ("Entreprises: 2024/25", "Entreprises 2024 25"),
        ("Participations aux salons professionnels", "Participations aux salons"),
        ("Anticonstitutionnellementinfiniment-longtemps", "Anticonstitutionnellementinfini"),
        ("'Citées'", "Citées"),
    ],
)
def test_a_sheet_title_is_cut_at_a_word_within_31_characters(title, expected):
    assert tabular.sheet_title(title) == expected
    assert len(tabular.sheet_title(title)) <= 31


def test_two_sheets_cut_to_the_same_name_stay_apart():
    book = _book(
        [
            ("Participations aux salons professionnels 2024", ["A"], [[1]]),
            ("Participations aux salons professionnels 2025", ["A"], [[2]]),
        ]
    )
    assert book.sheetnames == ["Participations aux salons", "Participations aux salons (2)"]
    assert all(len(name) <= 31 for name in book.sheetnames)
