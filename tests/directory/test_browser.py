"""The lead form at the stand: an establishment of the SIRENE directory picked in one tap, saved as a company."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from prospects.models import Company
from tests.directory.factories import EstablishmentFactory
from tests.events.factories import AppearanceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_directory_establishment_fills_the_new_company(live_server, page, mission):
    sial = AppearanceFactory(
        starts_on=datetime.date(2012, 10, 21), ends_on=datetime.date(2012, 10, 25), staff=[mission]
    )
    establishment = EstablishmentFactory(
        name="FROMAGERIE DES CAUSSES",
        naf="10.51C",
        workforce_band="12",
        address="4 route DE SEVERAC",
        postcode="12100",
        city="MILLAU",
        commune_code="12145",
        department="12",
    )
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill("camille")
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()

    page.goto(live_server.url + reverse("events:lead_capture", args=[sial.pk]))
    page.locator("[name=company_search]").fill("fromagerie causses")
    expect(page.get_by_role("group", name="Dans l'annuaire SIRENE")).to_be_visible()
    page.get_by_role("option", name=re.compile("FROMAGERIE DES CAUSSES")).click()
    expect(page.locator("[name=company_siret]")).to_have_value(establishment.siret)
    expect(page.locator("[name=company_sector]")).to_have_value(re.compile(r"\d+"))
    page.locator("[name=person_last_name]").fill("Vidal")
    page.locator("[name=summary]").fill("Cherche 2 000 m² frigorifiques.")
    page.get_by_label("A – chaud").check()
    page.get_by_role("button", name="Enregistrer le contact").click()
    expect(page.locator(".message.success")).to_contain_text("FROMAGERIE DES CAUSSES")

    company = Company.objects.get()
    assert (company.siret, company.naf_code_id, company.address) == (
        establishment.siret,
        "10.51C",
        "4 route DE SEVERAC",
    )
