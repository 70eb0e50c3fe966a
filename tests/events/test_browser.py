"""Three leads logged at SIAL 2012 on a phone-sized screen, then found on the appearance page."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from prospects.models import FollowUp, Interaction, Sector
from tests.events.factories import AppearanceFactory, TradeShowFactory
from tests.prospects.factories import CompanyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_person_and_talk(page, last_name, summary, grade_label):
    page.locator("[name=person_last_name]").fill(last_name)
    page.locator("[name=summary]").fill(summary)
    page.get_by_label(grade_label).check()


def test_three_leads_at_sial_on_a_phone(live_server, page, mission):
    sial = AppearanceFactory(
        trade_show=TradeShowFactory(name="SIAL Paris", sectors=[Sector.objects.get(slug="agroalimentaire")]),
        starts_on=datetime.date(2012, 10, 21),
        ends_on=datetime.date(2012, 10, 25),
        staff=[mission],
    )
    CompanyFactory(name="Biscuiterie de l'Aveyron", naf_code="10.72Z", postcode="12000", city="Rodez")

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill("camille")
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()

    capture_url = live_server.url + reverse("events:lead_capture", args=[sial.pk])
    saved = page.locator(".message.success")

    # 1. An existing company, found by typing part of its name without the accent.
    page.goto(capture_url)
    page.locator("[name=company_search]").fill("biscuiterie avey")
    page.get_by_role("option", name=re.compile("Biscuiterie de l'Aveyron")).click()
    expect(page.locator("#chosen-company")).to_contain_text("Biscuiterie de l'Aveyron")
    _fill_person_and_talk(page, "Costes", "Extension de la ligne de biscuits secs.", "A – chaud")
    # The follow-up date follows the grade: met on Thursday 25th, due the next working day.
    expect(page.locator("[name=due_on]")).to_have_value("2012-10-26")
    page.get_by_role("button", name="Enregistrer le contact").click()
    expect(saved).to_contain_text("Biscuiterie de l'Aveyron")
    # The next lead is typed once the page's script listens again.
    page.wait_for_load_state("load")

    # 2. A new company, named from the search box.
    page.locator("[name=company_search]").fill("Fromagerie du Larzac")
    page.get_by_role("option", name=re.compile("Créer une nouvelle entreprise")).click()
    expect(page.locator("[name=company_name]")).to_have_value("Fromagerie du Larzac")
    page.locator("[name=company_city]").fill("Millau")
    page.locator("[name=company_postcode]").fill("12100")
    page.locator("[name=company_sector]").select_option(label="Agroalimentaire")
    _fill_person_and_talk(page, "Maurel", "Cherche une cave d'affinage.", "B – intéressé")
    expect(page.locator("[name=due_on]")).to_have_value("2012-10-29")
    page.get_by_role("button", name="Enregistrer le contact").click()
    expect(saved).to_contain_text("Fromagerie du Larzac")
    page.wait_for_load_state("load")

    # 3. Another new company, typed straight into the creation fields, with a project.
    page.locator("[name=company_name]").fill("Salaisons Lyonnaises Perrin")
    page.locator("[name=company_city]").fill("Lyon")
    page.locator("[name=company_postcode]").fill("69007")
    page.locator("[name=company_sector]").select_option(label="Agroalimentaire")
    _fill_person_and_talk(page, "Perrin", "Séchoir d'altitude à l'étude.", "C – à suivre")
    page.locator("[name=open_project]").check()
    page.get_by_role("button", name="Enregistrer le contact").click()
    expect(saved).to_contain_text("Projet ouvert")

    page.goto(live_server.url + reverse("events:appearance_detail", args=[sial.pk]))
    rows = page.locator("tr.lead")
    expect(rows).to_have_count(3)
    for company, due in (
        ("Biscuiterie de l'Aveyron", "26/10/2012"),
        ("Fromagerie du Larzac", "29/10/2012"),
        ("Salaisons Lyonnaises Perrin", "02/11/2012"),  # a week later is All Saints
    ):
        row = page.locator(f'tr.lead[data-company="{company}"]')
        expect(row).to_contain_text(f"en retard {due}")
        expect(row).to_contain_text("Camille Martin")
    expect(page.locator(".kpis")).to_contain_text("3")
    assert Interaction.objects.filter(appearance=sial).count() == 3
    assert FollowUp.objects.filter(interaction__appearance=sial, assignee=mission).count() == 3
