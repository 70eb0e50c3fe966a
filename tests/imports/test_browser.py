"""Direction uploads a target list, checks the preview, confirms, and finds the companies."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from prospects.models import Company

from . import files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_preview_confirm_and_find_the_companies(live_server, page, direction, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = files.csv_bytes(
        files.TEMPLATE_HEADER,
        [
            ["Scierie Cévenole", files.siret(9101), "16.10A", "12", "48000", "Mende", ""],
            ["Fromagerie du Gévaudan", "", "10.51C", "03", "48100", "Marvejols", ""],
            ["", files.siret(9103), "16.10A", "", "48000", "Mende", ""],
        ],
        delimiter=";",
        encoding="cp1252",
    )
    path = tmp_path / "liste-cible.csv"
    path.write_bytes(content)

    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill("dominique")
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()

    import_link = page.locator("nav.mainnav a", has_text="Import")
    expect(import_link).to_have_attribute("href", reverse("imports:import_start"))
    page.goto(live_server.url + reverse("imports:import_start"))
    expect(page.locator("h1")).to_contain_text("Importer une liste cible")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_label("Source").fill("Liste SIAL 2012")
    page.get_by_role("button", name="Analyser le fichier").click()

    rows = page.locator("table.import-rows tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Scierie Cévenole")
    expect(rows.nth(0)).to_contain_text("Nouvelle")
    expect(rows.nth(2)).to_contain_text("Raison sociale manquante.")
    assert Company.objects.count() == 0

    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.locator(".message.success")).to_contain_text("Import terminé")
    expect(page.locator("#batch-state")).to_contain_text("2 entreprises créées")

    page.goto(live_server.url + reverse("prospects:company_list") + "?q=cevenole")
    expect(page.locator("main")).to_contain_text("Scierie Cévenole")
    page.goto(live_server.url + reverse("prospects:company_list") + "?q=gevaudan")
    expect(page.locator("main")).to_contain_text("Fromagerie du Gévaudan")
