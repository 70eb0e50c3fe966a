import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2012(mission):
    return data.build_year(mission)


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _pairs(sheet):
    return {row[0]: row[1] if len(row) > 1 else None for row in _rows(sheet)[1:]}


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_report_workbook_holds_one_sheet_per_section(direction_client, year_2012):
    book = _workbook(direction_client.get(reverse("annual_report_xlsx"), {"year": 2012}))
    assert book.sheetnames == [
        "Synthèse",
        "Par secteur",
        "Par salon d'origine",
        "Projets accompagnés",
        "Implantations",
        "Salons",
        "Contacts pris",
        "Sites vendus ou loués",
    ]
    summary = _pairs(book["Synthèse"])
    assert summary["Projets accompagnés"] == 4
    assert summary["Implantations"] == 2
    assert summary["Taux de transformation (%)"] == 50
    assert summary["Emplois créés (implantations)"] == 23
    assert summary["Investissement réalisé (€)"] == 1_500_000
    projects = _rows(book["Projets accompagnés"])
    assert len(projects) == 1 + 4
    assert {row[0] for row in projects[1:]} == {"Nouvelle scierie", "Projet Aubrac", "Atelier charpente", "Salaisons"}
    implantations = _rows(book["Implantations"])[1:]
    assert [(row[0], row[5], row[6]) for row in implantations] == [
        ("Nouvelle scierie", 8, 900000),
        ("Salaisons", 15, 600000),
    ]
    shows = {row[0]: row for row in _rows(book["Salons"])[1:]}
    assert shows["SIAL 2012"][5:9] == [3, 4000, 2, 1]
    assert shows["Carrefour International du Bois 2012"][6] is None
    sites = _rows(book["Sites vendus ou loués"])[1:]
    assert [row[0] for row in sites] == ["BAT-01"]


def test_observer_report_names_no_confidential_project_and_no_person(observer_client, year_2012):
    response = observer_client.get(reverse("annual_report"), {"year": 2012})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Projet confidentiel" in body
    assert "Projet Aubrac" not in body and "Fromagerie Secrète" not in body
    assert "Camille" not in body and "Martin" not in body
    book = _workbook(observer_client.get(reverse("annual_report_xlsx"), {"year": 2012}))
    projects = _rows(book["Projets accompagnés"])
    assert "Responsable" not in projects[0]
    flat = repr(projects)
    assert "Projet Aubrac" not in flat and "Martin" not in flat
    # The confidential project still counts.
    assert _pairs(book["Synthèse"])["Projets accompagnés"] == 4


def test_direction_sees_confidential_names(direction_client, year_2012):
    body = direction_client.get(reverse("annual_report"), {"year": 2012}).content.decode()
    assert "Projet Aubrac" in body and "Fromagerie Secrète" in body


def test_mission_outside_the_team_does_not_see_the_confidential_name(teammate_client, year_2012):
    body = teammate_client.get(reverse("annual_report"), {"year": 2012}).content.decode()
    assert "Projet Aubrac" not in body
    assert "Camille Martin" in body  # staff see who is in charge


def test_csv_sections_hold_the_expected_rows(mission_client, year_2012):
    rows = _csv(mission_client.get(reverse("annual_report_csv", args=["implantations"]), {"year": 2012}))
    assert rows[0][0] == "Projet"
    assert [(row[0], row[4], row[5]) for row in rows[1:]] == [
        ("Nouvelle scierie", "10/03/2012", "8"),
        ("Salaisons", "15/11/2012", "15"),
    ]
    contacts = _csv(mission_client.get(reverse("annual_report_csv", args=["contacts"]), {"year": 2012}))
    assert ["Rencontre sur salon", "3"] in contacts
    assert ["Total des échanges", "4"] in contacts


def test_unknown_csv_section_is_404(mission_client):
    assert mission_client.get(reverse("annual_report_csv", args=["inconnu"])).status_code == 404


def test_report_query_budget(observer_client, year_2012, django_assert_max_num_queries):
    company = year_2012["projects"]["agri_won"].company
    for index in range(60):
        data.project(company, f"Projet {index}", data.D(2012, 1 + index % 12, 1), jobs_planned=1)
    with django_assert_max_num_queries(12):
        response = observer_client.get(reverse("annual_report"), {"year": 2012})
    assert response.context["report"].total.accompanied == 64
    assert response.context["report"].total.investment_planned == Decimal(3_500_000)


def test_anonymous_is_sent_to_login(client):
    for name in ("annual_report", "annual_report_xlsx"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_observers_do_not_see_a_sole_traders_name(observer_client, mission_client, mission):
    trader = data.company("Jean Dupont", legal_form="1000")
    data.project(trader, "Atelier de Jean", data.D(2012, 4, 1), sector=data.Sector.objects.get(slug="bois"))
    observed = observer_client.get(reverse("annual_report"), {"year": 2012}).content.decode()
    assert "Jean Dupont" not in observed and "Entrepreneur individuel" in observed
    assert "Jean Dupont" in mission_client.get(reverse("annual_report"), {"year": 2012}).content.decode()
