from django.contrib import admin

from core.admin import RecordFieldsMixin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(RecordFieldsMixin, admin.ModelAdmin):
    list_display = ("user", "language", "digest_enabled", "digest_time")
    list_filter = ("language", "digest_enabled")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
