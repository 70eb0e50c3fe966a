"""Pieces the prospects admin modules share: filters, fields, and saving inline rows through the services."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.selectors import staff_users
from core import communes
from core.admin import PeopleFieldsMixin, ServiceFormsetMixin, form_values, person_filter
from core.identifiers import digits_only, normalize_naf

from .. import services
from ..models import Company, Contact, FollowUp, Interaction, Project


class VisibleHistoryMixin:
    """The history of a record the user may not see is not found either.

    simple_history falls back on the stored versions when get_queryset()
    leaves the row out; those versions hold the same confidential words.
    """

    def _hidden_from(self, request, object_id):
        model = self.model
        exists = model._default_manager.filter(pk=object_id).exists()
        return exists and not self.get_queryset(request).filter(pk=object_id).exists()

    def history_view(self, request, object_id, extra_context=None):
        if self._hidden_from(request, unquote(object_id)):
            raise Http404
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if self._hidden_from(request, unquote(object_id)):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


class StaffFieldsMixin(PeopleFieldsMixin):
    """People selects offering the working staff."""

    people = staticmethod(staff_users)


def staff_filter(field_name, title):
    """A list filter on a user foreign key, offering the working staff."""
    return person_filter(field_name, title, staff_users)


class DepartmentFilter(admin.SimpleListFilter):
    """Départements from the shipped postcode base: no DISTINCT over the companies."""

    title = _("département")
    parameter_name = "departement"

    def lookups(self, request, model_admin):
        return [(code, code) for code in communes.departments()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(department=self.value())
        return queryset


class FitScoreFilter(admin.SimpleListFilter):
    """Scores 1 to 5 offered as such: no DISTINCT over the companies."""

    title = _("note de pertinence")
    parameter_name = "note"

    def lookups(self, request, model_admin):
        return [(str(score), str(score)) for score in range(1, 6)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if self.value() not in {"1", "2", "3", "4", "5"}:
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(fit_score=int(self.value()))


# Form fields --------------------------------------------------------------------


class IdentifierField(forms.CharField):
    """SIREN/SIRET as users paste them (``123 456 789 00012``), digits kept."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        return digits_only(super().to_python(value))


class NafCodeChoiceField(forms.ModelChoiceField):
    """A NAF code typed ``1610A`` or ``16.10A``."""

    default_error_messages = {"invalid_choice": _("Le code NAF %(value)s n'existe pas.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_naf(value)
        return super().to_python(value)


class ProspectsServiceFormsetMixin(ServiceFormsetMixin):
    """Contacts, interactions and follow-ups entered inline, saved by prospects.services."""

    def delete_inline(self, request, instance):
        if isinstance(instance, Contact):
            services.contact_delete(contact=instance, actor=request.user)
        else:
            instance.delete()

    def save_inline(self, request, parent, fk_name, form):
        model = form._meta.model
        values = form_values(form, exclude=(fk_name,))
        company = parent if isinstance(parent, Company) else parent.company
        instance = form.instance
        if model is Contact:
            if instance.pk is None:
                return services.contact_create(company=company, actor=request.user, **values)
            return services.contact_update(contact=instance, actor=request.user, **values)
        if model is Interaction:
            contacts = form.cleaned_data.get("contacts", [])
            if instance.pk is None:
                return services.interaction_log(company=company, logged_by=request.user, contacts=contacts, **values)
            return services.interaction_update(interaction=instance, actor=request.user, contacts=contacts, **values)
        if model is FollowUp:
            if isinstance(parent, Project):
                values["project"] = parent
            if instance.pk is None:
                values.pop("status", None)
                return services.followup_create(company=company, created_by=request.user, **values)
            return services.followup_update(followup=instance, actor=request.user, **values)
        raise TypeError(f"No service saves {model.__name__} rows")
