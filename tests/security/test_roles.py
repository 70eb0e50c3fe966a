"""The role matrix beyond "who opens which page": confidential projects,
other people's follow-ups, and what observers may see."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from prospects.models import FollowUpStatus, ProjectStage
from tests.prospects.factories import CompanyFactory, FollowUpFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_project(teammate):
    company = CompanyFactory(name="Laiterie Discrète")
    return ProjectFactory(
        company=company,
        owner=teammate,
        title="Nouvelle ligne de yaourts",
        code_name="Opération Aubrac",
        confidential=True,
    )


@pytest.mark.parametrize(
    "name, key",
    [
        ("prospects:project_detail", "pk"),
        ("prospects:project_update", "pk"),
        ("sites:project_matches", "project_pk"),
    ],
)
def test_a_confidential_project_is_404_to_staff_outside_it(
    mission_client, teammate_client, direction_client, secret_project, name, key
):
    url = reverse(name, kwargs={key: secret_project.pk})
    assert mission_client.get(url).status_code == 404
    assert teammate_client.get(url).status_code == 200
    assert direction_client.get(url).status_code == 200


def test_staff_outside_a_confidential_project_cannot_move_it(mission_client, secret_project):
    response = mission_client.post(
        reverse("prospects:project_move_stage", args=[secret_project.pk]), {"stage": ProjectStage.ACTIVE}
    )
    assert response.status_code == 404
    secret_project.refresh_from_db()
    assert secret_project.stage == ProjectStage.LEAD


@pytest.mark.parametrize(
    "name", ["prospects:project_pipeline", "prospects:project_list", "prospects:company_list", "followups_export"]
)
def test_a_confidential_project_does_not_show_in_lists_for_staff_outside_it(
    mission_client, teammate_client, secret_project, teammate, name
):
    FollowUpFactory(company=secret_project.company, project=secret_project, assignee=teammate, title="Relance Aubrac")
    kwargs = {"fmt": "csv"} if name == "followups_export" else {}
    url = reverse(name, kwargs=kwargs)
    outside = mission_client.get(url, {"q": ""})
    body = b"".join(outside.streaming_content) if outside.streaming else outside.content
    text = body.decode("utf-8-sig")
    assert outside.status_code == 200
    for secret in ("Opération Aubrac", "Nouvelle ligne de yaourts", "Relance Aubrac"):
        assert secret not in text


def test_a_chargé_de_mission_completes_only_their_own_follow_ups(mission_client, mission, teammate):
    own = FollowUpFactory(assignee=mission)
    theirs = FollowUpFactory(assignee=teammate)
    assert mission_client.post(reverse("prospects:followup_complete", args=[own.pk])).status_code == 302
    assert mission_client.post(reverse("prospects:followup_complete", args=[theirs.pk])).status_code == 404
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.status == FollowUpStatus.DONE
    assert theirs.status == FollowUpStatus.OPEN


def test_a_chargé_de_mission_reassigns_or_snoozes_only_their_own(mission_client, mission, teammate, direction):
    theirs = FollowUpFactory(assignee=teammate)
    later = timezone.localdate() + datetime.timedelta(days=7)
    assert (
        mission_client.post(
            reverse("prospects:followup_reassign", args=[theirs.pk]), {"assignee": mission.pk}
        ).status_code
        == 404
    )
    assert (
        mission_client.post(
            reverse("prospects:followup_snooze", args=[theirs.pk]), {"new_due_on": later.isoformat()}
        ).status_code
        == 404
    )
    assert mission_client.get(reverse("prospects:followup_reassign_form", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.assignee == teammate
    assert theirs.due_on != later


def test_direction_completes_anyone_s_follow_up(direction_client, teammate):
    theirs = FollowUpFactory(assignee=teammate)
    assert direction_client.post(reverse("prospects:followup_complete", args=[theirs.pk])).status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == FollowUpStatus.DONE


def test_observers_see_no_confidential_project_in_the_annual_report(observer_client, secret_project, teammate):
    from prospects import services

    services.project_move_stage(
        project=secret_project,
        stage=ProjectStage.WON,
        actor=teammate,
        jobs_created=12,
        investment_realised=2_000_000,
    )
    page = observer_client.get(reverse("annual_report")).content.decode()
    assert "Projet confidentiel" in page  # counted, but not named
    for secret in ("Opération Aubrac", "Nouvelle ligne de yaourts", "Laiterie Discrète"):
        assert secret not in page
