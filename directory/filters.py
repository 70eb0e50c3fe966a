"""The targeting screen's filters over the directory: each on an indexed column, combined with AND."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from prospects.models import Sector, WorkforceBand

from .models import Establishment
from .providers import text_filter
from .sirene import parse_departments, parse_naf_prefixes

YES_NO = [("yes", _("Oui")), ("no", _("Non"))]


def _prefixes_query(prefixes):
    query = Q()
    for prefix in prefixes:
        query |= Q(naf__startswith=prefix)
    return query


class EstablishmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Nom, SIRET ou SIREN"), method="filter_text", max_length=100)
    naf = django_filters.CharFilter(
        label=_("Codes NAF"),
        method="filter_naf",
        max_length=200,
        help_text=_("Préfixes séparés par des virgules, ex. « 16, 10.1, 24 »."),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Secteur"), queryset=Sector.objects.all(), method="filter_sector", empty_label=_("Tous")
    )
    band = django_filters.MultipleChoiceFilter(
        label=_("Tranche d'effectifs"),
        field_name="workforce_band",
        choices=WorkforceBand.choices,
        # One column of the row itself: no join that could repeat a row, so no DISTINCT (which sorts every match).
        distinct=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    departement = django_filters.CharFilter(
        label=_("Départements"), method="filter_departments", max_length=200, help_text=_("ex. « 48, 12 »")
    )
    created_after = django_filters.DateFilter(
        label=_("Créé depuis le"),
        field_name="created_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    created_before = django_filters.DateFilter(
        label=_("Créé avant le"),
        field_name="created_on",
        lookup_expr="lt",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    head_office = django_filters.ChoiceFilter(
        label=_("Siège"), choices=YES_NO, method="filter_yes_no", empty_label=_("Tous")
    )
    active = django_filters.ChoiceFilter(
        label=_("Actif"), choices=YES_NO, method="filter_yes_no", empty_label=_("Tous")
    )
    followed = django_filters.ChoiceFilter(
        label=_("Déjà suivi"), choices=YES_NO, method="filter_followed", empty_label=_("Tous")
    )

    class Meta:
        model = Establishment
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(text_filter(value)) if value.strip() else queryset

    def filter_naf(self, queryset, name, value):
        prefixes = parse_naf_prefixes(value)
        return queryset.filter(_prefixes_query(prefixes)) if prefixes else queryset

    def filter_sector(self, queryset, name, value):
        prefixes = value.prefixes()
        return queryset.filter(_prefixes_query(prefixes)) if prefixes else queryset.none()

    def filter_departments(self, queryset, name, value):
        departments = parse_departments(value)
        return queryset.filter(department__in=departments) if departments else queryset

    def filter_yes_no(self, queryset, name, value):
        return queryset.filter(**{name: value == "yes"})

    def filter_followed(self, queryset, name, value):
        return queryset.followed() if value == "yes" else queryset.not_followed()
