"""Writing the register into the directory in chunks, and recording what changed for the SIRENs the agency follows.

Every row is written (insert, or update in place on its SIRET); only the
rows of followed SIRENs are compared with what the directory held, so the
diff costs a query per chunk on a few rows, not on millions. On PostgreSQL a
chunk goes through COPY into a temporary table, then one
``INSERT … ON CONFLICT (siret) DO UPDATE``; elsewhere through
``bulk_create(update_conflicts=True)``.
"""

import datetime
import sys
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.identifiers import fold
from prospects.models import Company, Sector, WorkforceBand

from .models import ChangeKind, DirectoryChange, DirectoryLoad, Establishment, LegalUnit, LoadStatus
from .sirene import LEGAL_UNITS, Filters, Reader, sources

CHUNK = 5000
FIELDS = [
    "siret",
    "siren",
    "name",
    "sign",
    "legal_category",
    "naf",
    "workforce_band",
    "workforce_year",
    "created_on",
    "head_office",
    "active",
    "address",
    "postcode",
    "city",
    "commune_code",
    "department",
    "latitude",
    "longitude",
    "diffusion",
    "updated_month",
    "search_name",
]
_COLUMNS = ", ".join(FIELDS)
_UPDATES = ", ".join(f"{name} = EXCLUDED.{name}" for name in FIELDS[1:])
# Column names from FIELDS above, never from a file.
UPSERT = (
    f"INSERT INTO directory_establishment ({_COLUMNS}) SELECT {_COLUMNS} FROM directory_load_chunk "  # noqa: S608
    f"ON CONFLICT (siret) DO UPDATE SET {_UPDATES}"
)
BAND_ORDER = {code: position for position, code in enumerate(WorkforceBand.values)}
# A new establishment of the territory is a signal when it was created this
# long before the load's month at most: older ones are rows the previous
# loads' filters left out, not news.
TERRITORY_RECENT_DAYS = 366


class Progress:
    """One line on the terminal, redrawn twice a second: rows, rows per second, share read and time left."""

    def __init__(self, stream, total_bytes, every=0.5, record=None):
        self.stream = stream
        # Called as record(rows, done_bytes) at each redraw: the web's progress page reads it.
        self.record = record
        self.total = max(total_bytes, 1)
        self.every = every
        self.started = self.last = time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def update(self, rows, done_bytes, final=False):
        now = time.monotonic()
        if not final and now - self.last < self.every:
            return
        self.last = now
        if self.record is not None:
            self.record(rows, done_bytes)
        elapsed = max(now - self.started, 1e-6)
        share = min(done_bytes / self.total, 1.0)
        rate = rows / elapsed
        left = elapsed * (1 - share) / share if share else 0
        width = 30
        bar = "#" * int(share * width)
        line = _("[%(bar)s] %(share)3d %% · %(rows)s lignes · %(rate)s lignes/s · reste %(left)s") % {
            "bar": bar.ljust(width),
            "share": int(share * 100),
            "rows": f"{rows:,}".replace(",", " "),
            "rate": f"{rate:,.0f}".replace(",", " "),
            "left": str(datetime.timedelta(seconds=int(left))),
        }
        end = "\n" if final or not self.tty else ""
        self.stream.write(("\r" if self.tty else "") + line + end)
        self.stream.flush()


@dataclass
class LoadResult:
    load: DirectoryLoad
    rows_read: int = 0
    rows_kept: int = 0
    created: int = 0
    changes: list = field(default_factory=list)


@dataclass
class _Followed:
    """The agency's companies by SIREN and SIRET, and which followed SIRENs the directory already knew."""

    by_siren: dict
    by_siret: dict
    known_sirens: set
    # The agency's territory and sectors, for the signals of new establishments
    # there; empty on a first load, where every row is new.
    territory: tuple = ()
    sector_prefixes: tuple = ()
    created_since: datetime.date | None = None

    def in_territory(self, row):
        """An active establishment, new to the directory, recently created, of the agency's sectors and territory."""
        return (
            row["active"]
            and row["department"] in self.territory
            and bool(self.sector_prefixes)
            and row["naf"].startswith(self.sector_prefixes)
            and row["created_on"] is not None
            and row["created_on"] >= self.created_since
        )

    def watch_territory(self, month):
        if not Establishment.objects.exists():
            return
        prefixes = {prefix for sector in Sector.objects.only("naf_prefixes") for prefix in sector.prefixes()}
        self.territory = tuple(settings.AGENCY_DEPARTMENTS)
        self.sector_prefixes = tuple(sorted(prefixes))
        self.created_since = month - datetime.timedelta(days=TERRITORY_RECENT_DAYS)

    @classmethod
    def read(cls):
        by_siren, by_siret = {}, {}
        rows = Company.objects.exclude(siren="").order_by("id").values_list("id", "siren", "siret")
        for company_id, siren, siret in rows.iterator(chunk_size=5000):
            by_siren.setdefault(siren, company_id)
            if siret:
                by_siret.setdefault(siret, company_id)
        known = set()
        sirens = list(by_siren)
        for start in range(0, len(sirens), 900):
            part = sirens[start : start + 900]
            known.update(Establishment.objects.filter(siren__in=part).values_list("siren", flat=True).distinct())
        return cls(by_siren, by_siret, known)

    def company_for(self, row):
        return self.by_siret.get(row["siret"]) or self.by_siren.get(row["siren"])


def _address(values):
    return " ".join(part for part in [values.get("address", ""), values["postcode"], values["city"]] if part)


def _diff(row, before, followed):
    """The changes of one row of a followed SIREN against what the directory held (None: it was not there)."""
    company = followed.company_for(row)
    if before is None:
        if row["active"] and row["siren"] in followed.known_sirens:
            return [(row["siret"], company, ChangeKind.NEW_ESTABLISHMENT, "", _address(row))]
        return []
    changes = []
    if before["active"] and not row["active"]:
        changes.append((row["siret"], company, ChangeKind.CLOSED, _address(before), ""))
    elif not before["active"] and row["active"]:
        changes.append((row["siret"], company, ChangeKind.REOPENED, "", _address(row)))
    old, new = before["workforce_band"], row["workforce_band"]
    if WorkforceBand.UNKNOWN not in (old, new) and old != new:
        kind = ChangeKind.BAND_UP if BAND_ORDER[new] > BAND_ORDER[old] else ChangeKind.BAND_DOWN
        changes.append((row["siret"], company, kind, old, new))
    return changes


def _territory_label(row):
    name = row["sign"] or row["name"]
    return " – ".join(part for part in [name, row["naf"], _address(row)] if part)[:255]


def _moves(changes):
    """A closure and a new establishment of one SIREN in the same load are one move: the new one's signal says so."""
    closed = {}
    for change in changes:
        if change[2] == ChangeKind.CLOSED:
            closed.setdefault(change[0][:9], change)
    merged, used = [], set()
    for change in changes:
        siret, company, kind, _before, after = change
        gone = closed.get(siret[:9])
        if kind == ChangeKind.NEW_ESTABLISHMENT and gone and id(gone) not in used:
            used.add(id(gone))
            merged.append((siret, company, ChangeKind.MOVED, gone[3], after))
        else:
            merged.append(change)
    return [change for change in merged if id(change) not in used]


def _write_sqlite(rows):
    Establishment.objects.bulk_create(
        [Establishment(**row) for row in rows],
        update_conflicts=True,
        unique_fields=["siret"],
        update_fields=FIELDS[1:],
    )


def _write_postgresql(cursor, rows):
    cursor.execute("TRUNCATE directory_load_chunk")
    with cursor.cursor.copy(f"COPY directory_load_chunk ({_COLUMNS}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[name] for name in FIELDS])
    cursor.execute(UPSERT)


def _existing(sirets):
    found = {}
    for start in range(0, len(sirets), 900):
        part = sirets[start : start + 900]
        rows = Establishment.objects.filter(siret__in=part).values(
            "siret", "active", "workforce_band", "address", "postcode", "city"
        )
        found.update((row["siret"], row) for row in rows)
    return found


def load_files(*, paths, filters=None, month=None, stderr=None, load=None):
    """Read every file, write it in chunks, and record the changes; returns a LoadResult.

    Raises SireneFileError on a file that is not a SIRENE establishment file,
    before anything of that file is written. ``load``: the DirectoryLoad a
    web upload made, whose progress is kept as the file is read.
    """
    filters = filters or Filters()
    month = month or timezone.localdate().replace(day=1)
    stderr = stderr or sys.stderr
    all_sources = [source for path in paths for source in sources(path)]
    total = sum(source.size for source in all_sources)
    files = "\n".join(source.name for source in all_sources)
    if load is None:
        load = DirectoryLoad.objects.create(files=files, month=month, total_bytes=total)
        record = None
    else:
        DirectoryLoad.objects.filter(pk=load.pk).update(files=files, month=month, total_bytes=total)

        def record(rows, done_bytes):
            DirectoryLoad.objects.filter(pk=load.pk).update(rows_read=rows, done_bytes=done_bytes)

    result = LoadResult(load)
    followed = _Followed.read()
    followed.watch_territory(month)
    count_before = Establishment.objects.count()
    progress = Progress(stderr, total, record=record)
    done_bytes = 0
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute(
                "CREATE TEMPORARY TABLE IF NOT EXISTS directory_load_chunk "
                "(LIKE directory_establishment INCLUDING DEFAULTS)"
            )
            cursor.execute("ALTER TABLE directory_load_chunk DROP COLUMN IF EXISTS id")
        for source in all_sources:
            reader = Reader(source)
            chunk = []
            for row in reader:
                result.rows_read += 1
                if reader.kind == LEGAL_UNITS:
                    chunk.append(row)
                elif filters.keep(row):
                    row["updated_month"] = month
                    chunk.append(row)
                if len(chunk) >= CHUNK:
                    _write(reader.kind, cursor if postgresql else None, chunk, followed, result)
                    chunk = []
                    progress.update(result.rows_read, done_bytes + reader.counter.count)
            if chunk:
                _write(reader.kind, cursor if postgresql else None, chunk, followed, result)
            done_bytes += source.size
            progress.update(result.rows_read, done_bytes)
    progress.update(result.rows_read, done_bytes, final=True)
    result.changes = _record_changes(load, _moves(result.changes))
    result.created = Establishment.objects.count() - count_before
    load.rows_read, load.rows_kept, load.created_count = result.rows_read, result.rows_kept, result.created
    load.finished_at, load.done_bytes, load.total_bytes, load.status = timezone.now(), total, total, LoadStatus.DONE
    load.save(
        update_fields=["rows_read", "rows_kept", "created_count", "finished_at", "done_bytes", "total_bytes", "status"]
    )
    return result


def _write(kind, cursor, chunk, followed, result):
    if kind == LEGAL_UNITS:
        _write_legal_units(chunk, result)
    else:
        _write_chunk(cursor, chunk, followed, result)


def _in_parts(model, field, values, columns):
    found = []
    for start in range(0, len(values), 900):
        found.extend(model.objects.filter(**{f"{field}__in": values[start : start + 900]}).values_list(*columns))
    return found


def _named(row, unit):
    """The establishment's name from its legal unit, unless that unit is a person who objected (diffusion P)."""
    name, legal_category, is_person = unit
    if not name or (row["diffusion"] == "P" and is_person):
        return False
    row["name"], row["legal_category"] = name, legal_category or row["legal_category"]
    row["search_name"] = fold(" ".join(part for part in [name, row["sign"], row["city"]] if part))[:400]
    return True


def _write_legal_units(chunk, result):
    """Legal units of SIRENs the directory holds, and their names on those establishments (load establishments first)."""
    units = {row["siren"]: row for row in chunk}
    held = {siren for (siren,) in _in_parts(Establishment, "siren", list(units), ["siren"])}
    if not held:
        return
    LegalUnit.objects.bulk_create(
        [LegalUnit(**units[siren]) for siren in held],
        update_conflicts=True,
        unique_fields=["siren"],
        update_fields=["name", "legal_category", "is_person"],
    )
    changed = []
    columns = ["id", "siren", "sign", "city", "diffusion", "name", "legal_category"]
    for values in _in_parts(Establishment, "siren", list(held), columns):
        row = dict(zip(columns, values, strict=True))
        unit = units[row["siren"]]
        before = (row["name"], row["legal_category"])
        if _named(row, (unit["name"], unit["legal_category"], unit["is_person"])) and before != (
            row["name"],
            row["legal_category"],
        ):
            changed.append(
                Establishment(
                    **{name: row[name] for name in ["id", "name", "legal_category"]}, search_name=row["search_name"]
                )
            )
    Establishment.objects.bulk_update(changed, ["name", "legal_category", "search_name"], batch_size=1000)
    result.rows_kept += len(held)


def _write_chunk(cursor, chunk, followed, result):
    # One row per SIRET in a chunk: a file listing one twice keeps its last line.
    rows = list({row["siret"]: row for row in chunk}.values())
    units = {
        siren: unit
        for siren, *unit in _in_parts(
            LegalUnit, "siren", list({row["siren"] for row in rows}), ["siren", "name", "legal_category", "is_person"]
        )
    }
    for row in rows:
        if row["siren"] in units:
            _named(row, units[row["siren"]])
    watched = [row for row in rows if row["siren"] in followed.by_siren]
    territory = [row for row in rows if row["siren"] not in followed.by_siren and followed.in_territory(row)]
    before = _existing([row["siret"] for row in watched + territory]) if watched or territory else {}
    with transaction.atomic():
        if cursor is not None:
            _write_postgresql(cursor, rows)
        else:
            _write_sqlite(rows)
    for row in watched:
        result.changes.extend(_diff(row, before.get(row["siret"]), followed))
    for row in territory:
        if row["siret"] not in before:
            result.changes.append((row["siret"], None, ChangeKind.NEW_IN_TERRITORY, "", _territory_label(row)))
    result.rows_kept += len(rows)


def _record_changes(load, changes):
    sirets = list({change[0] for change in changes})
    ids = {}
    for start in range(0, len(sirets), 900):
        part = sirets[start : start + 900]
        ids.update(Establishment.objects.filter(siret__in=part).values_list("siret", "id"))
    return DirectoryChange.objects.bulk_create(
        [
            DirectoryChange(
                load=load, establishment_id=ids[siret], company_id=company, kind=kind, before=before, after=after
            )
            for siret, company, kind, before, after in changes
        ]
    )
