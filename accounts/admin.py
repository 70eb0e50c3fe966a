from django.contrib import admin

from core.admin_titles import FrenchTitlesMixin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(FrenchTitlesMixin, admin.ModelAdmin):
    list_display = ("user", "language", "digest_enabled", "digest_time")
    list_filter = ("language", "digest_enabled")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
