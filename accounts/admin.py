from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.admin import RecordFieldsMixin
from core.admin_titles import FrenchTitlesMixin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(RecordFieldsMixin, FrenchTitlesMixin, admin.ModelAdmin):
    list_display = ("user", "language", "digest_enabled", "digest_time")
    list_filter = ("language", "digest_enabled")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)


# Django's own user and group pages, with permission ids checked before the database sees them.
admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(get_user_model())
class UserAdmin(RecordFieldsMixin, auth_admin.UserAdmin):
    pass


@admin.register(Group)
class GroupAdmin(RecordFieldsMixin, auth_admin.GroupAdmin):
    pass
