"""CSV and XLSX downloads, written the same way for every export.

CSV files are written the way French Excel reads them: semicolons, UTF-8
with a byte-order mark, dates as dd/mm/yyyy and decimal commas. XLSX files
keep numbers and dates typed, so people can total and sort them, shown with
thousands separators (and « € » for amounts marked ``Euros``), columns as wide
as their content, the header line frozen, sheet names whole within Excel's 31
characters.

Spreadsheets run a cell starting with = + - @ as a formula, and a company
name or a note typed by anyone ends up in these files: every text cell, in
both formats, is neutralised with a leading apostrophe.
"""

import csv
import datetime
import itertools
import tempfile
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.web import local_url

FORMATS = ("csv", "xlsx")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
# OWASP's list: a tab or a carriage return before a formula hides it from a glance, not from Excel.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# An XLSX sheet name is at most 31 characters, none of these.
SHEET_TITLE_MAX = 31
_SHEET_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})
# Column widths are measured on the first rows: the rest are streamed, never held.
WIDTH_SAMPLE_ROWS = 500
WIDTH_MIN, WIDTH_MAX = 8, 60
INTEGER_FORMAT = "#,##0"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
# Small workbooks stay in memory, large ones go to disk.
_SPOOL_MAX_SIZE = 10 * 1024 * 1024


class Euros(Decimal):
    """An amount in euros: a Decimal the workbook shows as « 2 500 000 € »."""


def euros(value):
    """``value`` marked as euros; None stays None."""
    return None if value is None else Euros(value)


def excel_number_format(value):
    """The Excel format of a number: grouped thousands, its own decimals, « € » for ``Euros``."""
    places = (
        max(0, -value.as_tuple().exponent) if isinstance(value, Decimal) else (2 if isinstance(value, float) else 0)
    )
    pattern = INTEGER_FORMAT + ("." + "0" * places if places else "")
    return f'{pattern} "€"' if isinstance(value, Euros) else pattern


def sheet_title(title, taken=()):
    """A sheet name Excel accepts: forbidden characters blanked, cut at a word within 31 characters, unique."""
    text = " ".join(str(title).translate(_SHEET_FORBIDDEN).split()).strip("'") or _("Feuille")
    if len(text) > SHEET_TITLE_MAX:
        cut = text[: SHEET_TITLE_MAX + 1].rsplit(" ", 1)[0]
        text = (cut if len(cut) <= SHEET_TITLE_MAX else text[:SHEET_TITLE_MAX]).rstrip(" ,;-–'")
    taken = {name.lower() for name in taken}
    candidate, number = text, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate = text[: SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix
        number += 1
    return candidate


def neutralise(text):
    """``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``: shown as typed, never run."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _local(value):
    """Excel has no time zones: the local wall-clock time, without its zone."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def _csv_lines(columns, rows):
    writer = csv.writer(_Echo(), delimiter=";")
    yield BOM + writer.writerow([str(column) for column in columns])
    for row in rows:
        yield writer.writerow([csv_value(value) for value in row])


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer."""

    def write(self, value):
        return value


def csv_response(filename, columns, rows):
    """A streamed CSV download; ``rows`` may be a lazy iterator."""
    response = StreamingHttpResponse(_csv_lines(columns, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return _private(response)


def _private(response):
    """Exports carry names and phone numbers: no browser or proxy keeps a copy."""
    response["Cache-Control"] = "no-store"
    return response


def _xlsx_cell(sheet, value):
    if value is None:
        return None
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=_local(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, int | float | Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = excel_number_format(value)
        return cell
    return neutralise(str(value))


def _shown_length(value):
    """About how many characters a cell shows, to size its column."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return len("00/00/0000 00:00")
    if isinstance(value, datetime.date):
        return len("00/00/0000")
    if isinstance(value, bool):
        return 3
    if isinstance(value, int | float | Decimal):
        digits = len(str(abs(int(value))))
        pattern = excel_number_format(value)
        places = len(pattern.split(".")[1].split(" ")[0]) if "." in pattern else 0
        grouped = digits + (digits - 1) // 3 + (places + 1 if places else 0)
        return grouped + (2 if isinstance(value, Euros) else 0)
    return max((len(line) for line in str(value).splitlines()), default=0)


def _column_widths(columns, rows):
    widths = [len(str(column)) + 2 for column in columns]  # the bold header is a little wider
    for row in rows:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], _shown_length(value))
    return [min(WIDTH_MAX, max(WIDTH_MIN, width + 1)) for width in widths]


def add_sheet(workbook, title, columns, rows):
    """A sheet with a bold, frozen header line, then one line per row, columns fitted to their content."""
    sheet = workbook.create_sheet(title=sheet_title(title, taken=workbook.sheetnames))
    rows = iter(rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    # A write-only sheet takes its widths and frozen panes before its first line.
    for index, width in enumerate(_column_widths(columns, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in itertools.chain(sample, rows):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    return sheet


def write_xlsx(handle, sheets):
    """Write the workbook of ``sheets`` ((title, columns, rows) triples) to the binary file ``handle``."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        add_sheet(workbook, title, columns, rows)
    workbook.save(handle)


def write_file(handle, export_format, title, columns, rows):
    """What export_response would send, written to the binary file ``handle`` (for a worker)."""
    if export_format == "csv":
        for line in _csv_lines(columns, rows):
            handle.write(line.encode("utf-8"))
    elif export_format == "xlsx":
        write_xlsx(handle, [(title, columns, rows)])
    else:
        raise ValueError(f"Unknown export format: {export_format}")


def xlsx_response(filename, sheets):
    """An XLSX download of ``sheets``: (title, columns, rows) triples.

    The write-only workbook never holds every row at once, and the file is
    spooled to disk past a few megabytes.
    """
    buffer = tempfile.SpooledTemporaryFile(max_size=_SPOOL_MAX_SIZE)
    write_xlsx(buffer, sheets)
    buffer.seek(0)
    return _private(FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX_TYPE))


def export_response(export_format, name, title, columns, rows):
    """``name``.csv or ``name``.xlsx (one sheet called ``title``), as ``export_format`` asks."""
    if export_format == "csv":
        return csv_response(f"{name}.csv", columns, rows)
    if export_format == "xlsx":
        return xlsx_response(f"{name}.xlsx", [(title, columns, rows)])
    raise ValueError(f"Unknown export format: {export_format}")


def count_upto(queryset, limit):
    """How many rows ``queryset`` holds, counting no further than ``limit``: one bounded query."""
    return queryset.order_by().values("pk")[:limit].count()


def too_large(queryset):
    """Whether ``queryset`` holds more rows than one download may (EXPORT_MAX_ROWS).

    A download is written while the request waits: past some tens of thousands
    of rows it would outlast the web server's timeout.
    """
    cap = settings.EXPORT_MAX_ROWS
    return queryset.order_by().values("pk")[: cap + 1].count() > cap


def too_large_response(request, fallback_url):
    """Back to the page the download was asked from, saying why there is no file."""
    messages.error(
        request,
        _(
            "Plus de %(cap)s lignes correspondent : un export en compte %(cap)s au plus. Affinez les filtres, puis recommencez."
        )
        % {"cap": number_format(settings.EXPORT_MAX_ROWS, force_grouping=True)},
    )
    return redirect(local_url(request, request.headers.get("referer", ""), fallback_url))
