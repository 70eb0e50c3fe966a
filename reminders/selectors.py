"""What each reminder is about: the reads behind the scan, the emails and the calendar feed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, Model, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone

from accounts.models import Profile
from accounts.selectors import direction_users
from directory.models import DirectoryChange
from events.models import Appearance
from prospects.models import Contact, FollowUp, Interaction

from .models import Reminder, ReminderKind

if TYPE_CHECKING:
    from prospects.models import RetentionNotice

DEFAULT_DIGEST_TIME = Profile._meta.get_field("digest_time").default
# Assignments older than this are no longer announced by the scan: the
# assignee has seen them in their digest by then.
ASSIGNMENT_CATCH_UP = datetime.timedelta(days=2)
# Follow-ups late by more than this many days go in Direction's Monday report.
OVERDUE_REPORT_DAYS = 7
# An email lists this many follow-ups (per person in Direction's report), then
# counts the rest and links to them: its cost does not grow with the backlog.
EMAIL_ROWS = 10
# How long the agency's past appearances stay in the calendar feed.
FEED_PAST_APPEARANCES = datetime.timedelta(days=365)


def reminders_about(kind: ReminderKind, target_model: type[Model], **filters: Any) -> QuerySet[Reminder]:
    return Reminder.objects.filter(kind=kind, content_type=ContentType.objects.get_for_model(target_model), **filters)


def reachable_users() -> QuerySet[User]:
    """People an email can reach: active, with an address."""
    return get_user_model().objects.filter(is_active=True).exclude(email="")


# The scan ------------------------------------------------------------------


def unannounced_assignments(now: datetime.datetime) -> QuerySet[FollowUp]:
    """Follow-ups recently given to someone by someone else, with no notice claimed yet."""
    notice = reminders_about(
        ReminderKind.ASSIGNMENT,
        FollowUp,
        recipient=OuterRef("assignee"),
        object_id=OuterRef("pk"),
        on_date=OuterRef("assigned_on"),
    )
    return (
        FollowUp.objects.open()
        .annotate(assigned_on=TruncDate("assigned_at"))
        .filter(assigned_by__isnull=False, assigned_at__gte=now - ASSIGNMENT_CATCH_UP)
        .exclude(assigned_by=F("assignee"))
        .filter(~Exists(notice))
        .only("pk", "assignee_id", "assigned_at")
    )


def digest_recipients(local_now: datetime.datetime) -> QuerySet[User]:
    """People whose digest hour has come today, with follow-ups due, and no digest claimed today."""
    today = local_now.date()
    User = get_user_model()
    due = FollowUp.objects.open().filter(assignee=OuterRef("pk"), due_on__lte=today)
    claimed = reminders_about(ReminderKind.DIGEST, User, recipient=OuterRef("pk"), on_date=today)
    hour_has_come = Q(profile__digest_enabled=True, profile__digest_time__lte=local_now.time())
    if local_now.time() >= DEFAULT_DIGEST_TIME:
        # People who never opened their profile have the defaults.
        hour_has_come |= Q(profile__isnull=True)
    return reachable_users().filter(hour_has_come).filter(Exists(due)).filter(~Exists(claimed))


def overdue_report_cutoff(monday: datetime.date) -> datetime.date:
    return monday - datetime.timedelta(days=OVERDUE_REPORT_DAYS)


def long_overdue_followups(monday: datetime.date) -> QuerySet[FollowUp]:
    """Open follow-ups due more than a week before that Monday, for Direction."""
    return FollowUp.objects.open().filter(due_on__lt=overdue_report_cutoff(monday))


def long_overdue_by_person(monday: datetime.date, limit: int = EMAIL_ROWS) -> tuple[dict[int, int], list[FollowUp]]:
    """Each assignee's count of long-overdue follow-ups, and the ``limit`` most overdue of them.

    Two queries whatever the backlog: the counts, then the first rows of
    each person through a window (ROW_NUMBER per assignee).
    """
    late = long_overdue_followups(monday)
    counts = dict(late.values_list("assignee_id").annotate(count=Count("pk")).values_list("assignee_id", "count"))
    first_rows = (
        late.annotate(
            rank=Window(RowNumber(), partition_by=[F("assignee_id")], order_by=[F("due_on").asc(), F("id").asc()])
        )
        .filter(rank__lte=limit)
        .select_related("assignee", "company", "project")
        .order_by("assignee__last_name", "assignee__first_name", "assignee_id", "due_on", "id")
    )
    return counts, list(first_rows)


def retention_due_soon() -> QuerySet[RetentionNotice]:
    """People the monthly GDPR task will anonymise within 30 days: Direction is told first."""
    from prospects.gdpr import retention_due_within

    return retention_due_within()


def direction_recipients() -> QuerySet[User]:
    return reachable_users().filter(pk__in=direction_users().values("pk"))


def new_directory_signals(monday: datetime.date) -> QuerySet[DirectoryChange]:
    """The SIRENE signals of the week before that Monday still waiting for someone (neither dismissed nor followed up)."""
    since = timezone.make_aware(datetime.datetime.combine(monday - datetime.timedelta(days=7), datetime.time()))
    return DirectoryChange.objects.open().filter(detected_at__gte=since)


def weekly_report_recipients(monday: datetime.date) -> QuerySet[User]:
    User = get_user_model()
    claimed = reminders_about(ReminderKind.WEEKLY_OVERDUE, User, recipient=OuterRef("pk"), on_date=monday)
    return direction_recipients().filter(~Exists(claimed))


def appearances_starting_between(first: datetime.date, last: datetime.date) -> QuerySet[Appearance]:
    return (
        Appearance.objects.filter(starts_on__gte=first, starts_on__lte=last)
        .select_related("trade_show")
        .prefetch_related(Prefetch("staff", queryset=reachable_users()))
    )


def appearances_ending_between(first: datetime.date, last: datetime.date) -> QuerySet[Appearance]:
    return (
        Appearance.objects.filter(ends_on__gte=first, ends_on__lte=last)
        .select_related("trade_show")
        .prefetch_related(Prefetch("staff", queryset=reachable_users()))
    )


def claimed_keys(
    kind: ReminderKind, target_model: type[Model], object_ids: Iterable[int]
) -> set[tuple[int, int, datetime.date]]:
    """(recipient id, object id, date) of the reminders of a kind already claimed for these objects."""
    return set(
        reminders_about(kind, target_model, object_id__in=list(object_ids)).values_list(
            "recipient_id", "object_id", "on_date"
        )
    )


# What the emails list -------------------------------------------------------


def _followup_rows(user: User) -> QuerySet[FollowUp]:
    """The person's open follow-ups, none on a confidential project kept from them (they left its team)."""
    return FollowUp.objects.visible_to(user).open().filter(assignee=user).select_related("company", "project")


def digest_followups(user: User, day: datetime.date, limit: int = EMAIL_ROWS) -> tuple[dict[str, int], list[FollowUp]]:
    """How many open follow-ups the person has due that day or before (and how many late), and the first ``limit``."""
    due = _followup_rows(user).filter(due_on__lte=day)
    counts = due.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=day)))
    return counts, list(due.order_by("due_on", "id")[:limit])


def meetings_during(appearance: Appearance, user: User) -> QuerySet[FollowUp]:
    """The follow-ups the person planned for the days of the show."""
    return (
        _followup_rows(user)
        .filter(due_on__gte=appearance.starts_on, due_on__lte=appearance.ends_on)
        .order_by("due_on", "id")
    )


def _has_followup() -> QuerySet[FollowUp]:
    """A follow-up made from the lead, or on its company since it was met."""
    return FollowUp.objects.filter(
        Q(interaction=OuterRef("pk")) | Q(company=OuterRef("company"), created_at__gte=OuterRef("occurred_at"))
    )


def unfollowed_leads(appearance: Appearance) -> QuerySet[Interaction]:
    """The leads logged at an appearance that nobody has planned to follow up."""
    return (
        Interaction.objects.filter(appearance=appearance)
        .filter(~Exists(_has_followup()))
        .select_related("company", "logged_by")
        .prefetch_related(
            # Objectors (GDPR art. 21) are never named in a message.
            Prefetch("contacts", queryset=Contact.objects.filter(objected=False), to_attr="nameable_contacts")
        )
        .order_by("lead_grade", "occurred_at", "id")
    )


def leads_logged_by(appearance: Appearance, user: User) -> int:
    return Interaction.objects.filter(appearance=appearance, logged_by=user).count()


def nameable_contacts(interaction: Interaction | None) -> list[Contact]:
    """The interaction's contacts who may be named (those who did not object)."""
    if interaction is None:
        return []
    return list(interaction.contacts.filter(objected=False))


# The calendar feed ----------------------------------------------------------


def feed_followups(user: User) -> QuerySet[FollowUp]:
    return _followup_rows(user).order_by("due_on", "id")


def feed_appearances(today: datetime.date) -> QuerySet[Appearance]:
    return (
        Appearance.objects.filter(ends_on__gte=today - FEED_PAST_APPEARANCES)
        .select_related("trade_show")
        .order_by("starts_on", "id")
    )
