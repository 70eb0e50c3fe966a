"""The markdown of a result file (one size) and of a growth report (several sizes), and the targets."""

# Issue 21's targets, at 1,000,000 companies.
MAX_QUERIES = 12
COMPANIES_P50_MS = 20
SEARCH_P50_MS = 50
DASHBOARD_P50_MS = 50
ADMIN_CHANGE_P50_MS = 40
GROWTH_RATIO = 1.3
LIST_SQL_MS = 15
DEEP_PAGE_RATIO = 1.2
REMINDER_SCAN_S = 2
DIGESTS_S = 10
IMPORT_S = 30
IMPORT_RSS_MB = 250
# The p50 target of each kind of page; "list" pages have only the query and growth targets.
P50_TARGETS = {
    "companies": COMPANIES_P50_MS,
    "search": SEARCH_P50_MS,
    "dashboard": DASHBOARD_P50_MS,
    "admin_change": ADMIN_CHANGE_P50_MS,
}


def plan_summary(plan):
    """How the plan finds its rows: its scans (index names, sequential scans), in plan order."""
    scans = []
    for line in plan:
        text = line.strip().removeprefix("->").strip().split("  (")[0]
        if "Scan" in text and text not in scans:
            scans.append(text)
    return "; ".join(scans[:2])


def verdict(entry):
    if entry.get("status") != "ok":
        return ""
    budget = P50_TARGETS.get(entry["budget"])
    problems = []
    if entry["queries"] > MAX_QUERIES:
        problems.append(f"> {MAX_QUERIES} queries")
    if budget is not None and entry["p50_ms"] > budget:
        problems.append(f"p50 > {budget} ms")
    return "✅" if not problems else "❌ " + ", ".join(problems)


def growth_verdict(small, large):
    """The growth target of one page: its p50 at the largest size ≤ GROWTH_RATIO × at the smallest."""
    if not small or not large or small.get("status") != "ok" or large.get("status") != "ok":
        return None, ""
    ratio = round(large["p50_ms"] / small["p50_ms"], 2) if small["p50_ms"] else None
    if ratio is None:
        return None, ""
    return ratio, "✅" if ratio <= GROWTH_RATIO else f"❌ > {GROWTH_RATIO} ×"


def growth_markdown(growth):
    """Each page side by side at every size (p50 ms / queries), the ratio largest/smallest, and its targets."""
    runs = [run for run in growth["runs"] if run.get("report")]
    sizes = [run["companies"] for run in runs]
    lines = [
        f"lozdev growth bench — {growth['finished_at']} — {growth['machine']}",
        "; ".join(
            f"{run['companies']:,} companies: {run['report']['volume']['interactions']:,} interactions, "
            f"load {run['report']['load_at_start']}→{run['report']['load_at_end']}"
            for run in runs
        ),
    ]
    for run in growth["runs"]:
        if not run.get("report"):
            lines.append(f"{run['companies']:,} companies: {run.get('status', 'no result')}")
    if not runs:
        return "\n".join(lines)
    header = " | ".join(f"{size:,} p50 ms | q" for size in sizes)
    lines += [
        "",
        f"| Page | {header} | p50 {sizes[-1]:,} / {sizes[0]:,} | target at {sizes[-1]:,} |",
        "| --- | " + " | ".join("---: | ---:" for _ in sizes) + " | ---: | --- |",
    ]
    by_size = [{entry["key"]: entry for entry in run["report"]["pages"]} for run in runs]
    for entry in runs[-1]["report"]["pages"]:
        key = entry["key"]
        cells = []
        for pages in by_size:
            page = pages.get(key)
            if page and page.get("status") == "ok":
                cells.append(f"{page['p50_ms']} | {page['queries']}")
            else:
                cells.append(f"{page['status'] if page else '–'} | ")
        ratio, grown = growth_verdict(by_size[0].get(key), by_size[-1].get(key))
        target = " ".join(part for part in (verdict(entry), grown) if part)
        lines.append(f"| {entry['label']} | {' | '.join(cells)} | {ratio if ratio is not None else ''} | {target} |")
    lines += ["", "| Background work | " + " | ".join(f"{size:,}" for size in sizes) + " |"]
    lines.append("| --- | " + " | ".join("---:" for _ in sizes) + " |")
    for label, part, field in (
        ("Daily digests, s", "digests", "send_s"),
        ("Reminder scan, s", "reminders", "scan_s"),
        ("Import, s", "import", "import_s"),
        ("Same file again, s", "import", "again_import_s"),
        ("Import peak RSS, MiB", "import", "peak_rss_mb"),
    ):
        values = [(run["report"].get(part) or {}).get(field, "–") for run in runs]
        lines.append(f"| {label} | " + " | ".join(str(value) for value in values) + " |")
    return "\n".join(lines)


def is_growth(report):
    return "sizes" in report  # a single run has "runs" too: its number of requests per page


def any_markdown(report):
    """A result file's tables, whichever kind it is."""
    return growth_markdown(report) if is_growth(report) else markdown(report)


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
        if entry["label"] == "deep page" and first_page and total > first_page * DEEP_PAGE_RATIO:
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
    digests = report.get("digests")
    if digests:
        if digests["status"] == "ok":
            lines.append(
                f"| Sending the daily digests | {digests['send_s']} | {digests['digests']} digests, "
                f"{digests['emails']} emails | {'✅' if digests['send_s'] <= DIGESTS_S else '❌'} ≤ {DIGESTS_S} s |"
            )
        else:
            lines.append(f"| Sending the daily digests | {digests['status']} | | |")
    imported = report.get("import")
    if imported:
        if imported["status"] == "ok":
            lines.append(
                f"| Import of {imported['rows']:,} SIRENE rows (preview + import) | {imported['import_s']} | "
                f"preview {imported['analyse_s']} s, writing {imported['write_s']} s; {imported['outcome']} | "
                f"{'✅' if imported['import_s'] <= IMPORT_S else '❌'} ≤ {IMPORT_S} s |"
            )
            lines.append(
                f"| The same file again | {imported['again_import_s']} | {imported['again_outcome']} | "
                f"{'✅' if imported['again_import_s'] <= IMPORT_S else '❌'} ≤ {IMPORT_S} s |"
            )
            lines.append(
                f"| Peak RSS of the process after the imports, MiB | {imported['peak_rss_mb']} | "
                f"{imported['rss_before_mb']} MiB before them (resource.getrusage) | "
                f"{'✅' if imported['peak_rss_mb'] <= IMPORT_RSS_MB else '❌'} ≤ {IMPORT_RSS_MB} MiB |"
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
