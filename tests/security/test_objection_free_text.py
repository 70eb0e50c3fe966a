"""Objection (GDPR art. 21) reaches free text: what leaves the CRM afterwards masks the person.

The follow-up export, the calendar feed and an email queued before the
objection but built when sent say « [opposé] » instead of the name; a new
exchange whose text names the person asks for an explicit confirmation.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.services import calendar_token_renew
from prospects import gdpr
from prospects.models import Interaction
from reminders.emails import build_message
from reminders.models import Reminder, ReminderKind
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import CompanyFactory, ContactFactory, FollowUpFactory
from tests.security.test_url_access import _text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(mission):
    return CompanyFactory(name="Scierie du Causse", actor=mission)


@pytest.fixture
def person(company):
    return ContactFactory(
        company=company, first_name="Hélène", last_name="Fabrègue", email="h.fabregue@causse.fr", phone="0466990011"
    )


@pytest.fixture
def followup(company, person, mission):
    return FollowUpFactory(
        company=company,
        assignee=mission,
        due_on=timezone.localdate(),
        title="Rappeler Hélène Fabrègue pour le devis",
    )


def _object(person, mission):
    gdpr.contact_object(contact=person, actor=mission)


def test_the_follow_up_export_masks_the_person_after_the_objection(mission_client, mission, person, followup):
    before = _text_of(mission_client.get(reverse("followups_export", kwargs={"fmt": "csv"})))
    assert "Fabrègue" in before
    _object(person, mission)
    for fmt in ("csv", "xlsx"):
        text = _text_of(mission_client.get(reverse("followups_export", kwargs={"fmt": fmt})))
        assert "Fabrègue" not in text
        assert "Rappeler [opposé] pour le devis" in text
    # The stored text is left as typed: the person may withdraw the objection.
    followup.refresh_from_db()
    assert followup.title == "Rappeler Hélène Fabrègue pour le devis"


def test_the_calendar_feed_masks_the_person(client, mission, person, followup):
    _object(person, mission)
    token = calendar_token_renew(user=mission)
    feed = client.get(reverse("reminders:calendar_feed", kwargs={"token": token})).content.decode()
    feed = feed.replace("\r\n ", "")
    assert "Fabrègue" not in feed and "[opposé]" in feed


def test_an_email_queued_before_the_objection_is_masked_when_sent(mission, person, followup):
    reminder = Reminder.objects.create(
        kind=ReminderKind.DIGEST,
        recipient=mission,
        content_type=ContentType.objects.get_for_model(type(mission)),
        object_id=mission.pk,
        on_date=timezone.localdate(),
        next_attempt_at=timezone.now(),
    )
    assert "Fabrègue" in build_message(reminder).body
    _object(person, mission)
    message = build_message(reminder)
    assert "Fabrègue" not in message.body and "Fabrègue" not in message.alternatives[0][0]
    assert "[opposé]" in message.body


def test_a_person_who_did_not_object_is_not_masked(mission_client, followup):
    text = _text_of(mission_client.get(reverse("followups_export", kwargs={"fmt": "csv"})))
    assert "Rappeler Hélène Fabrègue pour le devis" in text


def _exchange(summary, **extra):
    return {
        "occurred_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "kind": "phone",
        "summary": summary,
        "lead_grade": "B",
        **extra,
    }


def test_a_new_exchange_naming_a_person_under_objection_asks_for_confirmation(mission_client, mission, company, person):
    _object(person, mission)
    url = reverse("prospects:interaction_create", args=[company.pk])
    response = mission_client.post(url, _exchange("Appel de Mme Fabregue au sujet du terrain."))
    assert response.status_code == 200
    page = response.content.decode()
    assert "opposé(e) à la prospection" in page and "Hélène Fabrègue" in page
    assert 'type="checkbox" name="confirm_objection"' in page
    assert not Interaction.objects.filter(company=company).exists()

    response = mission_client.post(url, _exchange("Appel de Mme Fabregue au sujet du terrain.", confirm_objection="on"))
    assert response.status_code == 302
    assert Interaction.objects.get(company=company).summary == "Appel de Mme Fabregue au sujet du terrain."


def test_an_exchange_naming_nobody_under_objection_is_saved_at_once(mission_client, mission, company, person):
    response = mission_client.post(
        reverse("prospects:interaction_create", args=[company.pk]), _exchange("Appel de Mme Fabrègue.")
    )
    assert response.status_code == 302
    assert Interaction.objects.filter(company=company).count() == 1


def test_a_lead_at_the_stand_naming_a_person_under_objection_asks_for_confirmation(
    mission_client, mission, company, person
):
    _object(person, mission)
    appearance = AppearanceFactory(starts_on=timezone.localdate(), ends_on=timezone.localdate())
    url = reverse("events:lead_capture", args=[appearance.pk])
    data = {
        "company": company.pk,
        "person_last_name": "Martel",
        "summary": "Présentée par Hélène Fabrègue, cherche 2 000 m².",
        "lead_grade": "B",
        "met_on": timezone.localdate().isoformat(),
        "assignee": mission.pk,
        "due_on": "",
    }
    response = mission_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "opposé(e) à la prospection" in page and 'type="checkbox" name="confirm_objection"' in page
    assert not Interaction.objects.filter(company=company).exists()
    response = mission_client.post(url, {**data, "confirm_objection": "on"})
    assert response.status_code == 302
    assert Interaction.objects.filter(company=company, appearance=appearance).count() == 1


def test_the_mask_reads_only_the_people_of_the_companies_it_masks(django_assert_num_queries):
    """Many objectors across the base cost one query; only a company named in the text reads its people."""
    for number in range(30):
        ContactFactory(first_name="Paul", last_name=f"Opposant{number}", objected=True)
    quiet = CompanyFactory(name="Scierie sans opposant")
    objector = ContactFactory(first_name="Hélène", last_name="Fabrègue", objected=True)
    mask = gdpr.ObjectorMask()
    with django_assert_num_queries(1):
        assert mask("Rappeler Hélène Fabrègue", quiet.pk) == "Rappeler Hélène Fabrègue"
        assert mask("Rappeler le standard", quiet.pk) == "Rappeler le standard"
    with django_assert_num_queries(1):
        assert mask("Rappeler Hélène Fabrègue", objector.company_id) == "Rappeler [opposé]"
    with django_assert_num_queries(0):
        assert mask("Écrire à H. Fabrègue", objector.company_id) == "Écrire à H. [opposé]"


def test_priming_reads_the_objectors_of_many_companies_in_one_query(django_assert_num_queries):
    objectors = [ContactFactory(first_name="Paul", last_name=f"Opposant{n}", objected=True) for n in range(5)]
    quiet = CompanyFactory(name="Scierie sans opposant")
    mask = gdpr.ObjectorMask()
    with django_assert_num_queries(2):  # which companies have objectors, then their people
        mask.prime([person.company_id for person in objectors] + [quiet.pk])
    with django_assert_num_queries(0):
        for number, person in enumerate(objectors):
            assert mask(f"Appeler Paul Opposant{number}", person.company_id) == "Appeler [opposé]"
        assert mask("Appeler Paul Opposant0", quiet.pk) == "Appeler Paul Opposant0"
