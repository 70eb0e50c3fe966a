"""Reads for the trade-show screens: what each appearance brought, its leads, its targets."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, IntegerField, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.roles import is_direction
from core.identifiers import fold
from core.workdays import WORKING_DAYS_BY_GRADE, add_working_days
from prospects.models import (
    Company,
    Contact,
    FollowUp,
    FollowUpStatus,
    Interaction,
    LeadGrade,
    Project,
    ProjectStage,
)

from .models import Appearance, PendingLead

HOT_GRADES = (LeadGrade.A, LeadGrade.B)


def _count_subquery(queryset: QuerySet[Any], outer_field: str) -> Coalesce:
    """A correlated COUNT(*) over ``queryset`` per appearance, 0 when none."""
    counted = (
        queryset.filter(**{outer_field: OuterRef("pk")})
        .order_by()
        .values(outer_field)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def cost_per_lead(cost: Decimal | int, leads: int) -> Decimal | None:
    if not leads:
        return None
    return (Decimal(cost) / leads).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> int | None:
    """A percentage rounded to the unit, or None when there is nothing to divide."""
    if not whole:
        return None
    return round(100 * part / whole)


def appearances_with_figures(user: User | AnonymousUser) -> QuerySet[Appearance]:
    """Appearances with their lead, project and implantation counts, one query.

    Each count is its own subquery so that counting leads and projects does not
    multiply the rows of one another.
    """
    leads = Interaction.objects.all()
    projects = Project.objects.visible_to(user)
    return (
        Appearance.objects.select_related("trade_show")
        .annotate(
            leads_count=_count_subquery(leads, "appearance"),
            hot_leads_count=_count_subquery(leads.filter(lead_grade__in=HOT_GRADES), "appearance"),
            projects_count=_count_subquery(projects, "origin_appearance"),
            won_count=_count_subquery(projects.filter(stage=ProjectStage.WON), "origin_appearance"),
        )
        .order_by("-starts_on", "-pk")
    )


def decorate_with_ratios(appearance: Any) -> Any:
    """Add cost per lead and the A/B share to an appearance from appearances_with_figures()."""
    appearance.cost_per_lead = cost_per_lead(appearance.cost, appearance.leads_count)
    appearance.hot_share = share(appearance.hot_leads_count, appearance.leads_count)
    return appearance


def appearance_split(
    user: User | AnonymousUser, today: datetime.date | None = None
) -> tuple[QuerySet[Appearance], QuerySet[Appearance]]:
    """(upcoming or running, past): a show still on today is upcoming."""
    today = today or timezone.localdate()
    appearances = appearances_with_figures(user)
    upcoming = appearances.filter(ends_on__gte=today).order_by("starts_on", "pk")
    past = appearances.filter(ends_on__lt=today)
    return upcoming, past


@dataclass
class AppearanceFigures:
    leads: int = 0
    by_grade: list[tuple[str, Any, int]] = field(default_factory=list)  # [(grade value, label, count)], "" = not graded
    hot_leads: int = 0
    hot_on_time: int = 0
    on_time_share: int | None = None
    cost_per_lead: Decimal | None = None
    projects_opened: int = 0
    implantations_won: int = 0
    jobs_created: int = 0


def lead_followed_up_on_time(grade: str, met_on: datetime.date, first_done_on: datetime.date | None) -> bool:
    """A and B leads are on time when a follow-up was done within 1 or 2 working days."""
    if first_done_on is None:
        return False
    return first_done_on <= add_working_days(met_on, WORKING_DAYS_BY_GRADE[grade])


GRADE_COUNT_FIELDS = {grade: f"grade_{grade or 'none'}_count" for grade in [*LeadGrade.values, ""]}


def appearances_for_figures() -> QuerySet[Appearance]:
    """Appearances annotated with their lead count per grade (what appearance_figures() reads)."""
    return Appearance.objects.select_related("trade_show").annotate(
        **{
            name: _count_subquery(Interaction.objects.filter(lead_grade=grade), "appearance")
            for grade, name in GRADE_COUNT_FIELDS.items()
        }
    )


def appearance_figures(appearance: Any, projects: Sequence[Any]) -> AppearanceFigures:
    """What one appearance brought: leads by grade, A/B followed up on time, cost per lead, projects, implantations.

    ``appearance`` comes from appearances_for_figures(); ``projects`` are the
    projects attributed to it that the user may see (appearance_projects()).
    """
    counts = {grade: getattr(appearance, name) for grade, name in GRADE_COUNT_FIELDS.items()}
    total = sum(counts.values())
    by_grade: list[tuple[str, Any, int]] = [(grade.value, grade.label, counts[grade.value]) for grade in LeadGrade]
    if counts[""]:
        by_grade.append(("", None, counts[""]))

    # One row per A/B lead with the date its first follow-up was done; the
    # working-day deadline is computed here, holidays being no SQL matter.
    hot_rows = (
        Interaction.objects.filter(appearance=appearance, lead_grade__in=HOT_GRADES)
        .order_by()
        .annotate(first_done_at=Min("followups__done_at", filter=Q(followups__status=FollowUpStatus.DONE)))
        .values_list("lead_grade", "occurred_at", "first_done_at")
    )
    hot = on_time = 0
    for grade, occurred_at, first_done_at in hot_rows:
        hot += 1
        met_on = timezone.localdate(occurred_at)
        done_on = timezone.localdate(first_done_at) if first_done_at else None
        on_time += lead_followed_up_on_time(grade, met_on, done_on)

    won = [project for project in projects if project.stage == ProjectStage.WON]
    return AppearanceFigures(
        leads=total,
        by_grade=by_grade,
        hot_leads=hot,
        hot_on_time=on_time,
        on_time_share=share(on_time, hot),
        cost_per_lead=cost_per_lead(appearance.cost, total),
        projects_opened=len(projects),
        implantations_won=len(won),
        jobs_created=sum(project.jobs_created or 0 for project in won),
    )


def followup_state(followup: FollowUp, today: datetime.date) -> str:
    """open / done / overdue / cancelled, as the appearance page shows it."""
    if followup.status == FollowUpStatus.OPEN:
        return "overdue" if followup.due_on < today else "open"
    return followup.status


def appearance_leads(appearance: Appearance, user: User | AnonymousUser) -> QuerySet[Interaction]:
    """The leads logged at an appearance that ``user`` may see, newest first, with person and follow-ups.

    A lead that opened a confidential project kept from the user is left out
    (Interaction.visible_to); its summary speaks of that project. Each lead
    gets ``followup`` (the first one scheduled from it, or None) and
    ``followup_state``, read from the prefetched rows.
    """
    followups = FollowUp.objects.visible_to(user).select_related("assignee").order_by("due_on", "pk")
    return (
        Interaction.objects.visible_to(user)
        .filter(appearance=appearance)
        .select_related("company", "logged_by")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.order_by("last_name", "pk")),
            Prefetch("followups", queryset=followups),
        )
        .order_by("-occurred_at", "-pk")
    )


def decorate_leads(leads: Iterable[Any], today: datetime.date | None = None) -> Iterable[Any]:
    today = today or timezone.localdate()
    for lead in leads:
        followups = list(lead.followups.all())
        lead.followup = followups[0] if followups else None
        lead.followup_state = followup_state(lead.followup, today) if lead.followup else None
        lead.people = list(lead.contacts.all())
    return leads


def appearance_projects(appearance: Appearance, user: User | AnonymousUser) -> QuerySet[Project]:
    return (
        Project.objects.visible_to(user)
        .filter(origin_appearance=appearance)
        .select_related("company", "owner")
        .order_by("-opened_on", "-pk")
    )


def meetings_during(appearance: Appearance, user: User | AnonymousUser) -> QuerySet[FollowUp]:
    """Follow-ups ``user`` may see dated during the show that are not cancelled: its planned meetings."""
    return (
        FollowUp.objects.visible_to(user)
        .filter(due_on__gte=appearance.starts_on, due_on__lte=appearance.ends_on, company=OuterRef("pk"))
        .exclude(status=FollowUpStatus.CANCELLED)
    )


def target_companies(
    appearance: Appearance, *, user: User | AnonymousUser, query: str = "", stage: str = ""
) -> QuerySet[Company]:
    """Companies in the show's sectors that may be contacted, with their planned meeting if any."""
    sector_ids = list(appearance.trade_show.sectors.values_list("pk", flat=True))
    meeting = meetings_during(appearance, user).order_by("due_on", "pk")
    companies = (
        Company.objects.contactable()
        .filter(sector__in=sector_ids)
        .select_related("sector", "owner")
        .annotate(meeting_on=Subquery(meeting.values("due_on")[:1]))
        .order_by("sort_name", "pk")
    )
    for word in fold(query).split():
        companies = companies.filter(search_text__contains=word)
    if stage:
        companies = companies.filter(stage=stage)
    return companies


# The stand app offline --------------------------------------------------------------

OFFLINE_TARGETS_PER_APPEARANCE = 1000
OFFLINE_RECENT_COMPANIES = 200


def offline_appearances(user: User, today: datetime.date | None = None) -> QuerySet[Appearance]:
    """The appearances the user staffs this week or next: their capture screens are kept offline."""
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    return (
        Appearance.objects.filter(staff=user, ends_on__gte=monday, starts_on__lte=monday + datetime.timedelta(days=13))
        .select_related("trade_show")
        .order_by("starts_on", "pk")
    )


def offline_companies(user: User | AnonymousUser, appearances: Iterable[Appearance]) -> QuerySet[Company]:
    """The companies the company search finds offline: the shows' target lists and the user's recent ones.

    The search online offers every company to the staff; offline it is
    limited to these, so that the device holds a few hundred, not the file.
    """
    recent = (
        Interaction.objects.visible_to(user)
        .filter(logged_by=user)
        .order_by("-occurred_at")
        .values_list("company_id", flat=True)[: OFFLINE_RECENT_COMPANIES * 3]
    )
    ids = list(dict.fromkeys(recent))[:OFFLINE_RECENT_COMPANIES]
    for appearance in appearances:
        ids.extend(
            target_companies(appearance, user=user).values_list("pk", flat=True)[:OFFLINE_TARGETS_PER_APPEARANCE]
        )
    return (
        Company.objects.filter(pk__in=set(ids))
        .only("id", "name", "siren", "siret", "postcode", "city")
        .order_by("sort_name", "pk")
    )


def pending_leads_of(user: User) -> QuerySet[PendingLead]:
    """The leads sent from a device that ``user`` may check: their own; Direction, everyone's."""
    if is_direction(user):
        return PendingLead.objects.all()
    return PendingLead.objects.filter(created_by=user)


def pending_leads(appearance: Appearance, user: User) -> QuerySet[PendingLead]:
    return pending_leads_of(user).filter(appearance=appearance).select_related("created_by")


def pending_candidates(pending: PendingLead) -> list[Contact] | list[Company]:
    """The companies, or the company's people, the pending lead may be about."""
    if pending.reason == PendingLead.Reason.PERSON:
        return list(Contact.objects.filter(pk__in=pending.candidates, anonymised_at__isnull=True))
    return list(Company.objects.filter(pk__in=pending.candidates).order_by("sort_name", "pk"))
