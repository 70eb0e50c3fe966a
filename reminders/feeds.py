"""The per-user iCalendar feed: open follow-ups and the agency's appearances.

Follow-ups are all-day events on their due date (Outlook, Google and Apple
calendars all show them; VTODOs are ignored by two of the three).
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accounts.selectors import profile_for
from prospects.gdpr import ObjectorMask

from . import links, selectors
from .emails import describe_followup

ONE_DAY = datetime.timedelta(days=1)


def _day_after(day):
    """The exclusive end of an all-day event; the last representable day ends on itself."""
    return day + ONE_DAY if day < datetime.date.max else day


def _uid(kind, pk):
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname or 'lozdev'}"


def _followup_event(followup, stamp, mask):
    event = Event()
    url = links.followup_link(followup)
    event.add("uid", _uid("followup", followup.pk))
    event.add("dtstamp", stamp)
    event.add("last-modified", followup.updated_at)
    event.add("dtstart", followup.due_on)
    event.add("dtend", _day_after(followup.due_on))
    event.add(
        "summary",
        _("Relance : %(title)s – %(about)s")
        % {"title": mask(followup.title, followup.company_id), "about": describe_followup(followup)},
    )
    event.add("description", url)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    event.add("categories", [_("Relance")])
    return event


def _appearance_event(appearance, stamp):
    event = Event()
    url = links.appearance_link(appearance)
    event.add("uid", _uid("appearance", appearance.pk))
    event.add("dtstamp", stamp)
    event.add("dtstart", appearance.starts_on)
    event.add("dtend", _day_after(appearance.ends_on))
    event.add("summary", _("Salon : %(show)s") % {"show": appearance})
    event.add("location", ", ".join(filter(None, [appearance.venue, appearance.city])))
    if appearance.stand:
        event.add("description", _("Stand %(stand)s") % {"stand": appearance.stand} + "\n" + url)
    else:
        event.add("description", url)
    event.add("url", url)
    event.add("categories", [_("Salon")])
    return event


def calendar_for(user):
    """The user's feed as iCalendar bytes, in their language."""
    now = timezone.now()
    with translation.override(profile_for(user).language):
        calendar = Calendar()
        calendar.add("prodid", "-//lozdev//relances et salons//FR")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("lozdev – relances et salons"))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        # Asks calendar applications to refresh every hour.
        calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
        mask = ObjectorMask()
        followups = list(selectors.feed_followups(user))
        mask.prime(followup.company_id for followup in followups)
        for followup in followups:
            calendar.add_component(_followup_event(followup, now, mask))
        for appearance in selectors.feed_appearances(timezone.localdate(now)):
            calendar.add_component(_appearance_event(appearance, now))
    return calendar.to_ical()
