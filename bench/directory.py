"""Benchmark the SIRENE directory on PostgreSQL: load time and memory, suggestions, a targeting filter.

    make bench-directory                                  # 200,000 establishments in lozdev_bench_directory
    .venv/bin/python bench/directory.py --rows 1000000    # the issue's scale
    DATABASE_URL=postgres://… .venv/bin/python bench/directory.py --rows 20000

The database is emptied of establishments, then a generated stock file
(``sirene_fake``, zipped as INSEE ships it) is loaded by ``sirene_load`` in a
child process, whose peak resident memory is read from the kernel; a second
load of the same file measures a monthly rerun (every row updated in place).
Then, through Django's test client logged in as a chargé de mission, the
lead form's lookup (companies and directory) for a few typed names and a
SIRET, and the « Annuaire » screen under a filter with its capped count.
Prints a markdown table and writes bench/results/directory-<rows>.json.
"""

import argparse
import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (  # noqa: E402 (the repository on the path first)
    RESULTS_DIR,
    ROOT,
    configure_environment,
    create_database_if_missing,
    require_postgresql,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/lozdev_bench_directory"
SUGGESTIONS_P50_MS = 50
TARGETING_P50_MS = 100
LOAD_1M_S = 180


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000, help="generated establishments (default 200000)")
    parser.add_argument("--runs", type=int, default=30, help="measured requests per query (default 30)")
    return parser.parse_args()


def timed_load(path):
    """(seconds, peak resident MiB) of ``sirene_load path`` in a child process."""
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, str(ROOT / "manage.py"), "sirene_load", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ,
    )
    seconds = time.perf_counter() - started
    # Linux gives ru_maxrss in KiB, for the largest child waited for so far.
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def p50_ms(client, url, params, runs):
    for _ in range(3):
        client.get(url, params)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, params, response.status_code)
    return round(statistics.median(times), 1)


def relation_sizes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_table_size('directory_establishment'), pg_indexes_size('directory_establishment'), "
            "(SELECT count(*) FROM directory_establishment)"
        )
        table, indexes, rows = cursor.fetchone()
    return table, indexes, rows


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    require_postgresql(url)
    configure_environment(url)
    create_database_if_missing(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.roles import GROUP_NAMES, Role
    from directory.fake import fake_rows, write_rows
    from directory.models import DirectoryChange, DirectoryLoad, Establishment

    call_command("migrate", verbosity=0, interactive=False)
    DirectoryChange.objects.all().delete()
    DirectoryLoad.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE directory_establishment CASCADE")

    report = {"rows": args.rows, "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "StockEtablissement_utf8.zip"
        started = time.perf_counter()
        write_rows(fake_rows(args.rows), path)
        report["generate_s"] = round(time.perf_counter() - started, 1)
        report["file_mib"] = round(path.stat().st_size / 2**20, 1)
        report["load_s"], report["load_peak_mib"] = (round(value, 1) for value in timed_load(path))
        report["rerun_s"], _peak = (round(value, 1) for value in timed_load(path))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE directory_establishment")
    table, indexes, rows = relation_sizes()
    report.update(table_mib=round(table / 2**20, 1), indexes_mib=round(indexes / 2**20, 1), table_rows=rows)

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, _created = get_user_model().objects.get_or_create(username="bench-directory")
    user.groups.add(Group.objects.get(name=GROUP_NAMES[Role.MISSION]))
    client = Client()
    client.force_login(user)
    lookup = reverse("directory:lookup_json")
    one = Establishment.objects.order_by("id").values_list("siret", flat=True)[rows // 2]
    report["suggestions_ms"] = {
        text: p50_ms(client, lookup, {"q": text}, args.runs)
        for text in ["fromagerie causses", "scierie", "atelier dupont", f"{one[:3]} {one[3:6]} {one[6:9]} {one[9:]}"]
    }
    targeting = reverse("directory:targeting")
    report["targeting_ms"] = {
        label: p50_ms(client, targeting, params, args.runs)
        for label, params in {
            "naf=16 departement=48 active": {"naf": "16", "departement": "48", "active": "yes"},
            "band 11,12 not followed": {"band": ["11", "12"], "followed": "no"},
        }.items()
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / f"directory-{args.rows}.json").write_text(json.dumps(report, indent=2))
    print(markdown(report))


def markdown(report):
    lines = [
        f"Directory bench, {report['rows']:,} generated establishments (PostgreSQL)",
        "",
        "| measure | value | budget (at 1M) |",
        "| --- | --- | --- |",
        f"| sirene_load, first load (zip {report['file_mib']} MiB) | {report['load_s']} s | {LOAD_1M_S} s |",
        f"| sirene_load, rerun (every row updated) | {report['rerun_s']} s | |",
        f"| peak memory of the load process | {report['load_peak_mib']} MiB | flat |",
        f"| table / indexes on disk | {report['table_mib']} / {report['indexes_mib']} MiB | |",
    ]
    for text, value in report["suggestions_ms"].items():
        lines.append(f"| lead-form lookup « {text} », p50 | {value} ms | {SUGGESTIONS_P50_MS} ms |")
    for label, value in report["targeting_ms"].items():
        lines.append(f"| « Annuaire » {label}, page + capped count, p50 | {value} ms | {TARGETING_P50_MS} ms |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
