"""A signed-in session ends when left idle, and after its maximum lifetime, whatever the activity."""

import datetime

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 6, 2, 8, 0, tzinfo=datetime.UTC)


def _at(hours, minutes=0):
    return START + datetime.timedelta(hours=hours, minutes=minutes)


def _logged_in(client, user):
    with time_machine.travel(START, tick=False):
        client.force_login(user)
        assert client.get(reverse("prospects:company_list")).status_code == 200
    return client


def test_a_session_idle_for_more_than_8_hours_asks_to_sign_in_again(client, mission):
    _logged_in(client, mission)
    with time_machine.travel(_at(7, 59), tick=False):
        assert client.get(reverse("prospects:company_list")).status_code == 200
    with time_machine.travel(_at(16), tick=False):
        response = client.get(reverse("prospects:company_list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    follow = client.get(response["Location"])
    assert "Votre session a expiré" in follow.content.decode()


def test_an_active_session_still_ends_24_hours_after_sign_in(client, mission):
    _logged_in(client, mission)
    for hours in range(2, 24, 2):
        with time_machine.travel(_at(hours), tick=False):
            assert client.get(reverse("prospects:company_list")).status_code == 200
    with time_machine.travel(_at(24, 1), tick=False):
        response = client.get(reverse("prospects:company_list"))
    assert response.status_code == 302


def test_the_limits_are_settings(client, mission, settings):
    settings.SESSION_IDLE_SECONDS = 600
    _logged_in(client, mission)
    with time_machine.travel(_at(0, 11), tick=False):
        assert client.get(reverse("prospects:company_list")).status_code == 302
