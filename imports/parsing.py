"""Reading uploaded target lists: CSV or XLSX, the template or a SIRENE extract.

CSV files come comma-, semicolon- or tab-separated, in UTF-8 (with or without
a byte-order mark), in Windows-1252 as French Excel saves them, or in UTF-16
(Excel's « Texte Unicode »); all are detected. Columns are recognised by name,
whatever their order. A file must hold a header and at least one line below it.
"""

import codecs
import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.identifiers import fold

from .models import FileLayout


class ImportFileError(Exception):
    """The file cannot be read as a target list; the message says why, in French."""


# The template's columns: (company field, French header).
TEMPLATE_COLUMNS = [
    ("name", gettext_lazy("Raison sociale")),
    ("siret", gettext_lazy("SIRET")),
    ("naf_code", gettext_lazy("Code NAF")),
    ("workforce_band", gettext_lazy("Tranche d'effectifs")),
    ("legal_form", gettext_lazy("Forme juridique")),
    ("address", gettext_lazy("Adresse")),
    ("postcode", gettext_lazy("Code postal")),
    ("city", gettext_lazy("Commune")),
    ("phone", gettext_lazy("Téléphone")),
    ("website", gettext_lazy("Site web")),
    ("fit_score", gettext_lazy("Note de pertinence")),
    ("notes", gettext_lazy("Notes")),
]
# Headers accepted for each template field, compared folded and without punctuation.
TEMPLATE_ALIASES = {
    "name": ["raison sociale", "nom", "denomination", "entreprise", "company", "name"],
    "siret": ["siret"],
    "naf_code": ["code naf", "naf", "code ape", "ape", "naf code"],
    "workforce_band": ["tranche d effectifs", "tranche effectifs", "effectifs", "workforce band"],
    "legal_form": ["forme juridique", "categorie juridique", "legal form"],
    "address": ["adresse", "address"],
    "postcode": ["code postal", "cp", "postcode"],
    "city": ["commune", "ville", "city"],
    "phone": ["telephone", "tel", "phone"],
    "website": ["site web", "site internet", "website"],
    "fit_score": ["note de pertinence", "pertinence", "fit score"],
    "notes": ["notes", "commentaire", "commentaires"],
}

SIRENE_COLUMNS = [
    "siret",
    "siren",
    "statutDiffusionEtablissement",
    "etatAdministratifEtablissement",
    "denominationUniteLegale",
    "denominationUsuelleEtablissement",
    "enseigne1Etablissement",
    "sigleUniteLegale",
    "nomUniteLegale",
    "prenom1UniteLegale",
    "categorieJuridiqueUniteLegale",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "trancheEffectifsEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "complementAdresseEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "codeCommuneEtablissement",
]
# Any of these next to "siret" marks a SIRENE extract.
SIRENE_MARKERS = {"denominationunitelegale", "activiteprincipaleetablissement", "codepostaletablissement"}


@dataclass
class Table:
    file_format: str
    encoding: str
    delimiter: str
    layout: str
    # For each field, the index of its column.
    columns: dict
    # (line number in the file, cells) for each line below the header, read
    # from the file as they are asked for: memory does not grow with the file.
    # A fault found further down (a badly quoted line, a damaged workbook)
    # raises ImportFileError while iterating.
    rows: Iterator
    # About how many lines the file holds (for a progress bar before the end).
    estimated_rows: int = 0


def header_key(text):
    return re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).strip()


def _numbered(rows):
    """Blank lines are skipped; the others keep their line number in the file."""
    return ((line, row) for line, row in enumerate(rows, start=1) if any(cell not in (None, "") for cell in row))


def _table(file_format, encoding, delimiter, rows, estimated_rows=0):
    numbered = _numbered(rows)
    header = next(numbered, None)
    if header is None:
        raise ImportFileError(_("Le fichier ne contient aucune ligne."))
    layout, columns = recognise(header[1])
    first = next(numbered, None)
    if first is None:
        raise ImportFileError(
            _("Le fichier ne contient que la ligne d'en-tête : aucune entreprise à importer en dessous.")
        )
    return Table(file_format, encoding, delimiter, layout, columns, itertools.chain([first], numbered), estimated_rows)


def read_table(source, filename):
    """A Table over the uploaded file (bytes, or a binary file open for reading, which must stay open).

    Raises ImportFileError when the header cannot be read; the rows are read
    as they are iterated.
    """
    handle = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    return _table(*_open_rows(handle, filename))


def recognise_upload(content, filename):
    """Check that an upload is a target list we can read, from its first lines."""
    table = read_table(content, filename)
    # The first lines below the header are read too: a file damaged there says so now.
    list(itertools.islice(table.rows, FIRST_LINES))
    return table.layout, table.columns


# Enough lines to find the header and one line under it past a few blank ones.
FIRST_LINES = 50
# How much of a file is looked at to recognise it, and read at a time.
SNIFF_BYTES = 64 * 1024
BLOCK_BYTES = 1024 * 1024


def _csv_error(exc, line):
    """Python's csv messages are English and technical: say what is wrong, in French, with the line."""
    text = str(exc)
    if "field larger than field limit" in text:
        message = _(
            "une cellule dépasse %(limit)s caractères (un guillemet non refermé, sans doute) : "
            "ce n'est pas une liste d'entreprises lisible"
        ) % {"limit": f"{csv.field_size_limit():,}".replace(",", "\u202f")}
    elif "new-line character seen in unquoted field" in text:
        message = _("un retour à la ligne isolé coupe une ligne : enregistrez de nouveau le fichier en CSV")
    elif "unexpected end of data" in text or "EOF" in text:
        message = _("le fichier s'arrête au milieu d'une cellule entre guillemets")
    else:
        message = _("une ligne ne peut pas être découpée en colonnes")
    return ImportFileError(
        _("Ce fichier CSV est mal formé à la ligne %(line)s : %(reason)s.") % {"line": line, "reason": message}
    )


def _open_rows(handle, filename):
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    if not head:
        raise ImportFileError(_("Le fichier est vide."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if head[:4] == b"PK\x03\x04":
        rows, estimated = _xlsx_rows(handle)
        return "xlsx", "", "", rows, estimated
    if extension in ("xls", "xlsx", "ods") or head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            _("Ce classeur n'est pas au format XLSX : enregistrez-le en .xlsx ou en CSV, puis recommencez.")
        )
    encoding, codec, lines = _encoding(handle, head)
    delimiter = _delimiter(head.decode(codec, errors="ignore"))
    text = io.TextIOWrapper(
        io.BufferedReader(_Binary(handle), BLOCK_BYTES),
        encoding=codec,
        errors="replace" if codec == "utf-8-sig" else "strict",
        newline="",
    )
    return "csv", encoding, delimiter, _csv_rows(text, delimiter, encoding), lines


class _Binary(io.RawIOBase):
    """Any storage's file as a raw stream, for io.TextIOWrapper to decode as it reads."""

    def __init__(self, handle):
        self._handle = handle

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self._handle.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _csv_rows(text, delimiter, encoding):
    reader = csv.reader(text, delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise _csv_error(exc, reader.line_num) from None
    except UnicodeDecodeError:
        raise _encoding_error(encoding) from None


def _encoding_error(encoding):
    if encoding == "utf-16":
        return ImportFileError(_("Ce fichier Texte Unicode (UTF-16) est endommagé."))
    return ImportFileError(_("Encodage du fichier non reconnu : enregistrez-le en CSV UTF-8 ou Windows-1252."))


def _utf16_without_mark(head):
    """UTF-16 text saved without a byte-order mark: every other byte of ASCII text is NUL."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _encoding(handle, head):
    """(the encoding as reported, the codec that reads it, about how many lines), in blocks.

    Whether a file is UTF-8 is only known at its end: the whole file is read
    once, a block at a time, through an incremental decoder.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", "utf-16", 0
    without_mark = _utf16_without_mark(head[:4096])
    if without_mark:
        return "utf-16", without_mark, 0
    if b"\x00" in head[:4096]:
        raise ImportFileError(_("Ce fichier n'est ni un CSV ni un classeur XLSX."))
    lines = 0
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
        lines += block.count(b"\n")
        if utf8:
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    handle.seek(0)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", "utf-8-sig", lines
    return ("utf-8", "utf-8", lines) if utf8 else ("cp1252", "cp1252", lines)


def _delimiter(text):
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


class Formula(str):
    """A cell holding a formula whose value the file does not carry (a workbook
    written by a program, never opened in a spreadsheet): its text is the
    formula, so the row can say what it found rather than "name missing"."""


FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(handle):
    """Whether a worksheet holds a formula, each read in blocks (a tag cut between two is seen in the overlap)."""
    with zipfile.ZipFile(handle) as archive:
        for name in archive.namelist():
            if not name.startswith("xl/worksheets/"):
                continue
            with archive.open(name) as member:
                tail = b""
                for block in iter(lambda member=member: member.read(BLOCK_BYTES), b""):
                    if FORMULA.search(tail + block):
                        return True
                    tail = block[-16:]
    return False


def _xlsx_rows(handle):
    from openpyxl import load_workbook

    try:
        values = load_workbook(handle, read_only=True, data_only=True)
        sheet = values.worksheets[0]
        estimated = sheet.max_row or 0
        written = None
        if _has_formulas(handle):
            # A second reading for the formulas themselves, where no value was stored.
            written = load_workbook(handle, read_only=True, data_only=False).worksheets[0]
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise ImportFileError(_("Ce classeur XLSX est illisible ou endommagé.")) from exc
    return _xlsx_cells(values, sheet, written), estimated


def _xlsx_cells(workbook, sheet, written):
    try:
        rows = sheet.iter_rows(values_only=True)
        if written is None:
            for row in rows:
                yield list(row)
        else:
            for row, as_written in zip(rows, written.iter_rows(values_only=True), strict=False):
                row = list(row)
                for index, value in enumerate(as_written):
                    if index < len(row) and row[index] is None and isinstance(value, str) and value.startswith("="):
                        row[index] = Formula(value)
                yield row
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise ImportFileError(_("Ce classeur XLSX est illisible ou endommagé.")) from exc
    finally:
        workbook.close()
        if written is not None:
            written.parent.close()


def recognise(header):
    """The layout of the file and where each field's column is, from the header row."""
    keys = [header_key(cell) for cell in header]
    compact = [key.replace(" ", "") for key in keys]
    if "siret" in compact and SIRENE_MARKERS & set(compact):
        wanted = {name.lower(): name for name in SIRENE_COLUMNS}
        columns = {wanted[key]: index for index, key in enumerate(compact) if key in wanted}
        return FileLayout.SIRENE, columns
    columns = {}
    for index, key in enumerate(keys):
        for field, aliases in TEMPLATE_ALIASES.items():
            if key in aliases and field not in columns:
                columns[field] = index
    if "name" not in columns:
        raise ImportFileError(
            _(
                "Colonnes non reconnues : le fichier doit suivre le modèle (colonne « Raison sociale ») "
                "ou être un extrait SIRENE (colonnes siret, denominationUniteLegale…)."
            )
        )
    return FileLayout.TEMPLATE, columns


def cell_text(value, *, width=0):
    """A cell as text; numbers typed by Excel get back the leading zeros ``width`` asks for."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        return text.zfill(width) if width else text
    text = str(value).strip()
    # INSEE writes "[ND]" in fields it does not disseminate.
    return "" if text == "[ND]" else text
