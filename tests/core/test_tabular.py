"""The shared CSV and XLSX writer behind every export."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from core import tabular

COLUMNS = ["Raison sociale", "Créée le", "Dernier échange", "Effectif", "Investissement", "Ne pas contacter"]
ROWS = [
    [
        "Sciérie du Gévaudan",
        datetime.date(2024, 3, 5),
        datetime.datetime(2024, 7, 1, 22, 30, tzinfo=datetime.UTC),
        12,
        Decimal("1500.50"),
        False,
    ],
    ['=HYPERLINK("http://x")', None, None, -3, 2.5, True],
    ["+33 4 66 00 00 00", None, None, 0, 0, False],
    ["-rm", None, None, 0, 0, False],
    ["@SUM(A1)", None, None, 0, 0, False],
]


def _body(response):
    return b"".join(response.streaming_content)


def _csv_rows(response):
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_has_a_bom_semicolons_and_french_values():
    response = tabular.csv_response("liste.csv", COLUMNS, iter(ROWS))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="liste.csv"'
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeffRaison sociale;Créée le;Dernier échange;")
    rows = _csv_rows(tabular.csv_response("liste.csv", COLUMNS, iter(ROWS)))
    assert rows[0] == COLUMNS
    # 22:30 UTC in July is half past midnight the next day in Paris.
    assert rows[1] == ["Sciérie du Gévaudan", "05/03/2024", "02/07/2024 00:30", "12", "1500,50", "non"]
    assert rows[2][3:] == ["-3", "2,5", "oui"]
    assert rows[2][1:3] == ["", ""]


def test_csv_neutralises_every_formula_start():
    rows = _csv_rows(tabular.csv_response("liste.csv", COLUMNS, ROWS))
    assert [row[0] for row in rows[2:]] == ['\'=HYPERLINK("http://x")', "'+33 4 66 00 00 00", "'-rm", "'@SUM(A1)"]
    assert rows[1][0] == "Sciérie du Gévaudan"


def test_xlsx_opens_with_typed_cells_a_bold_header_and_no_formula():
    response = tabular.xlsx_response("liste.xlsx", [("Entreprises: 2024/25", COLUMNS, iter(ROWS))])
    assert response["Content-Type"] == tabular.XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="liste.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(_body(response)))
    assert workbook.sheetnames == ["Entreprises 2024 25"]
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == COLUMNS
    assert all(cell.font.bold for cell in sheet[1])
    name, created, last, workforce, investment, do_not_contact = sheet[2]
    assert created.value == datetime.datetime(2024, 3, 5) and created.is_date
    assert created.number_format == "DD/MM/YYYY"
    assert last.value == datetime.datetime(2024, 7, 2, 0, 30) and last.number_format == "DD/MM/YYYY HH:MM"
    assert (workforce.data_type, workforce.value) == ("n", 12)
    assert (investment.data_type, investment.value) == ("n", 1500.5)
    assert do_not_contact.value == "non"
    formulas = [row[0] for row in sheet.iter_rows(min_row=3)]
    assert all(cell.data_type == "s" for cell in formulas)
    assert [cell.value for cell in formulas] == [
        '\'=HYPERLINK("http://x")',
        "'+33 4 66 00 00 00",
        "'-rm",
        "'@SUM(A1)",
    ]
    assert sheet["D3"].value == -3


def test_xlsx_holds_several_sheets():
    response = tabular.xlsx_response("rapport.xlsx", [("Un", ["A"], [[1]]), ("Deux", ["B"], [["deux"]])])
    workbook = openpyxl.load_workbook(io.BytesIO(_body(response)))
    assert workbook.sheetnames == ["Un", "Deux"]
    assert workbook["Deux"]["A2"].value == "deux"


def test_export_response_names_the_file_after_its_format():
    csv_file = tabular.export_response("csv", "cibles-sial-2025", "Cibles", ["A"], [["x"]])
    assert csv_file["Content-Disposition"] == 'attachment; filename="cibles-sial-2025.csv"'
    xlsx_file = tabular.export_response("xlsx", "cibles-sial-2025", "Cibles", ["A"], [["x"]])
    assert xlsx_file["Content-Disposition"] == 'attachment; filename="cibles-sial-2025.xlsx"'
    with pytest.raises(ValueError):
        tabular.export_response("pdf", "cibles", "Cibles", ["A"], [])


def test_accented_filenames_are_encoded_for_every_browser():
    response = tabular.csv_response("relances-élodie.csv", ["A"], [])
    assert "filename*=utf-8''relances-%C3%A9lodie.csv" in response["Content-Disposition"]


def test_a_tab_or_carriage_return_before_a_formula_is_neutralised_too():
    rows = _csv_rows(tabular.csv_response("liste.csv", ["A"], [["\t=1+1"], ["\r=1+1"]]))
    assert [row[0] for row in rows[1:]] == ["'\t=1+1", "'\r=1+1"]


@pytest.mark.parametrize("export_format", tabular.FORMATS)
def test_no_export_is_kept_by_a_browser_or_a_proxy(export_format):
    response = tabular.export_response(export_format, "contacts", "Contacts", ["Nom"], [["Jeanne Bouvier"]])
    assert response["Cache-Control"] == "no-store"
