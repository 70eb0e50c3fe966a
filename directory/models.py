"""The SIRENE directory: the register's establishments as INSEE publishes them, and what changed per load.

An ``Establishment`` is not a ``Company``: it becomes one only when someone
chooses it (targeting, a suggestion). The two meet on the SIRET, so that
"already followed" is a lookup on ``Company.siret`` / ``Company.siren``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from prospects.models import Company, FollowUp, WorkforceBand


class Diffusion(models.TextChoices):
    PUBLIC = "O", _("Diffusible")
    PARTIAL = "P", _("Diffusion partielle")


class EstablishmentQuerySet(models.QuerySet):
    def with_followed(self):
        """Each row with ``followed``: a company of the agency has its SIRET."""
        return self.annotate(followed=Exists(Company.objects.filter(siret=OuterRef("siret"))))

    def not_followed(self):
        return self.exclude(siret__in=Company.objects.exclude(siret="").values("siret"))

    def followed(self):
        return self.filter(siret__in=Company.objects.exclude(siret="").values("siret"))


class Establishment(models.Model):
    siret = models.CharField(_("SIRET"), max_length=14, unique=True)
    siren = models.CharField(_("SIREN"), max_length=9, db_index=True)
    name = models.CharField(_("nom"), max_length=200)
    sign = models.CharField(_("enseigne"), max_length=200, blank=True)
    legal_category = models.CharField(_("catégorie juridique"), max_length=4, blank=True)
    naf = models.CharField(_("code NAF"), max_length=6, blank=True, db_index=True)
    workforce_band = models.CharField(
        _("tranche d'effectifs"), max_length=2, choices=WorkforceBand.choices, default=WorkforceBand.UNKNOWN
    )
    workforce_year = models.PositiveSmallIntegerField(_("année de la tranche"), null=True, blank=True)
    created_on = models.DateField(_("date de création"), null=True, blank=True)
    head_office = models.BooleanField(_("siège"), default=False)
    active = models.BooleanField(_("actif"), default=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("commune"), max_length=100, blank=True)
    commune_code = models.CharField(_("code commune INSEE"), max_length=5, blank=True)
    department = models.CharField(_("département"), max_length=3, blank=True, db_index=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    diffusion = models.CharField(_("diffusion"), max_length=1, choices=Diffusion, default=Diffusion.PUBLIC)
    updated_month = models.DateField(_("mois du fichier"), null=True, blank=True)
    # Folded name, sign and city (core.identifiers.fold): one LIKE per typed word,
    # served by a trigram index on PostgreSQL (migration 0002).
    search_name = models.CharField(max_length=400, editable=False, default="")

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        ordering = ["search_name", "id"]
        verbose_name = _("établissement SIRENE")
        verbose_name_plural = _("établissements SIRENE")
        indexes = [
            models.Index(fields=["search_name", "id"], name="directory_search_idx"),
            models.Index(fields=["department", "naf"], name="directory_dept_naf_idx"),
            models.Index(fields=["workforce_band"], name="directory_band_idx"),
            models.Index(fields=["created_on"], name="directory_created_idx"),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.siret})"

    @property
    def display_name(self):
        """The sign when it differs from the legal name: it is what the street and a badge show."""
        if self.sign and self.sign.lower() != self.name.lower():
            return f"{self.sign} ({self.name})"
        return self.name


class LegalUnit(models.Model):
    """A legal unit of the legal-unit stock file (StockUniteLegale): the name its establishments take.

    The establishment stock has no legal name; a unit whose person objected
    (diffusion P) and who is a person (sole trader) is kept without a name.
    """

    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    name = models.CharField(_("nom"), max_length=200, blank=True)
    legal_category = models.CharField(_("catégorie juridique"), max_length=4, blank=True)
    is_person = models.BooleanField(_("personne physique"), default=False)

    class Meta:
        verbose_name = _("unité légale SIRENE")
        verbose_name_plural = _("unités légales SIRENE")

    def __str__(self):
        return f"{self.name or self.siren} ({self.siren})"


class LoadStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échoué")


class DirectoryLoad(models.Model):
    """One run of ``sirene_load`` or of a file sent by Direction: its files, counts, and so the changes it found."""

    status = models.CharField(_("état"), max_length=10, choices=LoadStatus, default=LoadStatus.DONE)
    uploaded_file = models.FileField(_("fichier envoyé"), upload_to="directory/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    error = models.TextField(_("erreur"), blank=True)
    total_bytes = models.PositiveBigIntegerField(_("taille"), default=0)
    done_bytes = models.PositiveBigIntegerField(_("lu"), default=0)
    started_at = models.DateTimeField(_("commencé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    files = models.TextField(_("fichiers"), blank=True)
    rows_read = models.PositiveIntegerField(_("lignes lues"), default=0)
    rows_kept = models.PositiveIntegerField(_("lignes retenues"), default=0)
    created_count = models.PositiveIntegerField(_("établissements nouveaux"), default=0)
    month = models.DateField(_("mois du fichier"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("chargement SIRENE")
        verbose_name_plural = _("chargements SIRENE")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} – {self.rows_kept}"

    @property
    def is_running(self):
        return self.status in (LoadStatus.QUEUED, LoadStatus.RUNNING)

    @property
    def progress_percent(self):
        if self.status == LoadStatus.DONE:
            return 100
        return min(99, int(100 * self.done_bytes / self.total_bytes)) if self.total_bytes else 0


class ChangeKind(models.TextChoices):
    CLOSED = "closed", _("Fermeture")
    REOPENED = "reopened", _("Réouverture")
    BAND_UP = "band_up", _("Effectif en hausse")
    BAND_DOWN = "band_down", _("Effectif en baisse")
    MOVED = "moved", _("Transfert")
    NEW_ESTABLISHMENT = "new_establishment", _("Nouvel établissement")
    # Not a followed company's: a new establishment of the agency's sectors in its territory.
    NEW_IN_TERRITORY = "new_in_territory", _("Nouveau sur le territoire")


class DirectoryChangeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(dismissed_at__isnull=True, followup__isnull=True)


class DirectoryChange(models.Model):
    """What a load found: for an establishment of a SIREN the agency follows, a signal for the company's owner;
    for a new establishment of the agency's sectors in its territory (no company yet), a signal for everyone."""

    load = models.ForeignKey(
        DirectoryLoad, verbose_name=_("chargement"), on_delete=models.CASCADE, related_name="changes"
    )
    establishment = models.ForeignKey(
        Establishment, verbose_name=_("établissement"), on_delete=models.CASCADE, related_name="changes"
    )
    company = models.ForeignKey(
        Company,
        verbose_name=_("entreprise"),
        on_delete=models.CASCADE,
        related_name="directory_changes",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("signal"), max_length=20, choices=ChangeKind)
    before = models.CharField(_("avant"), max_length=255, blank=True)
    after = models.CharField(_("après"), max_length=255, blank=True)
    detected_at = models.DateTimeField(_("détecté le"), auto_now_add=True, db_index=True)
    dismissed_at = models.DateTimeField(_("écarté le"), null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("écarté par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    followup = models.ForeignKey(
        FollowUp, verbose_name=_("relance"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = DirectoryChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-detected_at", "-id"]
        verbose_name = _("signal SIRENE")
        verbose_name_plural = _("signaux SIRENE")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.establishment.siret}"
