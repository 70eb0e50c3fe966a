"""The filters of the company, project and follow-up lists.

Every filter is a GET parameter, so a search can be bookmarked and shared.
"""

import datetime
import re

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_direction
from accounts.selectors import staff_users
from core.forms import PersonChoiceField
from core.people import person_name
from core.validators import DateWindow

from .models import (
    Company,
    CompanyStage,
    FollowUp,
    FollowUpStatus,
    Interaction,
    Project,
    ProjectStage,
    Sector,
    WorkforceBand,
)
from .selectors import company_text_search

# A NAF code or prefix as people type it: 16, 16.1, 16.10, 1610A, 16.10A.
NAF_PREFIX_RE = re.compile(r"^(\d{2})(\d{1,2})?([A-Z])?$")

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _appearances():
    # Appearances belong to the events app, which prospects does not import:
    # reach the model through the foreign key that points at it.
    appearance_model = Interaction._meta.get_field("appearance").related_model
    return appearance_model.objects.select_related("trade_show").order_by("-starts_on")


CONTACT_DATES = DateWindow(earliest=1900, years_ahead=10)


def _start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def naf_prefix(value):
    """``16.10A``/``1610a`` → ``16.10A``, ``161`` → ``16.1``, ``16`` → ``16``; None if not a NAF prefix."""
    compact = re.sub(r"[\s.]", "", value or "").upper()
    match = NAF_PREFIX_RE.match(compact)
    if not match or (match.group(3) and len(match.group(2) or "") != 2):
        return None
    prefix = match.group(1)
    if match.group(2):
        prefix += "." + match.group(2) + (match.group(3) or "")
    return prefix


def _validate_naf_prefix(value):
    if value and naf_prefix(value) is None:
        raise ValidationError(_("Saisissez un code NAF (16.10A) ou son début (16, 16.1, 16.10)."))


class PersonFilter(django_filters.ModelChoiceFilter):
    """A person chosen by name (« Camille Martin »), not by username."""

    field_class = PersonChoiceField


class CompanyFilter(django_filters.FilterSet):
    SORTS = {
        "name": ("sort_name", "id"),
        "-name": ("-sort_name", "-id"),
        "city": ("department", "city", "sort_name", "id"),
        "-city": ("-department", "-city", "sort_name", "id"),
        "stage": ("stage", "sort_name", "id"),
        "-stage": ("-stage", "sort_name", "id"),
        # Companies without a sector last, on every database.
        "sector": (
            F("sector__position").asc(nulls_last=True),
            F("sector__name").asc(nulls_last=True),
            "sort_name",
            "id",
        ),
        "-sector": (
            F("sector__position").desc(nulls_last=True),
            F("sector__name").desc(nulls_last=True),
            "sort_name",
            "id",
        ),
        "fit": (F("fit_score").asc(nulls_last=True), "sort_name", "id"),
        "-fit": (F("fit_score").desc(nulls_last=True), "sort_name", "id"),
        "contact": (F("last_contact_at").asc(nulls_last=True), "id"),
        "-contact": (F("last_contact_at").desc(nulls_last=True), "id"),
    }

    q = django_filters.CharFilter(
        label=_("Recherche"),
        method="filter_text",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Nom, SIREN/SIRET, commune, contact…"),
                "autocomplete": "off",
            }
        ),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Secteur"), queryset=Sector.objects.all(), empty_label=_("Tous les secteurs")
    )
    stage = django_filters.ChoiceFilter(label=_("Étape"), choices=CompanyStage.choices, empty_label=_("Toutes"))
    owner = PersonFilter(label=_("Responsable"), queryset=lambda request: staff_users(), empty_label=_("Tous"))
    department = django_filters.CharFilter(
        label=_("Département"),
        method="filter_department",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "48", "size": 3}),
    )
    naf = django_filters.CharFilter(
        label=_("Code NAF ou préfixe"),
        method="filter_naf",
        validators=[_validate_naf_prefix],
        widget=forms.TextInput(attrs={"placeholder": "16, 16.1, 16.10A"}),
    )
    workforce_band = django_filters.ChoiceFilter(
        label=_("Effectifs"), choices=WorkforceBand.choices, empty_label=_("Toutes tranches")
    )
    fit_min = django_filters.ChoiceFilter(
        label=_("Note de pertinence minimale"),
        field_name="fit_score",
        lookup_expr="gte",
        choices=[(n, f"{n} / 5") for n in range(1, 6)],
        empty_label=_("Toutes"),
    )
    # Within a window: midnight of year 1 in Paris is before year 1 in UTC, which no database can compare.
    contact_after = django_filters.DateFilter(
        label=_("Dernier contact depuis le"),
        method="filter_contact_after",
        widget=DATE_WIDGET,
        validators=[CONTACT_DATES],
    )
    contact_before = django_filters.DateFilter(
        label=_("Dernier contact avant le"),
        method="filter_contact_before",
        widget=DATE_WIDGET,
        validators=[CONTACT_DATES],
    )
    open_followups = django_filters.BooleanFilter(
        label=_("Relances en cours"),
        method="filter_open_followups",
        widget=forms.Select(choices=[("", _("Peu importe")), ("true", _("Oui")), ("false", _("Non"))]),
    )
    appearance = django_filters.ModelChoiceFilter(
        label=_("Rencontrée au salon"),
        queryset=lambda request: _appearances(),
        method="filter_appearance",
        empty_label=_("Tous les salons"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Tri"),
        choices=[(key, key) for key in SORTS],
        method="filter_sort",
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Company
        fields = []

    def filter_text(self, queryset, name, value):
        return company_text_search(queryset, value)

    def filter_department(self, queryset, name, value):
        return queryset.filter(department=value.strip().upper())

    def filter_naf(self, queryset, name, value):
        prefix = naf_prefix(value)
        if len(prefix) == 6:
            return queryset.filter(naf_code_id=prefix)
        return queryset.filter(naf_code__code__startswith=prefix)

    def filter_contact_after(self, queryset, name, value):
        return queryset.filter(last_contact_at__gte=_start_of_day(value))

    def filter_contact_before(self, queryset, name, value):
        return queryset.filter(last_contact_at__lt=_start_of_day(value))

    def filter_open_followups(self, queryset, name, value):
        open_followup = FollowUp.objects.open().filter(company=OuterRef("pk"))
        return queryset.filter(Exists(open_followup)) if value else queryset.exclude(Exists(open_followup))

    def filter_appearance(self, queryset, name, value):
        met = Interaction.objects.filter(company=OuterRef("pk"), appearance_id=value.pk)
        return queryset.filter(Exists(met))

    def filter_sort(self, queryset, name, value):
        # Applied last, in filter_queryset.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") or "name"
        return queryset.order_by(*self.SORTS[sort])


def _opened_years():
    current = timezone.localdate().year
    return [(str(year), str(year)) for year in range(current, current - 15, -1)]


class ProjectFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(label=_("Étape"), choices=ProjectStage.choices, empty_label=_("Toutes"))
    sector = django_filters.ModelChoiceFilter(
        label=_("Secteur"), queryset=Sector.objects.all(), empty_label=_("Tous les secteurs")
    )
    owner = PersonFilter(label=_("Responsable"), queryset=lambda request: staff_users(), empty_label=_("Tous"))
    origin_appearance = django_filters.ModelChoiceFilter(
        label=_("Salon d'origine"), queryset=lambda request: _appearances(), empty_label=_("Tous les salons")
    )
    year = django_filters.ChoiceFilter(
        label=_("Année d'ouverture"),
        choices=_opened_years,
        method="filter_year",
        empty_label=_("Toutes"),
    )
    confidential = django_filters.BooleanFilter(
        label=_("Confidentiel"),
        widget=forms.Select(choices=[("", _("Peu importe")), ("true", _("Oui")), ("false", _("Non"))]),
    )

    class Meta:
        model = Project
        fields = []

    def filter_year(self, queryset, name, value):
        value = int(value)
        return queryset.filter(opened_on__gte=datetime.date(value, 1, 1), opened_on__lt=datetime.date(value + 1, 1, 1))


def followup_people():
    """The people whose follow-ups Direction may list: the team, and anyone who left with follow-ups still open.

    ``works`` says who may be given work (``staff_users``): the list of
    people to reassign to is the same rows, so the page reads them once.
    """
    has_open = Exists(FollowUp.objects.filter(assignee=OuterRef("pk"), status=FollowUpStatus.OPEN))
    working = staff_users().filter(pk=OuterRef("pk"))
    return (
        get_user_model()
        .objects.filter(Q(pk__in=staff_users().values("pk")) | has_open)
        .annotate(works=Exists(working))
        .only("username", "first_name", "last_name")
        .order_by("first_name", "last_name", "username")
    )


def _followup_projects(user):
    """Projects the user may see that have open follow-ups (theirs, for a chargé de mission)."""
    followups = FollowUp.objects.filter(project=OuterRef("pk"), status=FollowUpStatus.OPEN)
    if not is_direction(user):
        followups = followups.filter(assignee=user)
    return (
        Project.objects.visible_to(user)
        .filter(Exists(followups))
        .only("title", "code_name")
        .order_by("code_name", "title", "id")
    )


class FollowUpFilter(django_filters.FilterSet):
    """The follow-ups list: whose, from which show, on which project, due when, in what order.

    Direction's bulk reassignment runs the same filter again on what it
    receives, so « toutes les relances de ce filtre » means the rows the list
    showed, read afresh. The people, shows and projects are read once each,
    and a chosen value is checked against those lists, with no query more.
    """

    SORTS = {
        "echeance": ("due_on", "id"),
        "-echeance": ("-due_on", "-id"),
        "entreprise": ("company__name", "due_on", "id"),
        "personne": ("assignee__first_name", "assignee__last_name", "due_on", "id"),
    }

    personne = django_filters.ChoiceFilter(
        label=_("Personne"),
        field_name="assignee_id",
        empty_label=_("Toute l'équipe"),
        widget=forms.Select(attrs={"class": "autosubmit"}),
    )
    salon = django_filters.ChoiceFilter(label=_("Salon"), method="filter_show", empty_label=_("Tous les salons"))
    projet = django_filters.ChoiceFilter(label=_("Projet"), field_name="project_id", empty_label=_("Tous les projets"))
    du = django_filters.DateFilter(label=_("Échéance du"), field_name="due_on", lookup_expr="gte", widget=DATE_WIDGET)
    au = django_filters.DateFilter(label=_("au"), field_name="due_on", lookup_expr="lte", widget=DATE_WIDGET)
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"),
        choices=[
            ("echeance", _("Échéance, la plus proche d'abord")),
            ("-echeance", _("Échéance, la plus lointaine d'abord")),
            ("entreprise", _("Entreprise")),
            ("personne", _("Personne")),
        ],
        method="filter_sort",
        empty_label=None,
    )

    class Meta:
        model = FollowUp
        fields = []

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user
        self.people = []
        if is_direction(user):
            self.people = list(followup_people())
            self.filters["personne"].extra["choices"] = [
                (str(person.pk), person_name(person)) for person in self.people
            ]
        else:
            # A chargé de mission lists their own follow-ups: no one to choose, nor to sort by.
            del self.filters["personne"]
            self.filters["tri"].extra["choices"] = [
                choice for choice in self.filters["tri"].extra["choices"] if choice[0] != "personne"
            ]
        self.filters["salon"].extra["choices"] = [(str(item.pk), str(item)) for item in _appearances()]
        self.filters["projet"].extra["choices"] = [
            (str(project.pk), project.display_name) for project in _followup_projects(user)
        ]

    def filter_show(self, queryset, name, value):
        """Follow-ups of the leads met at the show, and of the projects it brought."""
        return queryset.filter(Q(interaction__appearance_id=value) | Q(project__origin_appearance_id=value))

    def filter_sort(self, queryset, name, value):
        # Applied by ordering(): the list sorts within each group.
        return queryset

    def chosen_person(self):
        """The person chosen, from the list already read; None for the whole team."""
        if "personne" not in self.filters or not self.is_valid() or not self.form.cleaned_data.get("personne"):
            return None
        chosen = int(self.form.cleaned_data["personne"])
        return next(person for person in self.people if person.pk == chosen)

    def ordering(self):
        sort = (self.form.cleaned_data.get("tri") if self.is_valid() else None) or "echeance"
        return self.SORTS.get(sort, self.SORTS["echeance"])

    def filtered_values(self):
        """The filter's valid values, as query parameters (what the bulk form sends back)."""
        values = {}
        for name, value in self.form.cleaned_data.items():
            if value in (None, ""):
                continue
            values[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return values
