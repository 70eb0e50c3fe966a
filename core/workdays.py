"""Working days in France: Monday to Friday, not a national public holiday.

Follow-up dates (after a show, after a follow-up is done) and the days
reminders go out all follow this calendar. The holidays come from the ``holidays`` package (metropolitan
France: the eleven national days, Easter Monday, Ascension and Whit Monday
included), not from a hand-kept list.
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def french_holidays(year):
    """The national public holidays of ``year``, as dates."""
    return frozenset(holidays.country_holidays("FR", years=year))


def is_working_day(day):
    return day.weekday() < 5 and day not in french_holidays(day.year)


def add_working_days(start, count):
    """The ``count``-th working day after ``start`` (``start`` itself never counts)."""
    day = start
    remaining = count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def holidays_between(first, last):
    """Public holidays from ``first`` to ``last`` inclusive, sorted."""
    days = set()
    for year in range(first.year, last.year + 1):
        days |= {day for day in french_holidays(year) if first <= day <= last}
    return sorted(days)


# Calendar days a C lead waits ("one week").
C_LEAD_DAYS = 7
# Working days to follow up each grade; D leads get no follow-up by default.
WORKING_DAYS_BY_GRADE = {"A": 1, "B": 2}


def due_on_for_grade(grade, met_on):
    """The default follow-up date for a contact graded ``grade`` (A to D) on ``met_on``.

    A: the next working day; B: two working days later; C: a week later, moved
    to the next working day if it falls on a day off; D: no follow-up (None).
    Lead capture at a show and the next follow-up proposed when one is done
    both use it, so a date is never due on a day nobody works.
    """
    if grade in WORKING_DAYS_BY_GRADE:
        return add_working_days(met_on, WORKING_DAYS_BY_GRADE[grade])
    if grade == "C":
        day = met_on + datetime.timedelta(days=C_LEAD_DAYS)
        while not is_working_day(day):
            day += datetime.timedelta(days=1)
        return day
    return None
