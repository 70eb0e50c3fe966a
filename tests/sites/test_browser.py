"""A chargée de mission opens a demo-like project, sees its matches, proposes the best and prints its sheet."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from demo import offer as demo
from demo import users as accounts_demo
from prospects.models import ProjectStage
from sites.models import ProposalStatus, SiteProposal
from tests.prospects.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_match_propose_and_print_the_sheet(live_server, page, mission):
    demo.seed(accounts_demo.seed())
    project = ProjectFactory(
        owner=mission,
        title="Reprise d'une fromagerie",
        stage=ProjectStage.SITE_VISIT,
        building_m2=3000,
        land_m2=10000,
        fibre_needed=True,
        max_interchange_km=Decimal("20"),
        budget=Decimal("700000"),
        is_demo=True,
    )

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill("camille")
    page.locator("input[name=password]").fill("lozdev-test-pass")
    page.get_by_role("button", name="Se connecter").click()

    page.goto(live_server.url + reverse("prospects:project_detail", args=[project.pk]))
    page.get_by_role("link", name="Sites correspondants").click()
    expect(page.locator("h1")).to_contain_text("Sites correspondants : Reprise d'une fromagerie")

    best = page.locator(".match").first
    expect(best).to_contain_text("BAT-MAL-01")
    expect(best).to_contain_text("surface bâtie 3\xa0200 m² pour 3\xa0000 demandés ✓")
    expect(best).to_contain_text("fibre raccordée ✓")
    expect(page.locator(".match").filter(has_text="BAT-MON-01")).to_contain_text("fibre ✗")

    best.get_by_role("button", name="Proposer ce site").click()
    expect(page.locator(".message.success")).to_contain_text("BAT-MAL-01 est proposé")
    expect(page.locator(".match").first).to_contain_text("Déjà proposé")
    proposal = SiteProposal.objects.get(project=project)
    assert (proposal.site.reference, proposal.status, proposal.proposed_by) == (
        "BAT-MAL-01",
        ProposalStatus.PROPOSED,
        mission,
    )

    page.locator(".proposals").get_by_role("button", name="Visité").click()
    expect(page.locator(".proposals")).to_contain_text("Visité")

    page.locator(".match").first.get_by_role("link", name="Fiche à imprimer").click()
    expect(page.locator(".sheet h1")).to_have_text("Ancienne fromagerie de 3 200 m²")
    expect(page.locator(".sheet")).to_contain_text("Réseaux de la zone")
    expect(page.locator(".sheet-contact")).to_contain_text("Camille Martin")
    expect(page.locator(".topbar")).to_have_count(0)
    page.emulate_media(media="print")
    expect(page.locator(".sheet-tools")).to_be_hidden()
