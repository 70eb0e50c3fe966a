"""Absolute links for emails and calendar feeds: SITE_URL + path."""

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
