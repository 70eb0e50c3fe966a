"""The target list of an appearance as CSV or XLSX."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.roles import is_staff_member
from core import exports, tabular
from core.people import person_name

from . import selectors
from .models import Appearance

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


TARGETS_KIND = "targets"


def target_list_filename(appearance):
    return slugify(f"cibles-{appearance.trade_show.name}-{appearance.year}")


def target_list_sheet(user, params):
    """The target list of appearance ``params["appearance"]`` as ``user`` sees it, for a worker (core.exports)."""
    if not is_staff_member(user):
        raise PermissionDenied
    appearance = Appearance.objects.select_related("trade_show").filter(pk=params.get("appearance")).first()
    if appearance is None:
        raise PermissionDenied
    companies = selectors.target_companies(
        appearance, user=user, query=params.get("q", ""), stage=params.get("stage", "")
    )
    return exports.Sheet(
        name=target_list_filename(appearance),
        title=_("Cibles"),
        columns=target_list_columns(),
        queryset=companies,
        rows=target_list_rows,
    )


def target_list_response(appearance, companies, export_format):
    return tabular.export_response(
        export_format,
        target_list_filename(appearance),
        _("Cibles"),
        target_list_columns(),
        target_list_rows(companies),
    )
