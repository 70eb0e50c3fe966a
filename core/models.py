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


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    RUNNING = "running", _("en cours")
    DONE = "done", _("prêt")
    FAILED = "failed", _("échoué")
    EXPIRED = "expired", _("expiré")


class Export(models.Model):
    """A large download written by a worker (core.exports), for the one person who asked for it.

    ``params`` are what the list was filtered by, never its rows nor its
    query: the worker runs the list again for ``user``, with today's rules of
    who sees what.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("demandé par"), on_delete=models.CASCADE, related_name="exports"
    )
    kind = models.CharField(_("liste"), max_length=40)
    export_format = models.CharField(_("format"), max_length=4)
    params = models.JSONField(_("filtres"), default=dict, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=ExportStatus, default=ExportStatus.PENDING)
    total_rows = models.PositiveIntegerField(_("lignes"), default=0)
    processed_rows = models.PositiveIntegerField(_("lignes écrites"), default=0)
    # A generated name under exports/, chosen when the export is asked for: a
    # worker that runs it again writes the same file.
    file = models.FileField(_("fichier"), max_length=200, blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    error = models.CharField(_("erreur"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True, db_index=True)
    # When the progress page last asked for news: a person still watching gets no email.
    last_seen_at = models.DateTimeField(_("page consultée le"), null=True, blank=True)
    notified_at = models.DateTimeField(_("annoncé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.kind}.{self.export_format} #{self.pk}"

    @property
    def is_running(self):
        return self.status in (ExportStatus.PENDING, ExportStatus.RUNNING)

    @property
    def progress_percent(self):
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, self.processed_rows * 100 // self.total_rows)
