"""Timing pages and queries: a query recorder, percentiles, EXPLAIN ANALYZE."""

import math
import statistics
import time


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
    explainable = (
        slowest and connection.vendor == "postgresql" and slowest[0].lstrip().upper().startswith(("SELECT", "WITH"))
    )
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
