"""Follow-ups: the reminders to call a company back."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accounts.selectors import staff_users
from core.admin import (
    CompanyChoiceMixin,
    FastChangeListMixin,
    RecordFieldsMixin,
    adopt,
    choose_person_then,
    form_values,
)
from core.admin_titles import FrenchTitlesMixin
from core.identifiers import fold
from core.people import person_name

from .. import services
from ..models import Company, FollowUp
from .common import StaffFieldsMixin, VisibleHistoryMixin, staff_filter

# Follow-ups --------------------------------------------------------------------------------


class FollowUpAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        company = cleaned.get("company")
        if company:
            project, interaction = cleaned.get("project"), cleaned.get("interaction")
            if project and project.company_id != company.pk:
                self.add_error("project", _("Ce projet concerne une autre entreprise."))
            if interaction and interaction.company_id != company.pk:
                self.add_error("interaction", _("Cet échange concerne une autre entreprise."))
        return cleaned


@admin.register(FollowUp)
class FollowUpAdmin(
    RecordFieldsMixin,
    VisibleHistoryMixin,
    FrenchTitlesMixin,
    CompanyChoiceMixin,
    FastChangeListMixin,
    StaffFieldsMixin,
    SimpleHistoryAdmin,
):
    feminine = True
    form = FollowUpAdminForm
    list_display = ("title", "company", "project", "due_on", "assignee", "status", "done_at")
    list_select_related = ("company", "project", "assignee")
    list_filter = ("status", staff_filter("assignee", _("attribuée à")), "due_on")
    search_fields = ("title", "company__name")
    search_help_text = _("Objet de la relance ou entreprise.")
    ordering = ("due_on", "id")
    sortable_by = ("due_on",)
    autocomplete_fields = ("company", "project", "interaction")
    company_choice_fields = ("project", "interaction")
    person_fields = ("assignee",)
    readonly_fields = ("created_by", "assigned_by", "assigned_at", "done_at", "created_at", "updated_at")
    fields = (
        "company",
        "project",
        "interaction",
        "title",
        "notes",
        ("due_on", "assignee", "status"),
        ("created_by", "assigned_by", "assigned_at"),
        ("done_at", "created_at", "updated_at"),
    )
    actions = ("mark_done", "reassign")

    def get_changeform_initial_data(self, request):
        return {"assignee": request.user.pk, **super().get_changeform_initial_data(request)}

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_search_results(self, request, queryset, search_term):
        for word in fold(search_term).split():
            company_match = Exists(Company.objects.filter(pk=OuterRef("company_id"), search_text__contains=word))
            queryset = queryset.filter(Q(title__icontains=word) | company_match)
        return queryset, False

    def save_model(self, request, obj, form, change):
        values = form_values(form)
        if change:
            followup = services.followup_update(followup=FollowUp.objects.get(pk=obj.pk), actor=request.user, **values)
        else:
            values.pop("status", None)
            followup = services.followup_create(created_by=request.user, **values)
        adopt(obj, followup)

    @admin.action(description=_("Marquer les relances sélectionnées comme faites"), permissions=["change"])
    def mark_done(self, request, queryset):
        count = services.followups_bulk_complete(followups=queryset, actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d relance marquée comme faite.", "%(count)d relances marquées comme faites.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Réattribuer les relances sélectionnées"), permissions=["change"])
    def reassign(self, request, queryset):
        def apply(person):
            count = services.followups_bulk_reassign(followups=queryset, assignee=person, actor=request.user)
            self.message_user(
                request,
                ngettext(
                    "%(count)d relance réattribuée à %(person)s.",
                    "%(count)d relances réattribuées à %(person)s.",
                    count,
                )
                % {"count": count, "person": person_name(person)},
                messages.SUCCESS,
            )

        return choose_person_then(
            self, request, queryset, people=staff_users, title=_("Réattribuer des relances"), apply=apply
        )
