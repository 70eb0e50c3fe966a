"""Direction's first sign-in in a real browser, under the site's CSP: scan, confirm, keep the codes, sign in again."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import expect

from accounts.two_factor import RECOVERY_CODE_RE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, username):
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()


def _code_for(secret):
    from base64 import b32decode

    key = b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{TOTP(key, step=30, t0=0, digits=6).token():06d}"


def test_direction_sets_up_the_app_then_signs_in_with_a_recovery_code(live_server, page, direction, settings):
    settings.OTP_DEMO_BYPASS = False
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.set_viewport_size({"width": 390, "height": 844})

    _sign_in(page, live_server, "dominique")
    expect(page.get_by_role("heading", name="Activer la double authentification")).to_be_visible()
    qr = page.get_by_role("img", name="QR code de configuration")
    box = qr.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100, box
    assert box["x"] + box["width"] <= 390
    secret = page.locator(".otp-secret").inner_text()

    page.get_by_label("Code à six chiffres").fill("000000" if _code_for(secret) != "000000" else "111111")
    page.get_by_role("button", name="Activer").click()
    expect(page.locator(".has-error")).to_contain_text("Code incorrect")

    page.get_by_label("Code à six chiffres").fill(_code_for(secret))
    page.get_by_role("button", name="Activer").click()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(RECOVERY_CODE_RE.fullmatch(code) for code in codes)
    page.get_by_role("link", name="Continuer").click()
    expect(page).not_to_have_url(re.compile("double|two"))

    page.context.clear_cookies()
    _sign_in(page, live_server, "dominique")
    page.goto(live_server.url + "/entreprises/")
    field = page.locator("input[name=code]")
    expect(field).to_be_visible()
    field.fill(codes[0])
    field.press("Enter")
    expect(page).to_have_url(live_server.url + "/entreprises/")
    expect(page.locator("body")).to_contain_text("Code de secours accepté")
    assert not blocked, blocked
