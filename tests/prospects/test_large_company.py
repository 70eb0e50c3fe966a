"""A company with 10,000 contacts: its page lists a capped number of them, in a few queries."""

import pytest
from django.urls import reverse

from prospects.models import Contact

from .factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def federation():
    company = CompanyFactory(name="Fédération du Bois")
    Contact.objects.bulk_create(
        [Contact(company=company, last_name=f"Adhérent{n:05d}", first_name="Jean") for n in range(10_000)]
    )
    return company


def test_the_page_of_a_company_with_10000_contacts_shows_50_and_a_way_to_more(
    mission_client, federation, django_assert_max_num_queries
):
    url = reverse("prospects:company_detail", args=[federation.pk])
    with django_assert_max_num_queries(25):
        response = mission_client.get(url)
    page = response.content.decode()

    assert response.status_code == 200
    assert page.count("Adhérent") == 50
    assert "Adhérent00049" in page and "Adhérent00050" not in page
    assert "10\u202f000 contacts en poste en tout" in page or "10000 contacts en poste en tout" in page
    assert "?contacts=100#contacts-title" in page

    more = mission_client.get(url, {"contacts": "100"}).content.decode()
    assert more.count("Adhérent") == 100
    # Odd counts typed in the URL fall back to the bounds.
    for asked, shown in [("abc", 50), ("-5", 50), ("999999999", 1000), ("1e9", 50)]:
        response = mission_client.get(url, {"contacts": asked})
        assert response.content.decode().count("Adhérent") == shown


def test_its_admin_page_shows_50_contact_rows_and_saves(admin_client, federation, django_assert_max_num_queries):
    from django.urls import reverse as admin_reverse

    url = admin_reverse("admin:prospects_company_change", args=[federation.pk])
    with django_assert_max_num_queries(40):
        response = admin_client.get(url)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.model is Contact and len(formset.initial_forms) == 20
    page = response.content.decode()
    assert page.count('type="checkbox" name="interactions-') <= 60 or "Adhérent00060" not in page
