"""Lead capture in one call: once per client-made key, also when two copies arrive at once."""

import datetime
import uuid

import pytest
from django.db import connection

from prospects.models import Company, Contact, FollowUp, Interaction
from tests.api.conftest import token_client
from tests.events.factories import AppearanceFactory
from tests.events.test_capture_once import _at_once
from tests.prospects.factories import CompanyFactory

D = datetime.date
URL = "/api/v1/saisie-salon/"


@pytest.fixture
def sial():
    return AppearanceFactory(starts_on=D(2012, 10, 21), ends_on=D(2012, 10, 25))


def _lead(appearance, **overrides):
    return {
        "capture_key": str(uuid.uuid4()),
        "appearance": appearance.pk,
        "new_company": {"name": "Conserverie du Lot", "postcode": "46000", "city": "Cahors"},
        "person": {"first_name": "Luc", "last_name": "Bessière", "email": "luc@conserverie.fr"},
        "summary": "Cherche un atelier de 1 500 m².",
        "lead_grade": "A",
        "met_on": "2012-10-24",
        **overrides,
    }


def _counts():
    return Company.objects.count(), Contact.objects.count(), Interaction.objects.count(), FollowUp.objects.count()


@pytest.mark.django_db
def test_one_call_makes_the_company_the_person_the_exchange_and_the_follow_up(mission, mission_api, sial):
    response = mission_api.post_json(URL, _lead(sial, open_project=True))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["repeated"] is False and body["company_created"] is True
    followup = FollowUp.objects.get(pk=body["followup"])
    assert followup.due_on == D(2012, 10, 25) and followup.assignee == mission
    assert followup.project_id == body["project"]
    interaction = Interaction.objects.get(pk=body["interaction"])
    assert interaction.appearance == sial and {row.history_user for row in interaction.history.all()} == {mission}
    assert _counts() == (1, 1, 1, 1)


@pytest.mark.django_db
def test_the_same_capture_sent_twice_makes_one_lead(mission_api, sial):
    lead = _lead(sial)
    first = mission_api.post_json(URL, lead)
    again = mission_api.post_json(URL, lead)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["repeated"] is True
    assert {key: value for key, value in again.json().items() if key not in ("repeated", "company_created")} == {
        key: value for key, value in first.json().items() if key not in ("repeated", "company_created")
    }
    assert _counts() == (1, 1, 1, 1)
    assert Interaction.objects.get().capture_key == uuid.UUID(lead["capture_key"])


@pytest.mark.django_db
def test_a_probable_duplicate_is_409_with_the_candidates_then_the_client_picks_or_confirms(mission_api, sial):
    known = CompanyFactory(name="Conserverie du Lot", postcode="46000", city="Cahors")

    response = mission_api.post_json(URL, _lead(sial))
    assert response.status_code == 409
    assert response.json()["code"] == "probable_duplicate"
    assert [candidate["id"] for candidate in response.json()["candidates"]] == [known.pk]
    assert Interaction.objects.count() == 0

    picked = mission_api.post_json(URL, _lead(sial, new_company=None, company=known.pk))
    assert picked.status_code == 201 and picked.json()["company"] == known.pk
    confirmed = mission_api.post_json(URL, _lead(sial, confirm_new_company=True))
    assert confirmed.status_code == 201 and confirmed.json()["company"] != known.pk


@pytest.mark.django_db
def test_bad_input_is_400_with_the_service_s_french_message_and_writes_nothing(mission_api, sial):
    response = mission_api.post_json(URL, _lead(sial, met_on="2012-01-01"))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "Indiquez une date pendant le salon" in body["fields"]["met_on"][0]

    response = mission_api.post_json(URL, {**_lead(sial), "appearance": 987654321, "capture_key": "pas-un-uuid"})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"capture_key"}
    response = mission_api.post_json(URL, {**_lead(sial), "appearance": 987654321})
    assert response.status_code == 400 and response.json()["fields"]["appearance"] == ["Ce salon n'existe pas."]
    assert _counts() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_the_message_follows_accept_language(mission_api, sial):
    response = mission_api.post_json(URL, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["fields"]["summary"] == ["This field is required."]
    response = mission_api.post_json(URL, {}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["fields"]["summary"] == ["Ce champ est obligatoire."]


@pytest.mark.django_db(transaction=True)
def test_two_copies_of_one_capture_at_the_same_moment_make_one_lead(mission):
    if connection.vendor != "postgresql":
        from tests.conftest import _missing_service

        _missing_service("concurrent captures need PostgreSQL (SQLite's test database is one connection)")
    sial = AppearanceFactory(starts_on=D(2012, 10, 21), ends_on=D(2012, 10, 25))
    lead = _lead(sial)
    answers = []

    def send():
        answers.append(token_client(mission).post_json(URL, lead).status_code)

    errors = _at_once(send, send)

    assert errors == []
    assert sorted(answers) == [200, 201]
    assert _counts() == (1, 1, 1, 1)
