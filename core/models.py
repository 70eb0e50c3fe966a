from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A create form's one-time token, claimed by the request that used it (core.once).

    The row is inserted in the same transaction as what the form creates, so a
    double submit, a resubmit or two tabs sending the same page make one
    record; the second request is sent where the first one went.
    """

    token = models.UUIDField(_("jeton"), primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("utilisateur"), on_delete=models.CASCADE)
    result_url = models.CharField(_("adresse du résultat"), max_length=500)
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("formulaire envoyé")
        verbose_name_plural = _("formulaires envoyés")

    def __str__(self):
        return str(self.token)
