import pytest
from django.urls import reverse

from prospects.models import Contact
from tests.prospects.factories import CompanyFactory, ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "lozdev-test-pass")
    page.click("text=Se connecter")


def test_a_chargé_de_mission_records_an_objection_from_the_company_page(page, live_server, mission):
    company = CompanyFactory(name="Scierie du Causse")
    contact = ContactFactory(company=company, first_name="Hélène", last_name="Fabre")
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, "camille")
    page.goto(live_server.url + reverse("prospects:company_detail", args=[company.pk]))

    page.click("text=Opposition")
    page.click("text=Enregistrer l'opposition")

    page.wait_for_url(live_server.url + reverse("prospects:company_detail", args=[company.pk]))
    assert page.locator(".badge", has_text="Opposition RGPD").is_visible()
    assert page.locator(".message", has_text="Opposition enregistrée pour Hélène Fabre.").is_visible()
    assert Contact.objects.get(pk=contact.pk).objected
