"""The API's documentation page renders in Chromium under the site's Content-Security-Policy."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_from_our_static_files_with_no_policy_violation(live_server, page, mission):
    violations, outside = [], []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.on(
        "request", lambda request: outside.append(request.url) if not request.url.startswith(live_server.url) else None
    )
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill("camille")
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()

    page.goto(live_server.url + reverse("api:docs"))
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("lozdev API")
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()
    expect(page.locator(".opblock-summary-path").filter(has_text="/api/v1/entreprises/").first).to_be_visible()
    assert violations == []
    assert [url for url in outside if not url.startswith("data:")] == []
