"""Claiming, queuing and sending reminders.

A reminder is claimed by inserting its row, whose unique key (kind,
recipient, object, date) lets only one claim win, and it is queued only
after that row is committed. The worker sends it, then records sent_at; a
pending row that nobody sent is queued again by the next scan. So the broker
may lose messages or deliver them twice: the database decides.
"""

import datetime
import functools
import logging
import smtplib

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

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
# A pending reminder not sent this long after its planned attempt lost its
# message (broker restarted, worker killed): the scan queues it again.
REQUEUE_AFTER = datetime.timedelta(minutes=10)
# Longer than the task's hard time limit, so a live worker still holds it.
SEND_LEASE = datetime.timedelta(minutes=10)
# Reminders still unsent this many days after their date are stale news.
REQUEUE_WITHIN_DAYS = 2
MAX_ATTEMPTS = 6


def retry_delay(attempts):
    """Exponential back-off: 1, 2, 4, 8… minutes, at most an hour."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def _queue(reminder_id):
    from .tasks import send_reminder_task

    transaction.on_commit(functools.partial(send_reminder_task.delay, reminder_id))


def reminder_claim(*, kind, recipient_id, target, on_date, now=None):
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


def _claim_assignment_notices(now):
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


def _claim_digests(local_now):
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


def _claim_weekly_reports(local_now):
    today = local_now.date()
    monday = today - datetime.timedelta(days=today.weekday())
    # Any day of the week once Monday's hour has passed: a scan that missed
    # Monday still sends this week's report.
    if today == monday and local_now.time() < MORNING:
        return []
    if not selectors.long_overdue_followups(monday).exists() and not selectors.retention_due_soon().exists():
        return []
    claimed = []
    for user in selectors.weekly_report_recipients(monday):
        reminder = reminder_claim(
            kind=ReminderKind.WEEKLY_OVERDUE, recipient_id=user.pk, target=user, on_date=monday, now=local_now
        )
        if reminder:
            claimed.append(reminder)
    return claimed


def _due_dates_before_show(appearance, today):
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


def _claim_for_staff(kind, appearances, dates_for, local_now):
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


def _claim_show_reminders(local_now):
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


def _requeue_lost(now):
    """Queue again the pending reminders whose message never got sent."""
    stale = (
        Reminder.objects.filter(
            status=ReminderStatus.PENDING,
            next_attempt_at__lte=now - REQUEUE_AFTER,
            attempts__lt=MAX_ATTEMPTS,
            on_date__gte=timezone.localdate(now) - datetime.timedelta(days=REQUEUE_WITHIN_DAYS),
        )
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lte=now - SEND_LEASE))
        .values_list("pk", "next_attempt_at")
    )
    requeued = []
    for pk, planned in stale:
        # Conditional: of two scans running together, one only requeues it.
        if Reminder.objects.filter(pk=pk, next_attempt_at=planned).update(next_attempt_at=now) == 1:
            _queue(pk)
            requeued.append(pk)
    return requeued


@transaction.atomic
def reminders_scan(*, now=None):
    """Claim and queue every reminder due now; queue again the lost ones. Idempotent.

    Returns (claimed reminders, ids queued again).
    """
    now = now or timezone.now()
    local_now = timezone.localtime(now)
    claimed = _claim_assignment_notices(now)
    claimed += _claim_digests(local_now)
    claimed += _claim_weekly_reports(local_now)
    claimed += _claim_show_reminders(local_now)
    return claimed, _requeue_lost(now)


# Sending -------------------------------------------------------------------


def assignment_notice_claim(*, followup_id):
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


def reminder_deliver(*, reminder_id):
    """Send one reminder unless it was sent already; SMTP errors propagate for a retry.

    Not one transaction: the email leaves between two committed updates, so
    that a crash in between is seen (sending_since stays set) rather than
    rolled back into an unsent-looking row.
    """
    now = timezone.now()
    started = (
        Reminder.objects.filter(pk=reminder_id, status=ReminderStatus.PENDING)
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lte=now - SEND_LEASE))
        .update(sending_since=now, attempts=F("attempts") + 1)
    )
    if started != 1:
        return None
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    try:
        message = build_message(reminder)
        if message is not None:
            message.send()
    except SMTP_ERRORS as exc:
        gave_up = reminder.attempts >= MAX_ATTEMPTS
        Reminder.objects.filter(pk=reminder_id).update(
            status=ReminderStatus.FAILED if gave_up else ReminderStatus.PENDING,
            sending_since=None,
            next_attempt_at=now + retry_delay(reminder.attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:500],
        )
        raise
    except Exception as exc:
        Reminder.objects.filter(pk=reminder_id).update(
            status=ReminderStatus.FAILED, sending_since=None, last_error=f"{type(exc).__name__}: {exc}"[:500]
        )
        raise
    done = {"status": ReminderStatus.SKIPPED} if message is None else {"status": ReminderStatus.SENT, "sent_at": now}
    Reminder.objects.filter(pk=reminder_id).update(sending_since=None, last_error="", **done)
    reminder.refresh_from_db()
    return reminder


@transaction.atomic
def reminders_resend(*, reminders):
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
def digest_request(*, user, again=False):
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
