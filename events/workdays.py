"""Working days in France: no weekends, no public holidays.

Follow-ups after a show are due in working days (an A lead the next one, a B
lead two later), so a lead met on a Friday or before Ascension Thursday is not
due on a day nobody works. The eleven national holidays are computed: eight
fixed dates, and Easter Monday, Ascension and Whit Monday from Easter.
"""

import datetime
from functools import lru_cache

# (month, day): New Year, Labour Day, Victory 1945, Bastille Day, Assumption,
# All Saints, Armistice, Christmas.
FIXED_HOLIDAYS = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]

# Calendar days a C lead waits ("one week").
C_LEAD_DAYS = 7
# Working days to follow up each grade; D leads get no follow-up by default.
WORKING_DAYS_BY_GRADE = {"A": 1, "B": 2}


def easter_sunday(year):
    """Gregorian Easter (anonymous algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@lru_cache(maxsize=64)
def french_holidays(year):
    """The national public holidays of a year (metropolitan France)."""
    easter = easter_sunday(year)
    movable = [easter + datetime.timedelta(days=n) for n in (1, 39, 50)]
    return frozenset([datetime.date(year, month, day) for month, day in FIXED_HOLIDAYS] + movable)


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


def due_on_for_grade(grade, met_on):
    """The default follow-up date for a lead graded at the stand on ``met_on``.

    A: the next working day; B: two working days later; C: a week later, moved
    to the next working day if it falls on a day off; D: no follow-up (None).
    """
    if grade in WORKING_DAYS_BY_GRADE:
        return add_working_days(met_on, WORKING_DAYS_BY_GRADE[grade])
    if grade == "C":
        day = met_on + datetime.timedelta(days=C_LEAD_DAYS)
        while not is_working_day(day):
            day += datetime.timedelta(days=1)
        return day
    return None


def holidays_between(first, last):
    """Public holidays from ``first`` to ``last`` inclusive, sorted (for the form's script)."""
    days = set()
    for year in range(first.year, last.year + 1):
        days |= {day for day in french_holidays(year) if first <= day <= last}
    return sorted(days)
