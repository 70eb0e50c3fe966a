"""Working days in France: Monday to Friday, not a national public holiday.

Follow-up dates after a show and the days reminders go out both follow this
calendar. The holidays come from the ``holidays`` package (metropolitan
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
