from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "sites"
    # django.contrib.sites owns the label "sites".
    label = "offer"
    verbose_name = _("Offre immobilière")
