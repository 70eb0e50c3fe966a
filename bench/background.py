"""The background work: the reminder scan, the daily digests, the SIRENE import; each rolled back."""

import csv
import datetime
import importlib
import io
import random
import resource
import time


class Rollback(Exception):
    pass


def run_reminder_scan(scenario):
    from django.core import mail
    from django.db import transaction
    from django.utils import timezone

    from prospects.models import FollowUp

    try:
        services = importlib.import_module("reminders.services")
        scan = services.reminders_scan
    except (ImportError, AttributeError):
        return {"status": "missing"}
    # A working-day morning, when the daily digests are due.
    day = timezone.localdate()
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0)))
    result = {"status": "ok", "followups": FollowUp.objects.count(), "at": now.isoformat()}
    mail.outbox = []
    try:
        with transaction.atomic():
            started = time.perf_counter()
            claimed, requeued = scan(now=now)
            result["scan_s"] = round(time.perf_counter() - started, 3)
            result["claimed"] = len(claimed)
            deliver = getattr(services, "reminder_deliver", None)
            if deliver is not None:
                started = time.perf_counter()
                for reminder in claimed:
                    deliver(reminder_id=reminder.pk)
                result["send_s"] = round(time.perf_counter() - started, 3)
                result["emails"] = len(mail.outbox)
            raise Rollback
    except Rollback:
        pass
    return result


def run_digests():
    """Sending the daily digests: claiming every recipient's digest of a working-day morning, then delivering each."""
    from django.core import mail
    from django.db import transaction
    from django.utils import timezone

    try:
        services = importlib.import_module("reminders.services")
        claim, deliver = services._claim_digests, services.reminder_deliver
    except (ImportError, AttributeError):
        return {"status": "missing"}
    day = timezone.localdate()
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    local_now = timezone.localtime(timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0))))
    result = {"status": "ok", "at": local_now.isoformat()}
    mail.outbox = []
    try:
        with transaction.atomic():
            started = time.perf_counter()
            claimed = claim(local_now)
            for reminder in claimed:
                deliver(reminder_id=reminder.pk)
            result["send_s"] = round(time.perf_counter() - started, 2)
            result["digests"] = len(claimed)
            result["emails"] = len(mail.outbox)
            raise Rollback
    except Rollback:
        pass
    return result


def peak_rss_mb():
    """This process's peak resident memory so far, in MiB (ru_maxrss is in KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


SIRENE_COLUMNS = [
    "siren",
    "nic",
    "siret",
    "statutDiffusionEtablissement",
    "etatAdministratifEtablissement",
    "dateCreationEtablissement",
    "trancheEffectifsEtablissement",
    "categorieJuridiqueUniteLegale",
    "denominationUniteLegale",
    "enseigne1Etablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "numeroVoieEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "codeCommuneEtablissement",
]


def sirene_csv(rows, seed=10):
    """A SIRENE extract as INSEE's API writes it (its column names), with valid SIRETs not in the database."""
    from stdnum.luhn import calc_check_digit

    from core import communes
    from prospects.models import Company, NafCode

    rng = random.Random(seed)
    codes = list(NafCode.objects.values_list("code", flat=True))
    taken = set(Company.objects.values_list("siren", flat=True))
    with communes.DATA_FILE.open(encoding="utf-8") as handle:
        places = [
            (row["Code_postal"], row["Nom_commune"], row["Code_commune_INSEE"])
            for row in csv.DictReader(handle, delimiter=";")
        ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(SIRENE_COLUMNS)
    written = 0
    for base in rng.sample(range(10_000_000, 100_000_000), rows * 2):
        siren = f"{base}{calc_check_digit(str(base))}"
        if siren in taken:
            continue
        nic = f"{rng.randrange(1, 100):04d}"
        nic += calc_check_digit(siren + nic)
        postcode, city, insee = rng.choice(places)
        writer.writerow(
            [
                siren,
                nic,
                siren + nic,
                "O",
                "A",
                f"{rng.randrange(1970, 2024)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}",
                rng.choice(["NN", "00", "01", "02", "03", "11", "12", "21"]),
                rng.choice(["5710", "5499", "5720", "5599"]),
                f"{rng.choice(['SCIERIE', 'FROMAGERIE', 'METALLERIE', 'TRANSPORTS'])} {rng.choice(['DU CAUSSE', 'MARTIN', 'DES CEVENNES'])} {written}",
                "",
                rng.choice(codes),
                "NAFRev2",
                str(rng.randrange(1, 90)),
                "RUE",
                "DES ECOLES",
                postcode,
                city,
                insee,
            ]
        )
        written += 1
        if written == rows:
            break
    return buffer.getvalue().encode("utf-8")


def run_import(scenario, rows):
    """The imports app on a generated SIRENE file: analysis (the preview), then the import; rolled back."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    try:
        services = importlib.import_module("imports.services")
    except ImportError:
        return {"status": "missing"}
    data = sirene_csv(rows)
    result = {"status": "ok", "rows": rows, "bytes": len(data)}
    stored = []

    def one_import(prefix):
        started = time.perf_counter()
        batch = services.batch_create(
            uploaded_file=SimpleUploadedFile("sirene-bench.csv", data, content_type="text/csv"),
            created_by=scenario.direction,
            source="bench",
        )
        stored.append(batch.file.name)
        batch = services.batch_analyse(batch=batch)
        result[f"{prefix}analyse_s"] = round(time.perf_counter() - started, 2)
        result[f"{prefix}preview"] = {"new": batch.new_count, "update": batch.update_count, "error": batch.error_count}
        services.batch_confirm(batch=batch, actor=scenario.direction)
        imported = time.perf_counter()
        batch = services.batch_import(batch_id=batch.pk)
        result[f"{prefix}write_s"] = round(time.perf_counter() - imported, 2)
        result[f"{prefix}import_s"] = round(time.perf_counter() - started, 2)
        result[f"{prefix}outcome"] = f"{batch.status}: {batch.created_count} created, {batch.updated_count} updated"

    try:
        with transaction.atomic():
            # Peak RSS of the whole process (resource.getrusage), read before and after
            # the imports: the import's peak shows when it exceeds what the bench held before.
            result["rss_before_mb"] = peak_rss_mb()
            one_import("")
            # The same file again: every row is already there, unchanged.
            one_import("again_")
            result["peak_rss_mb"] = peak_rss_mb()
            raise Rollback
    except Rollback:
        pass
    finally:
        from django.core.files.storage import default_storage

        for name in stored:
            default_storage.delete(name)
        # The rolled-back rows are dead tuples until vacuumed: the next run's
        # index-only scans would visit the heap for them.
        vacuum(["prospects.Company", "imports.ImportBatch", "imports.ImportRow"])
    return result


def vacuum(labels):
    """VACUUM ANALYZE these models' tables, so every run starts from the same state of the tables."""
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        for label in labels:
            try:
                table = apps.get_model(label)._meta.db_table
            except LookupError:
                continue
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
