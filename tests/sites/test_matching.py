"""The ranking, on a hand-made set of sites: no database needed."""

import datetime
from decimal import Decimal

from sites.matching import Mark, Needs, SiteFacts, rank, score_site
from sites.models import Availability, SiteKind

NBSP = "\xa0"

NEEDS = Needs(
    building_m2=1000,
    land_m2=3000,
    fibre_needed=True,
    max_interchange_km=Decimal("10"),
    budget=Decimal("500000"),
    needed_by=datetime.date(2012, 9, 1),
)


def building(key, **facts):
    values = {
        "kind": SiteKind.BUILDING,
        "building_m2": 1200,
        "land_m2": 4000,
        "has_fibre": True,
        "interchange_km": Decimal("2"),
        "sale_price": Decimal("450000"),
    }
    values.update(facts)
    return SiteFacts(key=key, **values)


HAND_MADE = [
    building("perfect"),
    building("no-fibre", has_fibre=False),
    building("fibre-in-zone", has_fibre=False, zone_has_fibre=True),
    building("far", interchange_km=Decimal("40")),
    building("dear", sale_price=Decimal("900000")),
    building("late", available_from=datetime.date(2013, 1, 1)),
    building("too-small", building_m2=400),
    building("oversized", building_m2=5000),
    building("cheaper-perfect", sale_price=Decimal("300000")),
]


def test_a_site_meeting_every_need_scores_100_with_a_reason_per_need():
    match = score_site(NEEDS, HAND_MADE[0])
    assert match.score == 100
    texts = [str(reason) for reason in match.reasons]
    assert texts == [
        f"surface bâtie 1{NBSP}200 m² pour 1{NBSP}000 demandés ✓",
        f"terrain 4{NBSP}000 m² pour 3{NBSP}000 demandés ✓",
        "fibre raccordée ✓",
        "échangeur à 2 km pour 10 km au plus ✓",
        f"prix 450{NBSP}000{NBSP}€ pour 500{NBSP}000{NBSP}€ de budget ✓",
        "disponible pour le 01/09/2012 ✓",
    ]


def test_the_ranking_orders_the_hand_made_set_and_drops_what_is_far_too_small():
    ranked = [match.key for match in rank(NEEDS, HAND_MADE)]
    # Two perfect sites: the cheaper first. Missing fibre costs more than a
    # late date; fibre in the zone is half as bad as none.
    assert ranked[:2] == ["cheaper-perfect", "perfect"]
    assert "too-small" not in ranked
    assert ranked.index("late") < ranked.index("fibre-in-zone") < ranked.index("no-fibre")
    assert ranked.index("oversized") < ranked.index("no-fibre")
    assert set(ranked) == {facts.key for facts in HAND_MADE} - {"too-small"}


def test_missing_fibre_is_explained_with_a_cross():
    match = score_site(NEEDS, HAND_MADE[1])
    assert "fibre ✗" in [str(reason) for reason in match.reasons]
    assert match.score == 80


def test_partial_marks_for_close_budget_and_distance():
    close = building("close", interchange_km=Decimal("12"), sale_price=Decimal("560000"))
    marks = {reason.text.split()[0]: reason.mark for reason in score_site(NEEDS, close).reasons}
    assert marks["échangeur"] == Mark.PARTIAL
    assert marks["prix"] == Mark.PARTIAL
    assert score_site(NEEDS, HAND_MADE[3]).reasons[3].mark == Mark.NO


def test_a_lot_is_priced_from_the_zone_and_is_land_to_build_on():
    lot = SiteFacts(
        key="lot",
        kind=SiteKind.LOT,
        land_m2=5000,
        has_fibre=True,
        interchange_km=Decimal("1"),
        zone_price_per_m2=Decimal("20"),
    )
    match = score_site(NEEDS, lot)
    texts = [str(reason) for reason in match.reasons]
    assert texts[0] == f"pas de bâtiment : terrain de 5{NBSP}000 m² pour bâtir 1{NBSP}000 m² ≈"
    assert texts[4] == f"prix estimé 100{NBSP}000{NBSP}€ (prix au m² de la zone) pour 500{NBSP}000{NBSP}€ de budget ✓"


def test_under_option_and_unknown_facts_are_partial_or_unknown():
    optioned = building("option", availability=Availability.UNDER_OPTION, interchange_km=None)
    reasons = score_site(NEEDS, optioned).reasons
    assert reasons[3].mark == Mark.UNKNOWN
    assert reasons[5].mark == Mark.PARTIAL


def test_only_the_needs_stated_count():
    needs = Needs(fibre_needed=True)
    assert [str(r) for r in score_site(needs, HAND_MADE[1]).reasons] == ["fibre ✗"]
    assert score_site(needs, HAND_MADE[1]).score == 0
    assert score_site(needs, HAND_MADE[0]).score == 100
    assert not Needs().stated
    assert score_site(Needs(), HAND_MADE[0]).reasons == []


def test_excluded_sites_are_left_out():
    assert "perfect" not in [m.key for m in rank(NEEDS, HAND_MADE, excluded_keys=["perfect"])]


def test_an_office_without_a_surface_cannot_be_judged_for_a_building_need():
    office = SiteFacts(key="office", kind=SiteKind.OFFICE)
    assert rank(NEEDS, [office]) == []


def test_a_plot_smaller_than_the_building_asked_for_is_no_candidate():
    needs = Needs(building_m2=3000)
    small, large = (
        SiteFacts(key=key, kind=SiteKind.LOT, land_m2=land) for key, land in (("small", 2000), ("large", 6000))
    )
    assert [match.key for match in rank(needs, [small, large])] == ["large"]


def test_the_price_reason_writes_money_as_the_language_does():
    """« 450 000 € » in French, « €450,000 » in English: the amounts go through the money filter."""
    from django.utils import translation

    match = score_site(NEEDS, HAND_MADE[0])
    with translation.override("en"):
        english = str(match.reasons[4])
    with translation.override("fr"):
        french = str(match.reasons[4])
    assert "€450,000" in english and "€500,000" in english and "000 €" not in english
    assert f"450{NBSP}000{NBSP}€" in french and f"500{NBSP}000{NBSP}€" in french
