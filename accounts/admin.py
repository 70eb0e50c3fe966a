from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin import RecordFieldsMixin
from core.admin_titles import FrenchTitlesMixin

from .models import Profile, TwoFactorDevice
from .services import two_factor_reset


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


# django-otp's own device pages show English titles, can create a device with
# a key typed by someone else and list recovery codes: one French page instead,
# whose only write is the reset.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(TwoFactorDevice)
class TwoFactorDeviceAdmin(FrenchTitlesMixin, admin.ModelAdmin):
    feminine = True
    list_display = ("person", "is_confirmed", "activated_on", "last_code_on", "failures")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")
    list_select_related = ("user",)
    fields = readonly_fields = ("person", "is_confirmed", "activated_on", "last_code_on", "failures")
    actions = ["reset"]

    @admin.display(description=_("personne"), ordering="user__username")
    def person(self, device):
        return device.user.get_full_name() or device.user.get_username()

    @admin.display(description=_("confirmée"), boolean=True, ordering="confirmed")
    def is_confirmed(self, device):
        return device.confirmed

    @admin.display(description=_("activée le"), ordering="created_at")
    def activated_on(self, device):
        return device.created_at

    @admin.display(description=_("dernier code le"), ordering="last_used_at")
    def last_code_on(self, device):
        return device.last_used_at

    @admin.display(description=_("codes erronés de suite"))
    def failures(self, device):
        return device.throttling_failure_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A deletion is a reset: through the action, which keeps the recovery codes in step.
        return False

    def has_reset_permission(self, request):
        return request.user.has_perm("accounts.delete_twofactordevice")

    @admin.action(description=_("Réinitialiser la double authentification (téléphone perdu)"), permissions=["reset"])
    def reset(self, request, queryset):
        done = 0
        for device in queryset.select_related("user"):
            try:
                two_factor_reset(user=device.user, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{device.user} : {exc.messages[0]}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d double authentification réinitialisée : la personne en configurera une nouvelle à sa prochaine connexion.",
                    "%(count)d doubles authentifications réinitialisées : chaque personne en configurera une nouvelle à sa prochaine connexion.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
