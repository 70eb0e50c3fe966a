"""Interactions: the exchanges logged with a company."""

from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import CompanyChoiceMixin, FastChangeListMixin, RecordFieldsMixin, adopt, form_values, narrow_to_chosen
from core.admin_titles import FrenchTitlesMixin
from core.identifiers import fold

from .. import services
from ..models import Company, Interaction
from .common import ProspectsServiceFormsetMixin, StaffFieldsMixin, staff_filter

# Interactions ------------------------------------------------------------------------


class InteractionAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        company = cleaned.get("company")
        strangers = [c for c in cleaned.get("contacts") or [] if company and c.company_id != company.pk]
        if strangers:
            self.add_error(
                "contacts",
                _("Ces contacts travaillent dans une autre entreprise : %(names)s.")
                % {"names": ", ".join(str(c) for c in strangers)},
            )
        return cleaned


@admin.register(Interaction)
class InteractionAdmin(
    RecordFieldsMixin,
    FrenchTitlesMixin,
    CompanyChoiceMixin,
    ProspectsServiceFormsetMixin,
    FastChangeListMixin,
    StaffFieldsMixin,
    admin.ModelAdmin,
):
    form = InteractionAdminForm
    list_display = ("occurred_at", "company", "kind", "lead_grade", "appearance", "logged_by")
    list_select_related = ("company", "appearance__trade_show", "logged_by")
    list_filter = ("kind", "lead_grade", "appearance", staff_filter("logged_by", _("saisi par")))
    search_fields = ("company__name", "summary")
    search_help_text = _("Entreprise ou mots du résumé.")
    date_hierarchy = "occurred_at"
    ordering = ("-occurred_at", "-id")
    sortable_by = ("occurred_at",)
    autocomplete_fields = ("company", "contacts")
    company_choice_fields = ("contacts",)
    person_fields = ("logged_by",)
    readonly_fields = ("logged_by", "created_at")
    fields = (
        "company",
        ("occurred_at", "kind", "lead_grade"),
        "appearance",
        "contacts",
        "summary",
        ("logged_by", "created_at"),
    )

    def get_changeform_initial_data(self, request):
        now = timezone.localtime().replace(second=0, microsecond=0)
        return {"occurred_at": now, **super().get_changeform_initial_data(request)}

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_search_results(self, request, queryset, search_term):
        queryset = narrow_to_chosen(request, queryset, {"company": "company_id"})
        for word in fold(search_term).split():
            company_match = Exists(Company.objects.filter(pk=OuterRef("company_id"), search_text__contains=word))
            queryset = queryset.filter(Q(summary__icontains=word) | company_match)
        return queryset, False

    def save_model(self, request, obj, form, change):
        values = form_values(form)
        contacts = form.cleaned_data.get("contacts", [])
        if change:
            interaction = services.interaction_update(
                interaction=Interaction.objects.get(pk=obj.pk), actor=request.user, contacts=contacts, **values
            )
        else:
            interaction = services.interaction_log(logged_by=request.user, contacts=contacts, **values)
        adopt(obj, interaction)
