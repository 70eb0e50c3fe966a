"""The email of each kind of reminder, in its recipient's language, HTML and plain text.

Each builder returns the template context, or None when, by the time the
reminder is sent, there is nothing left to say (the follow-up was done or
given to someone else, the leads were all followed up).
"""

import itertools
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.selectors import profile_for
from core.people import person_name
from events.models import Appearance
from prospects.gdpr import ObjectorMask
from prospects.models import FollowUp, FollowUpStatus

from . import links, selectors
from .models import ReminderKind


def _short_date(day):
    return date_format(day, "SHORT_DATE_FORMAT")


def describe_followup(followup):
    """What a follow-up concerns; a confidential project's code name hides its company."""
    project = followup.project
    if project is not None and project.confidential:
        return project.display_name
    if project is not None:
        return f"{followup.company.name} – {project.display_name}"
    return followup.company.name


def _followup_row(followup, today, mask=None):
    """A follow-up as an email lists it; built when sent, so a person who objected since is masked."""
    mask = mask or ObjectorMask()
    return {
        "title": mask(followup.title, followup.company_id),
        "about": describe_followup(followup),
        "due_on": followup.due_on,
        "overdue": followup.due_on < today,
        "url": links.followup_link(followup),
    }


def _target(queryset, reminder):
    """What the reminder is about, None if it was deleted since."""
    return queryset.filter(pk=reminder.object_id).first()


def _assignment(reminder):
    # The follow-up's free-text notes stay in the CRM (behind the link): they
    # may name people, and an email cannot be recalled.
    followup = _target(FollowUp.objects.select_related("company", "project", "assigned_by", "interaction"), reminder)
    if followup is None or followup.status != FollowUpStatus.OPEN or followup.assignee_id != reminder.recipient_id:
        return None
    return {
        "subject": _("Nouvelle relance pour vous : %(title)s")
        % {"title": ObjectorMask()(followup.title, followup.company_id)},
        "rows": [_followup_row(followup, reminder.on_date)],
        "assigned_by": person_name(followup.assigned_by),
        "contacts": [contact.full_name for contact in selectors.nameable_contacts(followup.interaction)],
    }


def _digest(reminder):
    mask = ObjectorMask()
    counts, followups = selectors.digest_followups(reminder.recipient, reminder.on_date)
    if not followups:
        return None
    rows = [_followup_row(f, reminder.on_date, mask) for f in followups]
    return {
        "subject": _("Vos relances du %(date)s : %(count)s à faire")
        % {"date": _short_date(reminder.on_date), "count": counts["total"]},
        "rows": rows,
        "total": counts["total"],
        "overdue_count": counts["overdue"],
        "more": counts["total"] - len(rows),
    }


def _weekly_overdue(reminder):
    mask = ObjectorMask()
    counts, followups = selectors.long_overdue_by_person(reminder.on_date)
    cutoff = selectors.overdue_report_cutoff(reminder.on_date)
    late_count = sum(counts.values())
    retention_count = selectors.retention_due_soon().count()
    signal_count = selectors.new_directory_signals(reminder.on_date).count()
    if not followups and not retention_count and not signal_count:
        return None
    groups = []
    for assignee, items in itertools.groupby(followups, key=lambda f: f.assignee):
        rows = [_followup_row(f, reminder.on_date, mask) for f in items]
        count = counts.get(assignee.pk, len(rows))
        more_url = links.overdue_followups_link(cutoff, assignee.pk)
        groups.append(
            {
                "person": person_name(assignee),
                "rows": rows,
                "count": count,
                "more": count - len(rows),
                "more_url": more_url,
            }
        )
    return {
        "subject": _("Relances en retard de plus de %(days)s jours : %(count)s")
        % {"days": selectors.OVERDUE_REPORT_DAYS, "count": late_count}
        if followups
        else ngettext(
            "Fin de conservation (RGPD) : %(count)s personne à revoir",
            "Fin de conservation (RGPD) : %(count)s personnes à revoir",
            retention_count,
        )
        % {"count": retention_count}
        if retention_count
        else ngettext(
            "Annuaire SIRENE : %(count)s signal cette semaine",
            "Annuaire SIRENE : %(count)s signaux cette semaine",
            signal_count,
        )
        % {"count": signal_count},
        "groups": groups,
        "cutoff": cutoff,
        "days": selectors.OVERDUE_REPORT_DAYS,
        "retention_count": retention_count,
        "retention_url": links.retention_review_link(),
        "signal_count": signal_count,
        "signals_url": links.directory_signals_link(),
    }


def _appearance(reminder):
    return _target(Appearance.objects.select_related("trade_show"), reminder)


def _before_show(reminder):
    mask = ObjectorMask()
    appearance = _appearance(reminder)
    if appearance is None:
        return None
    # Counted from the day it is sent: an appearance added late, or a send
    # delayed by an outage, still says the truth.
    days_left = max((appearance.starts_on - timezone.localdate()).days, 0)
    return {
        "subject": ngettext("%(show)s commence demain", "%(show)s commence dans %(days)s jours", days_left)
        % {"show": appearance, "days": days_left}
        if days_left > 0
        else _("%(show)s commence aujourd'hui") % {"show": appearance},
        "appearance": appearance,
        "days_left": days_left,
        "meetings": [
            _followup_row(f, reminder.on_date, mask) for f in selectors.meetings_during(appearance, reminder.recipient)
        ],
        "target_list_url": links.target_list_link(appearance),
    }


def _after_show(reminder):
    appearance = _appearance(reminder)
    if appearance is None:
        return None
    return {
        "subject": _("%(show)s : saisissez vos contacts") % {"show": appearance},
        "appearance": appearance,
        "logged": selectors.leads_logged_by(appearance, reminder.recipient),
        "lead_capture_url": links.lead_capture_link(appearance),
    }


def _unfollowed_leads(reminder):
    appearance = _appearance(reminder)
    if appearance is None:
        return None
    leads = [
        {
            "company": lead.company.name,
            "url": links.company_link(lead.company_id),
            "contacts": [contact.full_name for contact in lead.nameable_contacts],
            "grade": lead.get_lead_grade_display(),
            "occurred_at": lead.occurred_at,
            "logged_by": person_name(lead.logged_by),
        }
        for lead in selectors.unfollowed_leads(appearance)
    ]
    if not leads:
        return None
    return {
        "subject": ngettext(
            "%(show)s : %(count)s contact sans relance", "%(show)s : %(count)s contacts sans relance", len(leads)
        )
        % {"show": appearance, "count": len(leads)},
        "appearance": appearance,
        "leads": leads,
        "appearance_url": links.appearance_link(appearance),
    }


BUILDERS = {
    ReminderKind.ASSIGNMENT: _assignment,
    ReminderKind.DIGEST: _digest,
    ReminderKind.WEEKLY_OVERDUE: _weekly_overdue,
    ReminderKind.BEFORE_SHOW: _before_show,
    ReminderKind.AFTER_SHOW: _after_show,
    ReminderKind.UNFOLLOWED_LEADS: _unfollowed_leads,
}


def message_id(reminder):
    """The same Message-ID whenever this reminder is sent: a resent copy is known for what it is."""
    domain = urlsplit(settings.SITE_URL).hostname or "lozdev.localhost"
    return f"<reminder.{reminder.pk}.{reminder.kind}.{reminder.on_date:%Y%m%d}@{domain}>"


def build_message(reminder):
    """The email a reminder owes, or None when there is nothing (left) to send."""
    recipient = reminder.recipient
    if not recipient.is_active or not recipient.email:
        return None
    with translation.override(profile_for(recipient).language):
        context = BUILDERS[reminder.kind](reminder)
        if context is None:
            return None
        context.update(
            recipient_name=recipient.first_name or person_name(recipient),
            today=reminder.on_date,
            site_url=settings.SITE_URL,
            followup_list_url=links.followup_list_link(),
            profile_url=links.profile_link(),
        )
        template = f"reminders/email/{reminder.kind}"
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=text,
        to=[recipient.email],
        # Tells mail servers and out-of-office replies that a program wrote it.
        headers={"Auto-Submitted": "auto-generated", "Message-ID": message_id(reminder)},
    )
    message.attach_alternative(html, "text/html")
    return message
