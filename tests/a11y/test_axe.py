"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on our main pages, for each role, at 375 and 1280 px.

On the demo data, signed in through the sign-in page (itself checked first,
signed out), each main page is visited at both widths and axe-core, vendored
in tests/browser_assets/, runs on it. Where a page has a list of suggestions
(the lead-capture company search, the header's global search) it is checked
with the list open, since that is where combobox markup goes wrong.

axe is injected with ``context.add_init_script``, which Chromium evaluates in
each new document before the page's own scripts and outside its Content
Security Policy; ``page.add_script_tag`` would insert an inline script that
our CSP (script-src 'self') rightly blocks. The pages therefore run under
their real CSP, so what axe sees is what users get: a style or script the
policy blocks is blocked here too.

One browser context per role, reusing one page, keeps each role's run short.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from demo.users import DEMO_PASSWORD

from .pages import demo_objects, main_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "browser_assets" / "axe.min.js"
WIDTHS = (375, 1280)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " + n.failureSummary.replace(/\\s+/g, " ").slice(0, 200)),
  }));
}"""


def violations_on(page, label):
    found = page.evaluate(RUN_AXE, TAGS)
    return [f"{label}: [{v['impact']}] {v['id']} ({v['help']})\n    " + "\n    ".join(v["nodes"]) for v in found]


def open_suggestions(page, selector, text):
    box = page.locator(selector)
    if not box.count() or not box.first.is_visible():
        return
    box.first.fill(text)
    listbox = page.locator(f"#{box.first.get_attribute('aria-controls')}")
    expect(listbox).to_be_visible()
    expect(listbox.locator("[role=option]").first).to_be_visible()


def login(page, live_server, username):
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator(".username")).to_be_visible()


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    return demo_objects()


@pytest.mark.parametrize("username", ["mission", "direction", "observateur"])
def test_main_pages_have_no_axe_violation(live_server, browser, demo, username):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + reverse("accounts:login"))
        problems += violations_on(page, f"login @{width}")
    login(page, live_server, username)
    pages = main_pages(demo)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages:
            page.goto(live_server.url + path)
            if name == "lead capture":
                open_suggestions(page, "#id_company_search", "mar")
            elif name == "search":
                open_suggestions(page, "#global-search-input", "mar")
            problems += violations_on(page, f"{name} @{width} ({path})")
    context.close()
    assert not problems, f"{len(problems)} axe violations as {username}:\n" + "\n".join(problems)


def test_a_broken_label_is_reported(live_server, page):
    """The harness itself: a field whose label is taken away is a violation axe reports."""
    page.context.add_init_script(path=str(AXE))
    page.goto(live_server.url + reverse("accounts:login"))
    assert violations_on(page, "login") == []
    page.evaluate("document.querySelector('label[for=id_username]').remove()")
    found = violations_on(page, "login")
    assert any("] label (" in line and "#id_username" in line for line in found), found


def test_the_first_tab_offers_to_skip_to_the_content(live_server, page, mission):
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill(mission.username)
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator(".username")).to_be_visible()
    page.goto(live_server.url + reverse("prospects:company_list"))
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Aller au contenu")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
