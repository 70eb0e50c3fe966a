from django.contrib import admin

from core.admin_titles import FrenchTitlesMixin

from .models import DirectoryChange, DirectoryLoad, Establishment, LegalUnit


class ReadOnlyAdmin(FrenchTitlesMixin, admin.ModelAdmin):
    """The register is INSEE's: rows change by the next load, never by hand."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Establishment)
class EstablishmentAdmin(ReadOnlyAdmin):
    list_display = ["siret", "name", "sign", "naf", "workforce_band", "postcode", "city", "active", "head_office"]
    list_filter = ["active", "head_office", "diffusion", "workforce_band"]
    search_fields = ["=siret", "=siren", "search_name"]
    show_full_result_count = False


@admin.register(LegalUnit)
class LegalUnitAdmin(ReadOnlyAdmin):
    list_display = ["siren", "name", "legal_category", "is_person"]
    search_fields = ["=siren", "name"]
    show_full_result_count = False


@admin.register(DirectoryLoad)
class DirectoryLoadAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "status", "month", "rows_read", "rows_kept", "created_count"]
    list_filter = ["status"]


@admin.register(DirectoryChange)
class DirectoryChangeAdmin(ReadOnlyAdmin):
    list_display = ["detected_at", "kind", "company", "establishment", "before", "after", "dismissed_at"]
    list_filter = ["kind"]
    list_select_related = ["company", "establishment"]
    raw_id_fields = ["establishment", "company", "load", "followup"]
    ordering = ["-detected_at"]
    actions = None
