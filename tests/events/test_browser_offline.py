"""At the stand with no network: the capture screen from the service worker, five leads kept on the
phone, sent once when the network returns, and still five when the outbox is sent again."""

import datetime
import os
import re
import time

import pytest
import qrcode
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core.workdays import due_on_for_grade
from prospects.models import Company, FollowUp, Interaction, InteractionKind, Sector
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import CompanyFactory, ContactFactory

# Playwright's context.set_offline() cuts the pages, not their service worker: with these
# events on, the worker's own requests can be refused too (see _go_offline).
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VCARD = "\r\n".join(
    [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Léger;Éloïse;;;",
        "FN:Éloïse Léger",
        "ORG:Fromagerie des Causses",
        "TITLE:Directrice",
        "TEL;TYPE=CELL:+33 6 12 34 56 78",
        "EMAIL:eloise.leger@causses.fr",
        "END:VCARD",
        "",
    ]
)


def _refuse_the_workers_requests(route):
    if route.request.service_worker:
        route.abort("internetdisconnected")
    else:
        route.continue_()


def _go_offline(context):
    context.set_offline(True)
    context.route("**/*", _refuse_the_workers_requests)


def _go_online(context):
    context.unroute("**/*", _refuse_the_workers_requests)
    context.set_offline(False)


def _until(page, script, timeout=5):
    """Poll ``script`` (page.wait_for_function evaluates strings, which the CSP refuses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {script}"
        page.wait_for_timeout(50)


def _existing(page, query, name):
    page.locator("[name=company_search]").fill(query)
    page.get_by_role("option", name=re.compile(name)).click()
    expect(page.locator("#chosen-company")).to_contain_text(name)


def _new_company(page, city, postcode, name=None):
    if name:
        page.locator("[name=company_name]").fill(name)
    page.locator("[name=company_city]").fill(city)
    page.locator("[name=company_postcode]").fill(postcode)
    page.locator("[name=company_sector]").select_option(label="Agroalimentaire")


def _talk(page, summary, grade_label, last_name=None):
    if last_name:
        page.locator("[name=person_last_name]").fill(last_name)
    page.locator("[name=summary]").fill(summary)
    page.get_by_label(grade_label).check()
    page.get_by_role("button", name="Enregistrer le contact").click()


def test_five_leads_captured_offline_are_sent_once(live_server, page, context, mission, tmp_path):
    today = timezone.localdate()
    show = AppearanceFactory(
        starts_on=today - datetime.timedelta(days=1), ends_on=today + datetime.timedelta(days=1), staff=[mission]
    )
    agro = Sector.objects.get(slug="agroalimentaire")
    biscuits = CompanyFactory(name="Biscuiterie de l'Aveyron", sector=agro, postcode="12000", city="Rodez")
    costes = ContactFactory(company=biscuits, first_name="Marie", last_name="Costes", job_title="Gérante")
    CompanyFactory(name="Fromagerie du Larzac", sector=agro, postcode="12100", city="Millau")
    qrcode.make(VCARD).save(tmp_path / "badge.png")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill("camille")
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()

    # Online once: the worker installs, the offline set is fetched, the screen is kept.
    capture_url = live_server.url + reverse("events:lead_capture", args=[show.pk])
    page.goto(capture_url)
    _until(page, "navigator.serviceWorker.controller !== null")
    page.reload()
    _until(page, "window.lozdevStand.db.companies.count().then((n) => n === 2)")

    _go_offline(context)
    response = page.reload()
    assert response.from_service_worker
    expect(page.get_by_role("heading", name=re.compile("Nouveau contact"))).to_be_visible()
    waiting = page.locator("[data-outbox-count]")

    _existing(page, "biscuiterie avey", "Biscuiterie de l'Aveyron")
    # Its people came with the offline set: the one met is picked, not typed again.
    page.get_by_role("radio", name=re.compile("Marie Costes")).check()
    expect(page.locator("#new-person")).to_be_hidden()
    _talk(page, "Extension de la ligne de biscuits secs.", "A – chaud")
    expect(waiting).to_have_text("1 en attente")

    _existing(page, "larzac", "Fromagerie du Larzac")
    _talk(page, "Cave d'affinage.", "B – intéressé", "Maurel")
    expect(waiting).to_have_text("2 en attente")

    page.locator("[name=company_search]").fill("Salaisons Perrin")
    page.get_by_role("option", name=re.compile("Créer une nouvelle entreprise")).click()
    _new_company(page, "Lyon", "69007")
    _talk(page, "Séchoir d'altitude.", "C – à suivre", "Perrin")
    expect(waiting).to_have_text("3 en attente")

    _new_company(page, "Figeac", "46100", name="Conserverie du Lot")
    _talk(page, "Atelier de 1 500 m².", "A – chaud", "Bessière")
    expect(waiting).to_have_text("4 en attente")

    # A badge photographed: read on the phone, its card decoded by the server at sending.
    page.locator("#scan-photo").set_input_files(tmp_path / "badge.png")
    expect(page.locator("#scan-status")).to_contain_text("à l’envoi")
    _new_company(page, "Roquefort", "12250")
    _talk(page, "Veut un quai de chargement.", "B – intéressé")
    expect(waiting).to_have_text("5 en attente")
    assert Interaction.objects.count() == 0

    kept = page.evaluate("window.lozdevStand.db.outbox.toArray()")
    _go_online(context)
    expect(page.locator("[data-outbox-status]")).to_contain_text("Envoyés : 5")
    expect(waiting).to_have_text("0 en attente")

    leads = Interaction.objects.filter(appearance=show, kind=InteractionKind.STAND)
    assert leads.count() == 5
    assert Company.objects.count() == 5
    assert set(Company.objects.values_list("name", flat=True)) >= {"Salaisons Perrin", "Fromagerie des Causses"}
    for lead in leads:
        followup = FollowUp.objects.get(interaction=lead)
        assert followup.due_on == due_on_for_grade(lead.lead_grade, lead.occurred_at.date())
        assert followup.assignee == mission
    assert list(leads.get(company=biscuits).contacts.all()) == [costes]
    assert biscuits.contacts.count() == 1
    badge = leads.get(company__name="Fromagerie des Causses")
    assert [(person.first_name, person.phone) for person in badge.contacts.all()] == [("Éloïse", "06 12 34 56 78")]

    # The same five sent again (a second tab, a lost answer, a reload): nothing more.
    page.evaluate("(items) => window.lozdevStand.db.outbox.bulkPut(items)", kept)
    page.locator("[data-outbox-status]").evaluate("(node) => { node.textContent = ''; }")
    page.get_by_role("button", name="Envoyer maintenant").click()
    expect(page.locator("[data-outbox-status]")).to_contain_text("Envoyés : 5")
    expect(waiting).to_have_text("0 en attente")
    assert leads.count() == 5 and FollowUp.objects.filter(interaction__appearance=show).count() == 5


def test_a_refused_lead_stays_with_its_message_and_logging_out_asks_then_empties_the_phone(
    live_server, page, context, mission
):
    today = timezone.localdate()
    show = AppearanceFactory(starts_on=today, ends_on=today + datetime.timedelta(days=1), staff=[mission])
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill("camille")
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server.url + reverse("events:lead_capture", args=[show.pk]))
    _until(page, "window.lozdevStand.db.meta.count().then((n) => n === 1)")

    context.set_offline(True)
    _new_company(page, "Cahors", "46000", name="Conserverie du Lot")
    page.locator("[name=company_siret]").fill("123")
    _talk(page, "Atelier.", "A – chaud", "Bessière")
    expect(page.locator("[data-outbox-count]")).to_have_text("1 en attente")
    context.set_offline(False)

    refused = page.locator(".outbox-item.refused")
    expect(refused).to_contain_text("Un SIRET compte 14 chiffres.")
    expect(page.locator("[data-outbox-count]")).to_have_text("1 en attente")
    assert Interaction.objects.count() == 0

    with page.expect_event("dialog") as asked:
        page.get_by_role("button", name="Déconnexion").click()
    assert "en attente d’envoi sur cet appareil : 1" in asked.value.message
    asked.value.dismiss()
    expect(page.locator("[data-outbox-count]")).to_have_text("1 en attente")
    assert page.url.endswith(reverse("events:lead_capture", args=[show.pk]))

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Déconnexion").click()
    expect(page).to_have_url(re.compile(reverse("accounts:login")))
    assert "lozdev-stand" not in page.evaluate("indexedDB.databases().then((dbs) => dbs.map((db) => db.name))")
    assert "lozdev-pages" not in page.evaluate("caches.keys()")


def test_a_badge_of_a_known_company_is_a_lead_in_four_taps_and_the_note(live_server, page, mission, tmp_path):
    today = timezone.localdate()
    show = AppearanceFactory(starts_on=today, ends_on=today + datetime.timedelta(days=1), staff=[mission])
    causses = CompanyFactory(name="Fromagerie des Causses", postcode="12250", city="Roquefort")
    qrcode.make(VCARD).save(tmp_path / "badge.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill("camille")
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server.url + reverse("events:lead_capture", args=[show.pk]))

    # 1: the badge's photo (the camera's « Scanner » where the phone has one).
    page.locator("#scan-photo").set_input_files(tmp_path / "badge.png")
    expect(page.locator("#scan-status")).to_contain_text("Carte lue")
    expect(page.locator("[name=person_last_name]")).to_have_value("Léger")
    # 2: the company the card names, proposed by the search.
    page.get_by_role("option", name=re.compile("^Fromagerie des Causses")).click()
    page.locator("[name=summary]").fill("Veut un quai de chargement.")
    # 3: the grade; 4: save.
    page.get_by_label("A – chaud").check()
    page.get_by_role("button", name="Enregistrer le contact").click()

    expect(page.locator(".message.success")).to_contain_text("Fromagerie des Causses")
    lead = Interaction.objects.get(appearance=show)
    assert lead.company == causses
    person = lead.contacts.get()
    assert (person.first_name, person.job_title, person.email) == ("Éloïse", "Directrice", "eloise.leger@causses.fr")


def _sign_in_and_keep_the_screen(page, live_server, username, show):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server.url + reverse("events:lead_capture", args=[show.pk]))
    _until(page, "navigator.serviceWorker.controller !== null")
    page.reload()
    _until(page, "window.lozdevStand.db.meta.count().then((n) => n === 1)")


def test_one_new_company_met_offline_on_two_phones_is_one_company_with_two_exchanges(
    live_server, browser, browser_context_args, mission, teammate
):
    today = timezone.localdate()
    show = AppearanceFactory(starts_on=today, ends_on=today + datetime.timedelta(days=1), staff=[mission, teammate])
    phones = [browser.new_context(**browser_context_args) for _phone in range(2)]
    try:
        pages = [phone.new_page() for phone in phones]
        for page, user in zip(pages, (mission, teammate), strict=True):
            _sign_in_and_keep_the_screen(page, live_server, user.username, show)

        # Both stands are cut off and both meet the same newcomer, typed a little differently.
        for phone in phones:
            _go_offline(phone)
        for page, name, person in zip(
            pages, ("Salaisons Perrin", "SALAISONS  PERRIN"), ("Perrin", "Perrin-Vidal"), strict=True
        ):
            page.reload()
            page.locator("[name=company_search]").fill(name)
            page.get_by_role("option", name=re.compile("Créer une nouvelle entreprise")).click()
            _new_company(page, "Lyon", "69007")
            _talk(page, "Séchoir d'altitude.", "B – intéressé", person)
            expect(page.locator("[data-outbox-count]")).to_have_text("1 en attente")
        assert Interaction.objects.count() == 0

        # The network comes back on both phones at once (a phone the server could not answer
        # tries again on its own a few seconds later).
        for phone in phones:
            _go_online(phone)
        for page in pages:
            expect(page.locator("[data-outbox-status]")).to_contain_text("Envoyés : 1", timeout=15_000)
            expect(page.locator("[data-outbox-count]")).to_have_text("0 en attente")
    finally:
        for phone in phones:
            phone.close()

    company = Company.objects.get()
    assert company.postcode == "69007"
    leads = Interaction.objects.filter(appearance=show, kind=InteractionKind.STAND, company=company)
    assert leads.count() == 2
    assert set(leads.values_list("logged_by__username", flat=True)) == {"camille", "julie"}
    assert FollowUp.objects.filter(interaction__in=leads).count() == 2
