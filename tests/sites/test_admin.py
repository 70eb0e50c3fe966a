import html

import pytest
from django.urls import reverse

from sites.models import Availability, ProposalStatus, Site, SiteProposal
from tests.prospects.factories import ProjectFactory

from .factories import ProgrammeFactory, ProposalFactory, SiteFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(mission):
    programme = ProgrammeFactory()
    zones = [ZoneFactory(programme=programme) for _ in range(3)]
    sites = [SiteFactory(zone=zones[i % 3], programme=programme) for i in range(50)]
    project = ProjectFactory(owner=mission)
    proposals = [ProposalFactory(project=project, site=site, actor=mission) for site in sites[:5]]
    return {"programme": programme, "zone": zones[0], "site": sites[0], "proposal": proposals[0]}


@pytest.mark.parametrize("model", ["programme", "zone", "site", "sitephoto", "siteproposal"])
def test_changelists_load_within_budget(admin_client_user, filled, model, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = admin_client_user.get(reverse(f"admin:offer_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("model", "key"), [("programme", "programme"), ("zone", "zone"), ("site", "site"), ("siteproposal", "proposal")]
)
def test_change_forms_load(admin_client_user, filled, model, key, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = admin_client_user.get(reverse(f"admin:offer_{model}_change", args=[filled[key].pk]))
    assert response.status_code == 200
    assert response.context["title"].startswith("Modifier ")


def test_an_invalid_transition_is_refused_in_the_admin(admin_client_user, filled):
    proposal = filled["proposal"]
    url = reverse("admin:offer_siteproposal_change", args=[proposal.pk])
    response = admin_client_user.post(url, {"status": ProposalStatus.CHOSEN, "notes": ""})
    assert response.status_code == 200
    assert "ne peut pas passer" in html.unescape(response.content.decode())
    assert SiteProposal.objects.get(pk=proposal.pk).status == ProposalStatus.PROPOSED
    response = admin_client_user.post(url, {"status": ProposalStatus.VISITED, "notes": "Visite le 12"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.notes) == (ProposalStatus.VISITED, "Visite le 12")


def test_a_proposal_added_in_the_admin_records_who_and_refuses_a_sold_site(admin_client_user, admin_user, mission):
    project = ProjectFactory(owner=mission)
    sold = SiteFactory(availability=Availability.SOLD)
    url = reverse("admin:offer_siteproposal_add")
    response = admin_client_user.post(url, {"project": project.pk, "site": sold.pk, "status": "proposed", "notes": ""})
    assert response.status_code == 200
    assert "plus disponible" in response.content.decode()
    site = SiteFactory()
    response = admin_client_user.post(url, {"project": project.pk, "site": site.pk, "status": "proposed", "notes": ""})
    assert response.status_code == 302
    assert SiteProposal.objects.get(site=site).proposed_by == admin_user


def _site_post(**overrides):
    data = {
        "reference": "ADM-01",
        "title": "Atelier saisi dans l'admin",
        "kind": "building",
        "postcode": "48000",
        "commune_name": "Mende",
        "building_m2": "500",
        "availability": "let",
        "sale_price": "100000",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "proposals-TOTAL_FORMS": "0",
        "proposals-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_the_site_admin_applies_the_rules_and_locates_the_site(admin_client_user):
    url = reverse("admin:offer_site_add")
    response = admin_client_user.post(url, _site_post())
    assert response.status_code == 200
    assert "Un site loué" in html.unescape(response.content.decode())
    assert not Site.objects.exists()
    response = admin_client_user.post(url, _site_post(availability="available"))
    assert response.status_code == 302
    site = Site.objects.get()
    assert (site.commune_insee, site.reference) == ("48095", "ADM-01")
