"""Far dates are refused with a French message, at the model and so in every form; nothing is written."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.validators import DateWindow, years_later
from prospects.models import FollowUp, Project
from tests.prospects.factories import CompanyFactory
from tests.prospects.test_views_projects import project_post


@time_machine.travel(datetime.date(2026, 12, 2))
@pytest.mark.parametrize(
    ("window", "day", "message"),
    [
        (DateWindow(), datetime.date(1900, 1, 1), "trop ancienne : elle doit être en 2000 ou après"),
        (DateWindow(), datetime.date(1, 1, 1), "trop ancienne"),
        (DateWindow(), datetime.date(9999, 12, 31), "trop lointaine : au plus tard le 02/12/2036"),
        (DateWindow(years_ahead=0), datetime.date(2026, 12, 3), "dans le futur"),
    ],
)
def test_a_date_out_of_its_window_is_refused(window, day, message):
    with pytest.raises(ValidationError) as refused:
        window(day)
    assert message in refused.value.messages[0]


@time_machine.travel(datetime.date(2026, 12, 2))
def test_dates_inside_the_window_pass_and_the_bounds_are_included():
    DateWindow()(datetime.date(2000, 1, 1))
    DateWindow()(datetime.date(2036, 12, 2))
    DateWindow(years_ahead=0)(datetime.date(2026, 12, 2))


def test_29_february_ten_years_on_is_28_february():
    assert years_later(datetime.date(2028, 2, 29), 10) == datetime.date(2038, 2, 28)
    assert years_later(datetime.date(2028, 2, 29), 4) == datetime.date(2032, 2, 29)


@time_machine.travel(datetime.date(2028, 2, 29))
def test_the_window_of_a_29_february_today_does_not_break():
    with pytest.raises(ValidationError, match="au plus tard"):
        DateWindow()(datetime.date(2038, 3, 1))


@pytest.mark.django_db
@pytest.mark.parametrize("due_on", ["1900-01-01", "9999-12-31", "0001-01-01"])
def test_a_followup_due_in_a_far_year_is_refused_in_the_form(mission_client, mission, due_on):
    company = CompanyFactory()
    response = mission_client.post(
        reverse("prospects:followup_create", args=[company.pk]),
        {"title": "Rappeler", "due_on": due_on, "assignee": mission.pk, "project": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["due_on"]
    if due_on.startswith("9999"):
        assert "Cette date est trop lointaine" in response.content.decode()
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_a_project_opened_in_year_1_or_tomorrow_is_refused(mission_client):
    company = CompanyFactory()
    url = reverse("prospects:project_create", args=[company.pk])
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    for opened_on, message in [("0001-01-01", "trop ancienne"), (tomorrow.isoformat(), "dans le futur")]:
        response = mission_client.post(url, project_post(opened_on=opened_on))
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not Project.objects.exists()
