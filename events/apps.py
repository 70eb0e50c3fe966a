from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Salons")

    def ready(self):
        from accounts.roles import is_staff_member
        from core import exports as background_exports

        from .exports import TARGETS_KIND, target_list_sheet

        background_exports.register(TARGETS_KIND, target_list_sheet, may_export=is_staff_member)
