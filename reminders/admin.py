from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_titles import FrenchTitlesMixin

from .models import Reminder
from .services import reminders_resend


@admin.register(Reminder)
class ReminderAdmin(FrenchTitlesMixin, admin.ModelAdmin):
    list_display = ("kind", "recipient", "on_date", "status", "attempts", "sent_at", "created_at")
    list_filter = ("status", "kind", "on_date")
    search_fields = ("recipient__username", "recipient__first_name", "recipient__last_name", "recipient__email")
    list_select_related = ("recipient",)
    date_hierarchy = "on_date"
    ordering = ("-created_at",)
    actions = ["resend"]
    readonly_fields = [field.name for field in Reminder._meta.fields] + ["target"]

    def has_add_permission(self, request):
        # Reminders are derived from follow-ups and shows by the scan, never typed in.
        return False

    @admin.action(description=_("Envoyer de nouveau maintenant"), permissions=["change"])
    def resend(self, request, queryset):
        count = reminders_resend(reminders=queryset)
        self.message_user(
            request,
            ngettext("%(count)s rappel mis en file d'envoi.", "%(count)s rappels mis en file d'envoi.", count)
            % {"count": count},
            messages.SUCCESS,
        )
