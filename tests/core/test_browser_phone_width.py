"""On a 390 px phone and a 1280 px screen, the main lists fit the screen and their main action is in reach.

Logged in as the demo's chargé de mission (Direction for the imports), on the
demo data: nothing sticks out past the right edge of the window, and each
page's main button lies within it without scrolling sideways. Only what is
meant to scroll sideways (the pipeline's columns, in a focusable region with
a « faites défiler » hint on a phone) may hold content beyond the edge.
"""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from demo.users import DEMO_PASSWORD
from events.models import Appearance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Elements whose right edge is past the window, outside the pipeline.
OFF_SCREEN = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (!box.width || !box.height || box.right <= width + 0.5) continue;
    if (element.closest(".pipeline")) continue;
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.display === "none") continue;
    out.push(`${element.tagName.toLowerCase()}.${element.className} «${(element.innerText || "").trim().slice(0, 30)}» ends at ${Math.round(box.right)}`);
  }
  return out.slice(0, 10);
}"""


def login(page, live_server, username):
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator(".username")).to_be_visible()


def assert_fits(page, url, action):
    page.goto(url)
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width, url
    assert page.evaluate(OFF_SCREEN) == [], url
    button = page.get_by_role(action[0], name=action[1]).first
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (url, action, box, width)


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    return Appearance.objects.filter(trade_show__name__startswith="Carrefour").order_by("starts_on").first()


def mission_pages(base, appearance):
    return [
        (reverse("dashboard"), ("link", "Rapport annuel")),
        (reverse("prospects:company_list"), ("link", "Nouvelle entreprise")),
        (reverse("prospects:followup_list"), ("link", re.compile("Fait"))),
        (reverse("prospects:project_list"), ("link", "Vue par étape")),
        (reverse("prospects:project_pipeline"), ("link", "Vue tableau")),
        (reverse("events:appearance_list"), ("link", "Saisir un contact")),
        (reverse("events:appearance_detail", args=[appearance.pk]), ("link", "Saisir un contact")),
        (reverse("events:target_list", args=[appearance.pk]), ("link", "Planifier")),
        (reverse("sites:site_list"), ("link", "Nouveau site")),
        (reverse("sites:zone_list"), ("link", "Nouvelle zone")),
        (reverse("sites:programme_list"), ("link", re.compile("Convention"))),
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_main_lists_fit_the_screen(live_server, page, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "mission")
    for path, action in mission_pages(live_server.url, demo):
        assert_fits(page, live_server.url + path, action)
    if width == 390:
        # The pipeline scrolls sideways on purpose, and says so.
        page.goto(live_server.url + reverse("prospects:project_pipeline"))
        expect(page.get_by_text("→ faites défiler")).to_be_visible()
        region = page.get_by_role("region", name="Projets par étape")
        assert region.get_attribute("tabindex") == "0"
        page.screenshot(path="/tmp/l10n-pipeline-390.png")


@pytest.mark.parametrize("width", [390, 1280])
def test_direction_pages_fit_the_screen(live_server, page, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "direction")
    assert_fits(page, live_server.url + reverse("imports:import_start"), ("button", "Analyser le fichier"))
    assert_fits(page, live_server.url + reverse("annual_report") + "?year=2012", ("link", "CSV"))
    assert_fits(page, live_server.url + reverse("prospects:followup_list"), ("button", "Afficher"))
