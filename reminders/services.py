"""Claiming, queuing and sending reminders.

Over 400 lines: the claim, the scan and the send are one protocol, whose
guarantee is below; split, its steps would be read apart from each other.

A reminder is claimed by inserting its row, whose unique key (kind,
recipient, object, date) lets only one claim win, and it is queued only
after that row is committed. The worker marks the row as being sent, sends
it, then records sent_at; a pending row that nobody started is queued again
by the next scan. So the broker may lose messages or deliver them twice: the
database decides.

What is guaranteed: an email leaves at most once per row. A worker that dies
(or loses the database for good) between the SMTP server's acceptance and the
record leaves the row marked as being sent; nobody can tell whether the email
left, so the scan calls it « incertain » once the lease is over, and a person
decides in the admin whether to send it again. It is never resent blindly.
A lost database connection after the send is retried on a fresh connection
before giving up.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, InterfaceError, OperationalError, connections, transaction
from django.db.models import F, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tasks import queue_task
from core.workdays import is_working_day
from events.models import Appearance
from prospects.models import FollowUp

from . import selectors
from .emails import build_message
from .models import Reminder, ReminderKind, ReminderStatus

logger = logging.getLogger(__name__)

# What a failed SMTP conversation raises (refused, timed out, connection lost).
SMTP_ERRORS = (smtplib.SMTPException, OSError)
# The reminders that are not digests go out from this hour (Europe/Paris).
MORNING = datetime.time(8, 0)
# Reminders still unsent this many days after their date are stale news.
REQUEUE_WITHIN_DAYS = 2
MAX_ATTEMPTS = 6


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential back-off: 1, 2, 4, 8… minutes, at most an hour."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def requeue_after() -> datetime.timedelta:
    """A pending reminder not started this long after its planned attempt lost its message: queue it again."""
    return datetime.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER_SECONDS)


def send_lease() -> datetime.timedelta:
    """A send still unfinished after this long died on the way (longer than the task's hard time limit)."""
    return datetime.timedelta(seconds=settings.REMINDER_SEND_LEASE_SECONDS)


def _queue(reminder_id: int) -> None:
    from .tasks import send_reminder_task  # tasks.py imports this module

    queue_task(send_reminder_task.name, reminder_id)


def reminder_claim(
    *,
    kind: ReminderKind,
    recipient_id: int,
    target: Model,
    on_date: datetime.date,
    now: datetime.datetime | None = None,
) -> Reminder | None:
    """Insert the reminder's row and queue it after commit; None if it was already claimed."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                kind=kind,
                recipient_id=recipient_id,
                content_type=ContentType.objects.get_for_model(target),
                object_id=target.pk,
                on_date=on_date,
                next_attempt_at=now or timezone.now(),
            )
    except IntegrityError:
        return None
    _queue(reminder.pk)
    return reminder


# The scan ------------------------------------------------------------------


def _claim_assignment_notices(now: datetime.datetime) -> list[Reminder]:
    claimed = []
    for followup in selectors.unannounced_assignments(now):
        reminder = reminder_claim(
            kind=ReminderKind.ASSIGNMENT,
            recipient_id=followup.assignee_id,
            target=followup,
            on_date=timezone.localdate(followup.assigned_at),
            now=now,
        )
        if reminder:
            claimed.append(reminder)
    return claimed


def _claim_digests(local_now: datetime.datetime) -> list[Reminder]:
    if not is_working_day(local_now.date()):
        return []
    claimed = []
    for user in selectors.digest_recipients(local_now):
        reminder = reminder_claim(
            kind=ReminderKind.DIGEST, recipient_id=user.pk, target=user, on_date=local_now.date(), now=local_now
        )
        if reminder:
            claimed.append(reminder)
    return claimed


def _claim_weekly_reports(local_now: datetime.datetime) -> list[Reminder]:
    today = local_now.date()
    monday = today - datetime.timedelta(days=today.weekday())
    # Any day of the week once Monday's hour has passed: a scan that missed
    # Monday still sends this week's report.
    if today == monday and local_now.time() < MORNING:
        return []
    if not (
        selectors.long_overdue_followups(monday).exists()
        or selectors.retention_due_soon().exists()
        or selectors.new_directory_signals(monday).exists()
    ):
        return []
    claimed = []
    for user in selectors.weekly_report_recipients(monday):
        reminder = reminder_claim(
            kind=ReminderKind.WEEKLY_OVERDUE, recipient_id=user.pk, target=user, on_date=monday, now=local_now
        )
        if reminder:
            claimed.append(reminder)
    return claimed


def _due_dates_before_show(appearance: Appearance, today: datetime.date) -> list[datetime.date]:
    """The briefing dates whose window contains today: 7 days before (until 2 days before), and the eve."""
    starts = appearance.starts_on
    dates = []
    week_before = starts - datetime.timedelta(days=7)
    if week_before <= today <= starts - datetime.timedelta(days=2):
        dates.append(week_before)
    eve = starts - datetime.timedelta(days=1)
    if eve <= today <= starts:
        dates.append(eve)
    return dates


def _claim_for_staff(
    kind: ReminderKind,
    appearances: Iterable[Appearance],
    dates_for: Callable[[Appearance], list[datetime.date]],
    local_now: datetime.datetime,
) -> list[Reminder]:
    appearances = list(appearances)
    already = selectors.claimed_keys(kind, Appearance, [a.pk for a in appearances])
    claimed = []
    for appearance in appearances:
        for on_date in dates_for(appearance):
            for person in appearance.staff.all():
                if (person.pk, appearance.pk, on_date) in already:
                    continue
                reminder = reminder_claim(
                    kind=kind, recipient_id=person.pk, target=appearance, on_date=on_date, now=local_now
                )
                if reminder:
                    claimed.append(reminder)
    return claimed


def _claim_show_reminders(local_now: datetime.datetime) -> list[Reminder]:
    today = local_now.date()
    if local_now.time() < MORNING:
        return []
    day = datetime.timedelta(days=1)
    claimed = _claim_for_staff(
        ReminderKind.BEFORE_SHOW,
        selectors.appearances_starting_between(today, today + 7 * day),
        lambda appearance: _due_dates_before_show(appearance, today),
        local_now,
    )
    # The day after the show (or the day after that): staff log their leads.
    claimed += _claim_for_staff(
        ReminderKind.AFTER_SHOW,
        selectors.appearances_ending_between(today - 2 * day, today - day),
        lambda appearance: [appearance.ends_on + day],
        local_now,
    )
    # Three days after (up to five): Direction sees the leads left without a follow-up.
    ended = [
        appearance
        for appearance in selectors.appearances_ending_between(today - 5 * day, today - 3 * day)
        if selectors.unfollowed_leads(appearance).exists()
    ]
    if ended:
        direction = list(selectors.direction_recipients())
        already = selectors.claimed_keys(ReminderKind.UNFOLLOWED_LEADS, Appearance, [a.pk for a in ended])
        for appearance in ended:
            on_date = appearance.ends_on + 3 * day
            for person in direction:
                if (person.pk, appearance.pk, on_date) in already:
                    continue
                reminder = reminder_claim(
                    kind=ReminderKind.UNFOLLOWED_LEADS,
                    recipient_id=person.pk,
                    target=appearance,
                    on_date=on_date,
                    now=local_now,
                )
                if reminder:
                    claimed.append(reminder)
    return claimed


def _requeue_lost(now: datetime.datetime) -> list[int]:
    """Queue again the pending reminders whose message never reached a worker."""
    stale = Reminder.objects.filter(
        status=ReminderStatus.PENDING,
        sending_since__isnull=True,
        next_attempt_at__lte=now - requeue_after(),
        attempts__lt=MAX_ATTEMPTS,
        on_date__gte=timezone.localdate(now) - datetime.timedelta(days=REQUEUE_WITHIN_DAYS),
    ).values_list("pk", "next_attempt_at")
    requeued = []
    for pk, planned in stale:
        # Conditional: of two scans running together, one only requeues it.
        if Reminder.objects.filter(pk=pk, next_attempt_at=planned).update(next_attempt_at=now) == 1:
            _queue(pk)
            requeued.append(pk)
    return requeued


def _mark_uncertain(now: datetime.datetime) -> list[int]:
    """Sends that started and never finished: the email may have left. Returns their ids."""
    unfinished = Reminder.objects.filter(status=ReminderStatus.PENDING, sending_since__lte=now - send_lease())
    ids = list(unfinished.values_list("pk", flat=True))
    if ids:
        unfinished.filter(pk__in=ids).update(
            status=ReminderStatus.UNCERTAIN,
            last_error=_(
                "L'envoi a été interrompu (worker arrêté ou base de données perdue) : "
                "l'email est peut-être parti. Vérifiez avant de l'envoyer de nouveau."
            )[:500],
        )
        logger.warning("Reminders %s left uncertain: their send was interrupted", ids)
    return ids


@transaction.atomic
def reminders_scan(*, now: datetime.datetime | None = None) -> tuple[list[Reminder], list[int]]:
    """Claim and queue every reminder due now; queue again the lost ones. Idempotent.

    Returns (claimed reminders, ids queued again).
    """
    now = now or timezone.now()
    local_now = timezone.localtime(now)
    claimed = _claim_assignment_notices(now)
    claimed += _claim_digests(local_now)
    claimed += _claim_weekly_reports(local_now)
    claimed += _claim_show_reminders(local_now)
    _mark_uncertain(now)
    return claimed, _requeue_lost(now)


# Sending -------------------------------------------------------------------


def assignment_notice_claim(*, followup_id: int) -> Reminder | None:
    """The notice for a follow-up just assigned to someone by someone else, once."""
    followup = (
        FollowUp.objects.open()
        .filter(pk=followup_id, assigned_by__isnull=False, assigned_at__isnull=False)
        .exclude(assigned_by=F("assignee"))
        .first()
    )
    if followup is None:
        return None
    return reminder_claim(
        kind=ReminderKind.ASSIGNMENT,
        recipient_id=followup.assignee_id,
        target=followup,
        on_date=timezone.localdate(followup.assigned_at),
    )


def _record(reminder_id: int, **fields: Any) -> bool:
    """Write a send's outcome, on a fresh connection if the database dropped the old one.

    Returns False when the database stayed out of reach: the row then keeps
    sending_since, and the scan will call it uncertain rather than send it again.
    """
    connection = connections[Reminder.objects.db]
    delays = [0, *settings.REMINDER_RECORD_RETRY_DELAYS]
    for attempt, delay in enumerate(delays, start=1):
        time.sleep(delay)
        try:
            Reminder.objects.filter(pk=reminder_id).update(**fields)
            return True
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block:
                raise
            logger.warning("Reminder %s: recording its send failed (attempt %s)", reminder_id, attempt, exc_info=True)
            connection.close()
    logger.error("Reminder %s: its send could not be recorded; the scan will mark it uncertain", reminder_id)
    return False


def reminder_deliver(*, reminder_id: int) -> Reminder | None:
    """Send one reminder unless it was sent or started already; SMTP errors propagate for a retry.

    Not one transaction: the email leaves between two committed updates, so
    that a crash in between is seen (sending_since stays set) rather than
    rolled back into an unsent-looking row.
    """
    now = timezone.now()
    started = Reminder.objects.filter(pk=reminder_id, status=ReminderStatus.PENDING, sending_since__isnull=True).update(
        sending_since=now, attempts=F("attempts") + 1
    )
    if started != 1:
        return None
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    try:
        message = build_message(reminder)
        if message is not None:
            message.send()
    except SMTP_ERRORS as exc:
        # Refused or cut before the end of the conversation: not delivered.
        gave_up = reminder.attempts >= MAX_ATTEMPTS
        _record(
            reminder_id,
            status=ReminderStatus.FAILED if gave_up else ReminderStatus.PENDING,
            sending_since=None,
            next_attempt_at=now + retry_delay(reminder.attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:500],
        )
        raise
    except Exception as exc:
        _record(
            reminder_id,
            status=ReminderStatus.FAILED,
            sending_since=None,
            last_error=f"{type(exc).__name__}: {exc}"[:500],
        )
        raise
    done: dict[str, ReminderStatus | datetime.datetime] = (
        {"status": ReminderStatus.SKIPPED} if message is None else {"status": ReminderStatus.SENT, "sent_at": now}
    )
    if not _record(reminder_id, sending_since=None, last_error="", **done):
        return None
    reminder.refresh_from_db()
    return reminder


@transaction.atomic
def reminders_resend(*, reminders: QuerySet[Reminder]) -> int:
    """Send again (admin action): back to pending, queued after commit. Returns how many."""
    now = timezone.now()
    ids = list(reminders.values_list("pk", flat=True))
    Reminder.objects.filter(pk__in=ids).update(
        status=ReminderStatus.PENDING,
        sent_at=None,
        sending_since=None,
        attempts=0,
        last_error="",
        next_attempt_at=now,
    )
    for pk in ids:
        _queue(pk)
    return len(ids)


@transaction.atomic
def digest_request(*, user: User, again: bool = False) -> Reminder | None:
    """Today's digest for one person now, whatever the hour or day (management command).

    Returns the reminder queued, or None when it was sent today already and
    ``again`` is not set.
    """
    User = get_user_model()
    today = timezone.localdate()
    reminder = reminder_claim(kind=ReminderKind.DIGEST, recipient_id=user.pk, target=user, on_date=today)
    if reminder is not None:
        return reminder
    if not again:
        return None
    existing = selectors.reminders_about(ReminderKind.DIGEST, User, recipient=user, on_date=today)
    reminders_resend(reminders=existing)
    return existing.get()
