"""The lead form's people: the chosen company's are offered, a likely duplicate is flagged before saving."""

import datetime

import pytest
from django.urls import reverse

from events.services import ProbablePersonDuplicates, lead_capture
from prospects.models import Contact, Interaction
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def sial():
    return AppearanceFactory(starts_on=D(2012, 10, 21), ends_on=D(2012, 10, 25), city="Paris")


@pytest.fixture
def bouvier():
    company = CompanyFactory(name="Salaisons Bouvier")
    jean = ContactFactory(
        company=company,
        first_name="Jean",
        last_name="Bouvier",
        job_title="",
        email="jean.bouvier@salaisons.fr",
        phone="06 12 34 56 78",
    )
    return company, jean


def _capture(sial, mission, company, **person_and_choice):
    person = {"first_name": "", "last_name": "", "job_title": "", "email": "", "phone": ""}
    choice = {key: person_and_choice.pop(key) for key in ("contact", "confirm_new_person") if key in person_and_choice}
    person.update(person_and_choice)
    return lead_capture(
        appearance=sial,
        actor=mission,
        company=company,
        person=person,
        summary="Cherche un entrepôt.",
        lead_grade="B",
        met_on=D(2012, 10, 24),
        **choice,
    )


@pytest.mark.parametrize(
    "typed",
    [
        {"first_name": "Jean", "last_name": "Bouvier"},
        {"first_name": "JEAN", "last_name": "BOUVIER"},
        {"first_name": "Jéan", "last_name": "Bouvier"},
        {"first_name": "Pierre", "last_name": "Martin", "email": "JEAN.BOUVIER@salaisons.fr"},
        {"first_name": "Pierre", "last_name": "Martin", "phone": "+33 6 12 34 56 78"},
        {"first_name": "Pierre", "last_name": "Martin", "phone": "0612345678"},
    ],
)
def test_a_likely_duplicate_stops_everything_until_the_user_chooses(sial, mission, bouvier, typed):
    company, jean = bouvier
    with pytest.raises(ProbablePersonDuplicates) as raised:
        _capture(sial, mission, company, **typed)
    assert raised.value.contacts == [jean]
    assert Contact.objects.count() == 1 and not Interaction.objects.exists()


def test_jeanne_is_not_jean(sial, mission, bouvier):
    company, _jean = bouvier
    lead = _capture(sial, mission, company, first_name="Jeanne", last_name="Bouvier")
    assert lead.contact.first_name == "Jeanne"
    assert sorted(company.contacts.values_list("first_name", flat=True)) == ["Jean", "Jeanne"]


def test_confirming_records_the_new_person(sial, mission, bouvier):
    company, _jean = bouvier
    lead = _capture(sial, mission, company, first_name="Jean", last_name="BOUVIER", confirm_new_person=True)
    assert company.contacts.count() == 2
    assert list(Interaction.objects.get().contacts.all()) == [lead.contact]


def test_picking_the_known_person_adds_no_one_and_fills_in_what_was_missing(sial, mission, bouvier):
    company, jean = bouvier
    lead = _capture(sial, mission, company, contact=jean, job_title="Gérant", phone="07 00 00 00 00")
    jean.refresh_from_db()
    assert lead.contact == jean and company.contacts.count() == 1
    assert jean.job_title == "Gérant" and jean.phone == "06 12 34 56 78"
    assert list(Interaction.objects.get().contacts.all()) == [jean]


def test_someone_from_another_company_cannot_be_picked(sial, mission, bouvier):
    company, _jean = bouvier
    stranger = ContactFactory(first_name="Luc", last_name="Autre")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        _capture(sial, mission, company, contact=stranger)
    assert "contact" in raised.value.error_dict
    assert not Interaction.objects.exists()


# The page -----------------------------------------------------------------------------


def _post(client, sial, company, **fields):
    data = {
        "company": company.pk,
        "summary": "Cherche un entrepôt.",
        "lead_grade": "B",
        "met_on": "2012-10-24",
        "assignee": fields.pop("assignee"),
        "person_last_name": "",
    }
    data.update(fields)
    return client.post(reverse("events:lead_capture", args=[sial.pk]), data)


def test_the_page_warns_before_saving_and_offers_the_known_person(mission_client, mission, sial, bouvier):
    company, jean = bouvier
    response = _post(
        mission_client, sial, company, assignee=mission.pk, person_first_name="jean", person_last_name="bouvier"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Cette personne est peut-être déjà connue." in text
    assert f'name="use_contact" value="{jean.pk}"' in text
    assert Contact.objects.count() == 1 and not Interaction.objects.exists()

    # "This person": the lead goes to Jean, nobody is added.
    response = _post(
        mission_client,
        sial,
        company,
        assignee=mission.pk,
        person_first_name="jean",
        person_last_name="bouvier",
        use_contact=jean.pk,
    )
    assert response.status_code == 302
    assert Contact.objects.count() == 1
    assert list(Interaction.objects.get().contacts.all()) == [jean]


def test_the_page_records_someone_new_once_confirmed(mission_client, mission, sial, bouvier):
    company, _jean = bouvier
    response = _post(
        mission_client,
        sial,
        company,
        assignee=mission.pk,
        person_first_name="Jean",
        person_last_name="Bouvier",
        confirm_new_person="on",
    )
    assert response.status_code == 302
    assert company.contacts.count() == 2


def test_the_page_lists_the_chosen_companys_people(mission_client, mission, sial, bouvier):
    company, jean = bouvier
    ContactFactory(company=company, first_name="Jeannot", last_name="Bouvier")
    response = _post(mission_client, sial, company, assignee=mission.pk)  # no person: the form asks again
    text = response.content.decode()
    assert f'name="contact" value="{jean.pk}"' in text and "Jeannot Bouvier" in text
    assert "Quelqu&#x27;un de nouveau" in text or "Quelqu'un de nouveau" in text
    assert "Obligatoire pour une nouvelle personne" in text
    assert not Interaction.objects.exists()


def test_a_person_of_another_company_is_refused_with_a_message(mission_client, mission, sial, bouvier):
    company, _jean = bouvier
    stranger = ContactFactory(first_name="Luc", last_name="Autre")
    response = _post(mission_client, sial, company, assignee=mission.pk, contact=stranger.pk)
    assert response.status_code == 200
    assert "Cette personne ne fait pas partie de l&#x27;entreprise choisie." in response.content.decode()
    assert not Interaction.objects.exists()


def test_the_people_json_lists_a_companys_people_for_staff_only(mission_client, observer_client, client, bouvier):
    company, jean = bouvier
    from prospects import gdpr

    erased = ContactFactory(company=company, first_name="Effacé", last_name="Bientôt")
    gdpr.contact_erase(contact=erased)
    url = reverse("prospects:company_people_json", args=[company.pk])
    data = mission_client.get(url).json()
    assert data["people"] == [
        {
            "id": jean.pk,
            "name": "Jean Bouvier",
            "job_title": jean.job_title,
            "email": "jean.bouvier@salaisons.fr",
            "phone": "06 12 34 56 78",
        }
    ]
    assert observer_client.get(url).status_code == 403
    assert client.get(url).status_code == 302
    assert mission_client.get(reverse("prospects:company_people_json", args=[987654])).status_code == 404


@pytest.mark.parametrize("value", ["987654", "abc"])
def test_an_unknown_person_id_is_refused_with_a_message(mission_client, mission, sial, bouvier, value):
    company, _jean = bouvier
    response = _post(mission_client, sial, company, assignee=mission.pk, contact=value, person_last_name="Durand")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Rien n'a été enregistré" in text
    assert "Sélectionnez un choix valide" in text
    assert Contact.objects.count() == 1 and not Interaction.objects.exists()
