"""In the admin, an exchange's contact picker lists the chosen company's people only, and follows a change of company."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from prospects.models import Interaction

from .factories import CompanyFactory, ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _choose(page, field, typed, option):
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).click()


def test_the_contact_picker_follows_the_chosen_company(live_server, page, admin_user):
    scierie = CompanyFactory(name="Scierie du Gévaudan")
    salaisons = CompanyFactory(name="Salaisons de Lozère")
    ContactFactory(company=scierie, first_name="Anne", last_name="Boyer")
    ContactFactory(company=salaisons, first_name="Paul", last_name="Vidal")

    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill("root")
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server.url + reverse("admin:prospects_interaction_add"))
    expect(page.locator("h1")).to_have_text("Ajouter un échange")

    # No company yet: nobody to choose.
    page.locator(".field-contacts .select2-selection").click()
    expect(page.locator(".select2-results__option")).to_have_count(1)
    expect(page.locator(".select2-results__option").first).not_to_contain_text("Boyer")
    page.keyboard.press("Escape")

    _choose(page, "company", "Scierie", "Scierie du Gévaudan")
    page.locator(".field-contacts .select2-selection").click()
    options = page.locator(".select2-container--open .select2-results__option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Boyer")
    options.first.click()
    expect(page.locator(".field-contacts .select2-selection__choice")).to_contain_text("Boyer")

    # Another company: its people only, and the one chosen before is let go.
    _choose(page, "company", "Salaisons", "Salaisons de Lozère")
    expect(page.locator(".field-contacts .select2-selection__choice")).to_have_count(0)
    page.locator(".field-contacts .select2-selection").click()
    options = page.locator(".select2-container--open .select2-results__option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Vidal")
    options.first.click()

    page.locator("[name=kind]").select_option(index=1)
    page.locator("[name=summary]").fill("Appel de présentation.")
    page.locator("[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    interaction = Interaction.objects.get()
    assert interaction.company == salaisons
    assert [contact.last_name for contact in interaction.contacts.all()] == ["Vidal"]
