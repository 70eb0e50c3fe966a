"""The rules of the property offer: validations, proposal states, sites taken by won projects."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from prospects import services as prospect_services
from prospects.models import ProjectStage
from sites import services
from sites.models import Availability, ProposalStatus, Site, SiteKind, SiteProposal, Zone
from tests.prospects.factories import ProjectFactory

from .factories import ProposalFactory, SiteFactory, ZoneFactory

pytestmark = pytest.mark.django_db


# Zones and sites: where they are -------------------------------------------------


def test_a_zone_takes_its_insee_code_and_coordinates_from_postcode_and_commune():
    zone = services.zone_create(
        name="ZA de la Garde",
        commune_name="Saint-Chély-d'Apcher",
        postcode="48200",
        area_total_ha=Decimal("30"),
        area_available_ha=Decimal("9"),
    )
    assert zone.commune_insee == "48140"
    assert zone.latitude == Decimal("44.812636")
    assert zone.longitude == Decimal("3.275158")


def test_typed_coordinates_are_kept():
    zone = ZoneFactory(latitude=Decimal("44.55"), longitude=Decimal("3.30"))
    assert (zone.latitude, zone.longitude) == (Decimal("44.55"), Decimal("3.30"))


def test_a_site_in_a_zone_is_in_the_zone_commune():
    zone = ZoneFactory()
    site = SiteFactory(zone=zone)
    assert (site.commune_name, site.commune_insee, site.postcode) == ("Marvejols", "48092", "48100")
    assert site.latitude is not None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"area_total_ha": Decimal("5"), "area_available_ha": Decimal("6")},
            "area_available_ha",
            "ne peut pas dépasser",
        ),
        (
            {"area_total_ha": Decimal("-1"), "area_available_ha": Decimal("0")},
            "area_total_ha",
            "supérieure ou égale à 0",
        ),
        ({"latitude": Decimal("40.4"), "longitude": Decimal("-3.7")}, "latitude", "hors de France"),
        ({"latitude": Decimal("44.5")}, "longitude", "aucune des deux"),
        ({"commune_insee": "99999"}, "commune_insee", "n'existe pas"),
    ],
)
def test_bad_zones_are_refused_with_a_french_message_and_nothing_saved(fields, field, message):
    with pytest.raises(ValidationError) as raised:
        ZoneFactory(**fields)
    assert message in " ".join(raised.value.message_dict[field])
    assert not Zone.objects.exists()


def test_overseas_coordinates_are_in_france():
    zone = ZoneFactory(
        commune_name="Saint-Denis", commune_insee="97411", latitude=Decimal("-20.88"), longitude=Decimal("55.45")
    )
    assert zone.pk


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"building_m2": -10}, "building_m2", "supérieure ou égale à 0"),
        ({"land_m2": -1}, "land_m2", "supérieure ou égale à 0"),
        ({"availability": Availability.LET}, "sale_price", "Un site loué"),
        (
            {"availability": Availability.LET, "sale_price": None, "monthly_rent": Decimal("900")},
            "monthly_rent",
            "Un site loué",
        ),
        ({"latitude": Decimal("48.2"), "longitude": Decimal("16.4")}, "latitude", "hors de France"),
    ],
)
def test_bad_sites_are_refused_with_a_french_message_and_nothing_saved(fields, field, message):
    zone = ZoneFactory()
    with pytest.raises(ValidationError) as raised:
        SiteFactory(zone=zone, **fields)
    assert message in " ".join(raised.value.message_dict[field])
    assert not Site.objects.exists()


def test_a_site_needs_a_commune_when_it_is_in_no_zone():
    with pytest.raises(ValidationError) as raised:
        SiteFactory(zone=None)
    assert "commune_name" in raised.value.message_dict


def test_a_let_site_without_price_is_fine_and_the_update_rule_holds():
    site = SiteFactory(sale_price=None, monthly_rent=None, availability=Availability.LET)
    with pytest.raises(ValidationError):
        services.site_update(site=site, monthly_rent=Decimal("1000"))
    site.refresh_from_db()
    assert site.monthly_rent is None


# Proposals ------------------------------------------------------------------------


def test_proposal_goes_proposed_visited_chosen(mission):
    proposal = ProposalFactory(actor=mission)
    assert proposal.status == ProposalStatus.PROPOSED
    assert proposal.proposed_by == mission
    services.proposal_set_status(proposal=proposal, status=ProposalStatus.VISITED, actor=mission)
    services.proposal_set_status(proposal=proposal, status=ProposalStatus.CHOSEN, actor=mission)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CHOSEN


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], ProposalStatus.CHOSEN),
        ([], ProposalStatus.PROPOSED),
        ([ProposalStatus.REJECTED], ProposalStatus.VISITED),
        ([ProposalStatus.VISITED, ProposalStatus.CHOSEN], ProposalStatus.REJECTED),
        ([ProposalStatus.VISITED], ProposalStatus.PROPOSED),
    ],
)
def test_invalid_transitions_are_refused(mission, path, refused):
    proposal = ProposalFactory(actor=mission)
    for status in path:
        services.proposal_set_status(proposal=proposal, status=status, actor=mission)
    with pytest.raises(ValidationError) as raised:
        services.proposal_set_status(proposal=proposal, status=refused, actor=mission)
    assert "ne peut pas passer" in " ".join(raised.value.messages)
    proposal.refresh_from_db()
    assert proposal.status == (path[-1] if path else ProposalStatus.PROPOSED)


def test_a_site_cannot_be_proposed_twice_to_a_project(mission):
    proposal = ProposalFactory(actor=mission)
    with pytest.raises(ValidationError) as raised:
        services.proposal_create(project=proposal.project, site=proposal.site, actor=mission)
    assert "déjà été proposé" in " ".join(raised.value.messages)


def test_a_project_chooses_one_site(mission):
    project = ProjectFactory(owner=mission)
    first, second = ProposalFactory(project=project, actor=mission), ProposalFactory(project=project, actor=mission)
    for proposal in (first, second):
        services.proposal_set_status(proposal=proposal, status=ProposalStatus.VISITED, actor=mission)
    services.proposal_set_status(proposal=first, status=ProposalStatus.CHOSEN, actor=mission)
    with pytest.raises(ValidationError) as raised:
        services.proposal_set_status(proposal=second, status=ProposalStatus.CHOSEN, actor=mission)
    assert "déjà retenu un site" in " ".join(raised.value.messages)
    assert SiteProposal.objects.get(pk=second.pk).status == ProposalStatus.VISITED


def _win(project, actor):
    prospect_services.project_move_stage(
        project=project, stage=ProjectStage.WON, actor=actor, jobs_created=8, investment_realised=Decimal("700000")
    )


def _choose(proposal, actor):
    services.proposal_set_status(proposal=proposal, status=ProposalStatus.VISITED, actor=actor)
    services.proposal_set_status(proposal=proposal, status=ProposalStatus.CHOSEN, actor=actor)


def test_choosing_a_site_for_a_won_project_sells_it(mission):
    project = ProjectFactory(owner=mission)
    _win(project, mission)
    proposal = ProposalFactory(project=project, actor=mission)
    _choose(proposal, mission)
    site = Site.objects.with_taken().get(pk=proposal.site_id)
    assert site.availability == Availability.SOLD
    assert site.taken
    assert not Site.objects.offered().filter(pk=site.pk).exists()


def test_a_site_only_for_rent_is_let_without_its_rent(mission):
    project = ProjectFactory(owner=mission)
    _win(project, mission)
    proposal = ProposalFactory(
        project=project, site=SiteFactory(sale_price=None, monthly_rent=Decimal("2000")), actor=mission
    )
    _choose(proposal, mission)
    site = Site.objects.get(pk=proposal.site_id)
    assert (site.availability, site.monthly_rent) == (Availability.LET, None)


def test_winning_a_project_after_choosing_its_site_takes_the_site_off_the_offer(mission):
    project = ProjectFactory(owner=mission)
    proposal = ProposalFactory(project=project, actor=mission)
    _choose(proposal, mission)
    assert Site.objects.offered().filter(pk=proposal.site_id).exists()
    _win(project, mission)
    assert not Site.objects.offered().filter(pk=proposal.site_id).exists()
    other = ProjectFactory(owner=mission)
    with pytest.raises(ValidationError) as raised:
        services.proposal_create(project=other, site=proposal.site, actor=mission)
    assert "n'est plus disponible" in " ".join(raised.value.messages)


def test_a_sold_site_cannot_be_proposed(mission):
    site = SiteFactory(availability=Availability.SOLD)
    with pytest.raises(ValidationError):
        services.proposal_create(project=ProjectFactory(owner=mission), site=site, actor=mission)
    assert not SiteProposal.objects.exists()


def test_a_lot_can_be_created():
    site = SiteFactory(kind=SiteKind.LOT, building_m2=None, sale_price=None)
    assert site.kind == SiteKind.LOT
