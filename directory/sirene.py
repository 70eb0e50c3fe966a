"""Reading INSEE's establishment files row by row: the stock file, a géo-SIRENE extract, a re-saved spreadsheet.

Nothing here holds more than one row and one read buffer: the national
stock is some 7 GB of CSV, read straight out of its zip through
``zipfile.open`` and ``io.TextIOWrapper``. The kind of file is told by its
header (géo-SIRENE adds ``latitude``/``longitude`` to the same columns).
"""

import csv
import datetime
import io
import os
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.communes import department_of_insee
from core.identifiers import fold, normalize_naf
from core.sirene import street_address
from prospects.models import WorkforceBand

REQUIRED_COLUMNS = {"siret", "codeCommuneEtablissement", "activitePrincipaleEtablissement"}
# The legal-unit stock (StockUniteLegale): one row per SIREN, no SIRET.
LEGAL_UNIT_COLUMNS = {"siren", "categorieJuridiqueUniteLegale", "denominationUniteLegale"}
ESTABLISHMENTS, LEGAL_UNITS = "establishments", "legal_units"
GEO_COLUMNS = {"latitude", "longitude"}
BANDS = frozenset(WorkforceBand.values)
# INSEE's mark for a field it does not disseminate.
NOT_DISSEMINATED = "[ND]"
SNIFF_BYTES = 64 * 1024


class SireneFileError(Exception):
    """A file that is not a SIRENE establishment file; the message is for the person who gave it."""


@dataclass
class Source:
    """One CSV to read: its name, its size in bytes (for the ETA), and how to open it as binary."""

    name: str
    size: int
    opener: object


@dataclass
class Filters:
    departments: frozenset = frozenset()
    naf_prefixes: tuple = ()
    active_only: bool = False

    def keep(self, row):
        if self.active_only and not row["active"]:
            return False
        if self.departments and row["department"] not in self.departments:
            return False
        return not self.naf_prefixes or row["naf"].startswith(self.naf_prefixes)


def parse_naf_prefixes(text):
    """``16,10.1,24`` → ``("16", "10.1", "24")``; ``1610`` is read as ``16.10``."""
    prefixes = []
    for part in (text or "").split(","):
        part = part.strip().upper().replace(" ", "")
        if not part:
            continue
        if "." not in part and len(part) > 2:
            part = f"{part[:2]}.{part[2:]}"
        prefixes.append(part)
    return tuple(prefixes)


def parse_departments(text):
    return frozenset(part.strip().upper().zfill(2) for part in (text or "").split(",") if part.strip())


def sources(path):
    """The CSV files of ``path``: itself, or each CSV member of a zip."""
    if not os.path.exists(path):
        raise SireneFileError(_("Fichier introuvable : %(path)s") % {"path": path})
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if info.filename.lower().endswith(".csv")]
        if not members:
            raise SireneFileError(_("L'archive %(path)s ne contient aucun fichier CSV.") % {"path": path})
        for info in members:
            yield Source(f"{path}:{info.filename}", info.file_size, _zip_opener(path, info.filename))
    else:
        yield Source(path, os.path.getsize(path), lambda: open(path, "rb"))


def _zip_opener(path, member):
    def opener():
        archive = zipfile.ZipFile(path)
        stream = archive.open(member)
        # The archive closes with the member's stream.
        stream_close = stream.close

        def close():
            stream_close()
            archive.close()

        stream.close = close
        return stream

    return opener


class CountingReader(io.RawIOBase):
    """A binary stream that counts what was read from it, for the progress bar."""

    def __init__(self, raw):
        self.raw = raw
        self.count = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)

    def close(self):
        self.raw.close()
        super().close()


def _encoding_and_delimiter(head):
    """UTF-8 from INSEE, Windows-1252 from a spreadsheet re-saved by hand; comma or semicolon."""
    try:
        text = head.decode("utf-8")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sniffed block is still UTF-8.
        if exc.start >= len(head) - 3:
            text, encoding = head[: exc.start].decode("utf-8"), "utf-8-sig"
        else:
            text, encoding = head.decode("cp1252", errors="replace"), "cp1252"
    first_line = text.splitlines()[0] if text else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return encoding, delimiter


@dataclass
class Reader:
    """Rows of one source as dicts of establishment fields; ``counter.count`` says how far it got."""

    source: Source
    geo: bool = False
    kind: str = ESTABLISHMENTS
    columns: list = field(default_factory=list)

    def __iter__(self):
        raw = self.source.opener()
        self.counter = CountingReader(raw)
        buffered = io.BufferedReader(self.counter, buffer_size=SNIFF_BYTES)
        encoding, delimiter = _encoding_and_delimiter(buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES])
        text = io.TextIOWrapper(buffered, encoding=encoding, newline="", errors="replace")
        try:
            reader = csv.reader(text, delimiter=delimiter)
            header = next(reader, None) or []
            self.columns = [name.strip().strip("\ufeff") for name in header]
            self.kind = file_kind(self.columns, self.source.name)
            self.geo = GEO_COLUMNS <= set(self.columns)
            index = {name: position for position, name in enumerate(self.columns)}
            fields = legal_unit_fields if self.kind == LEGAL_UNITS else establishment_fields
            for cells in reader:
                if cells:
                    yield fields(_Row(cells, index))
        finally:
            text.close()


def file_kind(columns, name):
    """ESTABLISHMENTS or LEGAL_UNITS from a header; SireneFileError (in French) for any other file."""
    missing = REQUIRED_COLUMNS - set(columns)
    if not missing:
        return ESTABLISHMENTS
    if "siret" not in columns and LEGAL_UNIT_COLUMNS <= set(columns):
        return LEGAL_UNITS
    raise SireneFileError(
        _("%(name)s n'est pas un fichier d'établissements SIRENE (colonnes absentes : %(columns)s).")
        % {"name": name, "columns": ", ".join(sorted(missing))}
    )


def header_problem(upload, name):
    """Why an uploaded file cannot be loaded (not a zip of CSV, not SIRENE's columns), or "" when it can."""
    try:
        if zipfile.is_zipfile(upload):
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                members = [info for info in archive.infolist() if info.filename.lower().endswith(".csv")]
                if not members:
                    return _("L'archive %(path)s ne contient aucun fichier CSV.") % {"path": name}
                with archive.open(members[0]) as member:
                    head = member.read(SNIFF_BYTES)
        else:
            upload.seek(0)
            head = upload.read(SNIFF_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return _("L'archive %(path)s est illisible.") % {"path": name}
    finally:
        upload.seek(0)
    encoding, delimiter = _encoding_and_delimiter(head)
    text = head.decode("utf-8" if encoding == "utf-8-sig" else encoding, errors="replace").lstrip("\ufeff")
    first_line = text.splitlines()[0] if text else ""
    columns = [column.strip() for column in next(csv.reader([first_line], delimiter=delimiter), [])]
    try:
        file_kind(columns, name)
    except SireneFileError as exc:
        return str(exc)
    return ""


class _Row:
    __slots__ = ("cells", "index")

    def __init__(self, cells, index):
        self.cells = cells
        self.index = index

    def __getitem__(self, column):
        position = self.index.get(column)
        if position is None or position >= len(self.cells):
            return ""
        value = self.cells[position].strip()
        return "" if value == NOT_DISSEMINATED else value


def _date(text):
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _float(text):
    try:
        return float(text.replace(",", ".")) if text else None
    except ValueError:
        return None


def _year(text):
    return int(text) if text.isdigit() and len(text) == 4 else None


def legal_unit_fields(row):
    """A legal unit's name and category; a person who objected (P) keeps no name."""
    siren = row["siren"].zfill(9) if row["siren"].isdigit() else row["siren"][:9]
    legal = row["categorieJuridiqueUniteLegale"][:4]
    denomination = row["denominationUniteLegale"]
    person = legal.startswith("1") or (not denomination and bool(row["nomUniteLegale"]))
    name = denomination
    if person:
        first_name = row["prenomUsuelUniteLegale"] or row["prenom1UniteLegale"]
        last_name = row["nomUsageUniteLegale"] or row["nomUniteLegale"]
        name = denomination or " ".join(part for part in [first_name, last_name] if part)
        if row["statutDiffusionUniteLegale"].upper() == "P":
            name = ""
    return {"siren": siren, "name": name[:200], "legal_category": legal, "is_person": person}


def establishment_fields(row):
    """An establishment's fields from one SIRENE row; no personal data when its diffusion is partial.

    A partial row (``statutDiffusionEtablissement`` = P) is a person who
    objected to prospecting use: their name, shop sign and usual name (which
    for a sole trader are often their name), street and coordinates are not
    kept; only the legal person's name, the activity, band, dates, and the
    commune remain, enough to count and target without knowing who.
    """
    siret = row["siret"] or (row["siren"] + row["nic"])
    siret = siret.zfill(14) if siret.isdigit() else siret
    partial = row["statutDiffusionEtablissement"].upper() == "P"
    legal = row["categorieJuridiqueUniteLegale"][:4]
    denomination = row["denominationUniteLegale"]
    person = legal.startswith("1") or (not denomination and bool(row["nomUniteLegale"]))
    sign = row["enseigne1Etablissement"] or row["denominationUsuelleEtablissement"]
    if partial:
        sign = ""
        name = "" if person else denomination
        if not name:
            name = _("Entrepreneur individuel %(siret)s") % {"siret": siret}
    else:
        name = denomination
        if not name and person:
            first_name = row["prenomUsuelUniteLegale"] or row["prenom1UniteLegale"]
            name = " ".join(part for part in [first_name, row["nomUniteLegale"]] if part)
        name = name or row["denominationUsuelleEtablissement"] or row["enseigne1Etablissement"] or siret
    commune_code = row["codeCommuneEtablissement"][:5]
    postcode = row["codePostalEtablissement"]
    postcode = postcode.zfill(5) if postcode.isdigit() else postcode[:5]
    band = row["trancheEffectifsEtablissement"].zfill(2)
    naf = row["activitePrincipaleEtablissement"]
    city = row["libelleCommuneEtablissement"]
    address = ""
    latitude = longitude = None
    if not partial:
        address = street_address(
            row["numeroVoieEtablissement"],
            row["indiceRepetitionEtablissement"],
            row["typeVoieEtablissement"],
            row["libelleVoieEtablissement"],
        )
        latitude, longitude = _float(row["latitude"]), _float(row["longitude"])
    name, sign = name[:200], sign[:200]
    return {
        "siret": siret[:14],
        "siren": siret[:9],
        "name": name,
        "sign": sign,
        "legal_category": legal,
        "naf": normalize_naf(naf)[:6],
        "workforce_band": band if band in BANDS else WorkforceBand.UNKNOWN,
        "workforce_year": _year(row["anneeEffectifsEtablissement"]),
        "created_on": _date(row["dateCreationEtablissement"]),
        "head_office": row["etablissementSiege"].lower() in {"true", "1", "oui", "o"},
        "active": row["etatAdministratifEtablissement"].upper() != "F",
        "address": address[:255],
        "postcode": postcode,
        "city": city[:100],
        "commune_code": commune_code,
        "department": department_of_insee(commune_code) if commune_code else postcode[:2],
        "latitude": latitude,
        "longitude": longitude,
        "diffusion": "P" if partial else "O",
        "search_name": fold(" ".join(part for part in [name, sign, city] if part))[:400],
    }
