"""The project screens read amounts, jobs and areas as people type them."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from prospects.models import Project, ProjectStage

from .factories import CompanyFactory, ProjectFactory
from .test_views_projects import project_post

pytestmark = pytest.mark.django_db


def test_a_project_opened_with_spaces_and_commas_keeps_the_figures(mission_client):
    company = CompanyFactory()
    response = mission_client.post(
        reverse("prospects:project_create", args=[company.pk]),
        project_post(
            investment_planned="2 500 000",
            budget="1\u202f800\u202f000",
            jobs_planned="1\u00a0200",
            building_m2="12 000",
            land_m2="30 000",
            max_interchange_km="2,5",
        ),
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.investment_planned, project.budget) == (Decimal("2500000"), Decimal("1800000"))
    assert (project.jobs_planned, project.building_m2, project.land_m2) == (1200, 12000, 30000)
    assert project.max_interchange_km == Decimal("2.5")


def test_the_project_form_has_text_boxes_for_numbers(mission_client):
    page = mission_client.get(reverse("prospects:project_create", args=[CompanyFactory().pk])).content.decode()
    box = page[page.index('name="investment_planned"') - 200 : page.index('name="investment_planned"') + 200]
    assert 'type="number"' not in box
    assert 'inputmode="decimal"' in box


def test_a_project_refuses_cents_and_words_with_a_french_message(mission_client):
    company = CompanyFactory()
    response = mission_client.post(
        reverse("prospects:project_create", args=[company.pk]),
        project_post(investment_planned="2 500 000,50", jobs_planned="une dizaine"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["investment_planned"] == ["Saisissez un nombre sans décimales, par exemple « 2 500 000 »."]
    assert errors["jobs_planned"] == ["Saisissez un nombre entier, par exemple « 2 500 000 »."]
    # What was typed is shown again, to be corrected.
    assert 'value="2 500 000,50"' in html.unescape(response.content.decode())
    assert not Project.objects.exists()


def test_a_won_project_takes_its_figures_with_spaces(mission_client, mission):
    project = ProjectFactory(owner=mission)
    response = mission_client.post(
        reverse("prospects:project_move_stage", args=[project.pk]),
        {"stage": "won", "jobs_created": "1 250", "investment_realised": "2 500 000", "decided_on": ""},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == ProjectStage.WON
    assert (project.jobs_created, project.investment_realised) == (1250, Decimal("2500000"))
