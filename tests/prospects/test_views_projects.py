"""Project screens: open, pipeline, table, page, update, move stage; confidentiality."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from prospects.models import CompanyStage, Project, ProjectStage, ProjectStageChange
from tests.prospects.factories import CompanyFactory, FollowUpFactory, ProjectFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(teammate):
    """A confidential project run by the teammate, unknown to `mission`."""
    return ProjectFactory(
        owner=teammate, confidential=True, code_name="Projet Aigle", title="Usine Laguiole", jobs_planned=40
    )


def project_post(**overrides):
    data = {
        "title": "Nouvelle unité de sciage",
        "code_name": "",
        "sector": "",
        "opened_on": timezone.localdate().isoformat(),
        "owner": "",
        "jobs_planned": "25",
        "investment_planned": "3000000",
        "building_m2": "2000",
        "land_m2": "",
        "max_interchange_km": "",
        "budget": "",
        "needed_by": "",
        "origin_appearance": "",
        "programme": "",
        "description": "",
    }
    data.update(overrides)
    return data


# Access -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["project_pipeline", "project_list"])
def test_lists_need_a_staff_role(client, observer_client, name):
    url = reverse(f"prospects:{name}")
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    assert observer_client.get(url).status_code == 403


@pytest.mark.parametrize("name", ["project_detail", "project_update"])
def test_project_pages_need_a_staff_role(client, observer_client, name):
    project = ProjectFactory()
    url = reverse(f"prospects:{name}", args=[project.pk])
    assert client.get(url).status_code == 302
    assert observer_client.get(url).status_code == 403


def test_open_project_needs_a_staff_role(client, observer_client):
    url = reverse("prospects:project_create", args=[CompanyFactory().pk])
    assert client.get(url).status_code == 302
    assert observer_client.get(url).status_code == 403


def test_move_stage_refuses_get_anonymous_and_observers(client, observer_client, mission_client):
    project = ProjectFactory()
    url = reverse("prospects:project_move_stage", args=[project.pk])
    assert client.post(url, {"stage": "active"}).status_code == 302
    assert observer_client.post(url, {"stage": "active"}).status_code == 403
    assert mission_client.get(url).status_code == 405
    project.refresh_from_db()
    assert project.stage == ProjectStage.LEAD


@pytest.mark.parametrize("name", ["project_detail", "project_update"])
def test_confidential_project_is_404_for_strangers(mission_client, teammate_client, direction_client, secret, name):
    url = reverse(f"prospects:{name}", args=[secret.pk])
    assert mission_client.get(url).status_code == 404
    assert teammate_client.get(url).status_code == 200
    assert direction_client.get(url).status_code == 200


def test_team_member_sees_the_confidential_project(mission, mission_client, secret):
    secret.team.add(mission)
    assert mission_client.get(secret.get_absolute_url()).status_code == 200


def test_stranger_cannot_move_a_confidential_project(mission_client, secret):
    response = mission_client.post(reverse("prospects:project_move_stage", args=[secret.pk]), {"stage": "active"})
    assert response.status_code == 404
    secret.refresh_from_db()
    assert secret.stage == ProjectStage.LEAD


def test_confidential_projects_are_left_out_of_lists_and_counts(mission_client, direction_client, secret):
    ProjectFactory(title="Projet public", jobs_planned=10)
    pipeline = mission_client.get(reverse("prospects:project_pipeline"))
    lead = next(column for column in pipeline.context["columns"] if column["stage"] == "lead")
    assert lead["count"] == 1 and lead["jobs"] == 10
    assert "Projet Aigle" not in pipeline.content.decode()
    table = mission_client.get(reverse("prospects:project_list"))
    assert [project.title for project in table.context["page"].object_list] == ["Projet public"]
    assert "Projet Aigle" not in table.content.decode()
    lead = next(
        c
        for c in direction_client.get(reverse("prospects:project_pipeline")).context["columns"]
        if c["stage"] == "lead"
    )
    assert lead["count"] == 2 and lead["jobs"] == 50


def test_code_name_replaces_the_company_name_in_lists(direction_client, secret):
    html = direction_client.get(reverse("prospects:project_list")).content.decode()
    assert "Projet Aigle" in html and secret.company.name not in html


# Pipeline and table ----------------------------------------------------------------


def test_pipeline_totals_per_stage(mission_client, mission):
    ProjectFactory(jobs_planned=10, investment_planned=1_000_000)
    ProjectFactory(jobs_planned=5, investment_planned=500_000)
    won = ProjectFactory(jobs_planned=20, investment_planned=2_000_000)
    Project.objects.filter(pk=won.pk).update(stage=ProjectStage.WON, jobs_created=18, investment_realised=1_900_000)
    response = mission_client.get(reverse("prospects:project_pipeline"))
    columns = {column["stage"]: column for column in response.context["columns"]}
    assert list(columns) == ["lead", "active", "site_visit", "proposal", "decision", "won", "lost", "dormant"]
    assert (columns["lead"]["count"], columns["lead"]["jobs"], columns["lead"]["investment"]) == (2, 15, 1_500_000)
    assert (columns["won"]["count"], columns["won"]["jobs"]) == (1, 20)
    assert columns["lost"]["count"] == 0
    assert "1\xa0500\xa0000\xa0€" in response.content.decode()


def test_pipeline_query_count_is_fixed(mission_client, mission, teammate, django_assert_max_num_queries):
    company = CompanyFactory()
    for index in range(60):
        project = ProjectFactory(company=company, owner=teammate if index % 2 else mission, confidential=index % 3 == 0)
        project.team.add(mission)
    with django_assert_max_num_queries(10):
        response = mission_client.get(reverse("prospects:project_pipeline"))
    lead = response.context["columns"][0]
    assert lead["count"] == 60 and len(lead["projects"]) == 30


def test_project_table_filters(mission_client, mission, teammate):
    wood = SectorFactory(slug="bois")
    food = SectorFactory(slug="agroalimentaire")
    ProjectFactory(title="Scierie", sector=wood, owner=mission, opened_on=datetime.date(2012, 3, 1))
    ProjectFactory(
        title="Abattoir", sector=food, owner=teammate, opened_on=datetime.date(2011, 5, 1), confidential=True
    )
    ProjectFactory(title="Fromagerie", sector=food, owner=mission, opened_on=datetime.date(2012, 9, 1))
    url = reverse("prospects:project_list")

    def titles(params):
        return sorted(project.title for project in mission_client.get(url, params).context["page"].object_list)

    assert titles({"sector": food.pk}) == ["Fromagerie"]
    assert titles({"owner": mission.pk}) == ["Fromagerie", "Scierie"]
    assert titles({"year": "2012", "sector": wood.pk}) == ["Scierie"]
    assert titles({"stage": "lead"}) == ["Fromagerie", "Scierie"]
    assert titles({"confidential": "true"}) == []


def test_project_table_query_count_is_fixed(direction_client, mission, django_assert_max_num_queries):
    for index in range(60):
        ProjectFactory(owner=mission, confidential=index % 2 == 0)
    with django_assert_max_num_queries(12):
        response = direction_client.get(reverse("prospects:project_list"), {"stage": "lead"})
    assert len(response.context["page"].object_list) == 50 and response.context["page"].has_next


# Page, create, update ----------------------------------------------------------------


def test_project_page_shows_history_team_proposals_and_followups(mission_client, mission, teammate):
    from sites.models import Site, SiteProposal

    project = ProjectFactory(owner=mission, team=[teammate], title="Atelier bois")
    FollowUpFactory(company=project.company, project=project, assignee=mission, title="Envoyer le dossier")
    site = Site.objects.create(
        kind="building",
        reference="BAT-01",
        title="Bâtiment de Marvejols",
        commune_name="Marvejols",
        commune_insee="48092",
    )
    SiteProposal.objects.create(project=project, site=site, proposed_by=mission)
    response = mission_client.get(project.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Julie Chabert" in html and "Camille Martin" in html
    assert "BAT-01" in html and "Envoyer le dossier" in html
    assert [change.stage for change in response.context["stage_changes"]] == ["lead"]


def test_open_project_from_a_company(mission_client, mission, teammate):
    company = CompanyFactory(naf_code="16.10A")
    response = mission_client.post(
        reverse("prospects:project_create", args=[company.pk]), project_post(team=[teammate.pk])
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.owner == mission and set(project.team.all()) == {mission, teammate}
    assert project.sector.slug == "bois" and project.jobs_planned == 25
    assert ProjectStageChange.objects.filter(project=project, stage="lead").exists()
    company.refresh_from_db()
    assert company.stage == CompanyStage.PROJECT


def test_open_project_with_bad_input(mission_client):
    company = CompanyFactory()
    response = mission_client.post(
        reverse("prospects:project_create", args=[company.pk]), project_post(title="", investment_planned="-5")
    )
    assert response.status_code == 200
    assert {"title", "investment_planned"} <= set(response.context["form"].errors)
    assert 'value="-5"' in response.content.decode()
    assert not Project.objects.exists()


def test_update_project(mission_client, mission):
    project = ProjectFactory(owner=mission)
    response = mission_client.post(
        reverse("prospects:project_update", args=[project.pk]),
        project_post(
            title="Extension", code_name="Projet Cèdre", confidential="on", owner=mission.pk, team=[mission.pk]
        ),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.code_name, project.confidential) == ("Extension", "Projet Cèdre", True)


# Moving a stage -----------------------------------------------------------------------


def test_move_stage_records_its_date(mission_client, mission):
    project = ProjectFactory(owner=mission)
    response = mission_client.post(reverse("prospects:project_move_stage", args=[project.pk]), {"stage": "site_visit"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == ProjectStage.SITE_VISIT
    change = ProjectStageChange.objects.filter(project=project).first()
    assert change.stage == "site_visit" and change.changed_by == mission
    assert project.stage_changed_at == change.entered_at


def test_won_requires_jobs_and_investment(mission_client, mission):
    project = ProjectFactory(owner=mission)
    url = reverse("prospects:project_move_stage", args=[project.pk])
    response = mission_client.post(url, {"stage": "won", "jobs_created": "12"})
    assert response.status_code == 200
    assert "investment_realised" in response.context["stage_form"].errors
    assert 'value="12"' in response.content.decode()
    project.refresh_from_db()
    assert project.stage == ProjectStage.LEAD and project.jobs_created is None
    response = mission_client.post(
        url, {"stage": "won", "jobs_created": "12", "investment_realised": "800000", "decided_on": "2012-11-15"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.stage, project.jobs_created, project.investment_realised) == ("won", 12, 800000)
    assert project.decided_on == datetime.date(2012, 11, 15)
    project.company.refresh_from_db()
    assert project.company.stage == CompanyStage.ESTABLISHED


def test_lost_requires_a_reason(mission_client, mission):
    project = ProjectFactory(owner=mission)
    url = reverse("prospects:project_move_stage", args=[project.pk])
    response = mission_client.post(url, {"stage": "lost", "lost_reason": "  "})
    assert response.context["stage_form"].errors["lost_reason"] == ["Indiquez pourquoi le projet a été perdu."]
    assert Project.objects.get(pk=project.pk).stage == ProjectStage.LEAD
    assert mission_client.post(url, {"stage": "lost", "lost_reason": "Parti en Aveyron"}).status_code == 302
    project.refresh_from_db()
    assert project.stage == "lost" and project.lost_reason == "Parti en Aveyron"
    assert project.decided_on == timezone.localdate()


def test_unknown_stage_is_refused(mission_client, mission):
    project = ProjectFactory(owner=mission)
    response = mission_client.post(reverse("prospects:project_move_stage", args=[project.pk]), {"stage": "sold"})
    assert "stage" in response.context["stage_form"].errors
    assert ProjectStageChange.objects.filter(project=project).count() == 1


def test_update_project_with_bad_input_keeps_the_row(mission_client, mission):
    project = ProjectFactory(owner=mission, title="Atelier")
    response = mission_client.post(
        reverse("prospects:project_update", args=[project.pk]),
        project_post(title="Nouveau titre", jobs_planned="beaucoup", opened_on="32/13/2012"),
    )
    assert response.status_code == 200
    assert {"jobs_planned", "opened_on"} <= set(response.context["form"].errors)
    assert 'value="beaucoup"' in response.content.decode()
    project.refresh_from_db()
    assert project.title == "Atelier"
