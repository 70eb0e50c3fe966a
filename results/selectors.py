"""Reads behind the dashboard and the annual report.

Definitions funders are given (and the report's footnotes repeat):
- a project is *accompanied* in a year when it was open at some time in it:
  opened on or before 31 December and not decided before 1 January;
- an *implantation* of the year is a project won with its decision date in it;
- the conversion rate is implantations ÷ projects accompanied.
Confidential projects count in every figure; only their names are hidden.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from accounts.roles import is_direction
from events.models import Appearance
from prospects.models import (
    Contact,
    FollowUp,
    Interaction,
    InteractionKind,
    Project,
    ProjectStage,
    ProjectStageChange,
    Sector,
    YearTarget,
)
from sites.models import Availability, ProposalStatus, Site

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The stages a project climbs, in order; lost and dormant projects count at
# the furthest of these they reached.
FUNNEL_STAGES = [
    ProjectStage.LEAD,
    ProjectStage.ACTIVE,
    ProjectStage.SITE_VISIT,
    ProjectStage.PROPOSAL,
    ProjectStage.DECISION,
    ProjectStage.WON,
]


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def accompanied_projects(year: int) -> QuerySet[Project]:
    start, end = year_bounds(year)
    return Project.objects.filter(opened_on__lte=end).filter(Q(decided_on__isnull=True) | Q(decided_on__gte=start))


def won_in_year_q(year: int) -> Q:
    start, end = year_bounds(year)
    return Q(stage=ProjectStage.WON, decided_on__gte=start, decided_on__lte=end)


@dataclass
class Figures:
    """Projects accompanied and won, with their jobs and investment."""

    label: str = ""
    accompanied: int = 0
    won: int = 0
    jobs_planned: int = 0
    investment_planned: Decimal = Decimal(0)
    jobs_created: int = 0
    investment_realised: Decimal = Decimal(0)

    @property
    def conversion_rate(self) -> float | None:
        """Implantations ÷ projects accompanied, as a percentage (None with no project)."""
        if not self.accompanied:
            return None
        return round(100 * self.won / self.accompanied, 1)

    def add(self, other: Figures) -> None:
        self.accompanied += other.accompanied
        self.won += other.won
        self.jobs_planned += other.jobs_planned
        self.investment_planned += other.investment_planned
        self.jobs_created += other.jobs_created
        self.investment_realised += other.investment_realised


def _figures_by(year: int, group_fields: list[str]) -> Iterator[tuple[dict[str, Any], Figures]]:
    won = won_in_year_q(year)
    rows = (
        accompanied_projects(year)
        .values(*group_fields)
        .annotate(
            n_accompanied=Count("id"),
            n_won=Count("id", filter=won),
            sum_jobs_planned=Sum("jobs_planned"),
            sum_investment_planned=Sum("investment_planned"),
            sum_jobs_created=Sum("jobs_created", filter=won),
            sum_investment_realised=Sum("investment_realised", filter=won),
        )
        .order_by(*group_fields)
    )
    for row in rows:
        yield (
            row,
            Figures(
                accompanied=row["n_accompanied"],
                won=row["n_won"],
                jobs_planned=row["sum_jobs_planned"] or 0,
                investment_planned=row["sum_investment_planned"] or Decimal(0),
                jobs_created=row["sum_jobs_created"] or 0,
                investment_realised=row["sum_investment_realised"] or Decimal(0),
            ),
        )


def figures_by_sector(year: int) -> list[Figures]:
    """Figures per project sector (one query); the sum of the rows is the year's total."""
    result = []
    for row, figures in _figures_by(year, ["sector__position", "sector__name", "sector__name_en"]):
        figures.label = Sector.name_in_language(row["sector__name"] or "", row["sector__name_en"])
        result.append(figures)
    return result


def figures_by_origin(year: int) -> list[Figures]:
    """Figures per show the project came from (one query); empty label for other origins."""
    result = []
    for row, figures in _figures_by(
        year, ["origin_appearance__starts_on", "origin_appearance__trade_show__name", "origin_appearance__year"]
    ):
        name = row["origin_appearance__trade_show__name"]
        figures.label = f"{name} {row['origin_appearance__year']}" if name else ""
        result.append(figures)
    # Projects from no show last, whatever the database's null ordering.
    return sorted(result, key=lambda figures: not figures.label)


def total_of(rows: Iterable[Figures]) -> Figures:
    total = Figures()
    for row in rows:
        total.add(row)
    return total


def year_target(year: int) -> YearTarget | None:
    return YearTarget.objects.filter(year=year).first()


def funnel(year: int) -> list[tuple[StrOrPromise, int]]:
    """How many of the year's accompanied projects reached each stage (two queries)."""
    order: dict[str, int] = {stage: index for index, stage in enumerate(FUNNEL_STAGES)}
    furthest: dict[int, int] = {}
    accompanied = accompanied_projects(year)
    for project_id, stage in accompanied.values_list("id", "stage"):
        furthest[project_id] = order.get(stage, 0)
    history = ProjectStageChange.objects.filter(project__in=accompanied.values("id")).values_list("project_id", "stage")
    for project_id, stage in history:
        if stage in order and project_id in furthest:
            furthest[project_id] = max(furthest[project_id], order[stage])
    counts: list[tuple[StrOrPromise, int]] = []
    for index, stage in enumerate(FUNNEL_STAGES):
        counts.append((stage.label, sum(1 for reached in furthest.values() if reached >= index)))
    return counts


@dataclass
class OpenFollowUps:
    overdue_by_person: list[dict[str, Any]]
    due_this_week: int

    @property
    def overdue_total(self) -> int:
        return sum(row["count"] for row in self.overdue_by_person)


def open_followups(today: datetime.date | None = None) -> OpenFollowUps:
    """Open follow-ups past their due date per assignee (most overdue first), and those due from today to Sunday.

    One query, answered from the open follow-ups' partial index alone (it
    counts due_on, which the index holds, not id, which it does not).
    """
    today = today or timezone.localdate()
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    rows = (
        FollowUp.objects.open()
        .filter(due_on__lte=week_end)
        .values("assignee_id", "assignee__first_name", "assignee__last_name", "assignee__username")
        .annotate(
            count=Count("due_on", filter=Q(due_on__lt=today)), this_week=Count("due_on", filter=Q(due_on__gte=today))
        )
        .order_by("-count", "assignee__last_name", "assignee__username")
    )
    rows = list(rows)
    return OpenFollowUps(
        overdue_by_person=[row for row in rows if row["count"]],
        due_this_week=sum(row["this_week"] for row in rows),
    )


def show_leads_count(year: int) -> int:
    """Contacts met on a stand at one of the year's shows (the leads the team logged)."""
    return Interaction.objects.filter(appearance__year=year).count()


def upcoming_appearances(today: datetime.date | None = None, limit: int = 5) -> list[Appearance]:
    today = today or timezone.localdate()
    return list(
        Appearance.objects.filter(ends_on__gte=today).select_related("trade_show").order_by("starts_on")[:limit]
    )


def available_years(today: datetime.date | None = None) -> list[int]:
    """The years worth offering in the picker: from the first project to this year."""
    today = today or timezone.localdate()
    first = Project.objects.order_by("opened_on").values_list("opened_on", flat=True).first()
    first_year = min(first.year, today.year) if first else today.year
    return list(range(today.year, first_year - 1, -1))


# The annual report -------------------------------------------------------------


def report_projects(year: int, user: AbstractBaseUser | AnonymousUser) -> list[Project]:
    """The year's accompanied projects, each flagged with whether ``user`` may see its name."""
    visible: Any = Q(confidential=False)
    if is_direction(user):
        visible = Q()
    elif user.is_authenticated:
        on_team = Project.team.through.objects.filter(project_id=OuterRef("pk"), user_id=user.pk)
        visible = visible | Q(owner_id=user.pk) | Exists(on_team)
    start, end = year_bounds(year)
    projects: list[Any] = list(
        accompanied_projects(year)
        .select_related("company", "sector", "owner", "origin_appearance__trade_show")
        .annotate(is_visible=Exists(Project.objects.filter(visible, pk=OuterRef("pk"))))
        .order_by("opened_on", "id")
    )
    for project in projects:
        project.is_won_in_year = project.stage == ProjectStage.WON and start <= project.decided_on <= end
    return projects


def report_appearances(year: int) -> list[Appearance]:
    """Shows attended in the year with their leads, cost per lead, projects and implantations."""
    return list(
        Appearance.objects.filter(year=year)
        .select_related("trade_show")
        .annotate(
            leads=Count("interactions", distinct=True),
            projects=Count("originated_projects", distinct=True),
            implantations=Count(
                "originated_projects",
                filter=Q(originated_projects__stage=ProjectStage.WON),
                distinct=True,
            ),
        )
        .order_by("starts_on")
    )


@dataclass
class ContactFigures:
    interactions: int = 0
    companies: int = 0
    new_contacts: int = 0
    by_kind: list[dict[str, Any]] = field(default_factory=list)


def report_contacts(year: int) -> ContactFigures:
    """Contacts made in the year, as counts only (two queries)."""
    counts = {f"kind_{kind}": Count("id", filter=Q(kind=kind)) for kind in InteractionKind.values}
    totals = Interaction.objects.filter(occurred_at__year=year).aggregate(
        companies=Count("company", distinct=True), **counts
    )
    by_kind = [
        {"kind": kind, "count": totals[f"kind_{kind}"]} for kind in InteractionKind.values if totals[f"kind_{kind}"]
    ]
    by_kind.sort(key=lambda row: -row["count"])
    return ContactFigures(
        interactions=sum(row["count"] for row in by_kind),
        companies=totals["companies"],
        new_contacts=Contact.objects.filter(created_at__year=year).count(),
        by_kind=by_kind,
    )


def report_sites(year: int) -> list[Site]:
    """Sites sold or let in the year.

    A site counts in the year its buyer's project was won, when a won project
    chose it; a site sold or let outside any project counts in the year it
    was last updated.
    """
    start, end = year_bounds(year)
    chosen = Q(
        proposals__status=ProposalStatus.CHOSEN,
        proposals__project__stage=ProjectStage.WON,
        proposals__project__decided_on__gte=start,
        proposals__project__decided_on__lte=end,
    )
    has_winner = Site.objects.filter(
        pk=OuterRef("pk"), proposals__status=ProposalStatus.CHOSEN, proposals__project__stage=ProjectStage.WON
    )
    outside_projects = Q(updated_at__year=year) & ~Exists(has_winner)
    return list(
        Site.objects.filter(availability__in=[Availability.SOLD, Availability.LET])
        .filter(Q(pk__in=Site.objects.filter(chosen).values("pk")) | outside_projects)
        .select_related("zone")
        .order_by("reference")
    )
