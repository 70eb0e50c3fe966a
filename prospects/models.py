"""The prospect records: sectors and NAF codes, companies, contacts, interactions, projects, follow-ups.

Over 400 lines: these models point at one another (a project's company, a
follow-up's project and interaction, a company's search text built from its
contacts); kept in one module they read as the data model they are, and
their migrations stay in one app.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.roles import is_direction
from core.identifiers import (
    fold,
    normalize_company_name,
    phone_digits,
    sort_key,
    validate_postcode,
    validate_siren,
    validate_siret,
)
from core.phones import validate_phone
from core.urlcache import object_url
from core.validators import past_date, plan_date, single_line

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class Sector(models.Model):
    """A sector of the agency's programme, with the NAF prefixes in it."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    # A reference name is data, not a string in the catalogues: its English
    # form sits beside it, shown when the page is in English.
    name_en = models.CharField(_("nom en anglais"), max_length=80, blank=True)
    slug = models.SlugField(_("code"), max_length=40, unique=True)
    naf_prefixes = models.CharField(
        _("préfixes NAF"),
        max_length=255,
        blank=True,
        help_text=_("Séparés par des virgules, ex. « 02.20, 16, 43.91 »."),
    )
    is_priority = models.BooleanField(_("prioritaire cette année"), default=False)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("secteur")
        verbose_name_plural = _("secteurs")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name_in_language(self.name, self.name_en)

    @staticmethod
    def name_in_language(name, name_en):
        """The name in the active language: the English one on an English page when there is one.

        Static for queries that read the two columns with ``values()``.
        """
        if name_en and (get_language() or "").startswith("en"):
            return name_en
        return name

    def prefixes(self):
        return [p.strip() for p in self.naf_prefixes.split(",") if p.strip()]


class NafCode(models.Model):
    """A NAF sub-class (``16.10A``), loaded from INSEE's nomenclature."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    label = models.CharField(_("intitulé"), max_length=255)
    short_label = models.CharField(_("intitulé court"), max_length=70, blank=True)
    nomenclature = models.CharField(_("nomenclature"), max_length=16, default="NAFRev2")

    class Meta:
        ordering = ["code"]
        verbose_name = _("code NAF")
        verbose_name_plural = _("codes NAF")

    def __str__(self):
        return f"{self.code} – {self.label}"


class WorkforceBand(models.TextChoices):
    """INSEE's tranches d'effectifs."""

    UNKNOWN = "NN", _("Non renseigné")
    NONE = "00", _("0 salarié")
    B01 = "01", _("1 ou 2 salariés")
    B02 = "02", _("3 à 5 salariés")
    B03 = "03", _("6 à 9 salariés")
    B11 = "11", _("10 à 19 salariés")
    B12 = "12", _("20 à 49 salariés")
    B21 = "21", _("50 à 99 salariés")
    B22 = "22", _("100 à 199 salariés")
    B31 = "31", _("200 à 249 salariés")
    B32 = "32", _("250 à 499 salariés")
    B41 = "41", _("500 à 999 salariés")
    B42 = "42", _("1 000 à 1 999 salariés")
    B51 = "51", _("2 000 à 4 999 salariés")
    B52 = "52", _("5 000 à 9 999 salariés")
    B53 = "53", _("10 000 salariés et plus")


class LegalForm(models.TextChoices):
    """The legal categories prospects most often have (INSEE level-III codes)."""

    SOLE_TRADER = "1000", _("Entrepreneur individuel")
    SNC = "5202", _("Société en nom collectif")
    EURL = "5498", _("EURL (SARL unipersonnelle)")
    SARL = "5499", _("SARL")
    SA = "5599", _("SA à conseil d'administration")
    SAS = "5710", _("SAS")
    SASU = "5720", _("SASU")
    SCOP = "5458", _("SCOP (SARL coopérative)")
    COOP = "5560", _("Coopérative agricole")
    SCI = "6540", _("Société civile immobilière")
    ASSOCIATION = "9220", _("Association déclarée")
    OTHER = "0000", _("Autre")


class CompanyStage(models.TextChoices):
    IDENTIFIED = "identified", _("Identifiée")
    TARGETED = "targeted", _("Ciblée")
    CONTACTED = "contacted", _("Contactée")
    IN_DISCUSSION = "in_discussion", _("En discussion")
    PROJECT = "project", _("Projet")
    ESTABLISHED = "established", _("Implantée")
    LOST = "lost", _("Perdue")
    DORMANT = "dormant", _("En sommeil")


class CompanyQuerySet(models.QuerySet):
    def contactable(self):
        return self.filter(do_not_contact=False)


class Company(models.Model):
    """One establishment (a SIRET), the unit the agency prospects."""

    name = models.CharField(_("raison sociale"), max_length=200, validators=[single_line])
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, db_index=True, validators=[validate_siren])
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    naf_code = models.ForeignKey(
        NafCode, verbose_name=_("code NAF"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("secteur"), on_delete=models.PROTECT, null=True, blank=True, related_name="companies"
    )
    sector_set_manually = models.BooleanField(
        _("secteur choisi à la main"),
        default=False,
        help_text=_("Sinon, le secteur découle du code NAF."),
    )
    workforce_band = models.CharField(
        _("tranche d'effectifs"), max_length=2, choices=WorkforceBand, default=WorkforceBand.UNKNOWN
    )
    legal_form = models.CharField(_("forme juridique"), max_length=4, choices=LegalForm, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True, validators=[single_line])
    postcode = models.CharField(_("code postal"), max_length=5, blank=True, validators=[validate_postcode])
    city = models.CharField(_("commune"), max_length=100, blank=True, validators=[single_line])
    commune_code = models.CharField(_("code commune INSEE"), max_length=5, blank=True)
    department = models.CharField(_("département"), max_length=3, blank=True)
    website = models.URLField(_("site web"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    stage = models.CharField(_("étape"), max_length=20, choices=CompanyStage, default=CompanyStage.IDENTIFIED)
    fit_score = models.PositiveSmallIntegerField(
        _("note de pertinence"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("De 1 à 5 : la vitalité et la pertinence qui en font une cible."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_companies",
    )
    source = models.CharField(_("source"), max_length=100, blank=True, validators=[single_line])
    do_not_contact = models.BooleanField(_("ne pas contacter"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    # Kept by the services: the last interaction's date, for lists and filters
    # that would otherwise aggregate millions of interactions.
    last_contact_at = models.DateTimeField(_("dernier contact"), null=True, blank=True, editable=False)
    # Folded name, identifiers and city: accent-insensitive search on any database.
    search_text = models.TextField(editable=False, default="")
    # Folded name without legal-form words: probable-duplicate checks.
    normalized_name = models.CharField(max_length=200, editable=False, default="")
    # Folded name, what lists sort by: accents and case ignored on any database.
    sort_name = models.CharField(max_length=200, editable=False, default="", blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)
    # A sole trader's business bears the person's name: past retention it is
    # anonymised like a contact (prospects.gdpr).
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "normalized_name", "sort_name", "last_contact_at"])
    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "id"]
        verbose_name = _("entreprise")
        verbose_name_plural = _("entreprises")
        constraints = [
            models.UniqueConstraint(
                fields=["siret"],
                condition=~Q(siret=""),
                name="company_siret_unique",
                violation_error_message=_("Une entreprise avec ce SIRET existe déjà."),
            ),
            models.CheckConstraint(
                condition=Q(fit_score__isnull=True) | Q(fit_score__gte=1, fit_score__lte=5),
                name="company_fit_score_1_5",
            ),
        ]
        indexes = [
            # The lists sort on sort_name; the admin's name column still sorts on name.
            models.Index(fields=["name", "id"], name="company_name_idx"),
            models.Index(fields=["sort_name", "id"], name="company_sort_name_idx"),
            models.Index(fields=["normalized_name", "postcode"], name="company_dup_idx"),
            models.Index(fields=["stage", "sort_name"], name="company_stage_sort_idx"),
            models.Index(fields=["sector", "sort_name"], name="company_sector_sort_idx"),
            models.Index(fields=["department", "sort_name"], name="company_dept_sort_idx"),
            models.Index(fields=["owner", "sort_name"], name="company_owner_sort_idx"),
            models.Index(fields=["workforce_band"], name="company_band_idx"),
            models.Index(fields=["fit_score"], name="company_fit_idx"),
            models.Index(fields=["last_contact_at"], name="company_last_contact_idx"),
            models.Index(fields=["naf_code"], name="company_naf_idx"),
            models.Index(fields=["updated_at"], name="company_updated_idx"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.siret and self.siren and not self.siret.startswith(self.siren):
            raise ValidationError({"siret": _("Le SIRET doit commencer par le SIREN de l'entreprise.")})

    def refresh_search_fields(self, contact_names=None):
        """The folded text a search reads: the company's own fields, then its contacts' names.

        The contacts are in it so that a search is one indexed LIKE per word on
        this column. ``contact_names`` is read from the database when not
        given (a company not yet saved has none).
        """
        if contact_names is None:
            contact_names = contact_search_names([self.pk]).get(self.pk, []) if self.pk else []
        own = [self.name, self.siren, self.siret, self.city, self.postcode]
        self.search_text = fold(" ".join(filter(None, [*own, *contact_names])))
        self.normalized_name = normalize_company_name(self.name)[:200]
        self.sort_name = sort_key(self.name)[:200]

    def get_absolute_url(self):
        return object_url("prospects:company_detail", self.pk)


class ContactQuerySet(models.QuerySet):
    def current(self):
        """The people still at their company: those offered for a new exchange."""
        return self.filter(left_on__isnull=True)


class Contact(models.Model):
    company = models.ForeignKey(
        Company, verbose_name=_("entreprise"), on_delete=models.CASCADE, related_name="contacts"
    )
    first_name = models.CharField(_("prénom"), max_length=100, blank=True, validators=[single_line])
    last_name = models.CharField(_("nom"), max_length=100, validators=[single_line])
    job_title = models.CharField(_("fonction"), max_length=150, blank=True, validators=[single_line])
    email = models.EmailField(_("email professionnel"), blank=True, validators=[single_line])
    phone = models.CharField(_("téléphone"), max_length=30, blank=True, validators=[validate_phone])
    is_primary = models.BooleanField(_("contact principal"), default=False)
    # The person no longer works there: kept, with their history and past
    # exchanges, but no longer offered as someone to talk to at the company.
    left_on = models.DateField(_("a quitté l'entreprise le"), null=True, blank=True)
    objected = models.BooleanField(
        _("opposition (RGPD art. 21)"),
        default=False,
        help_text=_("La personne s'oppose à la prospection : exclue des exports et des messages."),
    )
    objected_at = models.DateTimeField(_("date de l'opposition"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    # Not columns: who made a change and why, set before a save for its history row.
    _history_user: "User"
    _change_reason: str

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-is_primary", "last_name", "first_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["company", "last_name"], name="contact_company_idx"),
            # The companies whose people objected, read by every email and export (prospects.gdpr.ObjectorMask).
            models.Index(
                fields=["company"], name="contact_objector_idx", condition=Q(objected=True, anonymised_at__isnull=True)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_primary=False) | Q(left_on__isnull=True),
                name="contact_primary_still_there",
                violation_error_message=_(
                    "Une personne qui a quitté l'entreprise ne peut pas en être le contact principal."
                ),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def has_left(self):
        return self.left_on is not None

    @property
    def is_editable(self):
        """Whether the company page may change this person: their GDPR state stays with the GDPR pages."""
        return not self.objected and self.anonymised_at is None

    @property
    def full_name(self):
        return " ".join(filter(None, [self.first_name, self.last_name]))

    def refresh_search_fields(self):
        """Folded name and email, then the phone as national digits (a search types it any way)."""
        self.search_text = contact_search_text(self.first_name, self.last_name, self.email, self.phone)


def contact_search_text(first_name, last_name, email, phone):
    """What Contact.search_text holds; also written by the migrations and seed_volume that set it in bulk."""
    return fold(" ".join(filter(None, [first_name, last_name, email, phone_digits(phone)])))


def contact_search_names(company_ids):
    """The names a company search matches for each company's contacts, by company id.

    Names only (no emails), and not those of anonymised contacts: their
    placeholder name is nobody's.
    """
    names = {}
    rows = (
        Contact.objects.filter(company_id__in=company_ids, anonymised_at__isnull=True)
        .order_by("company_id", "pk")
        .values_list("company_id", "first_name", "last_name")
    )
    for company_id, first_name, last_name in rows:
        names.setdefault(company_id, []).append(" ".join(filter(None, [first_name, last_name])))
    return names


class InteractionKind(models.TextChoices):
    STAND = "stand", _("Rencontre sur salon")
    PHONE = "phone", _("Téléphone")
    EMAIL = "email", _("Email")
    MEETING = "meeting", _("Rendez-vous")
    SITE_VISIT = "site_visit", _("Visite de site")
    VIDEO = "video", _("Visioconférence")
    LETTER = "letter", _("Courrier")


class LeadGrade(models.TextChoices):
    A = "A", _("A – chaud")
    B = "B", _("B – intéressé")
    C = "C", _("C – à suivre")
    D = "D", _("D – froid")


class InteractionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The exchanges ``user`` may see: not one behind a confidential project kept from them.

        An exchange belongs to a project through the follow-ups scheduled from
        it (lead capture opens a project and its follow-up from the
        conversation at the stand); its summary speaks of that project.
        """
        if is_direction(user):
            return self
        hidden = FollowUp.objects.filter(interaction=OuterRef("pk"), project__isnull=False).exclude(
            project__in=Project.objects.visible_to(user).values("pk")
        )
        return self.filter(~Exists(hidden))


class Interaction(models.Model):
    """One touch with a company: a call, a meeting, a conversation on a stand."""

    company = models.ForeignKey(
        Company, verbose_name=_("entreprise"), on_delete=models.CASCADE, related_name="interactions"
    )
    contacts = models.ManyToManyField(Contact, verbose_name=_("contacts"), blank=True, related_name="interactions")
    occurred_at = models.DateTimeField(_("date"), validators=[past_date])
    kind = models.CharField(_("type"), max_length=20, choices=InteractionKind)
    appearance = models.ForeignKey(
        "events.Appearance",
        verbose_name=_("salon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    summary = models.TextField(_("résumé"))
    lead_grade = models.CharField(_("note du contact"), max_length=1, choices=LeadGrade, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saisi le"), auto_now_add=True)
    # Made by the form (or the device, or the API client) that captured a
    # lead: the same capture sent twice, by a double tap, a retry or a second
    # tab, finds its first lead instead of making a second.
    capture_key = models.UUIDField(_("clé de saisie"), null=True, blank=True, unique=True, editable=False)

    history = HistoricalRecords(m2m_fields=[contacts])
    # Not a column: who made a change, set before a save or a delete for its history row.
    _history_user: "User"
    objects = InteractionQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("échange")
        verbose_name_plural = _("échanges")
        indexes = [
            models.Index(fields=["company", "-occurred_at"], name="interaction_company_idx"),
            models.Index(fields=["appearance", "-occurred_at"], name="interaction_appearance_idx"),
            models.Index(fields=["-occurred_at"], name="interaction_date_idx"),
        ]

    def __str__(self):
        # An exchange being entered (in the admin, say) has no date yet.
        when = (
            f" ({date_format(timezone.localtime(self.occurred_at), 'SHORT_DATE_FORMAT')})" if self.occurred_at else ""
        )
        return f"{self.company} – {self.get_kind_display()}{when}"

    def may_be_changed_by(self, user):
        """Who corrects or deletes an exchange: the person who logged it, and Direction."""
        return is_direction(user) or (self.logged_by_id is not None and self.logged_by_id == user.pk)


class ProjectStage(models.TextChoices):
    LEAD = "lead", _("Piste")
    ACTIVE = "active", _("Projet actif")
    SITE_VISIT = "site_visit", _("Visite de site")
    PROPOSAL = "proposal", _("Proposition")
    DECISION = "decision", _("Décision")
    WON = "won", _("Implanté")
    LOST = "lost", _("Perdu")
    DORMANT = "dormant", _("En sommeil")


OPEN_PROJECT_STAGES = [
    ProjectStage.LEAD,
    ProjectStage.ACTIVE,
    ProjectStage.SITE_VISIT,
    ProjectStage.PROPOSAL,
    ProjectStage.DECISION,
]


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The projects ``user`` may see: the one rule for every page, list, count, export and feed.

        A confidential project is seen only by its owner, its team and
        Direction. The team is read through a subquery rather than a join, so
        no row is repeated and counts and sums over the result add up.
        """
        if is_direction(user):
            return self
        if not user.is_authenticated:
            return self.none()
        on_team = Project.team.through.objects.filter(user=user).values("project_id")
        return self.filter(Q(confidential=False) | Q(owner=user) | Q(pk__in=on_team))

    def open(self):
        return self.filter(stage__in=OPEN_PROJECT_STAGES)


class Project(models.Model):
    """An implantation project (a "dossier")."""

    company = models.ForeignKey(
        Company, verbose_name=_("entreprise"), on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("intitulé"), max_length=200, validators=[single_line])
    code_name = models.CharField(
        _("nom de code"), max_length=80, blank=True, help_text=_("Utilisé à la place du nom de l'entreprise.")
    )
    confidential = models.BooleanField(
        _("confidentiel"), default=False, help_text=_("Visible seulement par l'équipe du projet et la direction.")
    )
    sector = models.ForeignKey(Sector, verbose_name=_("secteur"), on_delete=models.PROTECT, null=True, blank=True)
    stage = models.CharField(_("étape"), max_length=20, choices=ProjectStage, default=ProjectStage.LEAD)
    stage_changed_at = models.DateTimeField(_("étape depuis le"), null=True, blank=True)
    opened_on = models.DateField(_("ouvert le"), validators=[past_date])
    decided_on = models.DateField(_("date de décision"), null=True, blank=True, validators=[plan_date])
    jobs_planned = models.PositiveIntegerField(_("emplois prévus"), null=True, blank=True)
    investment_planned = models.DecimalField(
        _("investissement prévu (€)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    building_m2 = models.PositiveIntegerField(_("bâtiment recherché (m²)"), null=True, blank=True)
    land_m2 = models.PositiveIntegerField(_("terrain recherché (m²)"), null=True, blank=True)
    fibre_needed = models.BooleanField(_("fibre nécessaire"), default=False)
    max_interchange_km = models.DecimalField(
        _("distance maximale à un échangeur (km)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget = models.DecimalField(
        _("budget immobilier (€)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    needed_by = models.DateField(_("date souhaitée"), null=True, blank=True, validators=[plan_date])
    origin_appearance = models.ForeignKey(
        "events.Appearance",
        verbose_name=_("salon d'origine"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="originated_projects",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_projects",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("équipe"), blank=True, related_name="projects"
    )
    programme = models.ForeignKey(
        "offer.Programme",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    lost_reason = models.TextField(_("raison de l'échec"), blank=True)
    jobs_created = models.PositiveIntegerField(_("emplois créés"), null=True, blank=True)
    investment_realised = models.DecimalField(
        _("investissement réalisé (€)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[team])
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="won") | Q(jobs_created__isnull=False, investment_realised__isnull=False),
                name="project_won_has_figures",
                violation_error_message=_(
                    "Un projet implanté doit indiquer les emplois créés et l'investissement réalisé."
                ),
            ),
            models.CheckConstraint(
                condition=Q(investment_planned__isnull=True) | Q(investment_planned__gte=0),
                name="project_investment_planned_positive",
            ),
            models.CheckConstraint(
                condition=Q(investment_realised__isnull=True) | Q(investment_realised__gte=0),
                name="project_investment_realised_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["stage", "-opened_on"], name="project_stage_idx"),
            models.Index(fields=["opened_on"], name="project_opened_idx"),
            models.Index(fields=["decided_on"], name="project_decided_idx"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.code_name or self.title

    def get_absolute_url(self):
        return object_url("prospects:project_detail", self.pk)


class ProjectStageChange(models.Model):
    """When a project entered a stage: the pipeline's history."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(_("étape"), max_length=20, choices=ProjectStage)
    entered_at = models.DateTimeField(_("date"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-entered_at", "-id"]
        verbose_name = _("changement d'étape")
        verbose_name_plural = _("changements d'étape")
        indexes = [models.Index(fields=["project", "-entered_at"], name="stagechange_project_idx")]

    def __str__(self):
        return f"{self.project} → {self.get_stage_display()}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("À faire")
    DONE = "done", _("Faite")
    CANCELLED = "cancelled", _("Annulée")


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The follow-ups ``user`` may see: none on a confidential project kept from them (Project.visible_to)."""
        if is_direction(user):
            return self
        return self.filter(Q(project__isnull=True) | Q(project__in=Project.objects.visible_to(user).values("pk")))

    def open(self):
        return self.filter(status=FollowUpStatus.OPEN)


class FollowUp(models.Model):
    """A dated task (a "relance") for one person."""

    company = models.ForeignKey(
        Company, verbose_name=_("entreprise"), on_delete=models.CASCADE, related_name="followups"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("projet"), on_delete=models.CASCADE, null=True, blank=True, related_name="followups"
    )
    interaction = models.ForeignKey(
        Interaction,
        verbose_name=_("échange d'origine"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
    )
    title = models.CharField(_("objet"), max_length=200, validators=[single_line])
    notes = models.TextField(_("notes"), blank=True)
    due_on = models.DateField(_("échéance"), validators=[plan_date])
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("attribuée à"), on_delete=models.PROTECT, related_name="followups"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("créée par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Who gave it to the assignee, and when: the assignment notice is derived
    # from these (none when people assign themselves).
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attribuée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("attribuée le"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=FollowUpStatus, default=FollowUpStatus.OPEN)
    done_at = models.DateTimeField(_("faite le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = HistoricalRecords()
    # Not columns: why a change was made, set before a save for its history row;
    # and the action a completion or a snooze just recorded, for its undo link.
    _change_reason: str
    last_action: "FollowUpAction"
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("relance")
        verbose_name_plural = _("relances")
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"], name="followup_assignee_idx"),
            models.Index(fields=["status", "due_on"], name="followup_due_idx"),
            models.Index(fields=["company", "status"], name="followup_company_idx"),
            # The dashboard's overdue count per person and the week's count read
            # this index only: it holds open follow-ups alone, a fraction of the history.
            models.Index(fields=["due_on", "assignee"], name="followup_open_due_idx", condition=Q(status="open")),
        ]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self):
        return self.status == FollowUpStatus.OPEN and self.due_on < timezone.localdate()


class FollowUpActionKind(models.TextChoices):
    DONE = "done", _("Faite")
    SNOOZED = "snoozed", _("Reportée")


class FollowUpAction(models.Model):
    """What a completion or a snooze changed, kept so that its author can undo it for a few minutes.

    Stored rather than held in the session: the undo puts back exactly the
    status, due date and completion time read here, and removes the exchange
    and the next follow-up the completion created, whatever page or device it
    is asked from.
    """

    UNDO_MINUTES = 10

    followup = models.ForeignKey(FollowUp, verbose_name=_("relance"), on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("action"), max_length=10, choices=FollowUpActionKind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), on_delete=models.CASCADE, related_name="+"
    )
    performed_at = models.DateTimeField(_("le"))
    # The follow-up's history row this action wrote: undone only while it is still the latest.
    history_row = models.PositiveBigIntegerField()
    previous_status = models.CharField(max_length=10, choices=FollowUpStatus)
    previous_due_on = models.DateField()
    previous_done_at = models.DateTimeField(null=True, blank=True)
    # What the completion created, removed by its undo.
    created_interaction = models.ForeignKey(
        Interaction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_followup = models.ForeignKey(FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The company's stage before the note moved it on to "contacted" (blank when it did not).
    previous_company_stage = models.CharField(max_length=20, choices=CompanyStage, blank=True)
    undone_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    class Meta:
        ordering = ["-performed_at", "-id"]
        verbose_name = _("action sur une relance")
        verbose_name_plural = _("actions sur les relances")
        indexes = [models.Index(fields=["actor", "-performed_at"], name="followupaction_actor_idx")]

    def __str__(self):
        return f"{self.followup_id} {self.kind} ({date_format(timezone.localtime(self.performed_at), 'SHORT_DATETIME_FORMAT')})"


class YearTarget(models.Model):
    """The year's objectives, set by Direction (2012: 10 implantations)."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    implantations_target = models.PositiveIntegerField(_("objectif d'implantations"))
    projects_target = models.PositiveIntegerField(_("objectif de projets accompagnés"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("objectif annuel")
        verbose_name_plural = _("objectifs annuels")

    def __str__(self):
        return f"{self.year} : {self.implantations_target}"


class RetentionNotice(models.Model):
    """A person listed for review after three years without contact (CNIL).

    The person is a contact, or a sole trader, whose business (its name, its
    SIRET) is the person. The monthly retention task anonymises them only
    once the notice is at least 30 days old, so Direction sees them in its
    report first.
    """

    contact = models.OneToOneField(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.CASCADE,
        related_name="retention_notice",
        null=True,
        blank=True,
    )
    company = models.OneToOneField(
        Company,
        verbose_name=_("entrepreneur individuel"),
        on_delete=models.CASCADE,
        related_name="retention_notice",
        null=True,
        blank=True,
    )
    listed_at = models.DateTimeField(_("signalé le"), db_index=True)

    NOTICE_DAYS = 30

    class Meta:
        ordering = ["listed_at", "id"]
        verbose_name = _("avis de fin de conservation")
        verbose_name_plural = _("avis de fin de conservation")
        constraints = [
            models.CheckConstraint(
                condition=Q(contact__isnull=False, company__isnull=True)
                | Q(contact__isnull=True, company__isnull=False),
                name="retention_notice_contact_or_sole_trader",
            ),
        ]

    def __str__(self):
        who = f"contact {self.contact_id}" if self.contact_id else f"company {self.company_id}"
        return f"{who} ({date_format(timezone.localtime(self.listed_at), 'SHORT_DATE_FORMAT')})"

    @property
    def anonymise_from(self):
        """The first day the monthly task may anonymise the person."""
        import datetime

        from django.utils import timezone

        return timezone.localdate(self.listed_at + datetime.timedelta(days=self.NOTICE_DAYS))
