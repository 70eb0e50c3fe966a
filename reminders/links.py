"""Absolute links for emails and calendar feeds: SITE_URL + path."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


def absolute(name, *args):
    return settings.SITE_URL + reverse(name, args=args)


def followup_link(followup):
    """The follow-up's project if it has one, else its company: where the work is done."""
    if followup.project_id:
        return absolute("prospects:project_detail", followup.project_id)
    return absolute("prospects:company_detail", followup.company_id)


def followup_list_link():
    return absolute("prospects:followup_list")


def overdue_followups_link(before, person_id=None):
    """The follow-ups list, due before ``before`` (of one person when given), most overdue first."""
    query = {"au": (before - datetime.timedelta(days=1)).isoformat(), "tri": "echeance"}
    if person_id is not None:
        query["personne"] = person_id
    return f"{followup_list_link()}?{urlencode(query)}"


def company_link(company_id):
    return absolute("prospects:company_detail", company_id)


def appearance_link(appearance):
    return absolute("events:appearance_detail", appearance.pk)


def target_list_link(appearance):
    return absolute("events:target_list", appearance.pk)


def lead_capture_link(appearance):
    return absolute("events:lead_capture", appearance.pk)


def profile_link():
    return absolute("accounts:profile")


def retention_review_link():
    return absolute("gdpr:retention_review")


def directory_signals_link():
    return absolute("directory:signals")
