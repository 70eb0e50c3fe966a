import datetime
import re
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

# What new_calendar_token makes: 43 characters of URL-safe base64.
CALENDAR_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_calendar_token():
    return secrets.token_urlsafe(32)


def is_calendar_token(value):
    """Whether ``value`` could be a calendar token (checked before any query)."""
    return bool(CALENDAR_TOKEN_RE.fullmatch(value))


class Profile(models.Model):
    """Per-user preferences: language of emails, daily digest, calendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("utilisateur")
    )
    language = models.CharField(_("langue"), max_length=8, choices=settings.LANGUAGES, default="fr")
    digest_enabled = models.BooleanField(_("recevoir le récapitulatif quotidien"), default=True)
    digest_time = models.TimeField(_("heure du récapitulatif"), default=datetime.time(7, 30))
    calendar_token = models.CharField(
        _("jeton du calendrier"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")

    def __str__(self):
        return str(self.user)


class TwoFactorDevice(TOTPDevice):
    """A user's authenticator application, as the admin lists it for a reset (django-otp's own model)."""

    class Meta:
        proxy = True
        verbose_name = _("double authentification")
        verbose_name_plural = _("doubles authentifications")
