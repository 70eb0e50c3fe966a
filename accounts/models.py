import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_calendar_token():
    return secrets.token_urlsafe(32)


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
