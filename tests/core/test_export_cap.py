"""No download holds more than EXPORT_MAX_ROWS rows: past that, back to the page with a message."""

import datetime
import html

import pytest
from django.urls import reverse

from tests.events.factories import AppearanceFactory
from tests.prospects.factories import CompanyFactory, ContactFactory, FollowUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_cap(settings):
    settings.EXPORT_MAX_ROWS = 2


def _message(response, client):
    page = client.get(response["Location"])
    return html.unescape(page.content.decode())


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_company_export_sends_back_to_the_filtered_list_past_the_cap(mission_client, export_format):
    CompanyFactory(name="Scierie du Causse", postcode="48000", city="Mende")
    CompanyFactory(name="Scierie de l'Aubrac", postcode="48000", city="Mende")
    CompanyFactory(name="Scierie du Cantal", postcode="15000", city="Aurillac")
    url = reverse("prospects:company_export")
    response = mission_client.get(url, {"format": export_format, "q": "scierie", "sort": "-name"})
    assert response.status_code == 302
    assert response["Location"] == reverse("prospects:company_list") + "?q=scierie&sort=-name"
    assert "Plus de 2 lignes correspondent" in _message(response, mission_client)

    narrower = mission_client.get(url, {"format": export_format, "q": "scierie", "department": "48"})
    assert narrower.status_code == 200 and narrower["Content-Disposition"].startswith("attachment")


def test_the_list_it_came_from_is_where_it_goes_back(mission_client):
    for index in range(3):
        CompanyFactory(name=f"Scierie {index}")
    came_from = "http://testserver" + reverse("prospects:company_list") + "?sort=-name"
    response = mission_client.get(reverse("prospects:company_export"), {"format": "csv"}, HTTP_REFERER=came_from)
    assert response["Location"] == came_from
    # Not to another site.
    response = mission_client.get(
        reverse("prospects:company_export"), {"format": "csv"}, HTTP_REFERER="https://evil.example/"
    )
    assert response["Location"] == reverse("prospects:company_list")


def test_contacts_and_followups_exports_stop_at_the_cap(mission_client, mission):
    company = CompanyFactory()
    for _ in range(3):
        ContactFactory(company=company)
        FollowUpFactory(company=company, assignee=mission)
    for name in ("contacts_export", "followups_export"):
        response = mission_client.get(reverse(name, args=["xlsx"]))
        assert response.status_code == 302 and response["Location"] == reverse("dashboard"), name
        assert "un export en compte 2 au plus" in _message(response, mission_client)


def test_the_target_list_export_stops_at_the_cap(mission_client):
    show = AppearanceFactory(starts_on=datetime.date(2012, 10, 21), ends_on=datetime.date(2012, 10, 25))
    for index in range(3):
        CompanyFactory(name=f"Biscuiterie {index}", naf_code="10.72Z")
    url = reverse("events:target_list", args=[show.pk])
    if not show.trade_show.sectors.exists():
        pytest.skip("the factory's show has no sector")
    response = mission_client.get(url, {"export": "csv"})
    assert response.status_code == 302 and response["Location"] == url
