"""Writes to a user's own profile: the language of emails, the daily digest, the calendar feed's address, API tokens."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    API_TOKEN_PREFIX,
    API_TOKEN_SHOWN_CHARS,
    ApiToken,
    Profile,
    api_token_digest,
    new_api_token,
    new_calendar_token,
)
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
    """A new secret address for the calendar feed; the old one stops working."""
    profile = Profile.objects.select_for_update().get(pk=profile_for(user).pk)
    profile.calendar_token = new_calendar_token()
    profile.save(update_fields=["calendar_token"])
    return profile


@transaction.atomic
def calendar_token_revoke(*, user):
    profile = Profile.objects.select_for_update().get(pk=profile_for(user).pk)
    if profile.calendar_token is None:
        raise ValidationError(_("Votre calendrier n'a pas d'adresse à révoquer."))
    profile.calendar_token = None
    profile.save(update_fields=["calendar_token"])
    return profile


# API tokens -------------------------------------------------------------------

# Writing last_used_at on every request would make every API read a write:
# once a minute tells the owner whether a token is still in use.
API_TOKEN_USE_RESOLUTION = datetime.timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, user, name):
    """A new token for ``user``; returns (token, the raw token), which is shown once and never stored."""
    raw = new_api_token()
    token = ApiToken(
        user=user,
        name=(name or "").strip(),
        digest=api_token_digest(raw),
        prefix=raw[: len(API_TOKEN_PREFIX) + API_TOKEN_SHOWN_CHARS],
    )
    token.full_clean(exclude=["digest", "prefix"])
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token, actor):
    if token.user_id != actor.pk:
        raise ValidationError(_("Ce jeton n'est pas le vôtre."))
    if token.revoked_at is not None:
        raise ValidationError(_("Ce jeton est déjà révoqué."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def api_token_mark_used(*, token):
    """Record that ``token`` was used, at most once per API_TOKEN_USE_RESOLUTION (a conditional UPDATE)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= API_TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
