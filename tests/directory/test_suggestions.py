"""Directory establishments where companies are typed: the lead form's company box and the header's search."""

import datetime

import pytest
from django.urls import reverse

from prospects.models import Company, Sector
from tests.directory.factories import EstablishmentFactory
from tests.events.factories import AppearanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fromagerie():
    return EstablishmentFactory(
        name="FROMAGERIE DES CAUSSES",
        naf="10.51C",
        workforce_band="12",
        address="4 route DE SEVERAC",
        postcode="12100",
        city="MILLAU",
        commune_code="12145",
        department="12",
    )


def _lookup(client, text):
    return client.get(reverse("directory:lookup_json"), {"q": text}).json()


def _lead_post(suggestion, mission):
    return {
        "company": "",
        "company_name": suggestion["label"],
        "company_city": suggestion["city"],
        "company_postcode": suggestion["postcode"],
        "company_sector": suggestion["sector_id"] or Sector.objects.get(slug="agroalimentaire").pk,
        "company_siret": suggestion["siret"],
        "company_naf_code": suggestion["naf"],
        "company_address": suggestion["address"],
        "company_workforce_band": suggestion["workforce_band"],
        "person_last_name": "Vidal",
        "summary": "Cherche 2 000 m² frigorifiques.",
        "lead_grade": "A",
        "met_on": "2012-10-24",
        "assignee": mission.pk,
    }


def test_the_lead_form_offers_the_establishment_then_the_company_it_became(mission_client, mission, fromagerie):
    sial = AppearanceFactory(starts_on=datetime.date(2012, 10, 21), ends_on=datetime.date(2012, 10, 25))
    page = mission_client.get(reverse("events:lead_capture", args=[sial.pk])).content.decode()
    assert reverse("directory:lookup_json") in page

    answer = _lookup(mission_client, "fromagerie causses")
    assert answer["results"] == [] and answer["directory_label"] == "Dans l'annuaire SIRENE"
    [suggestion] = answer["directory"]
    assert suggestion["siret"] == fromagerie.siret and suggestion["naf"] == "10.51C"

    response = mission_client.post(reverse("events:lead_capture", args=[sial.pk]), _lead_post(suggestion, mission))
    assert response.status_code == 302
    company = Company.objects.get()
    assert company.siret == fromagerie.siret and company.siren == fromagerie.siren
    assert company.naf_code_id == "10.51C" and company.sector.slug == "agroalimentaire"
    assert (company.address, company.postcode, company.city) == ("4 route DE SEVERAC", "12100", "Millau")
    assert company.workforce_band == "12"

    again = _lookup(mission_client, "fromagerie causses")
    assert [row["id"] for row in again["results"]] == [company.pk]
    assert again["directory"] == []


def test_a_siret_or_siren_typed_with_spaces_finds_the_establishment(mission_client, fromagerie):
    siret = fromagerie.siret
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    assert [row["siret"] for row in _lookup(mission_client, spaced)["directory"]] == [siret]
    assert [row["siret"] for row in _lookup(mission_client, f"{siret[:3]} {siret[3:9]}")["directory"]] == [siret]


def test_closed_establishments_are_not_offered(mission_client, fromagerie):
    fromagerie.active = False
    fromagerie.save()
    assert _lookup(mission_client, "fromagerie causses")["directory"] == []


def test_the_header_search_has_a_directory_group_leading_to_the_establishment(mission_client, fromagerie):
    groups = mission_client.get(reverse("finder:suggestions"), {"q": "fromagerie caus"}).json()["groups"]
    [group] = [group for group in groups if group["key"] == "directory"]
    assert group["label"] == "Dans l'annuaire SIRENE"
    assert group["results"][0]["url"] == reverse("directory:establishment", args=[fromagerie.siret])


def test_following_from_the_establishment_page_makes_one_company(mission_client, mission, fromagerie):
    url = reverse("directory:establishment_follow", args=[fromagerie.siret])
    first = mission_client.post(url)
    second = mission_client.post(url)
    company = Company.objects.get()
    assert first["Location"] == second["Location"] == company.get_absolute_url()
    assert company.owner == mission and company.source == "SIRENE"


def test_observers_get_no_suggestion(observer_client, fromagerie):
    assert observer_client.get(reverse("directory:lookup_json"), {"q": "fromagerie"}).status_code == 403


def test_with_no_provider_the_directory_is_not_asked(mission_client, fromagerie, settings):
    settings.SIRENE_PROVIDER = "none"
    assert _lookup(mission_client, "fromagerie causses")["directory"] == []
