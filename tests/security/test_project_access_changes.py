"""Who sees a project is changed only by its owner or Direction."""

import pytest
from django.core.exceptions import ValidationError

from prospects.models import Project
from prospects.services import project_move_stage, project_update
from tests.prospects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(mission, teammate):
    project = ProjectFactory(owner=mission, confidential=True, code_name="Aubrac")
    project.team.add(teammate)
    return project


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"confidential": False}, "confidential"),
        ({"owner": "teammate"}, "owner"),
        ({"team": []}, "team"),
    ],
)
def test_a_team_member_cannot_change_who_sees_the_project(secret, mission, teammate, change, field):
    change = {key: teammate if value == "teammate" else value for key, value in change.items()}
    with pytest.raises(ValidationError) as caught:
        project_update(project=Project.objects.get(pk=secret.pk), actor=teammate, **change)
    assert field in caught.value.message_dict
    stored = Project.objects.get(pk=secret.pk)
    assert stored.confidential and stored.owner == mission and set(stored.team.all()) == {mission, teammate}


def test_the_stage_move_cannot_carry_a_new_team_either(secret, mission, teammate):
    with pytest.raises(ValidationError):
        project_move_stage(project=Project.objects.get(pk=secret.pk), stage="active", actor=teammate, team=[])
    assert set(Project.objects.get(pk=secret.pk).team.all()) == {mission, teammate}


def test_a_team_member_still_edits_the_rest(secret, teammate):
    project_update(project=Project.objects.get(pk=secret.pk), actor=teammate, title="Nouveau titre", confidential=True)
    assert Project.objects.get(pk=secret.pk).title == "Nouveau titre"


def test_the_owner_and_direction_may_change_it(secret, mission, teammate, direction):
    project_update(project=Project.objects.get(pk=secret.pk), actor=mission, confidential=False)
    assert not Project.objects.get(pk=secret.pk).confidential
    project_update(project=Project.objects.get(pk=secret.pk), actor=direction, owner=teammate, team=[])
    stored = Project.objects.get(pk=secret.pk)
    assert stored.owner == teammate and not stored.team.exists()
