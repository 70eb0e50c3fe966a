import datetime

import pytest
import time_machine

from core.workdays import add_working_days, due_on_for_grade, french_holidays, holidays_between, is_working_day
from events.services import default_met_on
from tests.events.factories import AppearanceFactory

D = datetime.date


def test_easter_and_the_holidays_that_follow_it():
    assert {D(2024, 4, 1), D(2024, 5, 9), D(2024, 5, 20)} <= french_holidays(2024)
    holidays = french_holidays(2012)
    assert {D(2012, 4, 9), D(2012, 5, 17), D(2012, 5, 28)} <= holidays  # Easter Monday, Ascension, Whit Monday
    assert {D(2012, 7, 14), D(2012, 11, 1), D(2012, 12, 25)} <= holidays
    assert len(holidays) == 11


def test_weekends_and_holidays_are_not_working_days():
    assert not is_working_day(D(2012, 10, 27))  # Saturday
    assert not is_working_day(D(2012, 11, 1))  # Thursday, All Saints
    assert is_working_day(D(2012, 10, 26))


@pytest.mark.parametrize(
    ("grade", "met_on", "expected"),
    [
        ("A", D(2012, 10, 24), D(2012, 10, 25)),  # Wednesday → Thursday
        ("A", D(2012, 10, 26), D(2012, 10, 29)),  # Friday → Monday
        ("B", D(2012, 10, 25), D(2012, 10, 29)),  # Thursday → Monday
        ("A", D(2012, 10, 31), D(2012, 11, 2)),  # All Saints is skipped
        ("B", D(2012, 5, 16), D(2012, 5, 21)),  # Ascension Thursday, then the weekend
        ("A", D(2012, 5, 25), D(2012, 5, 29)),  # Friday before Whit Monday
        ("C", D(2012, 6, 8), D(2012, 6, 15)),  # one week later
        ("C", D(2012, 11, 4), D(2012, 11, 12)),  # a week later is Armistice Sunday → Monday 12
        ("D", D(2012, 10, 24), None),
    ],
)
def test_due_date_by_grade(grade, met_on, expected):
    assert due_on_for_grade(grade, met_on) == expected


def test_add_working_days_over_christmas():
    assert add_working_days(D(2012, 12, 24), 1) == D(2012, 12, 26)


def test_holidays_between_spans_new_year():
    assert holidays_between(D(2012, 12, 1), D(2013, 4, 30)) == [D(2012, 12, 25), D(2013, 1, 1), D(2013, 4, 1)]


@pytest.mark.django_db
def test_the_day_met_defaults_to_today_within_the_show():
    appearance = AppearanceFactory(starts_on=D(2012, 10, 21), ends_on=D(2012, 10, 25))
    with time_machine.travel(datetime.datetime(2012, 10, 23, 15, 0, tzinfo=datetime.UTC), tick=False):
        assert default_met_on(appearance) == D(2012, 10, 23)
    with time_machine.travel(datetime.datetime(2012, 10, 26, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert default_met_on(appearance) == D(2012, 10, 25)
