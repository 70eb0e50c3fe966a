"""Editing a follow-up from the follow-up itself: title, notes, date, project, person."""

import datetime

import pytest
from django.urls import reverse

from prospects.models import FollowUp, FollowUpStatus
from prospects.services import ASSIGNMENT_NOTICE_TASK
from tests.prospects.factories import CompanyFactory, FollowUpFactory, ProjectFactory
from tests.prospects.test_views_followups import sent_notices

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2012, 6, 13)


@pytest.fixture(autouse=True)
def frozen_day(time_machine):
    time_machine.move_to(datetime.datetime(2012, 6, 13, 9, 0, tzinfo=datetime.UTC), tick=False)


def edit_url(followup, **params):
    return reverse("prospects:followup_update", args=[followup.pk])


def form_data(followup, **changes):
    data = {
        "title": followup.title,
        "due_on": followup.due_on.isoformat(),
        "assignee": followup.assignee_id,
        "project": followup.project_id or "",
        "notes": followup.notes,
    }
    return {**data, **changes}


def test_the_assignee_changes_title_notes_date_and_project(mission_client, mission):
    company = CompanyFactory()
    project = ProjectFactory(company=company, owner=mission, title="Atelier de rabotage")
    followup = FollowUpFactory(company=company, assignee=mission, title="Rappeler", due_on=TODAY)
    page = mission_client.get(edit_url(followup), {"next": "/relances/?salon=3"})
    assert page.status_code == 200 and 'value="Rappeler"' in page.content.decode()
    response = mission_client.post(
        edit_url(followup),
        form_data(
            followup,
            title="Envoyer l'offre foncière",
            notes="Deux lots à Antrenas.",
            due_on="2012-06-20",
            project=project.pk,
            next="/relances/?salon=3",
        ),
    )
    assert response.status_code == 302 and response["Location"] == "/relances/?salon=3"
    followup.refresh_from_db()
    assert (followup.title, followup.notes, followup.due_on, followup.project) == (
        "Envoyer l'offre foncière",
        "Deux lots à Antrenas.",
        datetime.date(2012, 6, 20),
        project,
    )
    latest = followup.history.first()
    assert latest.history_user == mission and latest.title == "Envoyer l'offre foncière"


def test_a_new_assignee_is_told_after_commit(mission_client, mission, teammate, django_capture_on_commit_callbacks):
    followup = FollowUpFactory(assignee=mission)
    with django_capture_on_commit_callbacks() as callbacks:
        mission_client.post(edit_url(followup), form_data(followup, assignee=teammate.pk))
    followup.refresh_from_db()
    assert (followup.assignee, followup.assigned_by) == (teammate, mission)
    assert sent_notices(callbacks) == [(ASSIGNMENT_NOTICE_TASK, [followup.pk])]


def test_the_creator_may_edit_a_followup_given_to_someone_else(teammate_client, mission, teammate):
    followup = FollowUpFactory(assignee=mission, created_by=teammate)
    response = teammate_client.post(edit_url(followup), form_data(followup, title="Relancer Mme Rieu"))
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.title == "Relancer Mme Rieu"


def test_direction_edits_anyones_followup(direction_client, mission):
    followup = FollowUpFactory(assignee=mission)
    direction_client.post(edit_url(followup), form_data(followup, due_on="2012-07-02"))
    followup.refresh_from_db()
    assert followup.due_on == datetime.date(2012, 7, 2)


def test_nobody_else_may_edit(client, observer_client, teammate_client, mission):
    followup = FollowUpFactory(assignee=mission, title="Rappeler")
    url = edit_url(followup)
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    assert observer_client.get(url).status_code == 403
    assert teammate_client.get(url).status_code == 404
    assert teammate_client.post(url, form_data(followup, title="Piraté")).status_code == 404
    followup.refresh_from_db()
    assert followup.title == "Rappeler"


def test_a_late_followup_keeps_its_date_but_a_new_date_is_never_in_the_past(mission_client, mission):
    followup = FollowUpFactory(assignee=mission, due_on=TODAY)
    FollowUp.objects.filter(pk=followup.pk).update(due_on=TODAY - datetime.timedelta(days=5))
    followup.refresh_from_db()
    assert mission_client.post(edit_url(followup), form_data(followup, title="Toujours en retard")).status_code == 302
    response = mission_client.post(edit_url(followup), form_data(followup, due_on="2012-06-01"))
    assert response.status_code == 200
    assert "L&#x27;échéance ne peut pas être dans le passé." in response.content.decode()
    followup.refresh_from_db()
    assert (followup.title, followup.due_on) == ("Toujours en retard", datetime.date(2012, 6, 8))


def test_a_confidential_project_the_editor_cannot_see_is_neither_offered_nor_accepted(
    mission_client, mission, teammate
):
    company = CompanyFactory()
    secret = ProjectFactory(company=company, owner=teammate, confidential=True, code_name="Projet Aigle")
    followup = FollowUpFactory(company=company, assignee=mission)
    assert "Projet Aigle" not in mission_client.get(edit_url(followup)).content.decode()
    response = mission_client.post(edit_url(followup), form_data(followup, project=secret.pk))
    assert response.status_code == 200 and "project" in response.context["form"].errors
    followup.refresh_from_db()
    assert followup.project is None


def test_the_person_must_be_allowed_to_see_the_project(direction_client, mission, teammate):
    secret = ProjectFactory(owner=mission, confidential=True, code_name="Projet Aigle")
    followup = FollowUpFactory(company=secret.company, project=secret, assignee=mission)
    response = direction_client.post(edit_url(followup), form_data(followup, assignee=teammate.pk))
    assert response.status_code == 200
    assert "Julie Chabert ne fait pas partie de l&#x27;équipe de ce projet confidentiel" in response.content.decode()
    followup.refresh_from_db()
    assert followup.assignee == mission


def test_a_closed_followup_is_not_edited(mission_client, mission):
    followup = FollowUpFactory(assignee=mission, status=FollowUpStatus.DONE, title="Faite")
    response = mission_client.post(edit_url(followup), form_data(followup, title="Changée"), follow=True)
    assert "Cette relance est déjà close : elle ne se modifie plus." in response.content.decode()
    followup.refresh_from_db()
    assert followup.title == "Faite"


def test_the_card_links_to_the_edit_page(mission_client, mission):
    followup = FollowUpFactory(assignee=mission)
    html = mission_client.get(reverse("prospects:followup_list")).content.decode()
    assert f'href="{edit_url(followup)}?next=' in html
