"""Reads that several screens share."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, F, Q, QuerySet, Sum, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _

from core.identifiers import digits_only, fold, normalize_company_name, phone_digits

from .cards import followup_cards, with_card_fields
from .models import (
    OPEN_PROJECT_STAGES,
    Company,
    Contact,
    FollowUp,
    FollowUpStatus,
    Interaction,
    Project,
    ProjectStage,
    ProjectStageChange,
    Sector,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def sector_for_naf(naf_code: str | None, sectors: Iterable[Sector] | None = None) -> Sector | None:
    """The sector whose NAF prefix matches the code most precisely, or None."""
    if not naf_code:
        return None
    best, best_length = None, -1
    for sector in sectors if sectors is not None else Sector.objects.all():
        for prefix in sector.prefixes():
            if naf_code.startswith(prefix) and len(prefix) > best_length:
                best, best_length = sector, len(prefix)
    return best


def company_probable_duplicates(
    *, name: str, postcode: str = "", siret: str = "", exclude_pk: int | None = None, limit: int = 5
) -> QuerySet[Company]:
    """Companies that are probably the one being entered.

    Same SIRET, or the same normalised name (case, accents and legal-form
    words ignored) with the same postcode — or anywhere, when no postcode is
    known yet.
    """
    normalized = normalize_company_name(name or "")
    condition = Q()
    if normalized:
        name_match = Q(normalized_name=normalized)
        condition |= name_match & Q(postcode=postcode) if postcode else name_match
    if siret:
        condition |= Q(siret=siret)
    if not condition:
        return Company.objects.none()
    queryset = Company.objects.filter(condition).select_related("sector").order_by("sort_name", "id")
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset[:limit]


def company_people(company: Company) -> QuerySet[Contact]:
    """The people a form may pick at ``company``: its current contacts but the anonymised, main contact first."""
    return company.contacts.filter(anonymised_at__isnull=True, left_on__isnull=True).only(
        "id", "company_id", "first_name", "last_name", "job_title", "email", "phone", "is_primary", "left_on"
    )


def people_of_companies(companies: QuerySet[Company]) -> dict[int, list[Contact]]:
    """The people a form may pick at each of ``companies`` (a queryset), in one query: {company id: [contacts]}."""
    people: dict[int, list[Contact]] = {}
    contacts = Contact.objects.filter(
        company__in=companies.values("pk"), anonymised_at__isnull=True, left_on__isnull=True
    ).only("id", "company_id", "first_name", "last_name", "job_title", "email", "phone", "is_primary", "left_on")
    for contact in contacts.order_by("company_id", *(Contact._meta.ordering or ())):
        people.setdefault(contact.company_id, []).append(contact)
    return people


def contact_probable_duplicates(
    *,
    company: Company,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    exclude_pk: int | None = None,
) -> list[tuple[Contact, list[StrPromise]]]:
    """The company's people who are probably the one being entered, and why: [(contact, reasons)].

    The same name once folded (« Jean Bouvier », « JEAN BOUVIER » and
    « Jéan Bouvier » are one; « Jeanne » is not « Jean »), the same email
    (case ignored) or the same number in any format (its national digits);
    anonymised people are nobody, people who left still count. A company has
    a handful of contacts, so they are compared here rather than in SQL.
    """
    name = (fold(first_name or ""), fold(last_name or ""))
    email = (email or "").strip().lower()
    phone = phone_digits(phone)
    found = []
    for contact in company.contacts.filter(anonymised_at__isnull=True).exclude(pk=exclude_pk):
        reasons = []
        if name[1] and (fold(contact.first_name), fold(contact.last_name)) == name:
            reasons.append(_("même nom"))
        if email and contact.email.strip().lower() == email:
            reasons.append(_("même email"))
        if phone and phone_digits(contact.phone) == phone:
            reasons.append(_("même téléphone"))
        if reasons:
            found.append((contact, reasons))
    return found


# Screens ---------------------------------------------------------------------


def search_terms(text: str) -> list[str]:
    """The folded words of a search; an identifier typed with spaces or dots stays one term."""
    if re.fullmatch(r"[\d\s.]+", text or ""):
        number = digits_only(text)
        return [number] if number else []
    return fold(text).split()


def company_text_search(queryset: QuerySet[Company], text: str) -> QuerySet[Company]:
    """Companies whose name, identifiers, city or contacts' names match every word.

    Accent-insensitive on any database: both sides are folded (search_text is
    stored folded, with the contacts' names: see Company.refresh_search_fields).
    One LIKE per word on that one column, which the trigram index serves on
    PostgreSQL.
    """
    for term in search_terms(text):
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def company_quick_search(text: str, *, limit: int = 10) -> QuerySet[Company]:
    """As-you-type matches: the list's search (name, SIREN, SIRET, city, contacts' names), first ten by name."""
    if len((text or "").strip()) < 2:
        return Company.objects.none()
    return (
        company_text_search(Company.objects.all(), text)
        .order_by("sort_name", "id")
        .only("id", "name", "siren", "siret", "postcode", "city", "department")[:limit]
    )


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    when: datetime.datetime
    item: Interaction | FollowUp | ProjectStageChange


def company_timeline(*, company: Company, user: User | AnonymousUser, limit: int = 100) -> list[TimelineEntry]:
    """Interactions, follow-ups and stage changes of the projects the user may see, newest first."""
    projects = Project.objects.visible_to(user).filter(company=company).values("pk")
    interactions = (
        Interaction.objects.visible_to(user)
        .filter(company=company)
        .select_related("logged_by", "appearance__trade_show")
        .prefetch_related("contacts")
        .order_by("-occurred_at", "-id")[:limit]
    )
    followups = (
        FollowUp.objects.visible_to(user)
        .filter(company=company)
        .select_related("assignee", "project")
        .annotate(happened_at=Coalesce("done_at", "created_at"))
        .order_by("-happened_at", "-id")[:limit]
    )
    stage_changes = (
        ProjectStageChange.objects.filter(project__in=projects)
        .select_related("project", "changed_by")
        .order_by("-entered_at", "-id")[:limit]
    )
    entries = [TimelineEntry("interaction", item.occurred_at, item) for item in interactions]
    entries += [TimelineEntry("followup", item.happened_at, item) for item in followups]
    entries += [TimelineEntry("stage_change", item.entered_at, item) for item in stage_changes]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


# What a pipeline card shows.
PIPELINE_CARD_FIELDS = [
    "title",
    "code_name",
    "confidential",
    "stage",
    "jobs_planned",
    "company__name",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
]


def project_pipeline(*, user: User | AnonymousUser, cards_per_stage: int = 30) -> list[dict[str, Any]]:
    """Per stage: count, planned jobs and investment, and the most recently moved projects."""
    visible = Project.objects.visible_to(user)
    totals = {
        row["stage"]: row
        for row in visible.order_by()
        .values("stage")
        .annotate(count=Count("id"), jobs=Sum("jobs_planned"), investment=Sum("investment_planned"))
    }
    ranked = visible.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("stage")],
            order_by=[F("stage_changed_at").desc(nulls_last=True), F("id").desc()],
        )
    )
    # The cards are chosen on the projects table alone, then only they are
    # joined to their company: ranked after the join, or through a subquery
    # whose size the planner cannot guess, PostgreSQL hashed the whole
    # companies table to find the companies of 240 projects.
    shown = list(ranked.filter(rank__lte=cards_per_stage).values_list("pk", flat=True))
    cards: dict[str, list[Project]] = {}
    for project in (
        Project.objects.filter(pk__in=shown)
        .select_related("company", "owner")
        .only(*PIPELINE_CARD_FIELDS)
        .order_by(F("stage_changed_at").desc(nulls_last=True), "-id")
    ):
        cards.setdefault(project.stage, []).append(project)
    columns = []
    for stage in [*OPEN_PROJECT_STAGES, ProjectStage.WON, ProjectStage.LOST, ProjectStage.DORMANT]:
        total = totals.get(stage, {})
        columns.append(
            {
                "stage": stage,
                "label": stage.label,
                "is_open": stage in OPEN_PROJECT_STAGES,
                "count": total.get("count", 0),
                "jobs": total.get("jobs") or 0,
                "investment": total.get("investment") or 0,
                "projects": cards.get(stage, []),
            }
        )
    return columns


FOLLOWUP_GROUPS = [
    ("overdue", _("En retard")),
    ("today", _("Aujourd'hui")),
    ("week", _("Cette semaine")),
    ("later", _("Plus tard")),
]


# What a row of the follow-ups list shows.
FOLLOWUP_ROW_FIELDS = [
    "title",
    "due_on",
    "status",
    "interaction",
    "company__name",
    "company__phone",
    "company__do_not_contact",
    "project__title",
    "project__code_name",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
]


def followup_groups(
    queryset: QuerySet[FollowUp],
    *,
    user: User | AnonymousUser,
    today: datetime.date,
    limit: int = 100,
    ordering: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Open follow-ups split into overdue, today, the rest of this week and later, with each group's size."""
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    conditions = {
        "overdue": Q(due_on__lt=today),
        "today": Q(due_on=today),
        "week": Q(due_on__gt=today, due_on__lte=week_end),
        "later": Q(due_on__gt=week_end),
    }
    queryset = queryset.filter(status=FollowUpStatus.OPEN)
    # Counting due_on, not id: the (status, due_on) index then answers alone.
    counts = queryset.aggregate(**{key: Count("due_on", filter=condition) for key, condition in conditions.items()})
    items = with_card_fields(
        queryset.select_related("company", "project", "assignee")
        .only(*FOLLOWUP_ROW_FIELDS)
        .order_by(*(ordering or ("due_on", "id"))),
        user=user,
    )
    groups = [
        {
            "key": key,
            "label": label,
            "count": counts[key],
            # No query for a group known to be empty.
            "items": list(items.filter(conditions[key])[:limit]) if counts[key] else [],
        }
        for key, label in FOLLOWUP_GROUPS
    ]
    followup_cards([followup for group in groups for followup in group["items"]])
    return groups


def followup_card(followup_id: int, *, user: User | AnonymousUser) -> Any:
    """One follow-up as its card shows it, with ``origin_grade``: the grade of the exchange it came from."""
    followup = with_card_fields(
        FollowUp.objects.select_related("company", "project", "assignee").annotate(
            origin_grade=Coalesce("interaction__lead_grade", Value(""))
        ),
        user=user,
    ).get(pk=followup_id)
    followup_cards([followup])
    return followup
