"""The property offer: programmes, zones (business parks) and sites.

Field names follow the CNIG "Sites économiques" standard where it names one
(surfaces in hectares for zones, networks as yes/no, nearest motorway and the
distance to its interchange, €/m²); buildings add floor area, clear height,
loading docks, availability and price, as site-selection tools do.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import generated_name
from core.validators import site_date

from .geo import in_france


def _check_coordinates(instance, errors):
    """Both coordinates or neither, and inside France (overseas départements included)."""
    lat, lng = instance.latitude, instance.longitude
    if (lat is None) != (lng is None):
        field = "longitude" if lng is None else "latitude"
        errors[field] = _("Indiquez la latitude et la longitude, ou aucune des deux.")
    elif lat is not None and not in_france(lat, lng):
        errors["latitude"] = _(
            "Ces coordonnées (%(lat)s, %(lng)s) sont hors de France : vérifiez-les, ou laissez-les vides pour "
            "prendre celles de la commune."
        ) % {"lat": lat, "lng": lng}


class Programme(models.Model):
    """A funding or revitalisation scheme (e.g. the Malzieu basin convention)."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    partners = models.CharField(_("partenaires"), max_length=255, blank=True)
    starts_on = models.DateField(_("début"), null=True, blank=True, validators=[site_date])
    ends_on = models.DateField(_("fin"), null=True, blank=True, validators=[site_date])
    budget = models.DecimalField(
        _("budget (€)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="programme_ends_after_start",
                violation_error_message=_("La date de fin ne peut pas précéder la date de début."),
            )
        ]

    def __str__(self):
        return self.name


class ZoneKind(models.TextChoices):
    BUSINESS_PARK = "business_park", _("Zone d'activités")
    TECHNOLOGY_PARK = "technology_park", _("Parc technologique")
    CRAFT_ZONE = "craft_zone", _("Zone artisanale")


class ZoneState(models.TextChoices):
    PLANNED = "planned", _("En projet")
    FINISHED = "finished", _("Aménagée")
    ON_SALE = "on_sale", _("En commercialisation")


class Zone(models.Model):
    """A business park, technology park or craft zone."""

    name = models.CharField(_("nom"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=ZoneKind, default=ZoneKind.BUSINESS_PARK)
    commune_name = models.CharField(_("commune"), max_length=100)
    commune_insee = models.CharField(_("code INSEE de la commune"), max_length=5)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    area_total_ha = models.DecimalField(
        _("surface totale (ha)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    area_available_ha = models.DecimalField(
        _("surface disponible (ha)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    motorway = models.CharField(_("autoroute la plus proche"), max_length=20, blank=True)
    interchange = models.CharField(_("échangeur"), max_length=100, blank=True)
    interchange_km = models.DecimalField(
        _("distance à l'échangeur (km)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    has_fibre = models.BooleanField(_("fibre"), default=False)
    has_water = models.BooleanField(_("eau"), default=True)
    has_sewer = models.BooleanField(_("assainissement"), default=True)
    has_gas = models.BooleanField(_("gaz"), default=False)
    has_electricity = models.BooleanField(_("électricité"), default=True)
    has_rail = models.BooleanField(_("embranchement ferroviaire"), default=False)
    state = models.CharField(_("état"), max_length=20, choices=ZoneState, default=ZoneState.ON_SALE)
    developer = models.CharField(_("aménageur"), max_length=150, blank=True)
    seller = models.CharField(_("commercialisateur"), max_length=150, blank=True)
    price_per_m2 = models.DecimalField(
        _("prix (€/m²)"), max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.SET_NULL, null=True, blank=True, related_name="zones"
    )
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("zone d'activités")
        verbose_name_plural = _("zones d'activités")
        constraints = [
            models.CheckConstraint(
                condition=Q(area_available_ha__lte=F("area_total_ha")),
                name="zone_available_within_total",
                violation_error_message=_("La surface disponible ne peut pas dépasser la surface totale."),
            ),
            models.CheckConstraint(condition=Q(area_available_ha__gte=0), name="zone_available_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.commune_name})"

    def clean(self):
        errors = {}
        total, available = self.area_total_ha, self.area_available_ha
        if total is not None and available is not None and available > total:
            errors["area_available_ha"] = _(
                "La surface disponible (%(available)s ha) ne peut pas dépasser la surface totale (%(total)s ha)."
            ) % {"available": available, "total": total}
        _check_coordinates(self, errors)
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("sites:zone_detail", args=[self.pk])

    @property
    def networks(self):
        """The networks the zone has, as (label, present) pairs, in the CNIG order."""
        return [
            (_("Eau"), self.has_water),
            (_("Assainissement"), self.has_sewer),
            (_("Gaz"), self.has_gas),
            (_("Électricité"), self.has_electricity),
            (_("Fibre optique (THD)"), self.has_fibre),
            (_("Embranchement ferroviaire"), self.has_rail),
        ]


class SiteKind(models.TextChoices):
    BUILDING = "building", _("Bâtiment")
    LOT = "lot", _("Lot viabilisé")
    OFFICE = "office", _("Bureaux")
    LAND = "land", _("Terrain")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Disponible")
    UNDER_OPTION = "under_option", _("Sous option")
    SOLD = "sold", _("Vendu")
    LET = "let", _("Loué")


OFFERED_AVAILABILITIES = [Availability.AVAILABLE, Availability.UNDER_OPTION]


class SiteQuerySet(models.QuerySet):
    def with_taken(self):
        """Annotate ``taken``: a won project has chosen the site.

        The proposal service marks such a site sold or let, but a project can
        be won after its site was chosen, and prospects cannot tell this app
        about it: the annotation keeps the rule whatever the order.
        """
        chosen_by_won = SiteProposal.objects.filter(
            site=OuterRef("pk"), status=ProposalStatus.CHOSEN, project__stage="won"
        )
        return self.annotate(taken=Exists(chosen_by_won))

    def offered(self):
        """Sites still on offer: available or under option, and not chosen by a won project."""
        return self.with_taken().filter(availability__in=OFFERED_AVAILABILITIES, taken=False)

    def on_public_offer(self):
        """What the agency's website may show: sites on offer that Direction or a chargé marked for it."""
        return self.offered().filter(published_on_website=True)


class Site(models.Model):
    """A building, lot, office or plot of land offered to prospects."""

    kind = models.CharField(_("type"), max_length=20, choices=SiteKind)
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, null=True, blank=True, related_name="sites"
    )
    reference = models.CharField(_("référence"), max_length=40, unique=True)
    title = models.CharField(_("intitulé"), max_length=200)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune_name = models.CharField(_("commune"), max_length=100)
    commune_insee = models.CharField(_("code INSEE de la commune"), max_length=5)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    building_m2 = models.PositiveIntegerField(_("surface bâtie (m²)"), null=True, blank=True)
    land_m2 = models.PositiveIntegerField(_("surface du terrain (m²)"), null=True, blank=True)
    clear_height_m = models.DecimalField(
        _("hauteur libre (m)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    loading_docks = models.PositiveSmallIntegerField(_("quais de chargement"), null=True, blank=True)
    sale_price = models.DecimalField(
        _("prix de vente (€)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    monthly_rent = models.DecimalField(
        _("loyer mensuel (€)"),
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    availability = models.CharField(
        _("disponibilité"), max_length=20, choices=Availability, default=Availability.AVAILABLE
    )
    available_from = models.DateField(_("disponible à partir du"), null=True, blank=True, validators=[site_date])
    has_fibre = models.BooleanField(_("fibre"), default=False)
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)
    contact_email = models.EmailField(_("email du contact"), blank=True)
    description = models.TextField(_("description"), blank=True)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.SET_NULL, null=True, blank=True, related_name="sites"
    )
    # The agency's website lists the sites on offer through the public API
    # (api: /api/v1/offre-publique/): only those marked here.
    published_on_website = models.BooleanField(
        _("publié sur le site de l'agence"),
        default=False,
        help_text=_("Affiché dans l'offre immobilière du site web tant qu'il est disponible ou sous option."),
    )
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.CheckConstraint(
                condition=~Q(availability="let") | (Q(sale_price__isnull=True) & Q(monthly_rent__isnull=True)),
                name="site_let_has_no_price",
                violation_error_message=_("Un site loué ne peut pas afficher de prix."),
            ),
        ]
        indexes = [
            models.Index(fields=["availability", "kind"], name="site_availability_idx"),
            models.Index(fields=["building_m2"], name="site_building_idx"),
            models.Index(fields=["land_m2"], name="site_land_idx"),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def clean(self):
        errors = {}
        if self.availability == Availability.LET:
            message = _("Un site loué n'est plus proposé : retirez le prix (le loyer ou le prix de vente).")
            if self.sale_price is not None:
                errors["sale_price"] = message
            if self.monthly_rent is not None:
                errors["monthly_rent"] = message
        _check_coordinates(self, errors)
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("sites:site_detail", args=[self.pk])

    @property
    def fibre_label(self):
        if self.has_fibre:
            return _("raccordé à la fibre")
        if self.zone_id and self.zone.has_fibre:
            return _("fibre dans la zone")
        return ""

    @property
    def is_offered(self):
        """Still on offer; ``taken`` comes from ``SiteQuerySet.with_taken``."""
        return self.availability in OFFERED_AVAILABILITIES and not getattr(self, "taken", False)


def site_photo_path(instance, filename):
    """A name of our making: the uploaded file's name is not kept (core.files)."""
    return generated_name(f"sites/{instance.site_id}", filename)


class SitePhoto(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="photos", verbose_name=_("site"))
    image = models.ImageField(_("photo"), upload_to=site_photo_path)
    caption = models.CharField(_("légende"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption or self.image.name

    def get_file_url(self):
        """The photo's address: through a view that asks for a role (uploads are not public)."""
        return reverse("sites:photo_file", args=[self.pk])


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposé")
    VISITED = "visited", _("Visité")
    REJECTED = "rejected", _("Écarté")
    CHOSEN = "chosen", _("Retenu")


# Where a proposal may go from each state; chosen and rejected are final.
PROPOSAL_TRANSITIONS = {
    ProposalStatus.PROPOSED: (ProposalStatus.VISITED, ProposalStatus.REJECTED),
    ProposalStatus.VISITED: (ProposalStatus.CHOSEN, ProposalStatus.REJECTED),
    ProposalStatus.REJECTED: (),
    ProposalStatus.CHOSEN: (),
}


class SiteProposal(models.Model):
    """A site proposed to a project, and where that proposal stands."""

    project = models.ForeignKey(
        "prospects.Project", verbose_name=_("projet"), on_delete=models.CASCADE, related_name="site_proposals"
    )
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="proposals")
    status = models.CharField(_("état"), max_length=20, choices=ProposalStatus, default=ProposalStatus.PROPOSED)
    notes = models.TextField(_("notes"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposé par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("proposition de site")
        verbose_name_plural = _("propositions de sites")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "site"],
                name="proposal_project_site_unique",
                violation_error_message=_("Ce site a déjà été proposé à ce projet."),
            ),
            # A project settles on one site; the others stay as the record of
            # what was proposed.
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="chosen"),
                name="proposal_one_chosen_per_project",
                violation_error_message=_("Ce projet a déjà retenu un site."),
            ),
        ]
        indexes = [models.Index(fields=["site", "status"], name="proposal_site_status_idx")]

    def __str__(self):
        return f"{self.site} → {self.project}"

    def next_statuses(self):
        return PROPOSAL_TRANSITIONS[ProposalStatus(self.status)]
