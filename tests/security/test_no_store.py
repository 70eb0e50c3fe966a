"""Personal pages and exports are never kept by a cache (issue #19, L4)."""

import pytest
from django.urls import reverse

from tests.security.test_url_access import ACCESS, DIRECTION, EVERYONE, STAFF, build_world, reach, url_for
from tests.sites.factories import SiteFactory, photo_for

pytestmark = pytest.mark.django_db

# Chose their own caching, holding no personal data: a site photo.
OWN_CACHING = {"sites:photo_file"}


@pytest.fixture
def world(mission, teammate, direction, observer, settings, tmp_path):
    return build_world(mission=mission, direction=direction, settings=settings, tmp_path=tmp_path)


@pytest.mark.parametrize(
    "name",
    sorted(
        name
        for name, (access, _kwargs) in ACCESS.items()
        if access in (EVERYONE, STAFF, DIRECTION) and name not in OWN_CACHING
    )
    + ["admin:prospects_contact_changelist"],
)
def test_every_page_and_export_behind_the_login_says_no_store(world, direction_client, name):
    url = reverse(name) if name.startswith("admin:") else url_for(name, world)
    response = reach(direction_client, url)
    assert response.status_code < 500
    assert "no-store" in response["Cache-Control"], f"{url}: {response.get('Cache-Control')}"


def test_the_exports_of_a_person_and_of_lists_say_no_store(world, direction_client, mission_client):
    person = direction_client.get(reverse("gdpr:contact_export", args=[world.contact.pk]))
    assert person.status_code == 200 and person["Cache-Control"] == "no-store"
    for url in (reverse("contacts_export", args=["csv"]), reverse("prospects:company_export") + "?format=xlsx"):
        response = mission_client.get(url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_a_site_photo_keeps_its_own_private_caching(settings, tmp_path, mission_client):
    settings.MEDIA_ROOT = tmp_path
    photo = photo_for(SiteFactory())
    assert mission_client.get(photo.get_file_url())["Cache-Control"] == "private, max-age=3600"


def test_the_calendar_feed_keeps_its_own_caching_for_calendar_applications(world, client):
    response = client.get(url_for("reminders:calendar_feed", world))
    assert response.status_code == 200 and response["Cache-Control"] == "private, max-age=900"
