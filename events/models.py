from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.validators import plan_date, single_line


class Scope(models.TextChoices):
    INTERNATIONAL = "international", _("International")
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Régional")


class TradeShow(models.Model):
    """A recurring trade show (SIAL, Carrefour International du Bois…)."""

    name = models.CharField(_("nom"), max_length=150, unique=True, validators=[single_line])
    sectors = models.ManyToManyField(
        "prospects.Sector", verbose_name=_("secteurs"), blank=True, related_name="trade_shows"
    )
    scope = models.CharField(_("portée"), max_length=20, choices=Scope, default=Scope.NATIONAL)
    organiser = models.CharField(_("organisateur"), max_length=150, blank=True, validators=[single_line])
    website = models.URLField(_("site web"), blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("salon")
        verbose_name_plural = _("salons")

    def __str__(self):
        return self.name


class Appearance(models.Model):
    """One edition of a trade show that the agency attends."""

    trade_show = models.ForeignKey(
        TradeShow, verbose_name=_("salon"), on_delete=models.PROTECT, related_name="appearances"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    starts_on = models.DateField(_("début"), validators=[plan_date])
    ends_on = models.DateField(_("fin"), validators=[plan_date])
    city = models.CharField(_("ville"), max_length=100, validators=[single_line])
    venue = models.CharField(_("lieu"), max_length=150, blank=True, validators=[single_line])
    stand = models.CharField(_("stand"), max_length=100, blank=True, validators=[single_line])
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("équipe sur place"), blank=True, related_name="appearances"
    )
    partner_companies = models.ManyToManyField(
        "prospects.Company",
        verbose_name=_("entreprises partenaires exposantes"),
        blank=True,
        related_name="partner_appearances",
    )
    cost = models.DecimalField(
        _("coût (€)"), max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    meetings_target = models.PositiveIntegerField(_("rendez-vous visés"), null=True, blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("participation à un salon")
        verbose_name_plural = _("participations à des salons")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="appearance_ends_after_start",
                violation_error_message=_("La date de fin ne peut pas précéder la date de début."),
            ),
            models.CheckConstraint(condition=Q(cost__gte=0), name="appearance_cost_positive"),
            models.UniqueConstraint(fields=["trade_show", "year"], name="appearance_show_year_unique"),
        ]
        indexes = [models.Index(fields=["starts_on"], name="appearance_starts_idx")]

    def __str__(self):
        return f"{self.trade_show.name} {self.year}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("events:appearance_detail", args=[self.pk])


class PendingLead(models.Model):
    """A lead sent from a device's outbox that names a company the server cannot be sure of.

    Same folded name as a known company but another (or no) postcode: it is
    kept here, nothing written, until its chargé picks the company or
    confirms a new one. ``device_id`` is the capture key the device made: the
    lead, once confirmed, carries it, so a resend makes nothing twice.
    """

    class Reason(models.TextChoices):
        COMPANY = "company", _("entreprise à confirmer")
        PERSON = "person", _("personne à confirmer")

    appearance = models.ForeignKey(
        Appearance, verbose_name=_("participation"), on_delete=models.CASCADE, related_name="pending_leads"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saisi par"), on_delete=models.CASCADE, related_name="+"
    )
    device_id = models.UUIDField(_("clé de saisie"), unique=True, editable=False)
    reason = models.CharField(_("à vérifier"), max_length=10, choices=Reason.choices, default=Reason.COMPANY)
    # The form's fields as the device sent them, validated again on confirmation.
    payload = models.JSONField(_("saisie"), default=dict)
    # Ids of the companies (or, for a person, of the company's people) it may be.
    candidates = models.JSONField(_("candidats"), default=list)
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("contact à vérifier")
        verbose_name_plural = _("contacts à vérifier")

    def __str__(self):
        return self.payload.get("company_name") or str(self.device_id)
