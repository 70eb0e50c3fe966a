"""Default follow-up dates for leads met at a show.

Follow-ups after a show are due in working days (an A lead the next one, a B
lead two later), so a lead met on a Friday or before Ascension Thursday is not
due on a day nobody works. The calendar itself is core.workdays.
"""

import datetime

from core.workdays import add_working_days, is_working_day

# Calendar days a C lead waits ("one week").
C_LEAD_DAYS = 7
# Working days to follow up each grade; D leads get no follow-up by default.
WORKING_DAYS_BY_GRADE = {"A": 1, "B": 2}


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
