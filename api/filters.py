"""The API's filters: the lists' own FilterSets (prospects.filters), plus ``updated_since`` for incremental sync."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from prospects.filters import CompanyFilter, ProjectFilter
from prospects.models import Contact, FollowUp, FollowUpStatus, Interaction
from sites.models import Availability, Site, SiteKind

# The largest id a database column holds: a larger one is refused as invalid, not sent to the database.
MAX_ID = 2**63 - 1


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, turned to UTC.

    Python reads offsets up to ±23:59, PostgreSQL refuses those past
    ±15:59; a time that UTC would push past year 9999 is refused as invalid
    rather than sent to the database.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(_("Choisissez une date valide."), code="invalid") from None


class SinceFilter(django_filters.IsoDateTimeFilter):
    """Rows at or after an ISO 8601 time."""

    field_class = UtcIsoDateTimeField

    def __init__(self, **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        super().__init__(**kwargs)


class UpdatedSince(SinceFilter):
    def __init__(self, **kwargs):
        super().__init__(
            field_name="updated_at",
            help_text="Only rows changed at or after this ISO 8601 time: what changed since the last sync.",
            **kwargs,
        )


class ApiCompanyFilter(CompanyFilter):
    updated_since = UpdatedSince()

    # The type hint tells the OpenAPI description that the show is given by its id.
    def filter_appearance(self, queryset, name, value: int):
        return super().filter_appearance(queryset, name, value)


class ApiProjectFilter(ProjectFilter):
    updated_since = UpdatedSince()

    def filter_year(self, queryset, name, value: int):
        return super().filter_year(queryset, name, value)

    def filter_queryset(self, queryset):
        # Seek pagination needs a total order ending on the id.
        return super().filter_queryset(queryset).order_by("-opened_on", "-id")


class ContactFilter(django_filters.FilterSet):
    company = IdFilter(field_name="company_id")
    updated_since = UpdatedSince()

    class Meta:
        model = Contact
        fields = []


class InteractionFilter(django_filters.FilterSet):
    company = IdFilter(field_name="company_id")
    appearance = IdFilter(field_name="appearance_id")
    occurred_since = SinceFilter(field_name="occurred_at")

    class Meta:
        model = Interaction
        fields = []


class FollowUpFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=FollowUpStatus.choices)
    company = IdFilter(field_name="company_id")
    project = IdFilter(field_name="project_id")
    assignee = IdFilter(field_name="assignee_id", help_text="Direction only: whose follow-ups.")
    due_from = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_to = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    updated_since = UpdatedSince()

    class Meta:
        model = FollowUp
        fields = []


class SiteFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SiteKind.choices)
    availability = django_filters.ChoiceFilter(choices=Availability.choices)
    zone = IdFilter(field_name="zone_id")
    updated_since = UpdatedSince()

    class Meta:
        model = Site
        fields = []
