"""Benchmark lozdev's main pages against a PostgreSQL database loaded by seed_volume.

Over 400 lines: a script that is run, not imported, each of whose sections
measures one thing end to end (pages, list SQL, scan, import) and prints it;
the growth mode across database sizes is the time to split it by what it measures.

    make bench                                   # prepares $DATABASE_URL (default lozdev_bench), then measures
    .venv/bin/python bench/run.py --runs 50      # more runs per page
    DATABASE_URL=postgres://… .venv/bin/python bench/run.py --prepare --companies 200000

Each page is requested in-process with Django's test client (logged in with
force_login), after a warm-up, N times: the server time (request to response,
templates included), the number of SQL queries and their total time. The
companies list's own queries (its page and its capped count) are then run
alone, at page 1, at page 500 (reached by the "next" link of page 499, as a
user reaches it, and typed in the address) and under each single filter, with
the plan PostgreSQL chose. Last, the reminder scan over every follow-up and the import
of a generated SIRENE file, each in a transaction that is rolled back, so the
database stays as seed_volume left it.

Prints markdown tables and writes bench/results/<timestamp>.json, and
bench/results/latest.json when the run was complete.
"""

import argparse
import csv
import datetime
import html
import importlib
import io
import json
import math
import os
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/lozdev_bench"

# Issue 10's budgets.
MAX_QUERIES = 12
PAGE_P50_MS = 100
DASHBOARD_P50_MS = 300
SEARCH_P50_MS = 150
LIST_SQL_MS = 15
DEEP_PAGE_RATIO = 1.2
REMINDER_SCAN_S = 2
IMPORT_S = 90


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="measured requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured requests first (default 3)")
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="create the database if missing, migrate it, and run seed_volume when it holds no volume data",
    )
    parser.add_argument("--companies", type=int, default=200_000, help="companies for --prepare (default 200000)")
    parser.add_argument("--import-rows", type=int, default=100_000, help="SIRENE rows to import (default 100000)")
    parser.add_argument("--skip-import", action="store_true", help="leave out the SIRENE import")
    parser.add_argument("--skip-reminders", action="store_true", help="leave out the reminder scan")
    parser.add_argument("--report", metavar="JSON", help="print the tables of a saved result file and stop")
    parser.add_argument(
        "--only",
        nargs="*",
        default=None,
        help="measure only these: page keys (companies, search, dashboard…), list_sql, reminders, import",
    )
    return parser.parse_args()


def configure_environment():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "lozdev.settings"
    # Measured as production runs (DEBUG off), with emails and Celery messages kept in memory.
    os.environ["DEBUG"] = "0"
    # The bench's Direction user signs in with force_login: the second factor
    # is not what is measured (its middleware still runs on every page).
    os.environ["OTP_DEMO_BYPASS"] = "1"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def create_database_if_missing(url):
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    params = {
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": parsed.username or "postgres",
        "password": parsed.password,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}.", file=sys.stderr)


# Measuring ---------------------------------------------------------------------


class QueryRecorder:
    """An execute_wrapper that keeps each query's SQL, parameters and duration."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, params, time.perf_counter() - started))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure_page(client, url, runs, warmup):
    from django.db import connection

    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            return {"status": f"HTTP {response.status_code}", "url": url}
    times, counts, sql_times = [], [], []
    recorder = None
    for _ in range(runs):
        recorder = QueryRecorder()
        with connection.execute_wrapper(recorder):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            return {"status": f"HTTP {response.status_code}", "url": url}
        times.append(elapsed * 1000)
        counts.append(len(recorder.queries))
        sql_times.append(sum(duration for _sql, _params, duration in recorder.queries) * 1000)
    slowest = max(recorder.queries, key=lambda query: query[2]) if recorder.queries else None
    explainable = slowest and connection.vendor == "postgresql" and slowest[0].lstrip().upper().startswith("SELECT")
    plan = explain(slowest[0], slowest[1]) if explainable else None
    return {
        "status": "ok",
        "url": url,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "queries": max(counts),
        "sql_ms": round(statistics.median(sql_times), 1),
        "slowest_query_ms": round(slowest[2] * 1000, 1) if slowest else None,
        "slowest_query": slowest[0][:3000] if slowest else None,
        "slowest_query_plan": plan,
    }


def explain(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return [row[0] for row in cursor.fetchall()]


def time_interleaved(queries, runs):
    """Each query's durations in ms: two unmeasured rounds, then ``runs`` rounds of every query in turn."""
    from django.db import connection

    durations = [[] for _ in queries]
    with connection.cursor() as cursor:
        for round_number in range(runs + 2):
            for index, (sql, params) in enumerate(queries):
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                if round_number >= 2:
                    durations[index].append((time.perf_counter() - started) * 1000)
    return durations


def plan_summary(plan):
    """How the plan finds its rows: its scans (index names, sequential scans), in plan order."""
    scans = []
    for line in plan:
        text = line.strip().removeprefix("->").strip().split("  (")[0]
        if "Scan" in text and text not in scans:
            scans.append(text)
    return "; ".join(scans[:2])


# The scenario -------------------------------------------------------------------


class Scenario:
    """The users and objects the pages are measured with, picked from the volume data."""

    def __init__(self):
        from django.contrib.auth import get_user_model
        from django.db.models import Count

        from events.models import Appearance
        from prospects.models import Company, Contact, FollowUp, FollowUpStatus, Project, ProjectStage, Sector

        User = get_user_model()
        self.mission = User.objects.get(username="volume-mission-01")
        self.direction = User.objects.get(username="volume-direction-01")
        volume = Company.objects.filter(source="volume")
        # A busy company: the first with a project, its interactions, contacts and follow-ups.
        project = (
            Project.objects.filter(company__source="volume", stage=ProjectStage.PROPOSAL, confidential=False)
            .exclude(building_m2=None)
            .order_by("id")
            .first()
        ) or Project.objects.filter(company__source="volume").order_by("id").first()
        self.project = project
        self.company = project.company if project else volume.order_by("id").first()
        self.appearance = (
            Appearance.objects.filter(ends_on__lt=datetime.date.today(), trade_show__name__endswith="(volume)")
            .annotate(leads=Count("interactions"))
            .order_by("-leads")
            .first()
        )
        self.sector = Sector.objects.filter(slug="bois").first() or Sector.objects.first()
        # The global search is timed with what a user pastes: a phone and a SIRET written with spaces.
        contact = Contact.objects.filter(company=self.company).exclude(phone="").first() if self.company else None
        self.phone = contact.phone if contact else "04 66 12 34 56"
        siret = self.company.siret if self.company else ""
        self.siret = " ".join([siret[:3], siret[3:6], siret[6:9], siret[9:]]).strip() or "123 456 789"
        self.open_followups = FollowUp.objects.filter(assignee=self.mission, status=FollowUpStatus.OPEN).count()


# Page 500 as a user reaches it: by the "next" link of page 499, which names
# the last company of that page so the list seeks from it (see
# prospects/pagination.py). Resolved when measured, from the page's own HTML.
NEXT_FROM_PAGE_499 = "next link of page 499"
NEXT_LINK = re.compile(r'rel="next" href="\?([^"]+)"')


def next_page_query(client, url, page):
    """The query string of the "next" link on ``page`` of the list at ``url``."""
    response = client.get(url + "?" + urlencode({"page": page}))
    match = NEXT_LINK.search(response.content.decode())
    if response.status_code != 200 or not match:
        raise RuntimeError(f"page {page} has no next link (HTTP {response.status_code})")
    return dict(parse_qsl(html.unescape(match.group(1))))


def page_definitions(scenario):
    """(key, label, URL name, args, query, user, budget kind)."""
    mission, direction = scenario.mission, scenario.direction
    filters = {"sector": scenario.sector.pk, "stage": "contacted", "department": "48"}
    company = [scenario.company.pk] if scenario.company else None
    appearance = [scenario.appearance.pk] if scenario.appearance else None
    project = [scenario.project.pk] if scenario.project else None
    return [
        ("companies", "Entreprises, sans filtre", "prospects:company_list", [], {}, mission, "list"),
        (
            "companies_filtered",
            "Entreprises, secteur + étape + département",
            "prospects:company_list",
            [],
            filters,
            mission,
            "list",
        ),
        (
            "companies_page500",
            "Entreprises, page 500 (lien « Suivante » de la 499)",
            "prospects:company_list",
            [],
            NEXT_FROM_PAGE_499,
            mission,
            "list",
        ),
        (
            "companies_page500_typed",
            "Entreprises, page 500 tapée dans l'adresse",
            "prospects:company_list",
            [],
            {"page": 500},
            mission,
            "list",
        ),
        ("search", "Recherche « scierie »", "prospects:company_list", [], {"q": "scierie"}, mission, "search"),
        (
            "search_accents",
            "Recherche « Sciérie Chabert »",
            "prospects:company_list",
            [],
            {"q": "Sciérie Chabert"},
            mission,
            "search",
        ),
        (
            "finder_name",
            "Recherche globale « scierie » (suggestions)",
            "finder:suggestions",
            [],
            {"q": "scierie"},
            mission,
            "search",
        ),
        (
            "finder_phone",
            "Recherche globale, un téléphone avec espaces",
            "finder:suggestions",
            [],
            {"q": scenario.phone},
            mission,
            "search",
        ),
        (
            "finder_siret",
            "Recherche globale, un SIRET avec espaces",
            "finder:suggestions",
            [],
            {"q": scenario.siret},
            mission,
            "search",
        ),
        ("finder_page", "Page de recherche « scierie »", "finder:search", [], {"q": "scierie"}, mission, "search"),
        ("company", "Fiche entreprise", "prospects:company_detail", company, {}, mission, "list"),
        ("followups", "Mes relances", "prospects:followup_list", [], {}, mission, "list"),
        ("followups_direction", "Relances, vue direction", "prospects:followup_list", [], {}, direction, "list"),
        ("pipeline", "Pipeline des projets", "prospects:project_pipeline", [], {}, mission, "list"),
        ("appearance", "Page d'un salon", "events:appearance_detail", appearance, {}, mission, "list"),
        ("dashboard", "Tableau de bord", "dashboard", [], {}, direction, "dashboard"),
        ("matching", "Sites pour un projet", "sites:project_matches", project, {}, mission, "list"),
        # The API's list (issue 18), as a script reads it: the same filters, one page of 50 in JSON.
        ("api_companies", "API, liste des entreprises", "api:company-list", [], {}, mission, "list"),
        (
            "api_companies_filtered",
            "API, entreprises, secteur + étape + département",
            "api:company-list",
            [],
            filters,
            mission,
            "list",
        ),
        (
            "admin_companies",
            "Admin, liste des entreprises",
            "admin:prospects_company_changelist",
            [],
            {},
            direction,
            "list",
        ),
    ]


def run_pages(scenario, args):
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    results = []
    clients = {}
    for key, label, url_name, url_args, query, user, budget in page_definitions(scenario):
        if args.only and key not in args.only:
            continue
        entry = {"key": key, "label": label, "budget": budget}
        if url_args is None:
            entry["status"] = "no data"
        else:
            try:
                url = reverse(url_name, args=url_args)
            except NoReverseMatch:
                entry["status"] = "missing"
            except Exception as exc:  # noqa: BLE001 - a URLconf being edited is reported, not fatal
                entry["status"] = f"missing ({type(exc).__name__})"
            else:
                if user.pk not in clients:
                    clients[user.pk] = Client()
                    clients[user.pk].force_login(user)
                try:
                    if query == NEXT_FROM_PAGE_499:
                        query = next_page_query(clients[user.pk], url, 499)
                    if query:
                        url += "?" + urlencode(query)
                    entry.update(measure_page(clients[user.pk], url, args.runs, args.warmup))
                except Exception as exc:  # noqa: BLE001 - a broken page is reported, the others still measured
                    entry["status"] = f"error: {type(exc).__name__}: {exc}"[:200]
        print(f"  {label}: {entry.get('p50_ms', entry['status'])}", file=sys.stderr)
        results.append(entry)
    return results


# The companies list's own SQL ---------------------------------------------------------


def list_filter_values(scenario):
    """One value per filter of the companies list; filters the FilterSet doesn't have are left out."""
    today = datetime.date.today()
    return {
        "sector": scenario.sector.pk,
        "stage": "contacted",
        "owner": scenario.mission.pk,
        "department": "48",
        "naf": "16",
        "workforce_band": "11",
        "fit_min": "4",
        "contact_after": (today - datetime.timedelta(days=90)).isoformat(),
        "contact_before": (today - datetime.timedelta(days=730)).isoformat(),
        "open_followups": "true",
        "appearance": scenario.appearance.pk if scenario.appearance else None,
        "q": "scierie",
    }


def run_list_sql(scenario, args):
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("prospects:company_list")
        filterset = importlib.import_module("prospects.filters").CompanyFilter
    except (NoReverseMatch, ImportError, AttributeError, RuntimeError):
        return [{"label": "companies list", "status": "missing"}]
    values = list_filter_values(scenario)
    client = Client()
    client.force_login(scenario.mission)
    cases = [
        ("page 1", {}),
        ("page 500", next_page_query(client, url, 499)),
        ("page 500 typed", {"page": 500}),
    ]
    for name in filterset.base_filters:
        if values.get(name) is not None:
            cases.append((f"{name}={values[name]}", {name: values[name]}))
    results, timed = [], []
    for label, query in cases:
        recorder = QueryRecorder()
        with connection.execute_wrapper(recorder):
            response = client.get(url + ("?" + urlencode(query) if query else ""))
        entry = {"label": label, "query": query}
        results.append(entry)
        if response.status_code != 200:
            entry["status"] = f"HTTP {response.status_code}"
            continue
        company_table = '"prospects_company"'
        selects = [q for q in recorder.queries if company_table in q[0] and "COUNT(" not in q[0] and " LIMIT " in q[0]]
        counts = [q for q in recorder.queries if company_table in q[0] and "COUNT(" in q[0]]
        # The page itself is the widest SELECT over prospects_company with a LIMIT.
        page_query = max(selects, key=lambda q: len(q[0]), default=None)
        if page_query is None:
            entry["status"] = "page query not found"
            continue
        entry["status"] = "ok"
        timed.append((entry, "page", page_query))
        if counts:
            timed.append((entry, "count", counts[0]))
    # Interleaved: every query once per round, so that a change in the
    # machine's load weighs on every case alike (page 500 is compared with page 1).
    durations = time_interleaved([(sql, params) for _, _, (sql, params, _) in timed], args.runs)
    for (entry, part, (sql, params, _)), measured in zip(timed, durations, strict=True):
        entry[f"{part}_ms"] = round(statistics.median(measured), 2)
        entry[f"{part}_sql"] = sql
        entry[f"{part}_plan"] = explain(sql, params)
    for entry in results:
        if entry["status"] == "ok":
            print(
                f"  SQL {entry['label']}: {entry['page_ms']} ms + count {entry.get('count_ms')} ms",
                file=sys.stderr,
            )
    return results


# Background work ---------------------------------------------------------------------


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
    stored = None
    try:
        with transaction.atomic():
            started = time.perf_counter()
            batch = services.batch_create(
                uploaded_file=SimpleUploadedFile("sirene-bench.csv", data, content_type="text/csv"),
                created_by=scenario.direction,
                source="bench",
            )
            stored = batch.file.name
            batch = services.batch_analyse(batch=batch)
            result["analyse_s"] = round(time.perf_counter() - started, 2)
            result["preview"] = {"new": batch.new_count, "update": batch.update_count, "error": batch.error_count}
            services.batch_confirm(batch=batch, actor=scenario.direction)
            imported = time.perf_counter()
            batch = services.batch_import(batch_id=batch.pk)
            result["write_s"] = round(time.perf_counter() - imported, 2)
            result["import_s"] = round(time.perf_counter() - started, 2)
            result["outcome"] = f"{batch.status}: {batch.created_count} created, {batch.updated_count} updated"
            raise Rollback
    except Rollback:
        pass
    finally:
        if stored:
            from django.core.files.storage import default_storage

            default_storage.delete(stored)
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


# Report --------------------------------------------------------------------------------


def verdict(entry):
    if entry.get("status") != "ok":
        return ""
    budget = {"list": PAGE_P50_MS, "search": SEARCH_P50_MS, "dashboard": DASHBOARD_P50_MS}[entry["budget"]]
    problems = []
    if entry["queries"] > MAX_QUERIES:
        problems.append(f"> {MAX_QUERIES} queries")
    if entry["p50_ms"] > budget:
        problems.append(f"p50 > {budget} ms")
    return "✅" if not problems else "❌ " + ", ".join(problems)


def markdown(report):
    lines = [
        f"lozdev bench — {report['finished_at']} — {report['machine']} — {report['database']}",
        f"{report['volume']['companies']:,} companies, {report['volume']['followups']:,} follow-ups, "
        f"{report['volume']['interactions']:,} interactions; {report['runs']} runs after {report['warmup']} warm-up; "
        f"load average {report['load_at_start']} at start, {report['load_at_end']} at end",
        "",
        "| Page | p50 ms | p95 ms | queries | SQL ms | slowest query ms | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for entry in report["pages"]:
        if entry.get("status") == "ok":
            lines.append(
                f"| {entry['label']} | {entry['p50_ms']} | {entry['p95_ms']} | {entry['queries']} | "
                f"{entry['sql_ms']} | {entry['slowest_query_ms']} | {verdict(entry)} |"
            )
        else:
            lines.append(f"| {entry['label']} | {entry['status']} | | | | | |")
    lines += [
        "",
        "| Companies list SQL | page query ms | capped count ms | both ms | plan of the page query | target |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    # The list's own SQL is its page query and its capped count, together.
    first_page = next(
        (list_sql_ms(e) for e in report["list_sql"] if e["label"] == "page 1" and e["status"] == "ok"), None
    )
    for entry in report["list_sql"]:
        if entry.get("status") != "ok":
            lines.append(f"| {entry['label']} | {entry['status']} | | | | |")
            continue
        total = list_sql_ms(entry)
        problems = [f"> {LIST_SQL_MS} ms"] if total > LIST_SQL_MS else []
        if entry["label"] == "page 500" and first_page and total > first_page * DEEP_PAGE_RATIO:
            problems.append(f"{total / first_page:.1f} × page 1")
        lines.append(
            f"| {entry['label']} | {entry['page_ms']} | {entry.get('count_ms', '')} | {total} | "
            f"{plan_summary(entry['page_plan'])} | {'✅' if not problems else '❌ ' + ', '.join(problems)} |"
        )
    lines += ["", "| Background work | seconds | detail | target |", "| --- | ---: | --- | --- |"]
    scan = report.get("reminders")
    if scan:
        if scan["status"] == "ok":
            lines.append(
                f"| Reminder scan over {scan['followups']:,} follow-ups | {scan['scan_s']} | "
                f"{scan['claimed']} reminders claimed; sending them: {scan.get('send_s')} s ({scan.get('emails')} emails) | "
                f"{'✅' if scan['scan_s'] <= REMINDER_SCAN_S else '❌'} ≤ {REMINDER_SCAN_S} s |"
            )
        else:
            lines.append(f"| Reminder scan | {scan['status']} | | |")
    imported = report.get("import")
    if imported:
        if imported["status"] == "ok":
            lines.append(
                f"| Import of {imported['rows']:,} SIRENE rows (preview + import) | {imported['import_s']} | "
                f"preview {imported['analyse_s']} s, writing {imported['write_s']} s; {imported['outcome']} | "
                f"{'✅' if imported['import_s'] <= IMPORT_S else '❌'} ≤ {IMPORT_S} s |"
            )
        else:
            lines.append(f"| Import of SIRENE rows | {imported['status']} | {imported.get('detail', '')} | |")
    return "\n".join(lines)


def guarded(function, *args):
    """Run one measurement; a failure is reported in its row and the others still run."""
    try:
        return function(*args)
    except Exception as exc:  # noqa: BLE001
        return {"status": f"error: {type(exc).__name__}: {exc}"[:200]}


def list_sql_ms(entry):
    return round(entry["page_ms"] + entry.get("count_ms", 0), 2)


def machine_description():
    cpus = os.cpu_count()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpus} CPU {model}".strip() + f", Python {platform.python_version()}"


def load_average():
    """The machine's 1-minute load: figures taken on a busy machine are slower, and say so."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def main():
    args = parse_args()
    if args.report:
        print(markdown(json.loads(Path(args.report).read_text())))
        return
    configure_environment()
    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "bench/run.py measures PostgreSQL: set DATABASE_URL=postgres://… (default " + DEFAULT_DATABASE_URL + ")"
        )
    if args.prepare:
        create_database_if_missing(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from prospects.models import Company, FollowUp, Interaction

    if args.prepare:
        call_command("migrate", verbosity=0, interactive=False)
        if not Company.objects.filter(source="volume").exists():
            call_command("seed_volume", companies=args.companies)
    if not Company.objects.filter(source="volume").exists():
        sys.exit("No volume data in this database: run `bench/run.py --prepare` or `manage.py seed_volume` first.")

    vacuum(["prospects.Company", "prospects.Contact", "prospects.Interaction", "prospects.FollowUp"])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    scenario = Scenario()
    report = {
        "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine_description(),
        "database": f"PostgreSQL {server_version.split()[0]} ({connection.settings_dict['NAME']})",
        "load_at_start": load_average(),
        "runs": args.runs,
        "warmup": args.warmup,
        "volume": {
            "companies": Company.objects.count(),
            "followups": FollowUp.objects.count(),
            "interactions": Interaction.objects.count(),
            "open_followups_of_measured_user": scenario.open_followups,
        },
    }
    print("Pages:", file=sys.stderr)
    report["pages"] = run_pages(scenario, args)
    wanted = set(args.only or ["list_sql", "reminders", "import"])
    report["list_sql"] = []
    if "list_sql" in wanted:
        print("Companies list SQL:", file=sys.stderr)
        report["list_sql"] = run_list_sql(scenario, args)
    if "reminders" in wanted and not args.skip_reminders:
        print("Reminder scan…", file=sys.stderr)
        report["reminders"] = guarded(run_reminder_scan, scenario)
    if "import" in wanted and not args.skip_import:
        print("Import…", file=sys.stderr)
        report["import"] = guarded(run_import, scenario, args.import_rows)
    report["finished_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    report["load_at_end"] = load_average()

    print(markdown(report))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(report, indent=2, ensure_ascii=False, default=str)
    (RESULTS_DIR / f"{stamp}.json").write_text(text)
    written = [f"bench/results/{stamp}.json"]
    # latest.json is the last complete run, the one the README quotes.
    if not args.only and not args.skip_import and not args.skip_reminders:
        (RESULTS_DIR / "latest.json").write_text(text)
        written.append("bench/results/latest.json")
    print(f"\nWritten {' and '.join(written)}", file=sys.stderr)


if __name__ == "__main__":
    main()
