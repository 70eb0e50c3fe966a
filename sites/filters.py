"""The catalogue's filters, kept in the URL."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Availability, Site, SiteKind
from .selectors import site_communes


def _commune_choices():
    return [(name, name) for name in site_communes()]


class SiteFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=SiteKind.choices, empty_label=_("Tous"))
    commune = django_filters.ChoiceFilter(
        label=_("Commune"), field_name="commune_name", choices=_commune_choices, empty_label=_("Toutes")
    )
    building_m2 = django_filters.RangeFilter(label=_("Surface bâtie (m²)"))
    land_m2 = django_filters.RangeFilter(label=_("Surface du terrain (m²)"))
    fibre = django_filters.BooleanFilter(
        label=_("Fibre (site ou zone)"),
        method="filter_fibre",
        widget=forms.Select(choices=[("", _("Indifférent")), ("true", _("Oui")), ("false", _("Non"))]),
    )
    interchange_km = django_filters.NumberFilter(
        label=_("Échangeur à moins de (km)"), field_name="zone__interchange_km", lookup_expr="lte", min_value=0
    )
    availability = django_filters.ChoiceFilter(
        label=_("Disponibilité"), choices=Availability.choices, method="filter_availability", empty_label=_("Toutes")
    )
    max_price = django_filters.NumberFilter(
        label=_("Prix de vente maximal (€)"), field_name="sale_price", lookup_expr="lte", min_value=0
    )
    order = django_filters.OrderingFilter(
        label=_("Trier par"),
        empty_label=_("Référence"),
        fields=[
            ("reference", "reference"),
            ("building_m2", "building_m2"),
            ("land_m2", "land_m2"),
            ("sale_price", "sale_price"),
        ],
        field_labels={
            "reference": _("Référence"),
            "building_m2": _("Surface bâtie"),
            "land_m2": _("Surface du terrain"),
            "sale_price": _("Prix"),
        },
    )

    class Meta:
        model = Site
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("building_m2", "land_m2"):
            low, high = self.form.fields[name].widget.widgets
            low.attrs["placeholder"], high.attrs["placeholder"] = _("min"), _("max")
            # A placeholder vanishes once typed in: each box keeps a name of its own.
            low.attrs["aria-label"], high.attrs["aria-label"] = _("minimum"), _("maximum")

    def filter_fibre(self, queryset, name, value):
        with_fibre = Q(has_fibre=True) | Q(zone__has_fibre=True)
        return queryset.filter(with_fibre) if value else queryset.exclude(with_fibre)

    def filter_availability(self, queryset, name, value):
        # A site a won project chose is no longer offered, whatever its row says.
        if value in (Availability.AVAILABLE, Availability.UNDER_OPTION):
            return queryset.filter(availability=value, taken=False)
        return queryset.filter(availability=value)
