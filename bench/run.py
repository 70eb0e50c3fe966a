"""Benchmark lozdev's main pages against a PostgreSQL database loaded by seed_volume.

    make bench                                            # 200,000 companies in lozdev_bench_200000
    make bench BENCH_ARGS="--companies 20000"             # lozdev_bench_20000, seeded if missing
    .venv/bin/python bench/run.py --companies 20000 --runs 5 --only companies search
    .venv/bin/python bench/run.py --growth 20000,200000,1000000 --no-migrate
    .venv/bin/python bench/run.py --report bench/results/growth-latest.json
    DATABASE_URL=postgres://…/lozdev_bench .venv/bin/python bench/run.py   # an explicit database

Each size has its database, lozdev_bench_<companies> (seed_volume writes
about 5 interactions per company), unless DATABASE_URL is set. --prepare
creates a missing database, migrates it and seeds it; an existing database is
migrated too unless --no-migrate (shared databases are measured read-only).

What is measured is split by kind: bench/pages.py (pages, the list's own SQL),
bench/background.py (reminder scan, daily digests, imports, each rolled back),
bench/report.py (tables and targets). Growth mode runs this script once per
size in a subprocess (Django binds one database per process), then prints
every page side by side. Writes bench/results/<stamp>.json and latest.json
(a complete run), growth-<stamp>.json and growth-latest.json.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import report as reporting  # noqa: E402 (the repository on the path first)
from bench.common import (  # noqa: E402
    RESULTS_DIR,
    configure_environment,
    create_database_if_missing,
    database_url_for,
    load_average,
    machine_description,
    require_postgresql,
)

DEFAULT_COMPANIES = 200_000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="measured requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured requests first (default 3)")
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="create the database if missing, migrate it, and run seed_volume when it holds no volume data",
    )
    parser.add_argument(
        "--no-migrate", action="store_true", help="with --prepare, migrate only a database it has just created"
    )
    parser.add_argument(
        "--companies",
        type=int,
        default=DEFAULT_COMPANIES,
        help=f"size: database lozdev_bench_<N> unless DATABASE_URL is set (default {DEFAULT_COMPANIES})",
    )
    parser.add_argument("--growth", metavar="N,N,…", help="measure each size in turn, side by side")
    parser.add_argument("--import-rows", type=int, default=100_000, help="SIRENE rows to import (default 100000)")
    parser.add_argument("--skip-import", action="store_true", help="leave out the SIRENE import")
    parser.add_argument("--skip-reminders", action="store_true", help="leave out the reminder scan and digests")
    parser.add_argument("--report", metavar="JSON", help="print the tables of a saved result file and stop")
    parser.add_argument("--json-out", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument(
        "--only",
        nargs="*",
        default=None,
        help="measure only these: page keys (companies, search, dashboard…), list_sql, reminders, digests, import",
    )
    return parser.parse_args(argv)


def parse_sizes(text):
    """'20000,200000,1000000' -> [20000, 200000, 1000000], smallest first."""
    sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    if len(sizes) < 2:
        raise ValueError("--growth needs at least two sizes")
    return sizes


def guarded(function, *args):
    """Run one measurement; a failure is reported in its row and the others still run."""
    try:
        return function(*args)
    except Exception as exc:  # noqa: BLE001
        return {"status": f"error: {type(exc).__name__}: {exc}"[:200]}


def stamp():
    return datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def measure(args):
    url = database_url_for(args.companies)
    require_postgresql(url)
    configure_environment(url)
    created = create_database_if_missing(url) if args.prepare else False

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import background, pages
    from prospects.models import Company, FollowUp, Interaction

    if args.prepare and (created or not args.no_migrate):
        call_command("migrate", verbosity=0, interactive=False)
    if args.prepare and not Company.objects.filter(source="volume").exists():
        call_command("seed_volume", companies=args.companies)
    if not Company.objects.filter(source="volume").exists():
        sys.exit(f"No volume data in {connection.settings_dict['NAME']}: run `bench/run.py --prepare` first.")

    if not args.no_migrate:
        background.vacuum(["prospects.Company", "prospects.Contact", "prospects.Interaction", "prospects.FollowUp"])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    scenario = pages.Scenario()
    report = {
        "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine_description(),
        "database": f"PostgreSQL {server_version.split()[0]} ({connection.settings_dict['NAME']})",
        "load_at_start": load_average(),
        "runs": args.runs,
        "warmup": args.warmup,
        "deep_page": scenario.deep_page,
        "last_page": scenario.last_page,
        "volume": {
            "companies": Company.objects.count(),
            "followups": FollowUp.objects.count(),
            "interactions": Interaction.objects.count(),
            "open_followups_of_measured_user": scenario.open_followups,
        },
    }
    print("Pages:", file=sys.stderr)
    report["pages"] = pages.run_pages(scenario, args)
    wanted = set(args.only or ["list_sql", "reminders", "digests", "import"])
    report["list_sql"] = []
    if "list_sql" in wanted:
        print("Companies list SQL:", file=sys.stderr)
        report["list_sql"] = pages.run_list_sql(scenario, args)
    if "reminders" in wanted and not args.skip_reminders:
        print("Reminder scan…", file=sys.stderr)
        report["reminders"] = guarded(background.run_reminder_scan, scenario)
    if "digests" in wanted and not args.skip_reminders:
        print("Daily digests…", file=sys.stderr)
        report["digests"] = guarded(background.run_digests)
    if "import" in wanted and not args.skip_import:
        print("Import…", file=sys.stderr)
        report["import"] = guarded(background.run_import, scenario, args.import_rows)
    report["finished_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    report["load_at_end"] = load_average()
    complete = not args.only and not args.skip_import and not args.skip_reminders
    return report, complete


def write(report, name, latest):
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2, ensure_ascii=False, default=str)
    (RESULTS_DIR / name).write_text(text)
    written = [f"bench/results/{name}"]
    if latest:
        (RESULTS_DIR / latest).write_text(text)
        written.append(f"bench/results/{latest}")
    print(f"\nWritten {' and '.join(written)}", file=sys.stderr)


def growth(args, argv):
    """One subprocess per size, each writing its JSON; merged into one report."""
    sizes = parse_sizes(args.growth)
    if os.environ.get("DATABASE_URL"):
        sys.exit("--growth measures lozdev_bench_<N> databases: unset DATABASE_URL.")
    passed = []
    skip = False
    for arg in argv:  # every option but --growth and its value, --companies and --json-out
        if skip:
            skip = False
            continue
        if arg in ("--growth", "--companies", "--json-out"):
            skip = True
            continue
        if arg.startswith(("--growth=", "--companies=", "--json-out=")):
            continue
        passed.append(arg)
    runs = []
    label = stamp()
    for size in sizes:
        out = RESULTS_DIR / f".growth-{label}-{size}.json"
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        print(f"== {size:,} companies", file=sys.stderr)
        command = [sys.executable, __file__, *passed, "--companies", str(size), "--json-out", str(out)]
        finished = subprocess.run(command, check=False, stdout=subprocess.DEVNULL)  # noqa: S603
        run = {"companies": size, "status": "ok" if finished.returncode == 0 else f"exit {finished.returncode}"}
        if out.exists():
            run["report"] = json.loads(out.read_text())
            out.unlink()
        runs.append(run)
    complete = all(run["status"] == "ok" for run in runs) and not args.only
    result = {
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine_description(),
        "sizes": sizes,
        "runs": runs,
    }
    print(reporting.growth_markdown(result))
    write(result, f"growth-{label}.json", "growth-latest.json" if complete else None)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.report:
        print(reporting.any_markdown(json.loads(Path(args.report).read_text())))
        return
    if args.growth:
        growth(args, argv)
        return
    report, complete = measure(args)
    if args.json_out:  # one size of a growth run: its JSON for the parent process
        Path(args.json_out).write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        return
    print(reporting.markdown(report))
    write(report, f"{stamp()}.json", "latest.json" if complete else None)


if __name__ == "__main__":
    main()
