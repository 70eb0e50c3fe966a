import pytest
from django.urls import reverse

from prospects import gdpr, services
from tests.prospects.factories import CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(mission):
    company = CompanyFactory(name="Scierie du Causse", actor=mission)
    services.company_update(company=company, actor=mission, fit_score=4)
    ContactFactory(company=company, first_name="Hélène", last_name="Fabre")
    return company


def test_direction_sees_the_history_and_every_gdpr_button(direction_client, company):
    contact = company.contacts.get()
    page = direction_client.get(reverse("prospects:company_detail", args=[company.pk])).content.decode()
    assert reverse("prospects:company_history", args=[company.pk]) in page
    history = direction_client.get(reverse("prospects:company_history", args=[company.pk])).content.decode()
    assert "Historique des modifications" in history
    assert "Note de pertinence" in history and "→" in history
    assert reverse("gdpr:contact_object", args=[contact.pk]) in page
    assert reverse("gdpr:contact_export", args=[contact.pk]) in page
    assert reverse("gdpr:contact_erase", args=[contact.pk]) in page


def test_a_chargé_de_mission_records_objections_but_sees_no_audit_export_or_erasure(mission_client, company):
    contact = company.contacts.get()
    page = mission_client.get(reverse("prospects:company_detail", args=[company.pk])).content.decode()
    assert "Historique des modifications" not in page
    assert mission_client.get(reverse("prospects:company_history", args=[company.pk])).status_code == 403
    assert reverse("gdpr:contact_object", args=[contact.pk]) in page
    assert reverse("gdpr:contact_export", args=[contact.pk]) not in page
    assert reverse("gdpr:contact_erase", args=[contact.pk]) not in page


def test_objection_from_the_company_page_comes_back_to_it(mission_client, company):
    contact = company.contacts.get()
    company_url = reverse("prospects:company_detail", args=[company.pk])
    confirm = mission_client.get(reverse("gdpr:contact_object", args=[contact.pk]), {"next": company_url})
    assert f'value="{company_url}"' in confirm.content.decode()
    response = mission_client.post(reverse("gdpr:contact_object", args=[contact.pk]), {"next": company_url})
    assert response["Location"] == company_url
    page = mission_client.get(company_url).content.decode()
    assert "Opposition RGPD" in page
    assert reverse("gdpr:contact_object", args=[contact.pk]) not in page


def test_an_erased_person_has_no_more_buttons(direction_client, company, direction):
    contact = company.contacts.get()
    gdpr.contact_erase(contact=contact, actor=direction)
    page = direction_client.get(reverse("prospects:company_detail", args=[company.pk])).content.decode()
    assert "Fabre" not in page
    assert reverse("gdpr:contact_erase", args=[contact.pk]) not in page


def test_the_company_page_keeps_its_query_budget_for_direction(
    direction_client, company, django_assert_max_num_queries
):
    from tests.prospects.factories import FollowUpFactory, InteractionFactory

    for _ in range(30):
        InteractionFactory(company=company)
        FollowUpFactory(company=company)
    with django_assert_max_num_queries(12):
        response = direction_client.get(reverse("prospects:company_detail", args=[company.pk]))
    assert response.status_code == 200
