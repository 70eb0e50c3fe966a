from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """The national SIRENE register's establishments, apart from the agency's companies."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = _("Annuaire SIRENE")
