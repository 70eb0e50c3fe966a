"""Validators for what people type."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Line breaks (\n, \r, and Unicode's line and paragraph separators) and the
# other control characters: none belongs in a name or a title, and one in a
# title ends up in an email's subject, which refuses it.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


@deconstructible
class SingleLineValidator:
    message = _("Ce champ tient sur une seule ligne : retirez les retours à la ligne et les caractères de contrôle.")
    code = "single_line"

    def __call__(self, value):
        if value and _NOT_ONE_LINE.search(str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, SingleLineValidator)

    def __hash__(self):
        return hash(self.code)


single_line = SingleLineValidator()


def years_later(day, years):
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@deconstructible
class DateWindow:
    """A date a person types, within sensible bounds: not before ``earliest`` (a year),
    and not after ``years_ahead`` years from today (0: not in the future).

    Far dates are typing errors (2062 for 2026, year 1 or 9999) that would
    otherwise break date arithmetic and every list sorted by date.
    """

    code = "date_window"

    def __init__(self, earliest=2000, years_ahead=10):
        self.earliest = earliest
        self.years_ahead = years_ahead

    def __call__(self, value):
        if value is None:
            return
        from django.utils import formats, timezone

        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if value < datetime.date(self.earliest, 1, 1):
            raise ValidationError(
                _("Cette date est trop ancienne : elle doit être en %(year)s ou après."),
                code=self.code,
                params={"year": self.earliest},
            )
        today = timezone.localdate()
        if self.years_ahead == 0 and value > today:
            raise ValidationError(_("Cette date est dans le futur."), code=self.code)
        latest = years_later(today, self.years_ahead)
        if value > latest:
            raise ValidationError(
                _("Cette date est trop lointaine : au plus tard le %(latest)s."),
                code=self.code,
                params={"latest": formats.date_format(latest, "SHORT_DATE_FORMAT")},
            )

    def __eq__(self, other):
        return isinstance(other, DateWindow) and (self.earliest, self.years_ahead) == (
            other.earliest,
            other.years_ahead,
        )

    def __hash__(self):
        return hash((self.code, self.earliest, self.years_ahead))


# The windows the models use.
plan_date = DateWindow(earliest=2000, years_ahead=10)
past_date = DateWindow(earliest=2000, years_ahead=0)
site_date = DateWindow(earliest=1950, years_ahead=10)
