"""The benchmark's pure parts, without PostgreSQL: the deep page, the targets, the growth report."""

import pytest

from bench import pages, report
from bench.run import parse_sizes


def page(key, p50, queries, budget="list"):
    return {"key": key, "label": key, "budget": budget, "status": "ok", "p50_ms": p50, "queries": queries}


def size_report(companies, pages_, interactions):
    return {
        "volume": {"companies": companies, "interactions": interactions},
        "load_at_start": 1.0,
        "load_at_end": 1.2,
        "pages": pages_,
        "digests": {"status": "ok", "send_s": 2.5, "digests": 42, "emails": 42},
    }


@pytest.mark.parametrize(
    ("total", "pages_count", "deep"),
    [(0, 1, 2), (49, 1, 2), (50, 1, 2), (51, 2, 2), (20_000, 400, 400), (25_000, 500, 500), (1_000_000, 20_000, 500)],
)
def test_deep_page_is_page_500_or_the_last(total, pages_count, deep):
    assert pages.page_count(total) == pages_count
    assert pages.deep_page(pages_count) == deep


def test_deep_page_label_says_when_it_is_the_last():
    assert pages.deep_page_label(400, 400) == "page 400 (dernière)"
    assert pages.deep_page_label(500, 20_000) == "page 500"


def test_verdicts_follow_issue_21_targets():
    assert report.verdict(page("companies", 19.9, 12, "companies")) == "✅"
    assert report.verdict(page("companies", 20.1, 13, "companies")) == "❌ > 12 queries, p50 > 20 ms"
    assert report.verdict(page("admin_company", 41, 9, "admin_change")) == "❌ p50 > 40 ms"
    assert report.verdict(page("followups", 300, 9, "list")) == "✅"
    assert report.verdict({"status": "HTTP 500"}) == ""


def test_growth_verdict_is_the_ratio_of_p50s():
    assert report.growth_verdict(page("a", 10, 5), page("a", 13, 5)) == (1.3, "✅")
    assert report.growth_verdict(page("a", 10, 5), page("a", 29.6, 5)) == (2.96, "❌ > 1.3 ×")
    assert report.growth_verdict(page("a", 10, 5), {"status": "HTTP 500"}) == (None, "")


def test_growth_markdown_puts_sizes_side_by_side():
    growth = {
        "finished_at": "2026-12-02T09:00:00+00:00",
        "machine": "2 CPU",
        "sizes": [20_000, 1_000_000, 5_000_000],
        "runs": [
            {
                "companies": 20_000,
                "status": "ok",
                "report": size_report(20_000, [page("search", 28, 8, "search")], 99_436),
            },
            {
                "companies": 1_000_000,
                "status": "ok",
                "report": size_report(1_000_000, [page("search", 296, 8, "search")], 5_000_000),
            },
            {"companies": 5_000_000, "status": "exit 1"},
        ],
    }
    text = report.any_markdown(growth)
    assert "| search | 28 | 8 | 296 | 8 | 10.57 | ❌ p50 > 50 ms ❌ > 1.3 × |" in text
    assert "| 20,000 p50 ms | q | 1,000,000 p50 ms | q |" in text
    assert "5,000,000 companies: exit 1" in text
    assert "| Daily digests, s | 2.5 | 2.5 |" in text


def test_growth_sizes_are_sorted_and_at_least_two():
    assert parse_sizes("1000000,20000,200_000") == [20_000, 200_000, 1_000_000]
    with pytest.raises(ValueError):
        parse_sizes("20000")


def test_a_single_run_is_not_taken_for_a_growth_run():
    measured = page("search", 28, 8, "search") | {"p95_ms": 30, "sql_ms": 3, "slowest_query_ms": 1}
    single = size_report(20_000, [measured], 99_436)
    single |= {"runs": 20, "warmup": 3, "finished_at": "t", "machine": "m", "database": "d", "list_sql": []}
    single["volume"]["followups"] = 20_135
    assert not report.is_growth(single)
    assert "| search | 28 |" in report.any_markdown(single)
