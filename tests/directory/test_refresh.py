"""« Mettre à jour depuis SIRENE »: the differences first, then only what was ticked."""

import pytest
from django.urls import reverse

from tests.directory.factories import EstablishmentFactory
from tests.prospects.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory(
        name="Scierie du Causse", naf_code="16.10A", workforce_band="11", postcode="48000", city="Mende"
    )


def test_the_differences_are_shown_then_only_the_ticked_ones_applied(mission_client, company):
    EstablishmentFactory(
        siren=company.siren,
        siret=company.siret,
        naf="16.23Z",
        workforce_band="12",
        address="3 ZA DU CHAPITRE",
        postcode="48000",
        city="MENDE",
    )
    url = reverse("directory:company_refresh", args=[company.pk])
    assert "Mettre à jour depuis SIRENE" in mission_client.get(company.get_absolute_url()).content.decode()
    response = mission_client.get(url)
    shown = {(d.field, d.current, d.register) for d in response.context["differences"]}
    assert shown == {
        ("naf_code", "16.10A", "16.23Z"),
        ("workforce_band", "11", "12"),
        ("address", "", "3 ZA DU CHAPITRE"),
    }
    company.refresh_from_db()
    assert company.naf_code_id == "16.10A"

    mission_client.post(url, {"field": ["workforce_band", "address", "name"]})
    company.refresh_from_db()
    assert (company.workforce_band, company.address, company.naf_code_id) == ("12", "3 ZA DU CHAPITRE", "16.10A")
    assert company.name == "Scierie du Causse"


def test_a_company_not_in_the_directory_says_so_and_changes_nothing(mission_client, company):
    response = mission_client.post(reverse("directory:company_refresh", args=[company.pk]), {"field": ["naf_code"]})
    assert response.status_code == 200 and "n'est pas dans l'annuaire" in response.content.decode()


def test_an_unknown_naf_code_is_refused_in_french(mission_client, company):
    EstablishmentFactory(siren=company.siren, siret=company.siret, naf="99.99Z")
    response = mission_client.post(reverse("directory:company_refresh", args=[company.pk]), {"field": ["naf_code"]})
    company.refresh_from_db()
    assert company.naf_code_id == "16.10A"
    assert response.status_code == 302
    follow = mission_client.get(response["Location"])
    assert "est pas connu de lozdev" in follow.content.decode()
