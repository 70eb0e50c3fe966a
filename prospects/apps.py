from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProspectsConfig(AppConfig):
    name = "prospects"
    verbose_name = _("Prospection")

    def ready(self):
        from accounts.roles import is_staff_member
        from core import exports

        from .views.companies import EXPORT_KIND, company_export_sheet

        exports.register(EXPORT_KIND, company_export_sheet, may_export=is_staff_member)

        from . import filter_panel

        filter_panel.connect()
