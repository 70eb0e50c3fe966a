"""Every list page (and the dashboard and search) keeps to 12 queries with rows to show."""

import pytest
from django.urls import reverse

from tests.prospects.factories import CompanyFactory, FollowUpFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(mission):
    for _n in range(30):
        company = CompanyFactory(owner=mission)
        project = ProjectFactory(company=company, owner=mission)
        FollowUpFactory(company=company, project=project, assignee=mission)


@pytest.mark.parametrize(
    "name",
    [
        "prospects:company_list",
        "prospects:project_list",
        "prospects:followup_list",
        "events:appearance_list",
        "sites:site_list",
        "sites:zone_list",
        "sites:programme_list",
        "prospects:project_pipeline",
        "directory:targeting",
        "directory:signals",
        "imports:import_start",
        "dashboard",
        "finder:search?q=Scierie",
        "prospects:company_list?q=Scierie&sort=-name",
    ],
)
def test_list_pages_keep_to_12_queries(direction_client, filled, name, django_assert_max_num_queries):
    name, _, query = name.partition("?")
    url = reverse(name) + (f"?{query}" if query else "")
    direction_client.get(url)  # the content types and the like, cached once per process
    with django_assert_max_num_queries(12):
        response = direction_client.get(url)
    assert response.status_code == 200
