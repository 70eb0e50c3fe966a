"""The API shows each role what the screens show it: the same rules, read through the same selectors."""

import pytest
from django.urls import reverse

from prospects import gdpr
from prospects.models import FollowUpStatus, InteractionKind
from tests.api.conftest import token_client
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import (
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    ProjectFactory,
)
from tests.security.test_url_access import ACCESS, STAFF, url_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(mission, teammate, direction):
    """An open project, a confidential one of the teammate's (the chargé de mission is outside it), and their leads."""
    company = CompanyFactory(name="Scierie du Causse", actor=mission)
    show = AppearanceFactory()
    open_project = ProjectFactory(company=company, owner=mission, title="Atelier de rabotage")
    secret = ProjectFactory(company=company, owner=teammate, title="Zorglubtitre", confidential=True)
    secret_lead = InteractionFactory(
        company=company, appearance=show, kind=InteractionKind.STAND, logged_by=teammate, summary="Zorglublead"
    )
    open_lead = InteractionFactory(company=company, appearance=show, kind=InteractionKind.STAND, logged_by=mission)
    followups = [
        FollowUpFactory(company=company, project=secret, interaction=secret_lead, assignee=teammate, title="Zorglub"),
        FollowUpFactory(company=company, project=open_project, interaction=open_lead, assignee=mission),
        FollowUpFactory(company=company, assignee=teammate),
        FollowUpFactory(company=company, assignee=direction),
    ]
    return {"company": company, "show": show, "secret": secret, "open": open_project, "followups": followups}


def _api_ids(client, path):
    ids, url = [], path
    while url:
        body = client.get(url).json()
        ids += [row["id"] for row in body["results"]]
        url = body["next"]
    return ids


@pytest.mark.parametrize("role", ["mission", "teammate", "direction"])
def test_each_role_lists_the_projects_and_follow_ups_its_screens_list(records, role, request):
    from django.test import Client

    user = request.getfixturevalue(role)
    screen = Client()
    screen.force_login(user)
    api = token_client(user)

    projects_page = screen.get(reverse("prospects:project_list")).context["page"]
    assert _api_ids(api, "/api/v1/projets/?page_size=1") == [project.pk for project in projects_page]

    groups = screen.get(reverse("prospects:followup_list")).context["groups"]
    on_screen = sorted(followup.pk for group in groups for followup in group["items"])
    assert sorted(_api_ids(api, f"/api/v1/relances/?status={FollowUpStatus.OPEN}")) == on_screen

    leads = screen.get(reverse("events:appearance_detail", args=[records["show"].pk])).context
    api_leads = _api_ids(api, f"/api/v1/participations/{records['show'].pk}/leads/")
    assert sorted(api_leads) == sorted(lead.pk for lead in leads["leads"])


def test_a_charge_never_receives_the_confidential_project_they_are_not_on(records, mission, mission_api):
    secret = records["secret"]
    company = records["company"]
    assert mission_api.get(f"/api/v1/projets/{secret.pk}/").status_code == 404
    detail = mission_api.get(f"/api/v1/entreprises/{company.pk}/").json()
    assert [project["id"] for project in detail["projects"]] == [records["open"].pk]
    for path in ("/api/v1/projets/", "/api/v1/echanges/", "/api/v1/relances/", f"/api/v1/entreprises/{company.pk}/"):
        assert "Zorglub" not in mission_api.get(path).content.decode(), path
    assert "Zorglub" not in mission_api.get(f"/api/v1/participations/{records['show'].pk}/leads/").content.decode()


def test_the_team_and_direction_receive_it(records, teammate_api, direction_api):
    secret = records["secret"]
    for api in (teammate_api, direction_api):
        assert api.get(f"/api/v1/projets/{secret.pk}/").json()["title"] == "Zorglubtitre"
        projects = api.get(f"/api/v1/entreprises/{records['company'].pk}/").json()["projects"]
        assert secret.pk in [project["id"] for project in projects]


def test_a_charge_acts_only_on_their_own_follow_ups(records, mission_api, direction_api):
    theirs = records["followups"][2]
    assert mission_api.get(f"/api/v1/relances/{theirs.pk}/").status_code == 404
    assert mission_api.post_json(f"/api/v1/relances/{theirs.pk}/snooze/", {"due_on": "2099-01-05"}).status_code == 404
    everyone = _api_ids(direction_api, "/api/v1/relances/")
    assert sorted(everyone) == sorted(followup.pk for followup in records["followups"])
    teammate_s = [followup.pk for followup in records["followups"] if followup.assignee_id == theirs.assignee_id]
    assert sorted(_api_ids(direction_api, f"/api/v1/relances/?assignee={theirs.assignee_id}")) == teammate_s


def test_observers_get_403_on_every_endpoint_that_names_a_company_or_a_person(records, observer_api):
    world = type("World", (), {})()
    world.company, world.contact = records["company"], ContactFactory(company=records["company"])
    world.interaction = InteractionFactory(company=records["company"])
    world.followup, world.project = records["followups"][1], records["open"]
    world.appearance = records["show"]
    from tests.sites.factories import ProgrammeFactory, SiteFactory

    world.site = SiteFactory()
    world.zone, world.programme = world.site.zone, ProgrammeFactory()
    staff_api = [name for name, (access, _kwargs) in ACCESS.items() if name.startswith("api:") and access == STAFF]
    assert len(staff_api) > 20
    for name in staff_api:
        url = url_for(name, world)
        response = observer_api.get(url)
        if response.status_code == 405:
            response = observer_api.post_json(url, {})
        assert response.status_code == 403, f"{url}: {response.status_code}"
        assert response.json()["code"] == "permission_denied"


def test_observers_read_the_figures_which_name_nobody(records, observer_api):
    response = observer_api.get("/api/v1/chiffres/")
    assert response.status_code == 200
    body = response.json()
    # The confidential project is not counted for them, as on the dashboard.
    assert sum(row["count"] for row in body["projects_by_stage"]) == 1
    assert "Causse" not in response.content.decode()


def test_a_person_under_objection_comes_without_email_or_phone_and_is_masked_in_free_text(mission, mission_api):
    company = CompanyFactory()
    person = ContactFactory(company=company, first_name="Hélène", last_name="Fabrègue", email="h@causse.fr")
    InteractionFactory(company=company, contacts=[person], summary="Appelé Hélène Fabrègue ce matin.")
    gdpr.contact_object(contact=person, actor=mission)

    contact = mission_api.get(f"/api/v1/contacts/{person.pk}/").json()
    assert contact["objected"] is True and contact["email"] == "" and contact["phone"] == ""
    exchanges = mission_api.get(f"/api/v1/echanges/?company={company.pk}").json()["results"]
    assert "Fabrègue" not in exchanges[0]["summary"] and "[opposé]" in exchanges[0]["summary"]


def test_an_erased_person_is_in_no_answer(mission, direction, mission_api):
    company = CompanyFactory()
    person = ContactFactory(company=company, last_name="Fabrègue")
    gdpr.contact_erase(contact=person, actor=direction)
    assert mission_api.get(f"/api/v1/contacts/{person.pk}/").status_code == 404
    assert mission_api.get(f"/api/v1/entreprises/{company.pk}/").json()["contacts"] == []
