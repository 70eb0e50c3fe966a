"""Content-Security-Policy on every page, and no inline script or style in our templates to need an exception."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
# Emails are not pages: mail clients need inline styles, and CSP does not apply to them.
NOT_PAGES = ("templates/reminders/email/",)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["dashboard", "prospects:company_list", "prospects:followup_list", "admin:index"])
def test_pages_carry_a_policy_without_unsafe_inline(admin_client, name):
    response = admin_client.get(reverse(name))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_the_login_page_has_it_too(client):
    assert "script-src 'self'" in client.get(reverse("accounts:login"))["Content-Security-Policy"]


def _templates():
    for path in sorted(ROOT.glob("templates/**/*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if not relative.startswith(NOT_PAGES):
            yield relative, path.read_text(encoding="utf-8")


def test_no_template_has_an_inline_script_handler_or_style():
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:json|ld\+json)\")[^>]*>"
        r"|\son[a-z]+\s*=|<style[\s>]|\sstyle\s*=|javascript:",
        re.IGNORECASE,
    )
    found = [f"{name}: {match[0].strip()}" for name, text in _templates() for match in inline.finditer(text)]
    assert found == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_behaviours_declared_in_the_markup_work_under_the_policy(live_server, page, direction):
    import datetime

    from playwright.sync_api import expect

    from tests.prospects.factories import ProjectFactory

    ProjectFactory(opened_on=datetime.date(2024, 3, 1))
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill("dominique")
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()

    page.goto(live_server.url + reverse("annual_report"))
    year = page.locator("#year-select")
    other = year.locator("option").nth(1).get_attribute("value")
    year.select_option(other)
    expect(page).to_have_url(f"{live_server.url}{reverse('annual_report')}?year={other}")
    assert not [text for text in errors if "Content Security Policy" in text], errors
