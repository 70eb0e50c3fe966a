from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinderConfig(AppConfig):
    """The search in every page's header: companies, people, projects, sites and shows at once."""

    name = "finder"
    verbose_name = _("Recherche")
