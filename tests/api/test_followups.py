"""« Mes relances » through the API: complete, snooze and reassign, by the services, with their messages."""

import datetime

import pytest
import time_machine

from prospects.models import FollowUpStatus, Interaction
from tests.prospects.factories import CompanyFactory, ContactFactory, FollowUpFactory, ProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.datetime(2026, 3, 10, 10, 0)


@pytest.fixture
def followup(mission):
    company = CompanyFactory(name="Scierie du Causse")
    ContactFactory(company=company, first_name="Paul", last_name="Vidal", is_primary=True)
    return FollowUpFactory(company=company, assignee=mission, due_on=D(2026, 3, 12))


@time_machine.travel(TODAY, tick=False)
def test_complete_with_a_note_logs_the_exchange_and_schedules_the_next(followup, mission, mission_api):
    response = mission_api.post_json(
        f"/api/v1/relances/{followup.pk}/complete/",
        {"note": "Rappelé : visite en avril.", "lead_grade": "A", "next_due_on": "2026-04-02", "next_title": "Visite"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DONE
    exchange = Interaction.objects.get(company=followup.company)
    assert exchange.summary == "Rappelé : visite en avril." and exchange.logged_by == mission
    assert [contact.last_name for contact in exchange.contacts.all()] == ["Vidal"]
    assert followup.company.followups.get(status=FollowUpStatus.OPEN).due_on == D(2026, 4, 2)

    again = mission_api.post_json(f"/api/v1/relances/{followup.pk}/complete/", {})
    assert again.status_code == 400 and again.json()["message"] == "Cette relance est déjà close."
    assert Interaction.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_snooze_refuses_a_past_date_in_the_caller_s_language(followup, mission_api):
    url = f"/api/v1/relances/{followup.pk}/snooze/"
    french = mission_api.post_json(url, {"due_on": "2026-03-01"})
    english = mission_api.post_json(url, {"due_on": "2026-03-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert french.status_code == english.status_code == 400
    assert french.json()["message"] == "La nouvelle échéance ne peut pas être dans le passé."
    assert english.json()["message"] == "The new due date cannot be in the past."

    response = mission_api.post_json(url, {"due_on": "2026-03-20"})
    assert response.status_code == 200 and response.json()["due_on"] == "2026-03-20"
    followup.refresh_from_db()
    assert followup.due_on == D(2026, 3, 20)


def test_reassign_to_a_teammate_and_not_to_a_stranger(followup, teammate, no_role_user, mission_api):
    url = f"/api/v1/relances/{followup.pk}/reassign/"
    refused = mission_api.post_json(url, {"assignee": no_role_user.pk})
    assert refused.status_code == 400 and refused.json()["fields"]["assignee"]

    response = mission_api.post_json(url, {"assignee": teammate.pk})
    assert response.status_code == 200 and response.json()["assignee"]["id"] == teammate.pk
    followup.refresh_from_db()
    assert followup.assignee == teammate


def test_a_follow_up_on_a_confidential_project_stays_with_its_team(mission, teammate, direction_api):
    project = ProjectFactory(owner=mission, confidential=True)
    followup = FollowUpFactory(company=project.company, project=project, assignee=mission)
    response = direction_api.post_json(f"/api/v1/relances/{followup.pk}/reassign/", {"assignee": teammate.pk})
    assert response.status_code == 400
    assert "ne fait pas partie de l'équipe de ce projet confidentiel" in response.json()["fields"]["assignee"][0]
    followup.refresh_from_db()
    assert followup.assignee == mission
