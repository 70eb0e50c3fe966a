"""Correcting records where they are shown, in Chromium, on a phone and on a desktop screen."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from prospects.models import Contact, Interaction, Project
from tests.prospects.factories import CompanyFactory, ContactFactory, InteractionFactory, ProjectFactory
from tests.prospects.test_browser_prospecting import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [pytest.param(390, id="phone"), pytest.param(1280, id="desktop")]


@pytest.mark.parametrize("width", WIDTHS)
def test_add_a_contact_then_correct_their_phone(page, live_server, mission, width):
    company = CompanyFactory(name="Scierie du Causse")
    page.set_viewport_size({"width": width, "height": 900})
    page.set_default_timeout(10_000)
    log_in(page, live_server, "camille")
    page.goto(f"{live_server.url}{company.get_absolute_url()}")

    page.get_by_role("link", name="Ajouter un contact").click()
    page.locator("#id_first_name").fill("Hélène")
    page.locator("#id_last_name").fill("Fabrègue")
    page.locator("#id_job_title").fill("Directrice")
    page.locator("#id_email").fill("h.fabregue@causse.fr")
    page.locator("#id_phone").fill("06.12.34.56.78")
    page.get_by_role("button", name="Ajouter le contact").click()

    expect(page.get_by_text("Hélène Fabrègue ajouté(e) aux contacts.")).to_be_visible()
    card = page.locator("li.contact", has_text="Hélène Fabrègue")
    expect(card.get_by_role("link", name="06 12 34 56 78")).to_have_attribute("href", "tel:+33612345678")
    contact = Contact.objects.get(company=company)
    assert (contact.full_name, contact.phone, contact.job_title) == ("Hélène Fabrègue", "06 12 34 56 78", "Directrice")

    # A wrong number is refused and changes nothing; the right one is kept.
    card.get_by_role("link", name="Modifier").click()
    phone = page.locator("#id_phone")
    phone.fill("abc")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("« abc » n'est pas un numéro de téléphone valide", exact=False)).to_be_visible()
    contact.refresh_from_db()
    assert contact.phone == "06 12 34 56 78"
    page.locator("#id_phone").fill("+33 4 66 49 00 01")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_text("Contact mis à jour.")).to_be_visible()
    card = page.locator("li.contact", has_text="Hélène Fabrègue")
    expect(card).to_contain_text("04 66 49 00 01")
    expect(card).not_to_contain_text("06 12 34 56 78")
    contact.refresh_from_db()
    assert contact.phone == "04 66 49 00 01"
    assert contact.history.count() == 2


@pytest.mark.parametrize("width", WIDTHS)
def test_correct_then_delete_an_exchange(page, live_server, mission, width):
    company = CompanyFactory(name="Fromagerie de Marvejols")
    ContactFactory(company=company, first_name="Paul", last_name="Rouvière")
    now = timezone.now()
    older = InteractionFactory(
        company=company, logged_by=mission, summary="Premier appel", occurred_at=now - datetime.timedelta(days=5)
    )
    interaction = InteractionFactory(company=company, logged_by=mission, summary="Apel au sujet du bâtiment")
    page.set_viewport_size({"width": width, "height": 900})
    page.set_default_timeout(10_000)
    log_in(page, live_server, "camille")
    page.goto(f"{live_server.url}{company.get_absolute_url()}")

    entry = page.locator("ol.timeline li", has_text="Apel au sujet du bâtiment")
    entry.get_by_role("link", name="Corriger").click()
    page.locator("#id_summary").fill("Appel au sujet du bâtiment d'Antrenas")
    page.get_by_label("Paul Rouvière").check()
    page.get_by_role("button", name="Enregistrer la correction").click()

    expect(page.get_by_text("Échange corrigé.")).to_be_visible()
    entry = page.locator("ol.timeline li", has_text="Appel au sujet du bâtiment d'Antrenas")
    expect(entry).to_contain_text("Paul Rouvière")
    expect(page.get_by_text("Apel au sujet du bâtiment")).to_have_count(0)
    interaction.refresh_from_db()
    assert interaction.summary == "Appel au sujet du bâtiment d'Antrenas"
    assert [c.last_name for c in interaction.contacts.all()] == ["Rouvière"]

    entry.get_by_role("link", name="Supprimer").click()
    expect(page.get_by_role("heading", name="Supprimer l'échange ?")).to_be_visible()
    page.get_by_role("button", name="Supprimer l'échange").click()
    expect(page.get_by_text("Échange supprimé.")).to_be_visible()
    expect(page.get_by_text("Appel au sujet du bâtiment d'Antrenas")).to_have_count(0)
    expect(page.locator("ol.timeline li", has_text="Premier appel")).to_be_visible()
    assert list(Interaction.objects.filter(company=company)) == [older]
    company.refresh_from_db()
    assert company.last_contact_at == older.occurred_at


@pytest.mark.parametrize("width", WIDTHS)
def test_mark_a_contact_as_gone(page, live_server, mission, width):
    company = CompanyFactory(name="Scierie du Causse")
    ContactFactory(company=company, first_name="Paul", last_name="Rouvière", is_primary=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.set_default_timeout(10_000)
    log_in(page, live_server, "camille")
    page.goto(f"{live_server.url}{company.get_absolute_url()}")

    page.locator("li.contact", has_text="Paul Rouvière").get_by_role("link", name="A quitté l'entreprise").click()
    page.get_by_role("button", name="Enregistrer le départ").click()
    expect(page.get_by_text("Paul Rouvière est noté(e) comme ayant quitté l'entreprise.")).to_be_visible()
    former = page.locator("ul.former-contacts li.contact", has_text="Paul Rouvière")
    expect(former).to_contain_text("a quitté l'entreprise le")
    expect(former).not_to_contain_text("principal")
    contact = Contact.objects.get(company=company)
    assert (contact.left_on, contact.is_primary) == (timezone.localdate(), False)


@pytest.mark.parametrize("width", WIDTHS)
def test_change_a_project_s_needs_on_its_page(page, live_server, mission, teammate, width):
    project = ProjectFactory(owner=mission, title="Atelier de rabotage", building_m2=800)
    page.set_viewport_size({"width": width, "height": 900})
    page.set_default_timeout(10_000)
    log_in(page, live_server, "camille")
    page.goto(f"{live_server.url}{project.get_absolute_url()}")

    page.get_by_text("Modifier l'équipe et les besoins").click()
    page.locator("#id_building_m2").fill("1200")
    page.locator("#id_fibre_needed").check()
    page.get_by_label("Julie Chabert").check()
    page.get_by_role("button", name="Enregistrer l'équipe et les besoins").click()

    expect(page.get_by_text("Équipe et besoins mis à jour.")).to_be_visible()
    facts = page.locator("section[aria-labelledby=project-facts] dl.facts")
    expect(facts).to_contain_text("bâtiment 1")
    expect(facts).to_contain_text("fibre nécessaire")
    expect(facts).to_contain_text("Julie Chabert")
    project = Project.objects.get(pk=project.pk)
    assert (project.building_m2, project.fibre_needed) == (1200, True)
    assert set(project.team.values_list("username", flat=True)) == {"camille", "julie"}
