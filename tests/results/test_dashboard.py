from decimal import Decimal

import pytest
from django.urls import reverse

from prospects.models import YearTarget
from results import selectors
from results.services import year_target_set, year_targets_seed

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2012(mission):
    return data.build_year(mission)


def test_year_figures_match_the_hand_computed_ones(year_2012):
    total = selectors.total_of(selectors.figures_by_sector(2012))
    assert total.accompanied == 4
    assert total.won == 2
    assert total.conversion_rate == 50.0
    assert total.jobs_planned == 47
    assert total.jobs_created == 23
    assert total.investment_planned == Decimal(3_500_000)
    assert total.investment_realised == Decimal(1_500_000)


def test_figures_split_by_sector_and_origin(year_2012):
    by_sector = {row.label: (row.accompanied, row.won, row.jobs_created) for row in selectors.figures_by_sector(2012)}
    assert by_sector == {"Bois & éco-construction": (2, 1, 8), "Agroalimentaire": (2, 1, 15)}
    by_origin = {row.label: (row.accompanied, row.won) for row in selectors.figures_by_origin(2012)}
    assert by_origin == {"Carrefour International du Bois 2012": (1, 1), "SIAL 2012": (2, 1), "": (1, 0)}


def test_funnel_counts_each_project_at_the_furthest_stage_it_reached(year_2012):
    assert [count for _label, count in selectors.funnel(2012)] == [4, 4, 3, 2, 2, 2]


def test_2011_counts_projects_decided_that_year(year_2012):
    total = selectors.total_of(selectors.figures_by_sector(2011))
    # wood_won (opened 2011), lost_2011 and won_2011.
    assert (total.accompanied, total.won) == (3, 1)


def test_dashboard_shows_the_year_and_its_target(direction_client, year_2012):
    year_target_set(year=2012, implantations_target=10)
    response = direction_client.get(reverse("dashboard"), {"year": 2012})
    assert response.status_code == 200
    assert response.context["total"].won == 2
    assert response.context["target"].implantations_target == 10
    body = response.content.decode()
    assert "<svg" in body and "Entonnoir" in body
    assert 'value="2012" selected' in body


def test_a_bad_year_falls_back_to_this_year(observer_client):
    response = observer_client.get(reverse("dashboard"), {"year": "deux mille"})
    assert response.status_code == 200


def test_overdue_followups_by_person_for_staff_only(mission_client, observer_client, mission, teammate):
    data.overdue_followups(mission, teammate)
    staff = mission_client.get(reverse("dashboard"))
    assert [(row["assignee__last_name"], row["count"]) for row in staff.context["overdue_by_person"]] == [("Martin", 2)]
    assert "Martin" in staff.content.decode()
    seen = observer_client.get(reverse("dashboard"))
    assert seen.context["overdue_by_person"] == []
    assert seen.context["overdue_total"] == 2
    body = seen.content.decode()
    assert "Martin" not in body and "Chabert" not in body


@pytest.mark.parametrize("client_name", ["mission_client", "direction_client", "observer_client"])
def test_every_role_reaches_the_dashboard(request, client_name):
    assert request.getfixturevalue(client_name).get(reverse("dashboard")).status_code == 200


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_no_role_user_is_refused(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get(reverse("dashboard")).status_code == 403


def test_direction_sets_the_year_target(direction_client):
    url = reverse("year_target_update", args=[2013])
    response = direction_client.post(url, {"implantations_target": "12", "projects_target": "30"})
    assert response.status_code == 302
    target = YearTarget.objects.get(year=2013)
    assert (target.implantations_target, target.projects_target) == (12, 30)


def test_a_bad_target_is_refused_and_nothing_written(direction_client):
    response = direction_client.post(reverse("year_target_update", args=[2013]), {"implantations_target": "-3"})
    assert response.status_code == 400
    assert "supérieure ou égale à 0" in response.content.decode()
    assert not YearTarget.objects.filter(year=2013).exists()


@pytest.mark.parametrize("client_name", ["mission_client", "observer_client"])
def test_only_direction_sets_targets(request, client_name):
    client = request.getfixturevalue(client_name)
    response = client.post(reverse("year_target_update", args=[2013]), {"implantations_target": "12"})
    assert response.status_code == 403
    assert not YearTarget.objects.filter(year=2013).exists()


def test_target_form_only_for_direction(mission_client, direction_client):
    assert mission_client.get(reverse("dashboard")).context["target_form"] is None
    assert direction_client.get(reverse("dashboard")).context["target_form"] is not None


def test_reference_targets_are_seeded_once_and_never_overwritten():
    year_targets_seed()
    year_target_set(year=2012, implantations_target=11)
    year_targets_seed()
    targets = {t.year: (t.implantations_target, t.projects_target) for t in YearTarget.objects.all()}
    assert targets == {2011: (5, 22), 2012: (11, None)}


def test_dashboard_query_budget(direction_client, mission, teammate, django_assert_max_num_queries):
    built = data.build_year(mission)
    company = built["projects"]["agri_won"].company
    for index in range(60):
        data.project(company, f"Projet {index}", data.D(2012, 1 + index % 12, 1), history=["lead"])
    data.overdue_followups(mission, teammate)
    # A fixed number of queries, whatever the number of projects: 14 with the
    # year's show leads and the week's follow-ups, one count each.
    with django_assert_max_num_queries(14):
        response = direction_client.get(reverse("dashboard"), {"year": 2012})
    assert response.context["total"].accompanied == 64


def test_the_dashboard_counts_the_years_show_leads_and_this_weeks_followups(direction_client, mission, time_machine):
    import datetime

    from prospects.models import FollowUp, FollowUpStatus, Interaction

    time_machine.move_to(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC), tick=False)  # a Wednesday
    data.build_year(mission)
    target = data.company("Relances SA")
    for due_on, status in [
        (datetime.date(2026, 12, 1), FollowUpStatus.OPEN),  # late, not this week's work
        (datetime.date(2026, 12, 2), FollowUpStatus.OPEN),
        (datetime.date(2026, 12, 6), FollowUpStatus.OPEN),  # Sunday
        (datetime.date(2026, 12, 7), FollowUpStatus.OPEN),  # next Monday
        (datetime.date(2026, 12, 3), FollowUpStatus.DONE),
    ]:
        FollowUp.objects.create(company=target, title="Rappeler", due_on=due_on, assignee=mission, status=status)
    leads_2012 = Interaction.objects.filter(appearance__year=2012).count()
    assert leads_2012 > 0

    response = direction_client.get(reverse("dashboard"), {"year": 2012})
    assert (response.context["show_leads"], response.context["due_this_week"]) == (leads_2012, 2)
    page = response.content.decode()
    assert f'<div class="value">{leads_2012}</div><div class="label">contacts sur salon</div>' in page
    assert '<div class="value">2</div><div class="label">relances cette semaine</div>' in page
    assert direction_client.get(reverse("dashboard"), {"year": 2013}).context["show_leads"] == 0


def test_one_query_gives_the_late_per_person_and_the_week_s_work(mission, teammate, django_assert_num_queries):
    import datetime

    from prospects.models import FollowUp, FollowUpStatus

    from .data import company

    wednesday = datetime.date(2026, 6, 3)
    target = company("Relances SA")
    for assignee, due_on, status in [
        (mission, wednesday - datetime.timedelta(days=1), FollowUpStatus.OPEN),  # late
        (mission, wednesday, FollowUpStatus.OPEN),  # this week
        (teammate, wednesday + datetime.timedelta(days=4), FollowUpStatus.OPEN),  # Sunday: this week
        (teammate, wednesday + datetime.timedelta(days=5), FollowUpStatus.OPEN),  # next Monday
        (teammate, wednesday - datetime.timedelta(days=9), FollowUpStatus.DONE),
    ]:
        FollowUp.objects.create(company=target, title="Rappeler", due_on=due_on, assignee=assignee, status=status)
    with django_assert_num_queries(1):
        followups = selectors.open_followups(wednesday)
    assert [(row["assignee__last_name"], row["count"]) for row in followups.overdue_by_person] == [("Martin", 1)]
    assert (followups.overdue_total, followups.due_this_week) == (1, 2)
