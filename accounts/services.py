"""Writes to a user's own profile: the language of emails, the daily digest, the calendar feed's address."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Profile, calendar_token_digest, new_calendar_token
from .selectors import profile_for


@transaction.atomic
def profile_update_preferences(*, user, language, digest_enabled, digest_time):
    profile = Profile.objects.select_for_update().get(pk=profile_for(user).pk)
    profile.language = language
    profile.digest_enabled = digest_enabled
    profile.digest_time = digest_time
    profile.full_clean()
    profile.save(update_fields=["language", "digest_enabled", "digest_time"])
    return profile


@transaction.atomic
def calendar_token_renew(*, user):
    """A new secret address for the calendar feed; the old one stops working.

    Returns the token: only its digest is stored, so this is the one moment
    it can be shown.
    """
    profile = Profile.objects.select_for_update().get(pk=profile_for(user).pk)
    token = new_calendar_token()
    profile.calendar_token_hash = calendar_token_digest(token)
    profile.save(update_fields=["calendar_token_hash"])
    return token


@transaction.atomic
def calendar_token_revoke(*, user):
    profile = Profile.objects.select_for_update().get(pk=profile_for(user).pk)
    if profile.calendar_token_hash is None:
        raise ValidationError(_("Votre calendrier n'a pas d'adresse à révoquer."))
    profile.calendar_token_hash = None
    profile.save(update_fields=["calendar_token_hash"])
    return profile
