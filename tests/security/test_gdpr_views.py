import datetime
import json
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from prospects import gdpr
from prospects.models import Contact, RetentionNotice
from tests.prospects.factories import CompanyFactory, ContactFactory, InteractionFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def contact():
    return ContactFactory(
        company=CompanyFactory(name="Fromagerie des Causses"),
        first_name="Lucie",
        last_name="Bonnal",
        email="l.bonnal@fromagerie.fr",
        phone="04 66 11 22 33",
    )


def test_the_rules_page_summarises_the_register(mission_client):
    response = mission_client.get(reverse("gdpr:register"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["Finalité", "intérêt légitime", "3 ans", "Opposition (article 21)", "absolue", "30 jours"]:
        assert text in page
    assert reverse("gdpr:retention_review") not in page


def test_the_rules_page_links_direction_to_the_retention_report(direction_client):
    assert reverse("gdpr:retention_review") in direction_client.get(reverse("gdpr:register")).content.decode()


@pytest.mark.parametrize("name", ["gdpr:register", "gdpr:contact_object"])
def test_observers_get_403(observer_client, contact, name):
    kwargs = {"pk": contact.pk} if name != "gdpr:register" else {}
    assert observer_client.get(reverse(name, kwargs=kwargs)).status_code == 403


def test_a_chargé_de_mission_records_an_objection(mission_client, mission, contact):
    url = reverse("gdpr:contact_object", args=[contact.pk])
    confirm = mission_client.get(url)
    assert confirm.status_code == 200
    assert "Lucie Bonnal" in confirm.content.decode()

    response = mission_client.post(url, {"next": "/rgpd/"})

    assert response.status_code == 302
    assert response["Location"] == "/rgpd/"
    contact.refresh_from_db()
    assert contact.objected and contact.objected_at is not None
    assert Contact.history.filter(id=contact.pk).latest("history_date").history_user == mission


def test_objection_ignores_a_next_address_elsewhere(mission_client, contact):
    response = mission_client.post(reverse("gdpr:contact_object", args=[contact.pk]), {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("prospects:company_detail", args=[contact.company_id])


def test_objection_of_an_unknown_person_is_404(mission_client):
    assert mission_client.post(reverse("gdpr:contact_object", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["gdpr:contact_erase", "gdpr:contact_export", "gdpr:retention_review"])
def test_erasure_export_and_retention_are_for_direction(mission_client, observer_client, contact, name):
    url = reverse(name, args=[contact.pk]) if name != "gdpr:retention_review" else reverse(name)
    assert mission_client.get(url).status_code == 403
    assert mission_client.post(url).status_code == 403
    assert observer_client.get(url).status_code == 403
    contact.refresh_from_db()
    assert contact.anonymised_at is None


def test_direction_erases_a_person_and_the_counts_stay(direction_client, contact):
    InteractionFactory(company=contact.company, contacts=[contact], summary="Mme Bonnal veut 800 m².")
    url = reverse("gdpr:contact_erase", args=[contact.pk])
    confirm = direction_client.get(url).content.decode()
    assert "1 échange restera compté" in confirm
    assert "définitive" in confirm

    response = direction_client.post(url, {"next": "/rgpd/"})

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.last_name == gdpr.ANONYMISED_NAME and contact.email == "" and contact.phone == ""
    assert contact.interactions.get().summary == f"Mme {gdpr.ANONYMISED_MENTION} veut 800 m²."
    assert "Lucie Bonnal : identité et coordonnées anonymisées." in direction_client.get("/rgpd/").content.decode()


def test_direction_downloads_a_person_s_data_as_json(direction_client, contact):
    InteractionFactory(company=contact.company, contacts=[contact], summary="Dégustation au SIAL.")
    response = direction_client.get(reverse("gdpr:contact_export", args=[contact.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="donnees-contact-{contact.pk}-')
    data = json.loads(response.content)
    assert data["personne"]["nom"] == "Bonnal"
    assert data["personne"]["email"] == "l.bonnal@fromagerie.fr"
    assert [item["resume"] for item in data["echanges"]] == ["Dégustation au SIAL."]


def test_export_of_an_unknown_person_is_404(direction_client):
    assert direction_client.get(reverse("gdpr:contact_export", args=[424242])).status_code == 404


def test_the_retention_report_lists_who_will_be_anonymised(direction_client, django_assert_max_num_queries):
    with time_machine.travel(datetime.datetime(2012, 3, 6, 10, tzinfo=PARIS)):
        listed = [ContactFactory(last_name=f"Signalé{i}") for i in range(55)]
        waiting = ContactFactory(last_name="Pasencore")
        InteractionFactory(
            company=listed[0].company, contacts=[listed[0]], occurred_at=datetime.datetime(2012, 3, 5, 10, tzinfo=PARIS)
        )
    with time_machine.travel(datetime.datetime(2015, 3, 2, 10, tzinfo=PARIS)):
        RetentionNotice.objects.bulk_create(
            [
                RetentionNotice(contact=person, listed_at=datetime.datetime(2015, 3, 2, 10, tzinfo=PARIS))
                for person in listed
            ]
        )
    with time_machine.travel(datetime.datetime(2015, 3, 10, 10, tzinfo=PARIS)):
        with django_assert_max_num_queries(12):
            response = direction_client.get(reverse("gdpr:retention_review"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anonymisation prévue" in page
    assert "01/04/2015" in page  # 2 March + 30 days
    assert "05/03/2012" in page  # the last interaction
    assert "Signalé0" in page and "Signalé54" not in page  # 50 per page
    assert "Page 1 sur 2" in page
    assert "Pasencore" in page
    assert [notice.contact for notice in gdpr.retention_due_within(now=datetime.datetime(2015, 3, 10, tzinfo=PARIS))][
        :1
    ] == [listed[0]]
    assert waiting.pk not in {n.contact_id for n in gdpr.retention_pending_notices()}
