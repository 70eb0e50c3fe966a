"""At the stand: the company found at the keyboard, then one of its known people picked, or the duplicate flagged."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from prospects.models import Contact, Interaction
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import CompanyFactory, ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stand(live_server, page, mission):
    appearance = AppearanceFactory(starts_on=datetime.date(2012, 10, 21), ends_on=datetime.date(2012, 10, 25))
    company = CompanyFactory(name="Salaisons Bouvier", city="Langogne", postcode="48300")
    jean = ContactFactory(company=company, first_name="Jean", last_name="Bouvier", phone="06 12 34 56 78")
    ContactFactory(company=company, first_name="Jeanne", last_name="Bouvier")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill("camille")
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server.url + reverse("events:lead_capture", args=[appearance.pk]))
    return appearance, company, jean


def _find_company_at_the_keyboard(page):
    search = page.locator("[name=company_search]")
    search.fill("salaisons bouv")
    expect(search).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    active = page.locator("#" + search.get_attribute("aria-activedescendant"))
    expect(active).to_contain_text("Salaisons Bouvier")
    page.keyboard.press("Enter")
    expect(page.locator("#chosen-company")).to_contain_text("Salaisons Bouvier")


def _talk(page):
    page.locator("[name=summary]").fill("Cherche un entrepôt frigorifique.")
    page.get_by_label("B – intéressé").check()
    page.get_by_role("button", name="Enregistrer le contact").click()


def test_the_known_person_is_picked_and_nobody_is_added(stand, page):
    _appearance, company, jean = stand
    _find_company_at_the_keyboard(page)
    people = page.locator("#company-people")
    expect(people).to_contain_text("Jean Bouvier")
    expect(people).to_contain_text("Jeanne Bouvier")
    page.get_by_role("radio", name=re.compile("^Jean Bouvier")).check()
    expect(page.locator("#new-person")).to_be_hidden()
    _talk(page)
    expect(page.locator(".message.success")).to_contain_text("Salaisons Bouvier")
    assert company.contacts.count() == 2
    assert list(Interaction.objects.get().contacts.all()) == [jean]


def test_the_same_person_typed_again_is_flagged_before_saving(stand, page):
    _appearance, company, jean = stand
    _find_company_at_the_keyboard(page)
    page.locator("[name=person_last_name]").fill("BOUVIER")
    page.locator("[name=person_first_name]").fill("Jéan")
    _talk(page)
    warning = page.locator("#person-duplicates")
    expect(warning).to_contain_text("Cette personne est peut-être déjà connue.")
    assert not Interaction.objects.exists()
    warning.get_by_role("button", name="C'est cette personne").click()
    expect(page.locator(".message.success")).to_contain_text("Salaisons Bouvier")
    assert Contact.objects.filter(company=company).count() == 2
    assert list(Interaction.objects.get().contacts.all()) == [jean]
