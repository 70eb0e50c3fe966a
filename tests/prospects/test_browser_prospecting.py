"""The flows chargés de mission and Direction use most, in Chromium."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.prospects.factories import CompanyFactory, FollowUpFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", "lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Déconnexion")).to_be_visible()


def test_find_a_company_typed_without_accents_then_narrow_by_sector(page, live_server, mission):
    CompanyFactory(name="Sciérie du Gévaudan", naf_code="16.10A")
    CompanyFactory(name="Scierie-Laiterie des Causses", naf_code="10.51A")
    CompanyFactory(name="Fromagerie de Marvejols", naf_code="10.51C")
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, "camille")
    page.goto(f"{live_server.url}/entreprises/")

    search = page.get_by_role("searchbox", name="Recherche")
    search.fill("scierie")
    # As-you-type suggestions come first…
    expect(page.locator("#company-suggestions").get_by_text("Sciérie du Gévaudan")).to_be_visible()
    search.press("Enter")
    rows = page.locator("table.companies tbody tr")
    expect(rows).to_have_count(2)
    # Alphabetical whatever the accents: « Sciérie du… » before « Scierie-Laiterie… ».
    expect(rows.first).to_contain_text("Sciérie du Gévaudan")
    expect(rows.nth(1)).to_contain_text("Scierie-Laiterie des Causses")

    # …then the sector narrows the list, and the search stays in the URL.
    page.get_by_text("Filtres").click()
    page.get_by_label("Secteur").select_option(label="Bois & éco-construction")
    page.get_by_role("button", name="Appliquer").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Sciérie du Gévaudan")
    assert re.search(r"q=scierie.*sector=\d+", page.url)

    page.get_by_role("link", name="Sciérie du Gévaudan").click()
    expect(page.get_by_role("heading", name="Sciérie du Gévaudan")).to_be_visible()
    expect(page.get_by_text("16.10A – Sciage et rabotage du bois")).to_be_visible()


def test_complete_a_followup_from_my_followups(page, live_server, mission):
    company = CompanyFactory(name="Sciérie du Gévaudan")
    FollowUpFactory(company=company, assignee=mission, title="Rappeler M. Vidal", due_on=timezone.localdate())
    FollowUpFactory(company=company, assignee=mission, title="Envoyer la plaquette")
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, "camille")
    # On a phone the navigation sits behind the menu button.
    page.locator("summary", has_text="Menu").click()
    page.get_by_role("link", name="Mes relances").click()

    item = page.locator("li.followup", has_text="Rappeler M. Vidal")
    expect(page.locator("section.group-today")).to_contain_text("Rappeler M. Vidal")
    item.get_by_role("link", name="Fait").click()
    page.get_by_role("button", name="Marquer comme faite").click()
    expect(page.get_by_text("Relance « Rappeler M. Vidal » faite.")).to_be_visible()
    expect(page.locator("li.followup", has_text="Rappeler M. Vidal")).to_have_count(0)
    expect(page.locator("li.followup", has_text="Envoyer la plaquette")).to_be_visible()


def test_direction_reassigns_a_followup_that_then_shows_in_the_other_list(
    page, browser, live_server, direction, mission, teammate
):
    company = CompanyFactory(name="Fromagerie de Marvejols")
    FollowUpFactory(
        company=company,
        assignee=mission,
        title="Proposer le bâtiment d'Antrenas",
        due_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    log_in(page, live_server, "dominique")
    page.goto(f"{live_server.url}/relances/")
    item = page.locator("li.followup", has_text="Proposer le bâtiment d'Antrenas")
    expect(item).to_contain_text("Camille Martin")
    item.get_by_text("Reporter, réattribuer, modifier").click()
    item.get_by_label("Attribuer à").select_option(label="Julie Chabert")
    item.get_by_role("button", name="Réattribuer").click()
    expect(page.get_by_text("Relance « Proposer le bâtiment d'Antrenas » attribuée à Julie Chabert.")).to_be_visible()

    page.get_by_label("Personne", exact=True).select_option(label="Julie Chabert")
    expect(page.get_by_role("heading", name="Relances attribuées à Julie Chabert")).to_be_visible()
    expect(page.locator("li.followup", has_text="Proposer le bâtiment d'Antrenas")).to_be_visible()

    julie = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    log_in(julie, live_server, "julie")
    julie.goto(f"{live_server.url}/relances/")
    expect(julie.locator("li.followup", has_text="Proposer le bâtiment d'Antrenas")).to_be_visible()
    julie.context.close()
