"""Reference data: sectors, the NAF nomenclature, yearly targets, retention notices."""

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import LooseNumbersMixin
from core.admin_titles import FrenchTitlesMixin
from core.identifiers import is_naf_code, normalize_naf

from .. import services
from ..models import NafCode, RetentionNotice, Sector, YearTarget

# Reference data ------------------------------------------------------------------------------

NAF_PREFIX_RE = re.compile(r"^(\d{2})(?:\.?(\d{1,2})([A-Z])?)?$")


class SectorAdminForm(forms.ModelForm):
    def clean_naf_prefixes(self):
        prefixes, wrong = [], []
        for raw in self.cleaned_data["naf_prefixes"].split(","):
            text = raw.strip().upper().replace(" ", "")
            if not text:
                continue
            match = NAF_PREFIX_RE.match(text)
            if not match:
                wrong.append(raw.strip())
                continue
            division, group, letter = match.groups()
            prefixes.append(division + (f".{group}{letter or ''}" if group else ""))
        if wrong:
            raise ValidationError(
                _("Préfixes NAF incompris : %(wrong)s. Écrivez par exemple « 16, 02.20, 43.91 ».")
                % {"wrong": ", ".join(wrong)}
            )
        return ", ".join(prefixes)


@admin.register(Sector)
class SectorAdmin(FrenchTitlesMixin, admin.ModelAdmin):
    form = SectorAdminForm
    list_display = ("name", "name_en", "naf_prefixes", "is_priority", "position")
    list_editable = ("naf_prefixes", "is_priority", "position")
    list_filter = ("is_priority",)
    search_fields = ("name", "name_en")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("position", "name")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "naf_prefixes" in form.changed_data:
            count = services.sectors_apply_naf_prefixes()
            self.message_user(
                request,
                ngettext(
                    "%(count)d entreprise a changé de secteur.", "%(count)d entreprises ont changé de secteur.", count
                )
                % {"count": count},
                messages.INFO,
            )


@admin.register(NafCode)
class NafCodeAdmin(FrenchTitlesMixin, admin.ModelAdmin):
    """The nomenclature, read-only: it is data loaded from INSEE's file."""

    list_display = ("code", "label", "nomenclature")
    list_filter = ("nomenclature",)
    search_fields = ("code", "label")
    search_help_text = _("Code (16.10A ou 1610A) ou mots de l'intitulé.")
    ordering = ("code",)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        code = normalize_naf(term)
        if is_naf_code(code):
            return queryset.filter(code=code), False
        compact = term.replace(".", "").replace(" ", "")
        if re.fullmatch(r"\d{2,4}", compact):
            prefix = compact[:2] + ("." + compact[2:] if len(compact) > 2 else "")
            return queryset.filter(code__startswith=prefix), False
        return super().get_search_results(request, queryset, search_term)

    def has_view_permission(self, request, obj=None):
        # Anyone who enters companies needs to look codes up.
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(YearTarget)
class YearTargetAdmin(FrenchTitlesMixin, LooseNumbersMixin, admin.ModelAdmin):
    list_display = ("year", "implantations_target", "projects_target")
    ordering = ("-year",)


@admin.register(RetentionNotice)
class RetentionNoticeAdmin(FrenchTitlesMixin, admin.ModelAdmin):
    """People listed for review after three years without contact; written only by the retention task."""

    list_display = ("contact", "held_by", "listed_at", "anonymise_from")
    list_select_related = ("contact__company", "company")
    date_hierarchy = "listed_at"
    search_fields = ("contact__last_name", "contact__first_name", "contact__company__name", "company__name")
    readonly_fields = ("contact", "company", "listed_at")

    @admin.display(description=_("entreprise"))
    def held_by(self, notice):
        """The contact's company, or the sole trader's own business."""
        return notice.contact.company if notice.contact_id else notice.company

    @admin.display(description=_("anonymisable à partir du"))
    def anonymise_from(self, notice):
        return notice.anonymise_from

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
