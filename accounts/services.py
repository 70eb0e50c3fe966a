"""Writes to a user's own account: email language, daily digest, calendar feed address, second factor, API tokens."""

from __future__ import annotations

import datetime
import math
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor
from .models import (
    API_TOKEN_PREFIX,
    API_TOKEN_SHOWN_CHARS,
    ApiToken,
    Profile,
    api_token_digest,
    calendar_token_digest,
    new_api_token,
    new_calendar_token,
)
from .selectors import profile_for


@transaction.atomic
def profile_update_preferences(
    *, user: User, language: str, digest_enabled: bool, digest_time: datetime.time
) -> Profile:
    profile = Profile.objects.select_for_update().get(pk=profile_for(user).pk)
    profile.language = language
    profile.digest_enabled = digest_enabled
    profile.digest_time = digest_time
    profile.full_clean()
    profile.save(update_fields=["language", "digest_enabled", "digest_time"])
    return profile


@transaction.atomic
def calendar_token_renew(*, user: User) -> str:
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
def calendar_token_revoke(*, user: User) -> Profile:
    profile = Profile.objects.select_for_update().get(pk=profile_for(user).pk)
    if profile.calendar_token_hash is None:
        raise ValidationError(_("Votre calendrier n'a pas d'adresse à révoquer."))
    profile.calendar_token_hash = None
    profile.save(update_fields=["calendar_token_hash"])
    return profile


# Second factor (accounts/two_factor.py says who owes one).


def _wrong_code_message(*, recovery_allowed: bool) -> str:
    if recovery_allowed:
        return _(
            "Code incorrect : saisissez les 6 chiffres affichés par votre application, ou l'un de vos codes de secours."
        )
    return _("Code incorrect : saisissez les 6 chiffres affichés par votre application.")


def _throttled_message(data: dict[str, Any] | None) -> str:
    seconds = 1
    if data and data.get("locked_until"):
        seconds = max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))
    return ngettext(
        "Trop de codes erronés : attendez %(seconds)d seconde avant de réessayer.",
        "Trop de codes erronés : attendez %(seconds)d secondes avant de réessayer.",
        seconds,
    ) % {"seconds": seconds}


def _device_accepting(*, user: User, code: str, recovery_allowed: bool) -> TOTPDevice | StaticDevice:
    """The user's device that accepts ``code``, else a ValidationError saying why.

    Not one atomic block with the caller's writes on purpose: a refused code
    counts towards the device's throttling, and that count must be committed
    even though the refusal is raised.
    """
    code = two_factor.normalise_code(code)
    with transaction.atomic():
        device = None
        if two_factor.TOTP_CODE_RE.fullmatch(code):
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        elif recovery_allowed and two_factor.RECOVERY_CODE_RE.fullmatch(code):
            device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            refusal = _wrong_code_message(recovery_allowed=recovery_allowed)
        else:
            allowed, data = device.verify_is_allowed()
            if not allowed:
                refusal = _throttled_message(data)
            elif device.verify_token(code):
                return device
            else:
                refusal = _wrong_code_message(recovery_allowed=recovery_allowed)
    raise ValidationError(refusal)


def _recovery_codes_replace(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": gettext_noop("Codes de secours"), "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(two_factor.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_enable(*, user: User, hex_key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator application set up with ``hex_key``; returns its device and ten recovery codes."""
    get_user_model().objects.select_for_update().get(pk=user.pk)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("La double authentification est déjà activée sur votre compte."))
    code = two_factor.normalise_code(code)
    totp = two_factor.totp_for_key(hex_key)
    totp.time = time.time()
    if not two_factor.TOTP_CODE_RE.fullmatch(code) or not totp.verify(int(code), tolerance=1):
        raise ValidationError(
            _(
                "Code incorrect : saisissez les 6 chiffres que votre application affiche maintenant "
                "(vérifiez que l'heure du téléphone est juste)."
            )
        )
    TOTPDevice.objects.filter(user=user).delete()
    # The code just typed may not open a session a second time.
    device = TOTPDevice(
        user=user, name=gettext_noop("Application d'authentification"), key=hex_key, confirmed=True, last_t=totp.t()
    )
    device.full_clean()
    device.save()
    return device, _recovery_codes_replace(user=user)


def recovery_codes_regenerate(*, user: User, code: str) -> list[str]:
    """Ten new recovery codes after a code from the application; the old ones stop working."""
    _device_accepting(user=user, code=code, recovery_allowed=False)
    with transaction.atomic():
        return _recovery_codes_replace(user=user)


def two_factor_disable(*, user: User, code: str) -> None:
    """Turn the second factor off, for a user who is not required to have it, after one of their codes."""
    if two_factor.two_factor_required(user):
        raise ValidationError(_("La double authentification est obligatoire pour votre rôle : elle reste activée."))
    _device_accepting(user=user, code=code, recovery_allowed=True)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def two_factor_check(*, user: User, code: str) -> TOTPDevice | StaticDevice:
    """The device that accepts the code typed at sign-in (the application's, or a recovery code, used up)."""
    return _device_accepting(user=user, code=code, recovery_allowed=True)


@transaction.atomic
def two_factor_reset(*, user: User, actor: User) -> None:
    """An administrator removes ``user``'s second factor (a lost phone): they set up a new one at their next page.

    Only a superuser may reset a superuser's, so that Direction cannot take
    over an administrator's account with its password alone.
    """
    if user.is_superuser and not actor.is_superuser:
        raise ValidationError(
            _("Seul un administrateur peut réinitialiser la double authentification d'un administrateur.")
        )
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# API tokens -------------------------------------------------------------------

# Writing last_used_at on every request would make every API read a write:
# once a minute tells the owner whether a token is still in use.
API_TOKEN_USE_RESOLUTION = datetime.timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
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
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    if token.user_id != actor.pk:
        raise ValidationError(_("Ce jeton n'est pas le vôtre."))
    if token.revoked_at is not None:
        raise ValidationError(_("Ce jeton est déjà révoqué."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def api_token_mark_used(*, token: ApiToken) -> None:
    """Record that ``token`` was used, at most once per API_TOKEN_USE_RESOLUTION (a conditional UPDATE)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= API_TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
