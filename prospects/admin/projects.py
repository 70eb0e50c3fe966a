"""Projects and the stages they went through."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import FastChangeListMixin, LooseNumbersMixin, RecordFieldsMixin, adopt, form_values, narrow_to_chosen
from core.admin_titles import FrenchTitlesMixin
from core.forms import apply_service_errors

from .. import services
from ..models import Project, ProjectStageChange
from .common import ProspectsServiceFormsetMixin, StaffFieldsMixin, VisibleHistoryMixin, staff_filter
from .inlines import ProjectFollowUpInline, StageChangeInline

# Projects --------------------------------------------------------------------------------


class ProjectAdminForm(forms.ModelForm):
    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            services.project_validate(project=self.instance)
        except ValidationError as error:
            apply_service_errors(self, error)


@admin.register(Project)
class ProjectAdmin(
    RecordFieldsMixin,
    VisibleHistoryMixin,
    FrenchTitlesMixin,
    LooseNumbersMixin,
    ProspectsServiceFormsetMixin,
    FastChangeListMixin,
    StaffFieldsMixin,
    SimpleHistoryAdmin,
):
    form = ProjectAdminForm
    list_display = (
        "display_name",
        "company",
        "stage",
        "sector",
        "owner",
        "jobs_planned",
        "investment_planned",
        "opened_on",
        "decided_on",
        "confidential",
    )
    list_select_related = ("company", "sector", "owner")
    list_filter = ("stage", "sector", staff_filter("owner", _("responsable")), "confidential", "origin_appearance")
    search_fields = ("title", "code_name", "company__name")
    search_help_text = _("Intitulé, nom de code ou entreprise.")
    ordering = ("-opened_on", "-id")
    sortable_by = ("opened_on", "decided_on")
    autocomplete_fields = ("company",)
    person_fields = ("owner",)
    readonly_fields = ("stage_changed_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("company", "title", ("code_name", "confidential"), "sector", "description")}),
        (_("Avancement"), {"fields": (("stage", "stage_changed_at"), ("opened_on", "decided_on"), "lost_reason")}),
        (
            _("Emplois et investissement"),
            {"fields": (("jobs_planned", "investment_planned"), ("jobs_created", "investment_realised"))},
        ),
        (
            _("Besoins immobiliers"),
            {"fields": (("building_m2", "land_m2"), ("fibre_needed", "max_interchange_km"), ("budget", "needed_by"))},
        ),
        (_("Suivi"), {"fields": ("origin_appearance", "programme", "owner", "team", ("created_at", "updated_at"))}),
    )
    inlines = (ProjectFollowUpInline, StageChangeInline)

    @admin.display(description=_("projet"), ordering="title")
    def display_name(self, obj):
        return obj.display_name

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_changeform_initial_data(self, request):
        return {
            "opened_on": timezone.localdate(),
            "owner": request.user.pk,
            **super().get_changeform_initial_data(request),
        }

    def get_search_results(self, request, queryset, search_term):
        queryset = narrow_to_chosen(request, queryset, {"company": "company_id"})
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request, obj, form, change):
        values = form_values(form)
        team = form.cleaned_data.get("team")
        if change:
            project = services.project_update(
                project=Project.objects.get(pk=obj.pk), actor=request.user, team=team, **values
            )
        else:
            project = services.project_create(actor=request.user, team=team or (), **values)
        adopt(obj, project)


@admin.register(ProjectStageChange)
class ProjectStageChangeAdmin(RecordFieldsMixin, FrenchTitlesMixin, FastChangeListMixin, admin.ModelAdmin):
    list_display = ("project", "stage", "entered_at", "changed_by")
    list_select_related = ("project", "changed_by")
    list_filter = ("stage",)
    date_hierarchy = "entered_at"
    search_fields = ("project__title", "project__code_name")
    ordering = ("-entered_at", "-id")
    sortable_by = ("entered_at",)

    def get_queryset(self, request):
        visible = Project.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(project__in=visible)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("prospects.view_project")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
