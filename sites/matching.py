"""Matching sites to a project's needs: hard filters, then an explainable score.

Pure Python on plain values, so the ranking can be checked on a hand-made set
without a database. ``selectors.project_matches`` feeds it from the models.

Hard filters (a site that fails one is not a candidate at all): it must still
be on offer (checked by the query), not already turned down for this project,
and not far too small — under half the building or land area asked for.
Everything else is scored: each criterion the project states weighs in, gives
full, partial or no points, and says why in one line.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from core.templatetags.money import money

from .models import Availability, SiteKind

# What a criterion weighs in the score. Surfaces and fibre decide whether the
# firm can work there at all; distance, budget and date are negotiable.
WEIGHTS = {
    "building": 30,
    "land": 20,
    "fibre": 20,
    "interchange": 15,
    "budget": 10,
    "date": 5,
}

# Below this share of the area asked for, a site is not a candidate.
TOO_SMALL = Decimal("0.5")
# Above this multiple, a building is oversized for the firm (and its price).
OVERSIZED = 2
# Within this share above the budget or the distance, "close" rather than "no".
TOLERANCE = Decimal("1.25")


class Mark(StrEnum):
    OK = "ok"
    PARTIAL = "partial"
    NO = "no"
    UNKNOWN = "unknown"

    @property
    def symbol(self):
        return {"ok": "✓", "partial": "≈", "no": "✗", "unknown": "?"}[self.value]


@dataclass(frozen=True)
class Needs:
    building_m2: int | None = None
    land_m2: int | None = None
    fibre_needed: bool = False
    max_interchange_km: Decimal | None = None
    budget: Decimal | None = None
    needed_by: date | None = None

    @classmethod
    def from_project(cls, project):
        return cls(
            building_m2=project.building_m2,
            land_m2=project.land_m2,
            fibre_needed=project.fibre_needed,
            max_interchange_km=project.max_interchange_km,
            budget=project.budget,
            needed_by=project.needed_by,
        )

    @property
    def stated(self):
        return any(
            [
                self.building_m2,
                self.land_m2,
                self.fibre_needed,
                self.max_interchange_km is not None,
                self.budget is not None,
                self.needed_by,
            ]
        )


@dataclass(frozen=True)
class SiteFacts:
    """What matching needs to know about a site."""

    key: object
    kind: str
    building_m2: int | None = None
    land_m2: int | None = None
    has_fibre: bool = False
    zone_has_fibre: bool = False
    interchange_km: Decimal | None = None
    sale_price: Decimal | None = None
    monthly_rent: Decimal | None = None
    zone_price_per_m2: Decimal | None = None
    availability: str = Availability.AVAILABLE
    available_from: date | None = None

    @property
    def estimated_price(self):
        """The sale price, or for a bare lot the zone's €/m² times its area."""
        if self.sale_price is not None:
            return self.sale_price
        if self.zone_price_per_m2 is not None and self.land_m2 and self.kind in (SiteKind.LOT, SiteKind.LAND):
            return self.zone_price_per_m2 * self.land_m2
        return None


@dataclass(frozen=True)
class Reason:
    """One criterion's mark, and the line that explains it.

    The line is given as a function and formatted when read: a project ranks
    ~1,000 sites and shows 50, so the numbers and dates of the others are
    never formatted.
    """

    describe: object
    mark: Mark

    @property
    def text(self):
        return self.describe() if callable(self.describe) else self.describe

    def __str__(self):
        return f"{self.text} {self.mark.symbol}"


@dataclass
class Match:
    facts: SiteFacts
    score: int
    reasons: list[Reason] = field(default_factory=list)

    @property
    def key(self):
        return self.facts.key


def _m2(value):
    return number_format(value, decimal_pos=0, force_grouping=True)


def _num(value):
    """``20`` rather than ``20,0`` for a whole number of kilometres."""
    return number_format(int(value) if value == int(value) else value, force_grouping=True)


def _ratio_mark(offered, wanted):
    if offered >= wanted:
        return Mark.OK
    return Mark.PARTIAL if offered >= wanted * Decimal("0.8") else Mark.NO


def _building(needs, facts):
    wanted = needs.building_m2
    if not facts.building_m2:
        if facts.kind in (SiteKind.LOT, SiteKind.LAND) and facts.land_m2:
            return Reason(
                lambda: (
                    _("pas de bâtiment : terrain de %(land)s m² pour bâtir %(wanted)s m²")
                    % {"land": _m2(facts.land_m2), "wanted": _m2(wanted)}
                ),
                Mark.PARTIAL,
            )
        return Reason(
            lambda: _("surface bâtie inconnue pour %(wanted)s m² demandés") % {"wanted": _m2(wanted)},
            Mark.UNKNOWN,
        )

    def values():
        return {"offered": _m2(facts.building_m2), "wanted": _m2(wanted)}

    if facts.building_m2 > wanted * OVERSIZED:
        return Reason(
            lambda: _("surface bâtie %(offered)s m² pour %(wanted)s demandés, surdimensionné") % values(),
            Mark.PARTIAL,
        )
    mark = _ratio_mark(facts.building_m2, wanted)
    return Reason(lambda: _("surface bâtie %(offered)s m² pour %(wanted)s demandés") % values(), mark)


def _land(needs, facts):
    wanted = needs.land_m2
    if not facts.land_m2:
        return Reason(
            lambda: _("surface du terrain inconnue pour %(wanted)s m² demandés") % {"wanted": _m2(wanted)},
            Mark.UNKNOWN,
        )
    return Reason(
        lambda: (
            _("terrain %(offered)s m² pour %(wanted)s demandés")
            % {"offered": _m2(facts.land_m2), "wanted": _m2(wanted)}
        ),
        _ratio_mark(facts.land_m2, wanted),
    )


def _fibre(needs, facts):
    if facts.has_fibre:
        return Reason(lambda: _("fibre raccordée"), Mark.OK)
    if facts.zone_has_fibre:
        return Reason(lambda: _("fibre dans la zone, raccordement à prévoir"), Mark.PARTIAL)
    return Reason(lambda: _("fibre"), Mark.NO)


def _interchange(needs, facts):
    limit = needs.max_interchange_km
    if facts.interchange_km is None:
        return Reason(
            lambda: _("distance à l'échangeur inconnue (%(limit)s km au plus)") % {"limit": _num(limit)},
            Mark.UNKNOWN,
        )
    if facts.interchange_km <= limit:
        mark = Mark.OK
    elif facts.interchange_km <= limit * TOLERANCE:
        mark = Mark.PARTIAL
    else:
        mark = Mark.NO
    return Reason(
        lambda: (
            _("échangeur à %(km)s km pour %(limit)s km au plus")
            % {"km": _num(facts.interchange_km), "limit": _num(limit)}
        ),
        mark,
    )


def _budget(needs, facts):
    budget = needs.budget
    price = facts.estimated_price
    if price is None:
        if facts.monthly_rent is not None:
            return Reason(
                lambda: (
                    _("à louer %(rent)s par mois, budget %(budget)s à rapprocher")
                    % {"rent": money(facts.monthly_rent), "budget": money(budget)}
                ),
                Mark.UNKNOWN,
            )
        return Reason(
            lambda: _("prix non communiqué pour un budget de %(budget)s") % {"budget": money(budget)},
            Mark.UNKNOWN,
        )
    if price <= budget:
        mark = Mark.OK
    elif price <= budget * TOLERANCE:
        mark = Mark.PARTIAL
    else:
        mark = Mark.NO

    def values():
        return {"price": money(price), "budget": money(budget)}

    if facts.sale_price is None:
        return Reason(
            lambda: _("prix estimé %(price)s (prix au m² de la zone) pour %(budget)s de budget") % values(),
            mark,
        )
    return Reason(lambda: _("prix %(price)s pour %(budget)s de budget") % values(), mark)


def _date(needs, facts):
    def wanted():
        return date_format(needs.needed_by, "SHORT_DATE_FORMAT")

    if facts.availability == Availability.UNDER_OPTION:
        return Reason(lambda: _("sous option : à confirmer avant le %(date)s") % {"date": wanted()}, Mark.PARTIAL)
    if facts.available_from is None or facts.available_from <= needs.needed_by:
        return Reason(lambda: _("disponible pour le %(date)s") % {"date": wanted()}, Mark.OK)
    return Reason(
        lambda: (
            _("disponible le %(from)s, après le %(date)s souhaité")
            % {"from": date_format(facts.available_from, "SHORT_DATE_FORMAT"), "date": wanted()}
        ),
        Mark.NO,
    )


_POINTS = {Mark.OK: Decimal(1), Mark.PARTIAL: Decimal("0.5"), Mark.NO: Decimal(0), Mark.UNKNOWN: Decimal("0.25")}


def is_candidate(needs, facts):
    """The hard filters on surfaces: under half of what is asked for is no candidate, nor a plot too small to build on."""
    if needs.building_m2 and facts.building_m2 and facts.building_m2 < needs.building_m2 * TOO_SMALL:
        return False
    if needs.land_m2 and facts.land_m2 and facts.land_m2 < needs.land_m2 * TOO_SMALL:
        return False
    if needs.building_m2 and not facts.building_m2:
        if facts.kind not in (SiteKind.LOT, SiteKind.LAND):
            # An office or building whose surface nobody entered cannot be judged.
            return False
        # Land to build on must at least hold the building's footprint.
        return bool(facts.land_m2) and facts.land_m2 >= needs.building_m2
    return True


def score_site(needs, facts):
    """The site's score out of 100 for these needs, with one reason per criterion stated."""
    criteria = []
    if needs.building_m2:
        criteria.append(("building", _building(needs, facts)))
    if needs.land_m2:
        criteria.append(("land", _land(needs, facts)))
    if needs.fibre_needed:
        criteria.append(("fibre", _fibre(needs, facts)))
    if needs.max_interchange_km is not None:
        criteria.append(("interchange", _interchange(needs, facts)))
    if needs.budget is not None:
        criteria.append(("budget", _budget(needs, facts)))
    if needs.needed_by:
        criteria.append(("date", _date(needs, facts)))
    if not criteria:
        return Match(facts=facts, score=0, reasons=[])
    total = sum(WEIGHTS[name] for name, _reason in criteria)
    earned = sum(WEIGHTS[name] * _POINTS[reason.mark] for name, reason in criteria)
    return Match(facts=facts, score=round(earned * 100 / total), reasons=[reason for _name, reason in criteria])


def rank(needs, candidates, *, excluded_keys=()):
    """Candidates that pass the hard filters, best first; ties go to the cheaper, then the first given."""
    excluded = set(excluded_keys)
    matches = [
        score_site(needs, facts) for facts in candidates if facts.key not in excluded and is_candidate(needs, facts)
    ]
    no_price = Decimal("Infinity")

    def order(match):
        price = match.facts.estimated_price
        return (-match.score, price if price is not None else no_price)

    return sorted(matches, key=order)
