"""Login throttling behind the HTTPS proxy: a stranger locks only their own address (issue #19, M5)."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.7"
GOOD = "lozdev-test-pass"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _from(address, forwarded_by=PROXY):
    return Client(REMOTE_ADDR=forwarded_by, headers={"x-forwarded-for": address})


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_the_handler_reads_the_pair_then_the_address():
    assert django_settings.AXES_HANDLER == "accounts.throttle.LoginThrottleHandler"
    assert django_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"], ["ip_address"]]


def test_five_wrong_passwords_for_direction_lock_the_attacker_not_direction(direction, settings):
    attacker = _from(ATTACKER)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "dominique", "wrong-password")
    locked = _login(attacker, "dominique", GOOD)
    assert locked.status_code == 429 and "Trop de tentatives" in locked.content.decode()

    office = _from(OFFICE)
    assert _login(office, "dominique", GOOD).status_code == 302
    assert office.session["_auth_user_id"] == str(direction.pk)


def test_an_address_trying_many_usernames_is_locked_for_all_of_them(mission, direction, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    attacker = _from(ATTACKER)
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        assert _login(attacker, f"guess{n}", "Printemps2026").status_code == 200
    assert _login(attacker, "guess-last", "Printemps2026").status_code == 429
    # Even with the right password, no account opens from that address now.
    assert _login(attacker, "camille", GOOD).status_code == 429
    # Elsewhere, nobody is held back.
    assert _login(_from(OFFICE), "camille", GOOD).status_code == 302
    assert _login(_from("192.0.2.10"), "dominique", GOOD).status_code == 302


def test_a_few_mistakes_under_one_office_address_do_not_close_the_office(mission, teammate, direction, settings):
    office = _from(OFFICE)
    for username in ("camille", "julie", "dominique"):
        for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
            _login(office, username, "typo-in-password")
    assert _login(_from(OFFICE), "julie", GOOD).status_code == 302


def test_a_successful_sign_in_clears_only_that_person_s_failures(mission, direction, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    office = _from(OFFICE)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(office, "camille", "wrong-password")
    assert _login(_from(OFFICE), "dominique", GOOD).status_code == 302
    # Camille's four failures from this address still count: two more reach the address limit.
    _login(office, "camille", "wrong-password")
    _login(office, "inconnu", "wrong-password")
    assert _login(_from(OFFICE), "dominique", GOOD).status_code == 429


def test_a_spoofed_forwarded_header_is_ignored_without_a_trusted_proxy(direction, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The attacker changes the header on every try: without a trusted proxy it is not believed.
        _from(f"203.0.113.{n + 1}", forwarded_by=ATTACKER).post(
            reverse("accounts:login"), {"username": "dominique", "password": "wrong-password"}
        )
    assert _login(_from("203.0.113.99", forwarded_by=ATTACKER), "dominique", GOOD).status_code == 429
    assert _login(_from(ATTACKER, forwarded_by=OFFICE), "dominique", GOOD).status_code == 302


def test_behind_the_proxy_a_forged_first_entry_does_not_pass_for_someone_else(direction, settings):
    attacker = _from(ATTACKER)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "dominique", "wrong-password")
    forged = _from(f"{OFFICE}, {ATTACKER}")
    assert _login(forged, "dominique", GOOD).status_code == 429


def test_one_username_tried_from_many_addresses_waits_but_is_never_locked(direction, settings):
    import datetime

    import time_machine
    from axes.models import AccessAttempt
    from django.db.models import Sum

    settings.LOGIN_USERNAME_DELAY_AFTER = 10
    start = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for n in range(settings.LOGIN_USERNAME_DELAY_AFTER - 1):
            assert _login(_from(f"203.0.113.{n + 1}"), "dominique", "wrong-password").status_code == 200
        # The failure that reaches the threshold is answered with the wait.
        assert _login(_from("203.0.113.99"), "dominique", "wrong-password").status_code == 429
        refused = _login(_from(OFFICE), "dominique", GOOD)
        assert refused.status_code == 429
        assert "réessayez dans 1 seconde" in refused.content.decode()
        counted = AccessAttempt.objects.filter(username="dominique").aggregate(n=Sum("failures_since_start"))["n"]
        assert counted == settings.LOGIN_USERNAME_DELAY_AFTER

        clock.shift(2)
        assert "réessayez dans 2 secondes" in _login(_from("203.0.113.77"), "dominique", "wrong").content.decode()
        clock.shift(1)
        assert "réessayez dans 1 seconde" in _login(_from(OFFICE), "dominique", GOOD).content.decode()

        clock.shift(settings.LOGIN_USERNAME_DELAY_MAX_SECONDS)
        office = _from(OFFICE)
        assert _login(office, "dominique", GOOD).status_code == 302
        assert office.session["_auth_user_id"] == str(direction.pk)
