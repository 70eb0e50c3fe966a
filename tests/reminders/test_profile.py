import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from accounts.selectors import profile_for

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile")
CALENDAR_URL = reverse("accounts:profile_calendar")


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_account_without_role_gets_403(client, no_role_user):
    client.force_login(no_role_user)

    assert client.get(URL).status_code == 403


def test_the_page_shows_the_preferences(mission_client, mission):
    response = mission_client.get(URL)

    assert response.status_code == 200
    assert 'value="07:30"' in response.content.decode()
    assert "Créer l'adresse du calendrier" in response.content.decode()


def test_the_base_layout_links_to_the_profile(mission_client):
    response = mission_client.get(URL)

    assert f'href="{URL}"' in response.content.decode()


def test_post_writes_the_preferences(mission_client, mission):
    response = mission_client.post(URL, {"language": "en", "digest_time": "09:15"})

    assert response.status_code == 302
    profile = profile_for(mission)
    profile.refresh_from_db()
    assert profile.language == "en"
    assert profile.digest_enabled is False
    assert profile.digest_time == datetime.time(9, 15)


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"language": "fr", "digest_enabled": "on", "digest_time": "neuf heures"},
            "digest_time",
            "Saisissez une heure",
        ),
        ({"language": "fr", "digest_enabled": "on", "digest_time": "09:13"}, "digest_time", "cinq minutes"),
        (
            {"language": "xx", "digest_enabled": "on", "digest_time": "09:00"},
            "language",
            "Sélectionnez un choix valide",
        ),
    ],
)
def test_bad_input_is_refused_kept_and_not_written(mission_client, mission, data, field, message):
    response = mission_client.post(URL, data)

    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert response.context["form"].data[field] == data[field]
    profile = profile_for(mission)
    assert (profile.language, profile.digest_time) == ("fr", datetime.time(7, 30))


def _feed_address(page):
    match = re.search(r'id="feed-url" value="([^"]+)"', page)
    return match and match[1]


def test_the_calendar_address_is_shown_once_then_renewed_and_revoked(client, mission_client, mission):
    mission_client.post(CALENDAR_URL, {"action": "renew"})
    first = _feed_address(mission_client.get(URL).content.decode())
    path = urlsplit(first).path
    assert client.get(path).status_code == 200
    # Shown once: the next visit offers only a new address.
    later = mission_client.get(URL).content.decode()
    assert _feed_address(later) is None and "Générer une nouvelle adresse" in later
    assert path.rsplit("/", 1)[-1].removesuffix(".ics") not in later

    mission_client.post(CALENDAR_URL, {"action": "renew"})
    second = _feed_address(mission_client.get(URL).content.decode())
    assert second and second != first

    response = mission_client.post(CALENDAR_URL, {"action": "revoke"})
    assert response.status_code == 302
    assert profile_for(mission).calendar_token_hash is None


def test_revoking_nothing_says_so(mission_client, mission):
    response = mission_client.post(CALENDAR_URL, {"action": "revoke"}, follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "Votre calendrier n'a pas d'adresse à révoquer."
    ]


def test_calendar_actions_are_post_only(mission_client, mission):
    assert mission_client.get(CALENDAR_URL).status_code == 405
    assert mission_client.post(CALENDAR_URL, {"action": "delete-everything"}).status_code == 400
    assert profile_for(mission).calendar_token_hash is None


def test_calendar_actions_need_login(client):
    response = client.post(CALENDAR_URL, {"action": "renew"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
