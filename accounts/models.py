import datetime
import hashlib
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


def calendar_token_digest(token):
    """What is stored of a calendar token: its SHA-256 in hex.

    A copy of the database (a backup, a dump sent for support) then opens no
    one's feed. The token is 256 random bits, so a plain hash without salt or
    stretching is enough: there is nothing to guess from a dictionary.
    """
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class Profile(models.Model):
    """Per-user preferences: language of emails, daily digest, calendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("utilisateur")
    )
    language = models.CharField(_("langue"), max_length=8, choices=settings.LANGUAGES, default="fr")
    digest_enabled = models.BooleanField(_("recevoir le récapitulatif quotidien"), default=True)
    digest_time = models.TimeField(_("heure du récapitulatif"), default=datetime.time(7, 30))
    # Only the token's digest (calendar_token_digest): the address itself is
    # shown once, when it is made.
    calendar_token_hash = models.CharField(
        _("empreinte du jeton du calendrier"), max_length=64, unique=True, null=True, blank=True, editable=False
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


# A personal API token is this prefix and 43 characters of URL-safe base64;
# the prefix tells a leaked token apart in logs and secret scanners.
API_TOKEN_PREFIX = "lzd_"
API_TOKEN_RE = re.compile(r"lzd_[A-Za-z0-9_-]{43}")
# The characters of a token shown next to its name, once the token itself is gone.
API_TOKEN_SHOWN_CHARS = 8


def new_api_token():
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def is_api_token(value):
    """Whether ``value`` could be an API token (checked before any query)."""
    return bool(API_TOKEN_RE.fullmatch(value or ""))


def api_token_digest(raw):
    """What is stored of a token: its SHA-256. A token is random (256 bits): no salt or slow hash is needed."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal token for the API: its owner's rights, shown once, stored as a hash, revoked at will."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("utilisateur")
    )
    name = models.CharField(_("nom"), max_length=80)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("début du jeton"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None
