"""The target list as CSV or XLSX, built with tablib (what django-import-export uses)."""

import tablib
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _date(value):
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def target_list_dataset(companies):
    """Companies only: no person's name, email or phone leaves through this file."""
    dataset = tablib.Dataset(
        headers=[
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
    )
    for company in companies.iterator(chunk_size=2000):
        dataset.append(
            [
                company.name,
                company.siren,
                company.siret,
                company.naf_code_id or "",
                company.sector.name if company.sector else "",
                company.city,
                company.postcode,
                company.department,
                company.get_stage_display(),
                _date(company.last_contact_at),
                (company.owner.get_full_name() or company.owner.username) if company.owner else "",
                _date(company.meeting_on),
            ]
        )
    return dataset


def target_list_response(appearance, companies, export_format):
    dataset = target_list_dataset(companies)
    if export_format == "csv":
        # A byte-order mark so that Excel opens the UTF-8 file with its accents.
        content = "\ufeff" + dataset.export("csv", delimiter=";")
    else:
        content = dataset.export("xlsx")
    response = HttpResponse(content, content_type=FORMATS[export_format])
    name = slugify(f"cibles-{appearance.trade_show.name}-{appearance.year}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{export_format}"'
    return response
