"""The outbox's sync: one lead per device id, French refusals per field, conflicts kept to be checked."""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import outbox
from events.models import PendingLead
from prospects.models import Company, Contact, FollowUp, Interaction, Sector
from tests.events.factories import AppearanceFactory
from tests.events.test_capture_once import _at_once
from tests.prospects.factories import CompanyFactory, ContactFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def sial(mission):
    return AppearanceFactory(starts_on=D(2012, 10, 21), ends_on=D(2012, 10, 25), staff=[mission])


def _lead(**overrides):
    data = {
        "device_id": str(uuid.uuid4()),
        "company_name": "Conserverie du Lot",
        "company_city": "Cahors",
        "company_postcode": "46000",
        "company_sector": Sector.objects.get(slug="agroalimentaire").pk,
        "person_last_name": "Bessière",
        "person_first_name": "Luc",
        "summary": "Cherche un atelier de 1 500 m².",
        "lead_grade": "A",
        "met_on": "2012-10-24",
    }
    data.update(overrides)
    return data


def _sync(client, appearance, body):
    text = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(reverse("events:lead_sync", args=[appearance.pk]), text, content_type="application/json")


def _counts():
    return Company.objects.count(), Contact.objects.count(), Interaction.objects.count(), FollowUp.objects.count()


def test_the_same_device_id_sent_twice_makes_one_lead(mission_client, mission, sial):
    lead = _lead()
    first = _sync(mission_client, sial, lead)
    second = _sync(mission_client, sial, lead)

    assert (first.status_code, first.json()["status"]) == (201, "saved")
    assert (second.status_code, second.json()["status"]) == (200, "repeated")
    assert _counts() == (1, 1, 1, 1)
    interaction = Interaction.objects.get()
    assert interaction.capture_key == uuid.UUID(lead["device_id"]) and interaction.logged_by == mission
    # Grade A met on Wednesday 24th: due the next working day.
    assert FollowUp.objects.get().due_on == D(2012, 10, 25)
    assert "Conserverie du Lot" in first.json()["message"]


@pytest.mark.django_db(transaction=True)
def test_the_same_device_id_sent_at_the_same_moment_from_two_tabs_makes_one_lead(mission):
    if connection.vendor != "postgresql":
        from tests.conftest import _missing_service

        _missing_service("concurrent syncs need PostgreSQL (SQLite's test database is one connection)")
    sial = AppearanceFactory(starts_on=D(2012, 10, 21), ends_on=D(2012, 10, 25), staff=[mission])
    device_id = uuid.uuid4()
    sector = Sector.objects.get(slug="agroalimentaire")

    def send():
        return outbox.lead_sync(
            appearance=sial,
            actor=mission,
            capture_key=device_id,
            payload={},
            new_company={"name": "Conserverie du Lot", "postcode": "46000", "city": "Cahors", "sector": sector},
            person={"last_name": "Bessière"},
            summary="Atelier.",
            lead_grade="B",
            met_on=D(2012, 10, 24),
        )

    assert _at_once(send, send) == []
    assert _counts() == (1, 1, 1, 1)
    assert PendingLead.objects.count() == 0


def test_an_invalid_lead_is_refused_field_by_field_in_french_and_writes_nothing(mission_client, sial):
    response = _sync(
        mission_client,
        sial,
        _lead(summary="", lead_grade="Z", company_siret="123", person_email="pas-un-email", company_city=""),
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["summary"] == ["Ce champ est obligatoire."]
    assert "Z" in errors["lead_grade"][0] and "valide" in errors["lead_grade"][0]
    assert errors["company_siret"] == ["Un SIRET compte 14 chiffres."]
    assert errors["person_email"] == ["Saisissez une adresse e-mail valide."]
    assert errors["company_city"] == ["Obligatoire pour créer l'entreprise (ou choisissez-en une existante)."]
    assert _counts() == (0, 0, 0, 0) and not PendingLead.objects.exists()


def test_a_date_outside_the_show_is_refused_by_the_service_in_french(mission_client, sial):
    response = _sync(mission_client, sial, _lead(met_on="2012-12-24"))
    assert response.status_code == 400
    assert response.json()["errors"]["met_on"][0].startswith("Indiquez une date pendant le salon")
    assert _counts() == (0, 0, 0, 0)


# Fixed ids: every pytest-xdist worker must collect the same test names.
@pytest.mark.parametrize(
    "body",
    [
        "not json",
        b"\xff\xfe",
        "[1, 2]",
        "null",
        "[" * 100_000,
        '"device_id"',
        json.dumps({"device_id": "not-a-uuid", "summary": "x"}),
        json.dumps({"device_id": "00000000-0000-4000-8000-000000000001", "summary": {"nested": True}}),
        json.dumps({"device_id": "00000000-0000-4000-8000-000000000002", "company": ["1"], "qr_text": 12}),
        json.dumps(
            {"device_id": "00000000-0000-4000-8000-000000000003", "company": "987654321", "summary": "\x00" * 3}
        ),
        json.dumps(
            {
                "device_id": "00000000-0000-4000-8000-000000000004",
                "lead_grade": "A",
                "met_on": "2012-02-30",
                "summary": "x",
            }
        ),
    ],
)
def test_garbage_is_a_400_with_a_french_message_never_a_500(mission_client, sial, body):
    response = _sync(mission_client, sial, body)
    assert response.status_code == 400
    assert response.json()["status"] == "refused" and response.json()["errors"]
    assert _counts() == (0, 0, 0, 0)


def test_the_sync_asks_for_the_csrf_token_the_snapshot_gives(mission, sial):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mission)
    assert _sync(client, sial, _lead()).status_code == 403

    token = client.get(reverse("events:offline_snapshot")).json()["csrf_token"]
    response = client.post(
        reverse("events:lead_sync", args=[sial.pk]),
        json.dumps(_lead()),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201


def test_observers_sync_nothing_and_get_no_offline_set(observer_client, sial):
    assert _sync(observer_client, sial, _lead()).status_code == 403
    assert observer_client.get(reverse("events:offline_snapshot")).status_code == 403
    assert _counts() == (0, 0, 0, 0)


# Conflicts: the company made meanwhile by a colleague -----------------------------------


def test_a_new_company_with_a_known_siret_is_that_company(mission_client, sial):
    known = CompanyFactory(name="Conserves Lotoises", siret="73282932000074", postcode="46100")
    response = _sync(mission_client, sial, _lead(company_siret="732 829 320 00074"))
    assert response.status_code == 201 and response.json()["company"] == known.pk
    assert Company.objects.count() == 1 and Interaction.objects.get().company == known


def test_a_new_company_with_a_known_folded_name_and_postcode_is_that_company(mission_client, sial):
    known = CompanyFactory(name="CONSERVERIE DU LOT SARL", postcode="46000", city="Cahors")
    response = _sync(mission_client, sial, _lead(company_name="Conserverie du Lot"))
    assert response.status_code == 201
    assert Company.objects.count() == 1 and Interaction.objects.get().company == known


def test_the_same_name_elsewhere_is_kept_to_be_checked_then_confirmed_once(mission_client, mission, sial):
    figeac = CompanyFactory(name="Conserverie du Lot", postcode="46100", city="Figeac")
    lead = _lead()

    first = _sync(mission_client, sial, lead)
    again = _sync(mission_client, sial, lead)

    assert first.status_code == again.status_code == 202
    assert first.json()["url"] == reverse("events:pending_leads", args=[sial.pk])
    assert _counts() == (1, 0, 0, 0)
    pending = PendingLead.objects.get()
    assert pending.device_id == uuid.UUID(lead["device_id"]) and pending.candidates == [figeac.pk]

    capture_page = mission_client.get(reverse("events:lead_capture", args=[sial.pk])).content.decode()
    assert "1 contact envoyé hors ligne à vérifier" in capture_page
    listing = mission_client.get(first.json()["url"]).content.decode()
    assert "Figeac" in listing and "Bessière" in listing

    resolve = reverse("events:pending_lead_resolve", args=[pending.pk])
    assert mission_client.post(resolve, {"choice": "new"}).status_code == 302
    assert Company.objects.filter(name="Conserverie du Lot").count() == 2
    assert Interaction.objects.get().capture_key == uuid.UUID(lead["device_id"])
    assert not PendingLead.objects.exists()
    # The device sending it once more: still one lead.
    assert _sync(mission_client, sial, lead).json()["status"] == "repeated"
    assert _counts() == (2, 1, 1, 1)


def test_a_pending_lead_confirmed_as_the_known_company(mission_client, sial):
    figeac = CompanyFactory(name="Conserverie du Lot", postcode="46100", city="Figeac")
    _sync(mission_client, sial, _lead())
    pending = PendingLead.objects.get()

    response = mission_client.post(reverse("events:pending_lead_resolve", args=[pending.pk]), {"choice": figeac.pk})

    assert response.status_code == 302
    assert Company.objects.count() == 1 and Interaction.objects.get().company == figeac


def test_a_pending_lead_refuses_a_forged_choice_and_another_users_pending_is_not_found(
    mission_client, teammate_client, sial
):
    CompanyFactory(name="Conserverie du Lot", postcode="46100")
    other = CompanyFactory(name="Scierie")
    _sync(mission_client, sial, _lead())
    pending = PendingLead.objects.get()
    url = reverse("events:pending_lead_resolve", args=[pending.pk])

    page = mission_client.post(url, {"choice": other.pk}, follow=True).content.decode()
    assert "Choisissez une des propositions" in page
    assert teammate_client.post(url, {"choice": "new"}).status_code == 404
    assert teammate_client.post(url, {"discard": "1"}).status_code == 404
    assert _counts() == (2, 0, 0, 0) and PendingLead.objects.count() == 1

    mission_client.post(url, {"discard": "1"})
    assert not PendingLead.objects.exists() and _counts() == (2, 0, 0, 0)


def test_a_new_person_like_one_of_the_companys_people_is_kept_to_be_checked(mission_client, sial):
    company = CompanyFactory(name="Scierie du Causse")
    known = ContactFactory(company=company, first_name="Luc", last_name="Bessiere")
    response = _sync(mission_client, sial, _lead(company=company.pk))

    assert response.status_code == 202
    pending = PendingLead.objects.get()
    assert pending.reason == PendingLead.Reason.PERSON and pending.candidates == [known.pk]
    assert Interaction.objects.count() == 0

    mission_client.post(reverse("events:pending_lead_resolve", args=[pending.pk]), {"choice": known.pk})
    interaction = Interaction.objects.get()
    assert list(interaction.contacts.all()) == [known] and Contact.objects.count() == 1


def test_a_card_sent_with_the_lead_is_read_on_sync(mission_client, sial):
    card = "MECARD:N:Béziat,Hélène;TEL:06 98 76 54 32;EMAIL:helene@roquefort.fr;ORG:Cave de Roquefort;;"
    lead = _lead(company_name="", person_last_name="", person_first_name="", qr_text=card)
    assert _sync(mission_client, sial, lead).status_code == 201
    contact = Contact.objects.get()
    assert (contact.first_name, contact.last_name, contact.phone) == ("Hélène", "Béziat", "06 98 76 54 32")
    assert contact.company.name == "Cave de Roquefort"


def test_a_web_address_scanned_goes_on_the_exchange(mission_client, sial):
    assert _sync(mission_client, sial, _lead(qr_text="https://salon.example/exposants/42")).status_code == 201
    assert Interaction.objects.get().summary.endswith("\nhttps://salon.example/exposants/42")


def test_the_card_reader_answers_the_fields(mission_client):
    url = reverse("events:card_read")
    answer = mission_client.post(url, {"qr_text": "MECARD:N:Béziat,Hélène;;"}, content_type="application/json")
    assert answer.json() == {"fields": {"person_first_name": "Hélène", "person_last_name": "Béziat"}}
    refused = mission_client.post(url, "[]", content_type="application/json")
    assert refused.status_code == 400 and refused.json()["errors"]["qr_text"]


# The offline set ---------------------------------------------------------------------------


def test_the_offline_set_holds_this_and_next_weeks_shows_targets_and_the_users_recent_companies(
    mission, mission_client, django_assert_max_num_queries
):
    today = timezone.localdate()
    staffed = AppearanceFactory(starts_on=today, ends_on=today + datetime.timedelta(days=2), staff=[mission])
    AppearanceFactory(starts_on=today + datetime.timedelta(days=30), ends_on=today + datetime.timedelta(days=31))
    target = CompanyFactory(name="Biscuiterie de l'Aveyron", sector=Sector.objects.get(slug="agroalimentaire"))
    recent = CompanyFactory(name="Scierie du Causse", sector=Sector.objects.get(slug="bois"))
    CompanyFactory(name="Ailleurs SA", sector=Sector.objects.get(slug="bois"))
    from tests.prospects.factories import InteractionFactory

    InteractionFactory(company=recent, logged_by=mission)

    data = mission_client.get(reverse("events:offline_snapshot")).json()

    assert [item["id"] for item in data["appearances"]] == [staffed.pk]
    assert {item["name"] for item in data["companies"]} == {target.name, recent.name}
    assert next(item for item in data["companies"] if item["id"] == target.pk)["search"].startswith(
        "biscuiterie de l'aveyron"
    )

    # Each kept company comes with the people a form may pick: not the anonymised, not those who left.
    ContactFactory(company=target, first_name="Marie", last_name="Costes", is_primary=True)
    ContactFactory(company=target, first_name="Paul", last_name="Ancien", left_on=today)
    ContactFactory(company=target, first_name="Effacé", last_name="Anonyme", anonymised_at=timezone.now())
    ContactFactory(company=recent, first_name="Luc", last_name="Bois")
    ContactFactory(company=CompanyFactory(name="Pas sur l'appareil"), first_name="Hors", last_name="Liste")
    with django_assert_max_num_queries(12):
        data = mission_client.get(reverse("events:offline_snapshot")).json()
    people = {item["name"]: [person["name"] for person in item["people"]] for item in data["companies"]}
    assert people == {target.name: ["Marie Costes"], recent.name: ["Luc Bois"]}

    capture = mission_client.get(reverse("events:lead_capture", args=[staffed.pk]))
    assert capture["X-Lozdev-Offline"] == "1"
    assert "X-Lozdev-Offline" not in mission_client.get(reverse("events:lead_capture", args=[AppearanceFactory().pk]))


def test_the_service_worker_is_served_from_the_root_uncached_with_its_precache_up_to_date(client):
    import hashlib
    import re

    from django.contrib.staticfiles import finders

    response = client.get("/sw.js")
    assert response.status_code == 200 and response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] and response["Content-Type"].startswith("text/javascript")
    script = response.content.decode()
    assert "/static/vendor/workbox/workbox-sw.js" in script
    entries = json.loads(re.search(r"precacheAndRoute\((\[.*?\])\)", script)[1])
    assert {entry["url"] for entry in entries} >= {"/static/css/lozdev.css", "/static/js/outbox.js"}
    for entry in entries:
        path = finders.find(entry["url"].removeprefix("/static/"))
        with open(path, "rb") as source:
            assert hashlib.md5(source.read()).hexdigest() == entry["revision"], f"run `make frontend`: {entry['url']}"


def test_the_manifest_is_french_installable_and_points_at_the_users_shows(client):
    manifest = client.get(reverse("web_manifest")).json()
    assert manifest["lang"] == "fr" and manifest["display"] == "standalone"
    assert manifest["start_url"] == reverse("events:appearance_list") and manifest["scope"] == "/"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert "salon" in manifest["name"]


def test_the_same_new_company_from_two_phones_is_one_company_with_two_exchanges(
    mission_client, teammate_client, mission, teammate, sial
):
    sial.staff.add(teammate)
    first = _sync(mission_client, sial, _lead())
    second = _sync(teammate_client, sial, _lead(person_last_name="Delmas", company_name="conserverie du lot"))

    assert first.status_code == second.status_code == 201
    company = Company.objects.get()
    assert sorted(company.interactions.values_list("logged_by__username", flat=True)) == sorted(
        [mission.username, teammate.username]
    )


def test_only_the_lead_form_may_use_the_camera(mission_client, sial):
    capture = mission_client.get(reverse("events:lead_capture", args=[sial.pk]))["Permissions-Policy"]
    elsewhere = mission_client.get(reverse("events:appearance_detail", args=[sial.pk]))["Permissions-Policy"]
    assert "camera=(self)" in capture.split(", ") and "microphone=()" in capture.split(", ")
    assert "camera=()" in elsewhere.split(", ")
