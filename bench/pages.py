"""The pages, requested in-process with Django's test client, and the companies list's own SQL.

Each page is requested after a warm-up, N times: the server time (request to
response, templates included), the number of SQL queries and their total time,
and the plan of its slowest query (EXPLAIN ANALYZE). The companies list's own
queries (its page and its capped count) are then run alone, at page 1, at a
deep page (page 500, or the last page of a smaller database; reached by the
"next" link of the page before, as a user reaches it, and typed in the
address) and under each single filter, with the plan PostgreSQL chose.
"""

import datetime
import html
import importlib
import math
import re
import statistics
import sys
from urllib.parse import parse_qsl, urlencode

from bench.measuring import QueryRecorder, explain, measure_page, time_interleaved

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
        # The admin change page is measured on the company with the most contacts (its inlines are the largest).
        self.busiest = (
            Company.objects.filter(source="volume")
            .annotate(contact_count=Count("contacts"))
            .order_by("-contact_count", "id")
            .values("pk", "name", "contact_count")
            .first()
        )
        # The deep page of the list: page 500, or the last page when the database has fewer.
        self.last_page = page_count(Company.objects.count(), PER_PAGE)
        self.deep_page = deep_page(self.last_page)


# The deep page as a user reaches it: by the "next" link of the page before,
# which names the last company of that page so the list seeks from it (see
# prospects/pagination.py). Resolved when measured, from the page's own HTML.
NEXT_FROM_PAGE_BEFORE = "next link of the page before"
DEEP_PAGE = 500
PER_PAGE = 50


def page_count(total, per_page=PER_PAGE):
    """How many pages a list of ``total`` rows has (one, empty, when there are none)."""
    return max(1, math.ceil(total / per_page))


def deep_page(last_page, wanted=DEEP_PAGE):
    """The deep page measured: ``wanted``, or the last page when there are fewer; at least 2 (it has a page before)."""
    return max(2, min(wanted, last_page))


def deep_page_label(page, last_page):
    """How the deep page is named in the tables: its number, and whether it is the last one."""
    return f"page {page} (dernière)" if page >= last_page else f"page {page}"


NEXT_LINK = re.compile(r'rel="next" href="\?([^"]+)"')


def next_page_query(client, url, page):
    """The query string of the "next" link on ``page`` of the list at ``url``."""
    response = client.get(url + "?" + urlencode({"page": page}))
    match = NEXT_LINK.search(response.content.decode())
    if response.status_code != 200 or not match:
        raise RuntimeError(f"page {page} has no next link (HTTP {response.status_code})")
    return dict(parse_qsl(html.unescape(match.group(1))))


def page_definitions(scenario):
    """(key, label, URL name, args, query, user, budget kind); see report.verdict for the kinds."""
    mission, direction = scenario.mission, scenario.direction
    filters = {"sector": scenario.sector.pk, "stage": "contacted", "department": "48"}
    company = [scenario.company.pk] if scenario.company else None
    appearance = [scenario.appearance.pk] if scenario.appearance else None
    project = [scenario.project.pk] if scenario.project else None
    busiest = [scenario.busiest["pk"]] if scenario.busiest else None
    deep = deep_page_label(scenario.deep_page, scenario.last_page)
    before = scenario.deep_page - 1
    return [
        ("companies", "Entreprises, sans filtre", "prospects:company_list", [], {}, mission, "companies"),
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
            f"Entreprises, {deep} (lien « Suivante » de la {before})",
            "prospects:company_list",
            [],
            NEXT_FROM_PAGE_BEFORE,
            mission,
            "list",
        ),
        (
            "companies_page500_typed",
            f"Entreprises, {deep} tapée dans l'adresse",
            "prospects:company_list",
            [],
            {"page": scenario.deep_page},
            mission,
            "list",
        ),
        (
            "companies_appearance",
            "Entreprises filtrées par salon",
            "prospects:company_list",
            [],
            {"appearance": scenario.appearance.pk} if scenario.appearance else {},
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
        (
            "admin_search",
            "Admin, recherche (nom d'une entreprise)",
            "admin:prospects_company_changelist",
            [],
            {"q": scenario.busiest["name"]} if scenario.busiest else {},
            direction,
            "search",
        ),
        (
            "admin_company",
            "Admin, fiche entreprise (la plus riche en contacts"
            + (f", {scenario.busiest['contact_count']})" if scenario.busiest else ")"),
            "admin:prospects_company_change",
            busiest,
            {},
            direction,
            "admin_change",
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
                    if query == NEXT_FROM_PAGE_BEFORE:
                        query = next_page_query(clients[user.pk], url, scenario.deep_page - 1)
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
        ("deep page", next_page_query(client, url, scenario.deep_page - 1)),
        ("deep page typed", {"page": scenario.deep_page}),
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
    # machine's load weighs on every case alike (the deep page is compared with page 1).
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
