"""Reading uploaded target lists: CSV or XLSX, the template or a SIRENE extract.

CSV files come comma- or semicolon-separated, in UTF-8 (with or without a
byte-order mark) or in Windows-1252 as French Excel saves them; both are
detected. Columns are recognised by name, whatever their order.
"""

import csv
import io
import re
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


def read_table(content, filename):
    """Parse the uploaded bytes into a Table; ImportFileError when that cannot be done."""
    file_format, encoding, delimiter, rows = _read_rows(content, filename)
    # Blank lines are skipped; the others keep their line number in the file.
    numbered = [(line, row) for line, row in enumerate(rows, start=1) if any(cell not in (None, "") for cell in row)]
    if not numbered:
        raise ImportFileError(_("Le fichier ne contient aucune ligne."))
    layout, columns = recognise(numbered[0][1])
    return Table(file_format, encoding, delimiter, layout, columns, numbered[1:])


def recognise_upload(content, filename):
    """Check that an upload is a target list we can read, from its header row alone."""
    _format, _encoding, _delimiter, rows = _read_rows(content, filename, header_only=True)
    if not rows or not any(cell not in (None, "") for cell in rows[0]):
        raise ImportFileError(_("Le fichier ne contient aucune ligne."))
    return recognise(rows[0])


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
        rows = [next(reader, [])] if header_only else list(reader)
    except csv.Error as exc:
        raise ImportFileError(_("Ce fichier CSV est mal formé : %(error)s.") % {"error": exc}) from None
    return "csv", encoding, delimiter, rows


def _decode(content):
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


def _read_xlsx(content, header_only=False):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True, max_row=1 if header_only else None)]
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
