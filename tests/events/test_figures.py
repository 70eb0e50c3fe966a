import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from events.selectors import (
    appearance_figures,
    appearance_projects,
    appearances_for_figures,
    appearances_with_figures,
    decorate_with_ratios,
)
from prospects.models import FollowUp, FollowUpStatus, InteractionKind, ProjectStage
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import FollowUpFactory, InteractionFactory, ProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _at(day, hour=11):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _lead(appearance, user, grade, met_on, done_on=None):
    interaction = InteractionFactory(
        appearance=appearance, kind=InteractionKind.STAND, lead_grade=grade, occurred_at=_at(met_on), logged_by=user
    )
    if done_on is not None:
        followup = FollowUpFactory(company=interaction.company, interaction=interaction, due_on=met_on, assignee=user)
        FollowUp.objects.filter(pk=followup.pk).update(status=FollowUpStatus.DONE, done_at=_at(done_on, 17))
    return interaction


def _figures(appearance, user):
    appearance = appearances_for_figures().get(pk=appearance.pk)
    return appearance_figures(appearance, list(appearance_projects(appearance, user)))


def test_figures_against_hand_computed_data(mission, direction):
    sial = AppearanceFactory(starts_on=D(2012, 10, 21), ends_on=D(2012, 10, 25), cost=Decimal("9000"))
    other = AppearanceFactory(starts_on=D(2012, 6, 6), ends_on=D(2012, 6, 8), cost=Decimal("4000"))
    # A met Wednesday 24th, done Thursday 25th: on time (next working day).
    _lead(sial, mission, "A", D(2012, 10, 24), done_on=D(2012, 10, 25))
    # A met Thursday 25th, done Monday 29th: late (due Friday 26th).
    _lead(sial, mission, "A", D(2012, 10, 25), done_on=D(2012, 10, 29))
    # B met Thursday 25th, done Monday 29th: on time (two working days over the weekend).
    _lead(sial, mission, "B", D(2012, 10, 25), done_on=D(2012, 10, 29))
    # B with no follow-up done: late.
    _lead(sial, mission, "B", D(2012, 10, 22))
    _lead(sial, mission, "C", D(2012, 10, 22))
    _lead(sial, mission, "D", D(2012, 10, 23))
    _lead(other, mission, "A", D(2012, 6, 7))

    ProjectFactory(origin_appearance=sial, owner=mission)
    ProjectFactory(
        origin_appearance=sial, owner=mission, stage=ProjectStage.WON, jobs_created=14, investment_realised=900000
    )
    confidential = ProjectFactory(
        origin_appearance=sial, owner=direction, stage=ProjectStage.WON, jobs_created=6, investment_realised=1
    )
    type(confidential).objects.filter(pk=confidential.pk).update(confidential=True)
    ProjectFactory(origin_appearance=other, owner=mission)

    figures = _figures(sial, mission)
    assert figures.leads == 6
    assert [(grade, count) for grade, _label, count in figures.by_grade] == [("A", 2), ("B", 2), ("C", 1), ("D", 1)]
    assert (figures.hot_leads, figures.hot_on_time, figures.on_time_share) == (4, 2, 50)
    assert figures.cost_per_lead == Decimal("1500")
    # The confidential project is not the chargée de mission's: it does not count for her.
    assert (figures.projects_opened, figures.implantations_won, figures.jobs_created) == (2, 1, 14)
    assert (_figures(sial, direction).projects_opened, _figures(sial, direction).jobs_created) == (
        3,
        20,
    )

    rows = {row.pk: decorate_with_ratios(row) for row in appearances_with_figures(mission)}
    assert (rows[sial.pk].leads_count, rows[sial.pk].hot_leads_count, rows[sial.pk].hot_share) == (6, 4, 67)
    assert (rows[sial.pk].projects_count, rows[sial.pk].won_count, rows[sial.pk].cost_per_lead) == (
        2,
        1,
        Decimal("1500"),
    )
    assert (rows[other.pk].leads_count, rows[other.pk].cost_per_lead, rows[other.pk].projects_count) == (
        1,
        Decimal("4000"),
        1,
    )


def test_no_lead_means_no_ratio(mission):
    appearance = AppearanceFactory()
    figures = _figures(appearance, mission)
    assert figures.leads == 0 and figures.cost_per_lead is None and figures.on_time_share is None
