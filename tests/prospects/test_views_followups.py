"""Follow-up screens: add, my follow-ups, done, snooze, reassign, Direction's bulk reassign."""

import datetime

import pytest
from django.urls import reverse

from prospects.models import FollowUp, FollowUpStatus
from prospects.services import ASSIGNMENT_NOTICE_TASK
from tests.prospects.factories import CompanyFactory, FollowUpFactory, ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2012, 6, 13)  # a Wednesday


@pytest.fixture(autouse=True)
def frozen_day(time_machine):
    time_machine.move_to(datetime.datetime(2012, 6, 13, 9, 0, tzinfo=datetime.UTC), tick=False)


def due(days):
    return TODAY + datetime.timedelta(days=days)


def make_followup(assignee, days=0, **extra):
    followup = FollowUpFactory(assignee=assignee, due_on=due(max(days, 0)), **extra)
    if days < 0:
        FollowUp.objects.filter(pk=followup.pk).update(due_on=due(days))
        followup.refresh_from_db()
    return followup


def sent_notices(callbacks):
    """Run the on-commit callbacks with the Celery app's send_task captured."""
    from celery import current_app

    sent = []
    original = current_app.send_task
    current_app.send_task = lambda name, args=None, **kwargs: sent.append((name, args))
    try:
        for callback in callbacks:
            callback()
    finally:
        current_app.send_task = original
    return sent


# Access -----------------------------------------------------------------------


def test_followup_list_needs_a_staff_role(client, observer_client):
    url = reverse("prospects:followup_list")
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    assert observer_client.get(url).status_code == 403


@pytest.mark.parametrize("name", ["followup_snooze", "followup_reassign"])
def test_actions_refuse_anonymous_observers_and_get(client, observer_client, mission_client, mission, name):
    followup = make_followup(mission)
    url = reverse(f"prospects:{name}", args=[followup.pk])
    assert client.post(url)["Location"].startswith(reverse("accounts:login"))
    assert observer_client.post(url).status_code == 403
    assert mission_client.get(url).status_code == 405


@pytest.mark.parametrize(
    "name, data",
    [
        ("followup_complete", {}),
        ("followup_snooze", {"delay": "7"}),
        ("followup_reassign", {"assignee": "me"}),
    ],
)
def test_acting_on_someone_elses_followup_is_404(mission_client, mission, teammate, name, data):
    followup = make_followup(teammate)
    if data.get("assignee") == "me":
        data = {"assignee": mission.pk}
    response = mission_client.post(reverse(f"prospects:{name}", args=[followup.pk]), data)
    assert response.status_code == 404
    followup.refresh_from_db()
    assert (followup.status, followup.due_on, followup.assignee) == (FollowUpStatus.OPEN, TODAY, teammate)


def test_unknown_followup_is_404(mission_client):
    assert mission_client.post(reverse("prospects:followup_complete", args=[999999])).status_code == 404


def test_bulk_reassign_is_for_direction_only(client, observer_client, mission_client):
    url = reverse("prospects:followup_bulk_reassign")
    assert client.get(url).status_code == 302
    assert observer_client.get(url).status_code == 403
    assert mission_client.get(url).status_code == 403


def test_add_followup_needs_a_staff_role(client, observer_client):
    url = reverse("prospects:followup_create", args=[CompanyFactory().pk])
    assert client.get(url).status_code == 302
    assert observer_client.get(url).status_code == 403


# Adding ------------------------------------------------------------------------------


def test_add_followup_for_someone_else_queues_a_notice(
    mission_client, mission, teammate, django_capture_on_commit_callbacks
):
    company = CompanyFactory()
    project = ProjectFactory(company=company, owner=mission)
    with django_capture_on_commit_callbacks() as callbacks:
        response = mission_client.post(
            reverse("prospects:followup_create", args=[company.pk]),
            {
                "title": "Envoyer l'offre foncière",
                "due_on": due(2).isoformat(),
                "assignee": teammate.pk,
                "project": project.pk,
            },
        )
    followup = FollowUp.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert (followup.assignee, followup.created_by, followup.assigned_by, followup.project) == (
        teammate,
        mission,
        mission,
        project,
    )
    assert sent_notices(callbacks) == [(ASSIGNMENT_NOTICE_TASK, [followup.pk])]


def test_add_followup_rejects_a_past_date_and_a_hidden_project(mission_client, mission, teammate):
    company = CompanyFactory()
    secret = ProjectFactory(company=company, owner=teammate, confidential=True)
    response = mission_client.post(
        reverse("prospects:followup_create", args=[company.pk]),
        {"title": "Rappeler", "due_on": due(-1).isoformat(), "assignee": mission.pk, "project": secret.pk},
    )
    assert response.status_code == 200
    assert {"due_on", "project"} <= set(response.context["form"].errors)
    assert 'value="Rappeler"' in response.content.decode()
    assert not FollowUp.objects.exists()


def test_add_followup_prefilled_with_a_hidden_project_is_404(mission_client, teammate):
    secret = ProjectFactory(owner=teammate, confidential=True)
    url = reverse("prospects:followup_create", args=[secret.company.pk])
    assert mission_client.get(url, {"projet": secret.pk}).status_code == 404


# My follow-ups -------------------------------------------------------------------------


def test_my_followups_are_grouped_and_only_mine(mission_client, mission, teammate):
    make_followup(mission, -3, title="En retard")
    make_followup(mission, 0, title="Aujourd'hui")
    make_followup(mission, 3, title="Dimanche")  # Sunday 17 June: still this week
    make_followup(mission, 5, title="Mardi prochain")
    make_followup(mission, 1, title="Faite", status=FollowUpStatus.DONE)
    make_followup(teammate, 0, title="Pas à moi")
    response = mission_client.get(reverse("prospects:followup_list"))
    groups = {group["key"]: [f.title for f in group["items"]] for group in response.context["groups"]}
    assert groups == {
        "overdue": ["En retard"],
        "today": ["Aujourd'hui"],
        "week": ["Dimanche"],
        "later": ["Mardi prochain"],
    }
    html = response.content.decode()
    assert "Pas à moi" not in html and "Faite" not in html
    assert 'name="personne"' not in html


def test_confidential_code_name_stands_in_for_the_company(mission_client, mission):
    project = ProjectFactory(owner=mission, confidential=True, code_name="Projet Aigle")
    make_followup(mission, 0, company=project.company, project=project)
    html = mission_client.get(reverse("prospects:followup_list")).content.decode()
    assert "Projet Aigle" in html and project.company.name not in html


def test_direction_sees_everyone_and_filters_by_person(direction_client, mission, teammate):
    make_followup(mission, 0, title="De Camille")
    make_followup(teammate, 0, title="De Julie")
    url = reverse("prospects:followup_list")
    everyone = direction_client.get(url).content.decode()
    assert "De Camille" in everyone and "De Julie" in everyone
    only_julie = direction_client.get(url, {"personne": teammate.pk}).content.decode()
    assert "De Julie" in only_julie and "De Camille" not in only_julie


def test_direction_list_query_count_is_fixed(direction_client, mission, teammate, django_assert_max_num_queries):
    for index in range(70):
        project = ProjectFactory(owner=mission) if index % 5 == 0 else None
        make_followup(mission if index % 2 else teammate, index % 9 - 3, project=project)
    with django_assert_max_num_queries(12):
        response = direction_client.get(reverse("prospects:followup_list"))
    assert response.context["total"] == 70


def test_the_list_of_people_is_rendered_once_whatever_the_number_of_rows(direction_client, mission, teammate):
    for index in range(30):
        make_followup(mission if index % 2 else teammate, index % 9 - 3)
    page = direction_client.get(reverse("prospects:followup_list")).content.decode()
    # One option per person in the person picker, the bulk form and the shared reassign form.
    assert page.count(f'<option value="{teammate.pk}"') == 3
    # Each row links to its reassign page instead.
    assert page.count('class="reassign"') == 30


# Done, snooze, reassign -----------------------------------------------------------------


def test_complete_followup(mission_client, mission):
    followup = make_followup(mission)
    response = mission_client.post(
        reverse("prospects:followup_complete", args=[followup.pk]), {"next": "/relances/?x=1"}
    )
    assert response.status_code == 302 and response["Location"] == "/relances/?x=1"
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DONE and followup.done_at is not None


def test_complete_ignores_an_outside_next(mission_client, mission):
    followup = make_followup(mission)
    response = mission_client.post(
        reverse("prospects:followup_complete", args=[followup.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("prospects:followup_list")


def test_completing_twice_says_it_is_closed(mission_client, mission):
    followup = make_followup(mission, status=FollowUpStatus.DONE)
    response = mission_client.post(reverse("prospects:followup_complete", args=[followup.pk]), follow=True)
    assert "Cette relance est déjà close." in response.content.decode()


@pytest.mark.parametrize("delay, days", [("1", 1), ("7", 7)])
def test_snooze_by_a_day_or_a_week(mission_client, mission, delay, days):
    followup = make_followup(mission, 2)
    mission_client.post(reverse("prospects:followup_snooze", args=[followup.pk]), {"delay": delay})
    followup.refresh_from_db()
    assert followup.due_on == due(2 + days)


def test_snoozing_an_overdue_followup_counts_from_today(mission_client, mission):
    followup = make_followup(mission, -10)
    mission_client.post(reverse("prospects:followup_snooze", args=[followup.pk]), {"delay": "1"})
    followup.refresh_from_db()
    assert followup.due_on == due(1)


def test_snooze_to_a_chosen_date(mission_client, mission):
    followup = make_followup(mission)
    response = mission_client.post(
        reverse("prospects:followup_snooze", args=[followup.pk]), {"delay": "date", "due_on": "2012-07-02"}
    )
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.due_on == datetime.date(2012, 7, 2)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"delay": "date", "due_on": "2012-06-01"}, "La nouvelle échéance ne peut pas être dans le passé."),
        ({"delay": "date", "due_on": ""}, "Choisissez la nouvelle date."),
        ({"delay": "date", "due_on": "31/02/2012"}, "Saisissez une date valide."),
    ],
)
def test_bad_snooze_shows_the_error_and_writes_nothing(mission_client, mission, data, message):
    followup = make_followup(mission)
    response = mission_client.post(reverse("prospects:followup_snooze", args=[followup.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    followup.refresh_from_db()
    assert followup.due_on == TODAY


def test_reassign_queues_the_notice_after_commit(mission_client, mission, teammate, django_capture_on_commit_callbacks):
    followup = make_followup(mission)
    with django_capture_on_commit_callbacks() as callbacks:
        response = mission_client.post(
            reverse("prospects:followup_reassign", args=[followup.pk]), {"assignee": teammate.pk}
        )
    assert response.status_code == 302
    followup.refresh_from_db()
    assert (followup.assignee, followup.assigned_by) == (teammate, mission)
    assert sent_notices(callbacks) == [(ASSIGNMENT_NOTICE_TASK, [followup.pk])]


def test_reassign_to_a_non_staff_user_is_refused(mission_client, mission, observer):
    followup = make_followup(mission)
    response = mission_client.post(
        reverse("prospects:followup_reassign", args=[followup.pk]), {"assignee": observer.pk}
    )
    assert response.status_code == 200
    assert "assignee" in response.context["form"].errors
    followup.refresh_from_db()
    assert followup.assignee == mission


def test_reassign_page_without_javascript(mission_client, mission, teammate):
    followup = make_followup(mission)
    url = reverse("prospects:followup_reassign_form", args=[followup.pk])
    response = mission_client.get(url, {"next": "/relances/?x=1"})
    assert response.status_code == 200
    assert response.context["form"]["assignee"].value() == mission.pk
    page = response.content.decode()
    assert f'action="{reverse("prospects:followup_reassign", args=[followup.pk])}"' in page
    assert 'value="/relances/?x=1"' in page
    response = mission_client.post(
        reverse("prospects:followup_reassign", args=[followup.pk]), {"assignee": teammate.pk, "next": "/relances/?x=1"}
    )
    assert response["Location"] == "/relances/?x=1"
    followup.refresh_from_db()
    assert followup.assignee == teammate


def test_reassign_page_of_someone_elses_followup_is_404(mission_client, teammate):
    followup = make_followup(teammate)
    assert mission_client.get(reverse("prospects:followup_reassign_form", args=[followup.pk])).status_code == 404


def test_direction_reassigns_anyones_followup(direction_client, mission, teammate):
    followup = make_followup(mission)
    direction_client.post(reverse("prospects:followup_reassign", args=[followup.pk]), {"assignee": teammate.pk})
    followup.refresh_from_db()
    assert followup.assignee == teammate


# Bulk reassign: tests/prospects/test_followup_bulk.py
