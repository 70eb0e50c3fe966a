"""The main navigation, by role."""

from django.utils.translation import gettext_lazy as _

from .roles import Role

STAFF = (Role.MISSION, Role.DIRECTION)
EVERYONE = (Role.MISSION, Role.DIRECTION, Role.OBSERVER)

# (url name, label, roles that see it)
NAV_ITEMS = [
    ("dashboard", _("Tableau de bord"), EVERYONE),
    ("prospects:company_list", _("Entreprises"), STAFF),
    ("directory:targeting", _("Annuaire"), STAFF),
    ("prospects:project_pipeline", _("Projets"), STAFF),
    ("prospects:followup_list", _("Mes relances"), STAFF),
    ("events:appearance_list", _("Salons"), STAFF),
    ("sites:site_list", _("Offre immobilière"), STAFF),
    ("annual_report", _("Rapport annuel"), EVERYONE),
    ("imports:import_start", _("Import"), (Role.DIRECTION,)),
    ("gdpr:register", _("RGPD"), STAFF),
]
