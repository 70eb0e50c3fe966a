"""Two-factor authentication: who must pass it, setting it up, signing in with it, recovery codes."""

import os
import secrets
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import calendar_token_renew, two_factor_enable, two_factor_reset

pytestmark = pytest.mark.django_db

PASSWORD = "lozdev-test-pass"
STAFF_PAGES = ["/", "/entreprises/", "/relances/", "/salons/", "/offre/", "/compte/profil/", "/admin/"]


@pytest.fixture
def production_like(settings):
    """What production runs: 2FA required, no demo bypass."""
    settings.OTP_REQUIRED = True
    settings.OTP_DEMO_BYPASS = False
    return settings


def code_for(device_or_key, offset=0):
    key = device_or_key.bin_key if isinstance(device_or_key, TOTPDevice) else bytes.fromhex(device_or_key)
    totp = TOTP(key, step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def sign_in(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def enabled(user):
    key = TOTPDevice().key
    device, codes = two_factor_enable(user=user, hex_key=key, code=code_for(key, offset=-30))
    return device, codes


def test_direction_reaches_no_page_after_the_password_alone(client, direction, production_like):
    sign_in(client, direction)
    for url in STAFF_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:two_factor_setup")), url


def test_with_an_application_direction_is_asked_for_its_code_on_every_page(client, direction, production_like):
    enabled(direction)
    sign_in(client, direction)
    for url in STAFF_PAGES:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:two_factor_verify")), url


def test_an_admin_site_user_is_required_too(client, mission, production_like):
    mission.is_staff = True
    mission.save()
    sign_in(client, mission)
    assert client.get("/admin/")["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_a_charge_de_mission_is_not_required(client, mission, observer, production_like):
    for user in (mission, observer):
        client.logout()
        sign_in(client, user)
        assert client.get("/").status_code == 200


def test_setup_with_a_real_code_shows_ten_recovery_codes_once(client, direction, production_like):
    sign_in(client, direction)
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    key = client.session["two_factor_setup_key"]
    response = client.post(reverse("accounts:two_factor_setup"), {"code": code_for(key)})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=direction)
    assert device.confirmed and device.key == key
    codes_page = client.get(response["Location"]).content.decode()
    codes = list(StaticToken.objects.filter(device__user=direction).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in codes_page for code in codes)
    again = client.get(reverse("accounts:two_factor_codes")).content.decode()
    assert not any(code in again for code in codes)
    assert client.get("/entreprises/").status_code == 200


def test_a_wrong_code_at_setup_is_refused_in_french_and_creates_nothing(client, direction, production_like):
    sign_in(client, direction)
    client.get(reverse("accounts:two_factor_setup"))
    key = client.session["two_factor_setup_key"]
    wrong = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two_factor_setup"), {"code": wrong})
    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=direction).exists()
    assert client.get("/entreprises/").status_code == 302


def test_sign_in_with_the_application_s_code(client, direction, production_like):
    device, _codes = enabled(direction)
    sign_in(client, direction)
    response = client.post(reverse("accounts:two_factor_verify") + "?next=/relances/", {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/relances/"
    assert client.get("/entreprises/").status_code == 200


def test_a_wrong_code_is_refused_then_throttled_in_french(client, direction, production_like):
    device, _codes = enabled(direction)
    sign_in(client, direction)
    wrong = f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"
    first = client.post(reverse("accounts:two_factor_verify"), {"code": wrong})
    assert "Code incorrect" in first.content.decode()
    second = client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    assert "Trop de codes erronés" in second.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert client.get("/").status_code == 302


def test_a_recovery_code_works_once(client, direction, production_like):
    _device, codes = enabled(direction)
    sign_in(client, direction)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.logout()
    sign_in(client, direction)
    again = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200
    assert "Code incorrect" in again.content.decode()
    assert StaticToken.objects.filter(device__user=direction).count() == 9


def test_a_charge_may_turn_it_on_then_off(client, mission, production_like):
    device, _codes = enabled(mission)
    sign_in(client, mission)
    assert client.get("/")["Location"].startswith(reverse("accounts:two_factor_verify"))
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    response = client.post(reverse("accounts:profile_two_factor"), {"action": "disable", "code": code_for(device, 30)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=mission).exists()
    assert client.get("/").status_code == 200


def test_direction_cannot_turn_it_off(client, direction, production_like):
    device, _codes = enabled(direction)
    sign_in(client, direction)
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    response = client.post(
        reverse("accounts:profile_two_factor"), {"action": "disable", "code": code_for(device, 30)}, follow=True
    )
    assert "obligatoire pour votre rôle" in response.content.decode()
    assert TOTPDevice.objects.filter(user=direction).exists()


def test_new_recovery_codes_replace_the_old_ones(client, direction, production_like):
    device, old = enabled(direction)
    sign_in(client, direction)
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    response = client.post(
        reverse("accounts:profile_two_factor"), {"action": "regenerate", "code": code_for(device, 30)}
    )
    assert response["Location"].startswith(reverse("accounts:two_factor_codes"))
    new = set(StaticToken.objects.filter(device__user=direction).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)


def test_an_admin_reset_sends_the_person_to_a_new_setup(client, direction, admin_user, production_like):
    enabled(direction)
    two_factor_reset(user=direction, actor=admin_user)
    assert not TOTPDevice.objects.filter(user=direction).exists()
    sign_in(client, direction)
    assert client.get("/")["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_direction_cannot_reset_an_administrator_s(direction, admin_user):
    from django.core.exceptions import ValidationError

    enabled(admin_user)
    with pytest.raises(ValidationError):
        two_factor_reset(user=admin_user, actor=direction)
    assert TOTPDevice.objects.filter(user=admin_user).exists()


def test_the_calendar_feed_works_with_its_token(client, direction, production_like):
    token = calendar_token_renew(user=direction)
    assert client.get(reverse("reminders:calendar_feed", args=[token])).status_code == 200
    sign_in(client, direction)
    assert client.get(reverse("reminders:calendar_feed", args=[token])).status_code == 200


def test_the_demo_bypass_lets_direction_in_with_the_password(client, direction, settings):
    settings.OTP_REQUIRED = True
    settings.OTP_DEMO_BYPASS = True
    sign_in(client, direction)
    assert client.get("/").status_code == 200


def _settings_in(env):
    full = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "OTP_DEMO_BYPASS", "OTP_REQUIRED"}}
    full.update(env)
    code = "import django; django.setup(); from django.conf import settings; print(settings.OTP_REQUIRED, settings.OTP_DEMO_BYPASS)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env={**full, "DJANGO_SETTINGS_MODULE": "lozdev.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_the_demo_bypass(tmp_path):
    production = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "crm.example.org",
        "VAR_DIR": str(tmp_path),
    }
    default = _settings_in(production)
    assert default.returncode == 0, default.stderr
    assert default.stdout.split() == ["True", "False"]
    refused = _settings_in({**production, "OTP_DEMO_BYPASS": "1"})
    assert refused.returncode != 0
    assert "OTP_DEMO_BYPASS" in refused.stderr


def test_the_admin_lists_second_factors_in_french_and_resets_them(admin_client, direction):
    device, _codes = enabled(direction)
    url = reverse("admin:accounts_twofactordevice_changelist")
    page = admin_client.get(url).content.decode()
    assert "Sélectionnez une double authentification" in page
    assert device.key not in page
    response = admin_client.post(url, {"action": "reset", "_selected_action": [device.pk]}, follow=True)
    assert "réinitialisée" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=direction).exists()
    assert not StaticToken.objects.filter(device__user=direction).exists()


def test_check_deploy_warns_when_the_second_factor_is_optional(settings):
    from accounts.checks import two_factor_is_required

    assert two_factor_is_required(None) == []
    settings.OTP_REQUIRED = False
    assert [warning.id for warning in two_factor_is_required(None)] == ["accounts.W001"]
