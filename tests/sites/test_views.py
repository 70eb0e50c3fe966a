"""Every screen: anonymous → login, observer → 403, staff → 200; POSTs write; confidential → 404."""

import html
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sites.models import Availability, ProposalStatus, Site, SitePhoto, SiteProposal, Zone
from tests.prospects.factories import ProjectFactory

from .factories import ProgrammeFactory, ProposalFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return SiteFactory(has_fibre=True)


@pytest.fixture
def project(mission):
    return ProjectFactory(owner=mission, building_m2=800, fibre_needed=True, budget=Decimal("500000"))


def text(response):
    return html.unescape(response.content.decode())


def _urls(site, project):
    zone = site.zone
    programme = ProgrammeFactory()
    return [
        reverse("sites:site_list"),
        reverse("sites:site_detail", args=[site.pk]),
        reverse("sites:site_sheet", args=[site.pk]),
        reverse("sites:site_create"),
        reverse("sites:site_update", args=[site.pk]),
        reverse("sites:zone_list"),
        reverse("sites:zone_detail", args=[zone.pk]),
        reverse("sites:zone_create"),
        reverse("sites:zone_update", args=[zone.pk]),
        reverse("sites:programme_list"),
        reverse("sites:programme_detail", args=[programme.pk]),
        reverse("sites:project_matches", args=[project.pk]),
    ]


def test_anonymous_is_sent_to_login(client, site, project):
    for url in _urls(site, project):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


def test_observer_and_no_role_get_403(observer_client, client, no_role_user, site, project):
    client.force_login(no_role_user)
    for url in _urls(site, project):
        assert observer_client.get(url).status_code == 403, url
        assert client.get(url).status_code == 403, url
    assert (
        observer_client.post(reverse("sites:proposal_create"), {"project": project.pk, "site": site.pk}).status_code
        == 403
    )


def test_staff_get_200(mission_client, direction_client, site, project):
    for url in _urls(site, project):
        assert mission_client.get(url).status_code == 200, url
        assert direction_client.get(url).status_code == 200, url


def test_unknown_ids_are_404(mission_client):
    for name in ("site_detail", "site_sheet", "site_update", "zone_detail", "zone_update", "programme_detail"):
        assert mission_client.get(reverse(f"sites:{name}", args=[999999])).status_code == 404
    assert mission_client.get(reverse("sites:project_matches", args=[999999])).status_code == 404
    assert (
        mission_client.post(reverse("sites:proposal_update", args=[999999]), {"status": "visited"}).status_code == 404
    )


def test_gets_do_not_write(mission_client, site, project):
    assert mission_client.get(reverse("sites:proposal_create")).status_code == 405
    assert not SiteProposal.objects.exists()


def test_site_detail_shows_the_facts_and_proposals(mission_client, mission, site, project):
    ProposalFactory(project=project, site=site, actor=mission)
    page = text(mission_client.get(reverse("sites:site_detail", args=[site.pk])))
    assert site.reference in page
    assert "1\xa0000 m²" in page
    assert project.title in page
    assert "Proposé" in page


def test_site_sheet_is_a_standalone_print_page(mission_client, mission, site):
    page = text(mission_client.get(reverse("sites:site_sheet", args=[site.pk])))
    assert 'class="topbar"' not in page
    assert "Réseaux de la zone" in page
    assert "Votre contact" in page and mission.email in page
    assert "sites.css" in page


# Matching ---------------------------------------------------------------------


def test_matches_rank_sites_with_reasons(mission_client, project):
    fibre = SiteFactory(reference="FIBRE", has_fibre=True)
    SiteFactory(reference="NOFIBRE", has_fibre=False)
    SiteFactory(reference="SOLD", availability=Availability.SOLD)
    response = mission_client.get(reverse("sites:project_matches", args=[project.pk]))
    page = text(response)
    ranked = [site.reference for site, _match, _proposal in response.context["matches"]]
    assert ranked == ["FIBRE", "NOFIBRE"]
    assert "fibre raccordée ✓" in page
    assert "fibre ✗" in page
    assert f'value="{fibre.pk}"' in page


def test_confidential_project_is_404_for_outsiders(mission, teammate_client, direction_client, site):
    secret = ProjectFactory(owner=mission, confidential=True, code_name="Projet Lynx")
    proposal = ProposalFactory(project=secret, site=site, actor=mission)
    assert teammate_client.get(reverse("sites:project_matches", args=[secret.pk])).status_code == 404
    other_site = SiteFactory()
    response = teammate_client.post(reverse("sites:proposal_create"), {"project": secret.pk, "site": other_site.pk})
    assert response.status_code == 404
    response = teammate_client.post(reverse("sites:proposal_update", args=[proposal.pk]), {"status": "visited"})
    assert response.status_code == 404
    assert SiteProposal.objects.get(pk=proposal.pk).status == ProposalStatus.PROPOSED
    assert SiteProposal.objects.count() == 1
    page = text(teammate_client.get(reverse("sites:site_detail", args=[site.pk])))
    assert "Projet Lynx" not in page
    assert "projet confidentiel" in page
    assert direction_client.get(reverse("sites:project_matches", args=[secret.pk])).status_code == 200


# Proposals -------------------------------------------------------------------------


def test_proposing_a_site_writes_the_proposal(mission_client, mission, site, project):
    matches = reverse("sites:project_matches", args=[project.pk])
    response = mission_client.post(
        reverse("sites:proposal_create"), {"project": project.pk, "site": site.pk, "next": matches}
    )
    assert response.status_code == 302 and response["Location"] == matches
    proposal = SiteProposal.objects.get()
    assert (proposal.project, proposal.site, proposal.proposed_by) == (project, site, mission)
    page = text(mission_client.get(matches))
    assert "Déjà proposé" in page


def test_proposing_an_unavailable_site_shows_an_error(mission_client, project):
    sold = SiteFactory(availability=Availability.SOLD)
    response = mission_client.post(
        reverse("sites:proposal_create"), {"project": project.pk, "site": sold.pk}, follow=True
    )
    assert "n'est plus disponible" in text(response)
    assert not SiteProposal.objects.exists()


def test_an_outside_next_url_is_ignored(mission_client, site, project):
    response = mission_client.post(
        reverse("sites:proposal_create"), {"project": project.pk, "site": site.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("sites:project_matches", args=[project.pk])


def test_moving_a_proposal_on_and_an_invalid_move(mission_client, mission, site, project):
    proposal = ProposalFactory(project=project, site=site, actor=mission)
    url = reverse("sites:proposal_update", args=[proposal.pk])
    mission_client.post(url, {"status": "visited"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VISITED
    response = mission_client.post(url, {"status": "proposed"}, follow=True)
    assert "ne peut pas passer" in text(response)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VISITED
    response = mission_client.post(url, {"status": "nonsense"}, follow=True)
    assert "Choisissez un état valide" in text(response)


# Forms ------------------------------------------------------------------------------


def _site_data(**overrides):
    data = {
        "reference": "bat-test-01",
        "title": "Atelier de test",
        "kind": "building",
        "zone": "",
        "address": "2 rue de l'Industrie",
        "postcode": "48100",
        "commune_name": "Marvejols",
        "commune_insee": "",
        "latitude": "",
        "longitude": "",
        "building_m2": "800",
        "land_m2": "2000",
        "sale_price": "300000",
        "monthly_rent": "",
        "availability": "available",
    }
    data.update(overrides)
    return data


def test_site_create_fills_the_commune_and_saves(mission_client):
    response = mission_client.post(reverse("sites:site_create"), _site_data())
    site = Site.objects.get()
    assert response.status_code == 302 and response["Location"] == site.get_absolute_url()
    assert (site.reference, site.commune_insee) == ("BAT-TEST-01", "48092")
    assert site.latitude is not None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"building_m2": "-5"}, "Ce nombre doit être supérieur ou égal à 0."),
        ({"availability": "let"}, "Un site loué"),
        ({"latitude": "52.5", "longitude": "13.4"}, "hors de France"),
        ({"postcode": "00000"}, "n'existe pas"),
    ],
)
def test_site_form_errors_are_shown_and_nothing_saved(mission_client, overrides, message):
    response = mission_client.post(reverse("sites:site_create"), _site_data(**overrides))
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert "Atelier de test" in page
    assert not Site.objects.exists()


def test_site_update_writes(mission_client, site):
    data = _site_data(reference=site.reference, zone=site.zone_id, postcode="", commune_name="", title="Nouveau titre")
    response = mission_client.post(reverse("sites:site_update", args=[site.pk]), data)
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.title == "Nouveau titre"
    assert site.commune_name == site.zone.commune_name


def _zone_data(**overrides):
    data = {
        "name": "ZA des Tests",
        "kind": "business_park",
        "state": "on_sale",
        "postcode": "48200",
        "commune_name": "Saint-Chély-d'Apcher",
        "area_total_ha": "12",
        "area_available_ha": "4",
        "motorway": "A75",
        "interchange_km": "1.5",
        "has_water": "on",
        "has_electricity": "on",
        "has_fibre": "on",
    }
    data.update(overrides)
    return data


def test_zone_create_and_update(mission_client):
    response = mission_client.post(reverse("sites:zone_create"), _zone_data())
    zone = Zone.objects.get()
    assert response.status_code == 302
    assert zone.commune_insee == "48140" and zone.has_fibre
    response = mission_client.post(reverse("sites:zone_update", args=[zone.pk]), _zone_data(area_available_ha="6"))
    zone.refresh_from_db()
    assert zone.area_available_ha == Decimal("6")


def test_zone_available_above_total_is_refused_next_to_the_field(mission_client):
    response = mission_client.post(reverse("sites:zone_create"), _zone_data(area_available_ha="20"))
    assert response.status_code == 200
    assert "ne peut pas dépasser la surface totale" in text(response)
    assert response.context["form"].errors["area_available_ha"]
    assert not Zone.objects.exists()


def test_zone_with_an_unknown_postcode_is_refused(mission_client):
    response = mission_client.post(reverse("sites:zone_create"), _zone_data(postcode="99999"))
    assert response.context["form"].errors["postcode"]
    assert not Zone.objects.exists()


def test_zone_with_nothing_to_locate_it_is_refused(mission_client):
    response = mission_client.post(reverse("sites:zone_create"), _zone_data(postcode="", commune_name=""))
    assert response.context["form"].errors["postcode"]
    assert not Zone.objects.exists()


def test_photos_show_on_the_site_page_and_the_sheet(mission_client, site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="JPEG")
    photo = SitePhoto.objects.create(
        site=site, image=SimpleUploadedFile("facade.jpg", buffer.getvalue()), caption="Façade sud"
    )
    for name in ("sites:site_detail", "sites:site_sheet"):
        page = text(mission_client.get(reverse(name, args=[site.pk])))
        assert f'src="{reverse("sites:photo_file", args=[photo.pk])}"' in page
        assert "/media/" not in page
        assert "Façade sud" in page
