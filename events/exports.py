"""The target list of an appearance as CSV or XLSX."""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import tabular
from core.people import person_name

FORMATS = tabular.FORMATS


def target_list_columns():
    return [
        _("Raison sociale"),
        _("SIREN"),
        _("SIRET"),
        _("Code NAF"),
        _("Secteur"),
        _("Commune"),
        _("Code postal"),
        _("Département"),
        _("Étape"),
        _("Dernier contact"),
        _("Responsable"),
        _("Rendez-vous prévu"),
    ]


def target_list_rows(companies):
    """Companies only: no person's name, email or phone leaves through this file."""
    for company in companies.iterator(chunk_size=2000):
        yield [
            company.name,
            company.siren,
            company.siret,
            company.naf_code_id or "",
            company.sector.name if company.sector else "",
            company.city,
            company.postcode,
            company.department,
            company.get_stage_display(),
            timezone.localtime(company.last_contact_at).date() if company.last_contact_at else None,
            person_name(company.owner),
            company.meeting_on,
        ]


def target_list_response(appearance, companies, export_format):
    return tabular.export_response(
        export_format,
        slugify(f"cibles-{appearance.trade_show.name}-{appearance.year}"),
        _("Cibles"),
        target_list_columns(),
        target_list_rows(companies),
    )
