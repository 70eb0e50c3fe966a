"""Reading uploaded target lists: CSV or XLSX, the template or a SIRENE extract.

CSV files come comma-, semicolon- or tab-separated, in UTF-8 (with or without
a byte-order mark), in Windows-1252 as French Excel saves them, or in UTF-16
(Excel's « Texte Unicode »); all are detected. Columns are recognised by name,
whatever their order. A file must hold a header and at least one line below it.
"""

import csv
import io
import itertools
import re
import zipfile
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
    # (line number in the file, cells) for each line below the header.
    rows: list


def header_key(text):
    return re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).strip()


def _numbered(rows):
    """Blank lines are skipped; the others keep their line number in the file."""
    return [(line, row) for line, row in enumerate(rows, start=1) if any(cell not in (None, "") for cell in row)]


def _header_and_body(numbered):
    if not numbered:
        raise ImportFileError(_("Le fichier ne contient aucune ligne."))
    layout, columns = recognise(numbered[0][1])
    if len(numbered) == 1:
        raise ImportFileError(
            _("Le fichier ne contient que la ligne d'en-tête : aucune entreprise à importer en dessous.")
        )
    return layout, columns


def read_table(content, filename):
    """Parse the uploaded bytes into a Table; ImportFileError when that cannot be done."""
    file_format, encoding, delimiter, rows = _read_rows(content, filename)
    numbered = _numbered(rows)
    layout, columns = _header_and_body(numbered)
    return Table(file_format, encoding, delimiter, layout, columns, numbered[1:])


def recognise_upload(content, filename):
    """Check that an upload is a target list we can read, from its first lines."""
    _format, _encoding, _delimiter, rows = _read_rows(content, filename, header_only=True)
    return _header_and_body(_numbered(rows))


# Enough lines to find the header and one line under it past a few blank ones.
FIRST_LINES = 50


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


def _read_rows(content, filename, header_only=False):
    if not content:
        raise ImportFileError(_("Le fichier est vide."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if content[:4] == b"PK\x03\x04":
        return "xlsx", "", "", _read_xlsx(content, header_only)
    if extension in ("xls", "xlsx", "ods") or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            _("Ce classeur n'est pas au format XLSX : enregistrez-le en .xlsx ou en CSV, puis recommencez.")
        )
    text, encoding = _decode(content)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(itertools.islice(reader, FIRST_LINES)) if header_only else list(reader)
    except csv.Error as exc:
        raise _csv_error(exc, reader.line_num) from None
    return "csv", encoding, delimiter, rows


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


def _decode(content):
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_mark(content[:4096]):
        encoding = "utf-16" if content.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_mark(content[:4096])
        try:
            return content.decode(encoding), "utf-16"
        except UnicodeDecodeError:
            raise ImportFileError(_("Ce fichier Texte Unicode (UTF-16) est endommagé.")) from None
    if b"\x00" in content[:4096]:
        raise ImportFileError(_("Ce fichier n'est ni un CSV ni un classeur XLSX."))
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise ImportFileError(
            _("Encodage du fichier non reconnu : enregistrez-le en CSV UTF-8 ou Windows-1252.")
        ) from None


def _delimiter(text):
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


class Formula(str):
    """A cell holding a formula whose value the file does not carry (a workbook
    written by a program, never opened in a spreadsheet): its text is the
    formula, so the row can say what it found rather than "name missing"."""


def _has_formulas(archive):
    return any(
        name.startswith("xl/worksheets/") and re.search(rb"<(?:\w+:)?f[\s>/]", archive.read(name))
        for name in archive.namelist()
    )


def _read_xlsx(content, header_only=False):
    from openpyxl import load_workbook

    max_row = FIRST_LINES if header_only else None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True, max_row=max_row)]
        workbook.close()
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            formulas = _has_formulas(archive)
        if formulas:
            # A second reading for the formulas themselves, where no value was stored.
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
            written = workbook.worksheets[0].iter_rows(values_only=True, max_row=max_row)
            for row, as_written in zip(rows, written, strict=False):
                for index, value in enumerate(as_written):
                    if index < len(row) and row[index] is None and isinstance(value, str) and value.startswith("="):
                        row[index] = Formula(value)
            workbook.close()
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise ImportFileError(_("Ce classeur XLSX est illisible ou endommagé.")) from exc
    return rows


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
