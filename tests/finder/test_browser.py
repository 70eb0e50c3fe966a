"""The header's search from the dashboard, at the keyboard, on a desktop and on a phone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.prospects.factories import CompanyFactory, ContactFactory, make_siret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]


def _log_in(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill("camille")
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(live_server.url + reverse("dashboard"))


def _search_with_slash(page, typed):
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    search = page.get_by_role("combobox", name="Rechercher une entreprise")
    expect(search).to_be_focused()
    page.keyboard.type(typed)
    expect(search).to_have_attribute("aria-expanded", "true")
    return search


@pytest.mark.parametrize("width", WIDTHS)
def test_a_phone_typed_with_spaces_leads_to_the_persons_company(live_server, page, mission, width):
    company = CompanyFactory(name="Scierie Bouvier", city="Marvejols", postcode="48100")
    ContactFactory(company=company, first_name="Jean", last_name="Bouvier", phone="0612345678")
    CompanyFactory(name="Fromagerie des Causses")
    _log_in(page, live_server, width)

    search = _search_with_slash(page, "06 12 34 56 78")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("group", name="Personnes")).to_be_visible()
    page.keyboard.press("ArrowDown")
    active = page.locator("#" + search.get_attribute("aria-activedescendant"))
    expect(active).to_contain_text("Jean Bouvier")
    expect(active).to_have_attribute("aria-selected", "true")
    # The open list fits the screen: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + company.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Scierie Bouvier")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_siret_typed_with_spaces_leads_to_the_company(live_server, page, mission, width):
    siret = make_siret()
    company = CompanyFactory(name="Laiterie du Plateau", siret=siret)
    _log_in(page, live_server, width)

    _search_with_slash(page, f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}")
    expect(page.get_by_role("group", name="Entreprises")).to_contain_text("Laiterie du Plateau")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + company.get_absolute_url())


def test_escape_closes_the_list_and_enter_without_a_choice_opens_the_results_page(live_server, page, mission):
    CompanyFactory(name="Laiterie du Plateau")
    _log_in(page, live_server, 1280)

    search = _search_with_slash(page, "laiterie")
    page.keyboard.press("Escape")
    expect(search).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("listbox")).to_be_hidden()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + reverse("finder:search") + "?q=laiterie")
    expect(page.locator("main")).to_contain_text("Laiterie du Plateau")


def test_slash_typed_in_a_field_stays_in_the_field(live_server, page, mission):
    _log_in(page, live_server, 1280)
    page.goto(live_server.url + reverse("finder:search"))
    field = page.locator("#finder-q")
    field.click()
    page.keyboard.type("a/b")
    expect(field).to_have_value("a/b")
    expect(field).to_be_focused()
