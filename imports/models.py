from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.files import generated_name


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Fichier reçu")
    ANALYSING = "analysing", _("Analyse en cours")
    PREVIEW = "preview", _("À confirmer")
    QUEUED = "queued", _("Import demandé")
    IMPORTING = "importing", _("Import en cours")
    DONE = "done", _("Importé")
    REJECTED = "rejected", _("Refusé : le fichier contient des erreurs")
    FAILED = "failed", _("Fichier illisible")
    CANCELLED = "cancelled", _("Abandonné")


class FileLayout(models.TextChoices):
    TEMPLATE = "template", _("Modèle lozdev")
    SIRENE = "sirene", _("Extrait SIRENE / géo-SIRENE")


def import_file_path(instance, filename):
    """A name of our making under the month's folder; the uploaded name stays in ``original_name``."""
    return generated_name(timezone.now().strftime("imports/%Y/%m"), filename)


class ImportBatch(models.Model):
    """One uploaded target list: its file, its preview counts and its progress."""

    file = models.FileField(_("fichier"), upload_to=import_file_path)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4, blank=True)
    encoding = models.CharField(_("encodage"), max_length=20, blank=True)
    delimiter = models.CharField(_("séparateur"), max_length=1, blank=True)
    layout = models.CharField(_("type de fichier"), max_length=10, choices=FileLayout, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=BatchStatus, default=BatchStatus.UPLOADED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable des entreprises"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=100)
    all_or_nothing = models.BooleanField(_("tout ou rien"), default=False)
    include_duplicates = models.BooleanField(_("créer aussi les doublons probables"), default=False)
    total_rows = models.PositiveIntegerField(_("lignes"), default=0)
    new_count = models.PositiveIntegerField(_("nouvelles"), default=0)
    update_count = models.PositiveIntegerField(_("mises à jour"), default=0)
    duplicate_count = models.PositiveIntegerField(_("doublons probables"), default=0)
    error_count = models.PositiveIntegerField(_("erreurs"), default=0)
    # Rows imported all the same, a value they could not read left empty.
    warning_count = models.PositiveIntegerField(_("lignes avec avertissement"), default=0)
    processed_rows = models.PositiveIntegerField(_("lignes traitées"), default=0)
    # The import's checkpoint, saved with each chunk it writes: every row up
    # to this line is written, so a restarted import goes on from here.
    imported_through_line = models.PositiveIntegerField(_("importé jusqu'à la ligne"), default=0)
    created_count = models.PositiveIntegerField(_("entreprises créées"), default=0)
    updated_count = models.PositiveIntegerField(_("entreprises mises à jour"), default=0)
    # Errors about the file as a whole (unreadable, unknown columns…).
    errors = models.JSONField(_("erreurs du fichier"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("importé par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    # The file and its rows (names, addresses, sometimes people) are erased
    # IMPORT_RETENTION_DAYS after the batch ends; the counts above stay.
    purged_at = models.DateTimeField(_("fichier et lignes effacés le"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import de liste cible")
        verbose_name_plural = _("imports de listes cibles")

    def __str__(self):
        return f"{self.original_name} ({date_format(timezone.localtime(self.created_at), 'SHORT_DATE_FORMAT')})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("imports:batch_detail", args=[self.pk])

    @property
    def importable_count(self):
        return self.new_count + self.update_count + (self.duplicate_count if self.include_duplicates else 0)

    def row_imported(self, row):
        wanted = {RowStatus.NEW, RowStatus.UPDATE} | ({RowStatus.DUPLICATE} if self.include_duplicates else set())
        return row.line <= self.imported_through_line and row.status in wanted

    @property
    def is_running(self):
        return self.status in (BatchStatus.UPLOADED, BatchStatus.ANALYSING, BatchStatus.QUEUED, BatchStatus.IMPORTING)

    @property
    def progress_percent(self):
        if self.status in (BatchStatus.ANALYSING, BatchStatus.UPLOADED):
            total = self.total_rows
        else:
            total = self.importable_count
        if not total:
            return 100 if self.status in (BatchStatus.PREVIEW, BatchStatus.DONE) else 0
        return min(100, round(100 * self.processed_rows / total))


class RowStatus(models.TextChoices):
    NEW = "new", _("Nouvelle")
    UPDATE = "update", _("Mise à jour")
    DUPLICATE = "duplicate", _("Doublon probable")
    ERROR = "error", _("Erreur")


class ImportRow(models.Model):
    """One line of an uploaded file, as the preview classified it."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(_("ligne"))
    status = models.CharField(_("état"), max_length=10, choices=RowStatus)
    # Normalised company fields, ready to write.
    data = models.JSONField(default=dict)
    errors = models.JSONField(default=list, blank=True)
    # What was read but not understood in a cell, left empty; the row is imported all the same.
    warnings = models.JSONField(default=list, blank=True)
    # The existing company an update or a probable duplicate matches.
    company = models.ForeignKey("prospects.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["batch", "line"]
        verbose_name = _("ligne importée")
        verbose_name_plural = _("lignes importées")
        constraints = [models.UniqueConstraint(fields=["batch", "line"], name="importrow_batch_line_unique")]
        indexes = [models.Index(fields=["batch", "status", "line"], name="importrow_status_idx")]

    def __str__(self):
        return f"{self.batch_id}:{self.line}"

    @property
    def naf(self):
        """The NAF code as written for a row in error, as stored otherwise."""
        return self.data.get("naf_code_id") or self.data.get("naf_code") or ""
