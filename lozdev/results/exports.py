"""CSV and XLSX files: the annual report, contacts and follow-ups.

CSV files are written the way French Excel reads them: semicolons, UTF-8
with a byte-order mark, dates as dd/mm/yyyy and decimal commas. XLSX files
keep numbers and dates typed, so funders can total them.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.db.models import Q
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from prospects.models import Contact, FollowUp, Project

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
_SHEET_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    return str(value)


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer."""

    def write(self, value):
        return value


def csv_response(filename, columns, rows):
    """A streamed CSV download; ``rows`` may be a lazy iterator."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield BOM + writer.writerow([str(column) for column in columns])
        for row in rows:
            yield writer.writerow([csv_value(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_value(value):
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write the local wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    return value


def add_sheet(workbook, title, columns, rows):
    sheet = workbook.create_sheet(title=str(title).translate(_SHEET_FORBIDDEN)[:31])
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            value = _xlsx_value(value)
            if isinstance(value, datetime.datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(value, datetime.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
            else:
                cell = value
            cells.append(cell)
        sheet.append(cells)
    return sheet


def xlsx_response(filename, sheets):
    """An XLSX download of ``sheets``: (title, columns, rows) triples."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        add_sheet(workbook, title, columns, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The annual report ----------------------------------------------------------------


def report_xlsx(report):
    return xlsx_response(
        f"rapport-annuel-{report.year}.xlsx",
        [(section.title, section.columns, section.rows) for section in report.sections],
    )


def report_csv(report, section):
    return csv_response(f"rapport-annuel-{report.year}-{section.slug}.csv", section.columns, section.rows)


# Contacts and follow-ups --------------------------------------------------------

CHUNK = 2000


def contact_columns():
    return [
        _("Entreprise"),
        _("SIRET"),
        _("Commune"),
        _("Prénom"),
        _("Nom"),
        _("Fonction"),
        _("Email professionnel"),
        _("Téléphone"),
        _("Contact principal"),
        _("Entreprise à ne pas contacter"),
    ]


def contact_rows():
    """Every contact who has not objected (GDPR art. 21) and was not anonymised."""
    contacts = (
        Contact.objects.filter(objected=False, anonymised_at__isnull=True)
        .select_related("company")
        .order_by("company__name", "company_id", "last_name", "id")
    )
    for contact in contacts.iterator(chunk_size=CHUNK):
        company = contact.company
        yield [
            company.name,
            company.siret,
            company.city,
            contact.first_name,
            contact.last_name,
            contact.job_title,
            contact.email,
            contact.phone,
            contact.is_primary,
            company.do_not_contact,
        ]


def followup_columns():
    return [
        _("Échéance"),
        _("Objet"),
        _("Entreprise"),
        _("Projet"),
        _("Attribuée à"),
        _("État"),
        _("En retard"),
        _("Faite le"),
    ]


def followup_queryset(user, *, status=None, assignee_id=None):
    """Follow-ups ``user`` may see: none on a confidential project they are not part of."""
    followups = FollowUp.objects.filter(
        Q(project__isnull=True) | Q(project__in=Project.objects.visible_to(user).values("pk"))
    )
    if status:
        followups = followups.filter(status=status)
    if assignee_id:
        followups = followups.filter(assignee_id=assignee_id)
    return followups.select_related("company", "project", "assignee").order_by("due_on", "id")


def followup_rows(followups):
    for followup in followups.iterator(chunk_size=CHUNK):
        assignee = followup.assignee
        yield [
            followup.due_on,
            followup.title,
            followup.company.name,
            followup.project.display_name if followup.project else "",
            assignee.get_full_name() or assignee.username,
            followup.get_status_display(),
            followup.is_overdue,
            followup.done_at,
        ]
