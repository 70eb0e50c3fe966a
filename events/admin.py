from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import LooseNumbersMixin, RecordFieldsMixin
from core.admin_titles import FrenchTitlesMixin

from .models import Appearance, TradeShow


class AppearanceInline(RecordFieldsMixin, LooseNumbersMixin, admin.TabularInline):
    model = Appearance
    fields = ("year", "starts_on", "ends_on", "city", "stand", "cost")
    extra = 0
    show_change_link = True
    ordering = ("-starts_on",)


@admin.register(TradeShow)
class TradeShowAdmin(RecordFieldsMixin, FrenchTitlesMixin, admin.ModelAdmin):
    list_display = ("name", "scope", "organiser", "appearance_count")
    list_filter = ("scope", "sectors")
    search_fields = ("name", "organiser")
    filter_horizontal = ("sectors",)
    inlines = [AppearanceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_total=Count("appearances"))

    @admin.display(description=_("participations"), ordering="appearance_total")
    def appearance_count(self, trade_show):
        return trade_show.appearance_total


@admin.register(Appearance)
class AppearanceAdmin(RecordFieldsMixin, FrenchTitlesMixin, LooseNumbersMixin, admin.ModelAdmin):
    feminine = True
    list_display = ("__str__", "starts_on", "ends_on", "city", "stand", "cost", "lead_count")
    list_filter = ("year", "trade_show__scope", "trade_show")
    list_select_related = ("trade_show",)
    search_fields = ("trade_show__name", "city", "venue", "stand")
    autocomplete_fields = ("trade_show", "staff", "partner_companies")
    date_hierarchy = "starts_on"
    ordering = ("-starts_on",)
    fieldsets = (
        (None, {"fields": ("trade_show", "year", ("starts_on", "ends_on"), "city", "venue", "stand")}),
        (_("Équipe et partenaires"), {"fields": ("staff", "partner_companies")}),
        (_("Budget et objectifs"), {"fields": ("cost", "meetings_target", "objectives", "notes")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lead_total=Count("interactions"))

    @admin.display(description=_("contacts"), ordering="lead_total")
    def lead_count(self, appearance):
        return appearance.lead_total
