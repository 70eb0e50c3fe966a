from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_titles import FrenchTitlesMixin

from .models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(FrenchTitlesMixin, admin.ModelAdmin):
    """The imports, from the admin; a new import starts on the import page (its preview lives there)."""

    list_display = [
        "original_name",
        "created_at",
        "created_by",
        "status",
        "total_rows",
        "created_count",
        "updated_count",
        "error_count",
        "preview_link",
    ]
    list_filter = ["status", "layout"]
    list_select_related = ["created_by"]
    search_fields = ["original_name", "source"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in ImportBatch._meta.fields]

    @admin.display(description=_("Aperçu"))
    def preview_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("imports:batch_detail", args=[obj.pk]), _("Ouvrir"))

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("imports:import_start")

    def has_change_permission(self, request, obj=None):
        return False
