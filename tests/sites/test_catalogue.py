"""The catalogue's filters, pagination and query budget."""

from decimal import Decimal

import pytest
from django.urls import reverse

from prospects import services as prospect_services
from prospects.models import ProjectStage
from sites import services
from sites.models import Availability, ProposalStatus, Site, SiteKind
from tests.prospects.factories import ProjectFactory

from .factories import ProposalFactory, SiteFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    near_fibre = ZoneFactory(name="ZA proche", interchange_km=Decimal("1.5"), has_fibre=True)
    far = ZoneFactory(name="ZA lointaine", commune_name="Mende", commune_insee="48095", interchange_km=Decimal("25"))
    return {
        "small": SiteFactory(reference="SMALL", zone=near_fibre, building_m2=400, land_m2=1000, sale_price=150000),
        "big": SiteFactory(
            reference="BIG", zone=far, building_m2=3000, land_m2=12000, sale_price=900000, has_fibre=True
        ),
        "lot": SiteFactory(
            reference="LOT", kind=SiteKind.LOT, zone=far, building_m2=None, land_m2=5000, sale_price=None
        ),
        "rented": SiteFactory(reference="RENT", zone=near_fibre, sale_price=None, monthly_rent=2500),
        "sold": SiteFactory(reference="SOLD", zone=far, availability=Availability.SOLD),
        "option": SiteFactory(reference="OPTION", zone=far, availability=Availability.UNDER_OPTION),
        "alone": SiteFactory(reference="ALONE", zone=None, commune_name="Langogne", postcode="48300", has_fibre=False),
    }


def listed(client, **params):
    response = client.get(reverse("sites:site_list"), params)
    assert response.status_code == 200
    return {site.reference for site in response.context["page"].object_list}


ALL = {"SMALL", "BIG", "LOT", "RENT", "SOLD", "OPTION", "ALONE"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL),
        ({"kind": "lot"}, {"LOT"}),
        ({"commune": "Mende"}, {"BIG", "LOT", "SOLD", "OPTION"}),
        ({"commune": "Langogne"}, {"ALONE"}),
        ({"building_m2_min": "500"}, {"BIG", "RENT", "SOLD", "OPTION", "ALONE"}),
        ({"building_m2_min": "500", "building_m2_max": "1500"}, {"RENT", "SOLD", "OPTION", "ALONE"}),
        ({"land_m2_min": "4000"}, {"BIG", "LOT"}),
        ({"land_m2_max": "2000"}, {"SMALL"}),
        ({"fibre": "true"}, {"SMALL", "BIG", "RENT"}),
        ({"fibre": "false"}, {"LOT", "SOLD", "OPTION", "ALONE"}),
        ({"interchange_km": "2"}, {"SMALL", "RENT"}),
        ({"availability": "available"}, {"SMALL", "BIG", "LOT", "RENT", "ALONE"}),
        ({"availability": "under_option"}, {"OPTION"}),
        ({"availability": "sold"}, {"SOLD"}),
        ({"max_price": "400000"}, {"SMALL", "SOLD", "OPTION", "ALONE"}),
        ({"kind": "building", "fibre": "true", "availability": "available", "max_price": "500000"}, {"SMALL"}),
    ],
)
def test_catalogue_filters(mission_client, offer, params, expected):
    assert listed(mission_client, **params) == expected


def test_catalogue_rows_show_dashes_for_unknown_surfaces(mission_client, offer):
    page = mission_client.get(reverse("sites:site_list"), {"kind": "lot"}).content.decode()
    assert "None" not in page
    assert "5\xa0000" in page


def test_invalid_filter_values_show_an_error_and_no_rows(mission_client, offer):
    response = mission_client.get(reverse("sites:site_list"), {"building_m2_min": "beaucoup"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors
    assert list(response.context["page"].object_list) == []


def test_a_site_chosen_by_a_won_project_is_no_longer_offered(mission_client, mission, offer):
    project = ProjectFactory(owner=mission)
    proposal = ProposalFactory(project=project, site=offer["small"], actor=mission)
    services.proposal_set_status(proposal=proposal, status=ProposalStatus.VISITED, actor=mission)
    services.proposal_set_status(proposal=proposal, status=ProposalStatus.CHOSEN, actor=mission)
    assert "SMALL" in listed(mission_client, availability="available")
    prospect_services.project_move_stage(
        project=project, stage=ProjectStage.WON, actor=mission, jobs_created=5, investment_realised=100000
    )
    assert "SMALL" not in listed(mission_client, availability="available")
    page = mission_client.get(reverse("sites:site_list")).content.decode()
    assert "Retenu (projet implanté)" in page
    other = ProjectFactory(owner=mission, building_m2=400)
    response = mission_client.get(reverse("sites:project_matches", args=[other.pk]))
    assert "SMALL" not in [site.reference for site, _m, _p in response.context["matches"]]


def test_the_catalogue_is_paginated(mission_client):
    zone = ZoneFactory()
    for _ in range(30):
        SiteFactory(zone=zone)
    first = mission_client.get(reverse("sites:site_list"))
    assert len(first.context["page"].object_list) == 25
    second = mission_client.get(reverse("sites:site_list"), {"page": 2, "kind": "building"})
    assert len(second.context["page"].object_list) == 5
    assert "kind=building&amp;page=1" in second.content.decode()


def _many_sites(count):
    zones = [ZoneFactory(has_fibre=bool(i % 2)) for i in range(5)]
    for index in range(count):
        SiteFactory(zone=zones[index % 5] if index % 7 else None, commune_name="Mende", postcode="48000")


def test_catalogue_query_budget_with_60_sites(mission_client, django_assert_max_num_queries):
    _many_sites(60)
    with django_assert_max_num_queries(12):
        response = mission_client.get(reverse("sites:site_list"), {"fibre": "true", "availability": "available"})
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        response = mission_client.get(reverse("sites:site_list"), {"page": 2})
    assert len(response.context["page"].object_list) == 25


def test_matches_and_zone_pages_query_budget(mission_client, mission, django_assert_max_num_queries):
    _many_sites(60)
    project = ProjectFactory(owner=mission, building_m2=900, fibre_needed=True, max_interchange_km=5)
    for site in Site.objects.all()[:5]:
        ProposalFactory(project=project, site=site, actor=mission)
    with django_assert_max_num_queries(12):
        response = mission_client.get(reverse("sites:project_matches", args=[project.pk]))
    assert len(response.context["matches"]) >= 50
    with django_assert_max_num_queries(12):
        assert mission_client.get(reverse("sites:zone_list")).status_code == 200
    zone = Site.objects.exclude(zone=None).first().zone
    with django_assert_max_num_queries(12):
        assert mission_client.get(reverse("sites:zone_detail", args=[zone.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert mission_client.get(reverse("sites:site_detail", args=[zone.sites.first().pk])).status_code == 200


def test_a_lot_without_a_price_shows_the_zone_price_per_m2(mission_client):
    zone = ZoneFactory(price_per_m2=Decimal("12.50"))
    SiteFactory(kind=SiteKind.LOT, zone=zone, building_m2=None, sale_price=None)
    page = mission_client.get(reverse("sites:site_list")).content.decode()
    assert "12,50\xa0€/m²" in page
