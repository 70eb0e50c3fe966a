"""A follow-up on a confidential project goes only to someone who may see the project."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from prospects.models import FollowUp
from prospects.services import followup_create, followup_reassign, followup_update, followups_bulk_reassign
from tests.prospects.factories import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 12, 14)


@pytest.fixture
def secret(mission):
    """A confidential project of Camille's; Julie (teammate) is not on its team."""
    return ProjectFactory(company=CompanyFactory(), owner=mission, confidential=True, code_name="Aubrac")


def _create(project, assignee, by):
    return followup_create(
        company=project.company, project=project, title="Relancer Aubrac", due_on=DUE, assignee=assignee, created_by=by
    )


def test_it_cannot_be_given_to_someone_outside_the_team(secret, mission, teammate):
    with pytest.raises(ValidationError) as caught:
        _create(secret, teammate, mission)
    assert "ne fait pas partie de l'équipe de ce projet confidentiel" in caught.value.message_dict["assignee"][0]
    assert not FollowUp.objects.exists()


def test_it_goes_to_the_team_and_to_direction(secret, mission, teammate, direction):
    assert _create(secret, mission, direction).assignee == mission
    assert _create(secret, direction, mission).assignee == direction
    secret.team.add(teammate)
    assert _create(secret, teammate, mission).assignee == teammate


def test_reassigning_outside_the_team_changes_nothing(secret, mission, teammate, direction):
    followup = _create(secret, mission, direction)
    with pytest.raises(ValidationError):
        followup_reassign(followup=followup, assignee=teammate, actor=direction)
    with pytest.raises(ValidationError):
        followups_bulk_reassign(followups=FollowUp.objects.all(), assignee=teammate, actor=direction)
    with pytest.raises(ValidationError):
        followup_update(followup=FollowUp.objects.get(), actor=direction, assignee=teammate)
    followup.refresh_from_db()
    assert followup.assignee == mission


def test_a_project_that_is_not_confidential_goes_to_anyone(mission, teammate):
    project = ProjectFactory(owner=mission, confidential=False)
    assert _create(project, teammate, mission).assignee == teammate


def test_the_admin_reassign_action_shows_the_refusal_and_changes_nothing(client, secret, mission, teammate, direction):
    from django.contrib.admin import helpers
    from django.urls import reverse

    direction.is_staff = True
    direction.save()
    client.force_login(direction)
    followup = _create(secret, mission, direction)
    response = client.post(
        reverse("admin:prospects_followup_changelist"),
        {"action": "reassign", helpers.ACTION_CHECKBOX_NAME: [followup.pk], "apply": "1", "person": teammate.pk},
    )
    assert response.status_code == 200
    assert "ne fait pas partie de l&#x27;équipe de ce projet confidentiel" in response.content.decode()
    followup.refresh_from_db()
    assert followup.assignee == mission
