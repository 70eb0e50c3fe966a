from decimal import Decimal

import pytest

from demo import offer as demo
from demo import users as accounts_demo
from prospects import services as prospect_services
from prospects.models import Project, ProjectStage
from sites.models import Availability, Programme, ProposalStatus, Site, SiteKind, SiteProposal, Zone
from tests.prospects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    return accounts_demo.seed()


def test_seed_loads_the_2012_offer_and_is_idempotent(users):
    demo.seed(users)
    counts = (Programme.objects.count(), Zone.objects.count(), Site.objects.count())
    demo.seed(users)
    assert (Programme.objects.count(), Zone.objects.count(), Site.objects.count()) == counts

    malzieu = Programme.objects.get(name="Convention de revitalisation du bassin de Malzieu")
    assert "3A" in malzieu.partners and "État" in malzieu.partners and "Conseil général" in malzieu.partners
    assert (malzieu.starts_on.year, malzieu.ends_on.year) == (2011, 2014)
    assert malzieu.sites.exists() and malzieu.zones.exists()

    buildings = Site.objects.offered().filter(kind=SiteKind.BUILDING, availability=Availability.AVAILABLE)
    assert 9 <= buildings.count() <= 12
    polen = Zone.objects.get(name="Parc technologique POLeN")
    assert polen.commune_insee == "48095" and polen.has_fibre
    assert polen.sites.filter(kind=SiteKind.LOT, has_fibre=True).count() >= 3
    along_a75 = Zone.objects.filter(motorway="A75", interchange_km__lte=3)
    assert along_a75.count() >= 4
    assert all(zone.latitude is not None for zone in Zone.objects.all())
    assert not Site.objects.filter(is_demo=False).exists()
    assert not Zone.objects.filter(is_demo=False).exists()


def test_seed_proposals_without_demo_projects_does_nothing(users):
    demo.seed(users)
    demo.seed_proposals(users)
    assert not SiteProposal.objects.exists()


def test_seed_proposals_proposes_sites_and_a_won_project_takes_its_site(users):
    demo.seed(users)
    mission = users["mission"]
    active = ProjectFactory(owner=mission, stage=ProjectStage.SITE_VISIT, building_m2=1000, fibre_needed=True)
    won = ProjectFactory(owner=mission, building_m2=3000, land_m2=10000)
    prospect_services.project_move_stage(
        project=won, stage=ProjectStage.WON, actor=mission, jobs_created=20, investment_realised=Decimal("2000000")
    )
    Project.objects.filter(pk__in=[active.pk, won.pk]).update(is_demo=True)

    demo.seed_proposals(users)
    demo.seed_proposals(users)

    assert active.site_proposals.count() == 2
    chosen = won.site_proposals.get()
    assert chosen.status == ProposalStatus.CHOSEN
    assert chosen.site.reference == "BAT-MAL-01"
    assert not Site.objects.offered().filter(pk=chosen.site_id).exists()
