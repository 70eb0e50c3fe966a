"""The public offer: what the agency's website may list, without an account and without the seller's contact."""

import pytest
from django.test import Client

from sites.models import Availability
from tests.sites.factories import SiteFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/offre-publique/"


def test_only_sites_marked_for_the_website_and_still_on_offer_are_listed():
    shown = SiteFactory(published_on_website=True, contact_name="M. Vidal", contact_phone="0466000000")
    SiteFactory(published_on_website=True, availability=Availability.UNDER_OPTION)
    SiteFactory(published_on_website=True, availability=Availability.SOLD)
    SiteFactory(published_on_website=False)

    response = Client().get(URL)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 2 and shown.reference in [row["reference"] for row in rows]
    assert "Vidal" not in response.content.decode() and "0466000000" not in response.content.decode()
    assert "id" not in rows[0] and "contact_name" not in rows[0]


def test_a_site_is_read_by_its_reference_and_an_unpublished_one_is_404():
    published = SiteFactory(published_on_website=True)
    hidden = SiteFactory()
    assert Client().get(f"{URL}{published.reference}/").json()["reference"] == published.reference
    assert Client().get(f"{URL}{hidden.reference}/").status_code == 404


def test_a_wrong_token_does_not_close_the_public_offer():
    SiteFactory(published_on_website=True)
    assert Client(headers={"authorization": "Bearer nope"}).get(URL).status_code == 200


def test_chargés_de_mission_mark_a_site_for_the_website_on_its_form(mission_client):
    from django.urls import reverse

    site = SiteFactory()
    page = mission_client.get(reverse("sites:site_update", args=[site.pk])).content.decode()
    assert 'name="published_on_website"' in page
