"""What API clients expect: cursor pages, incremental sync, filters, JSON errors, a rate limit, fixed query counts."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prospects.models import CompanyStage, InteractionKind
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import (
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    ProjectFactory,
)
from tests.sites.factories import ProgrammeFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_pages_follow_the_cursor_in_a_stable_order_and_a_new_row_shifts_nothing(mission_api):
    names = ["Aciérie", "Bâtiments", "Cartonnerie", "Distillerie", "Ébénisterie", "Fromagerie", "Gantier"]
    for name in reversed(names):
        CompanyFactory(name=name)
    first = mission_api.get("/api/v1/entreprises/?page_size=3").json()
    assert [row["name"] for row in first["results"]] == names[:3]
    assert first["count"] == 7 and first["previous"] is None
    # Added meanwhile, before the cursor: the next page neither repeats nor skips a row.
    CompanyFactory(name="Abattoir")
    second = mission_api.get(first["next"]).json()
    assert [row["name"] for row in second["results"]] == names[3:6]
    third = mission_api.get(second["next"]).json()
    assert [row["name"] for row in third["results"]] == names[6:] and third["next"] is None
    back = mission_api.get(third["previous"]).json()
    assert [row["name"] for row in back["results"]] == names[3:6]


def test_the_list_s_filters_and_search_apply(mission_api):
    wanted = CompanyFactory(name="Scierie du Causse", stage=CompanyStage.TARGETED)
    ContactFactory(company=wanted, last_name="Fabrègue")
    CompanyFactory(name="Scierie du Lot")
    CompanyFactory(name="Laiterie du Causse", stage=CompanyStage.TARGETED)

    def names(query):
        return [row["name"] for row in mission_api.get(f"/api/v1/entreprises/?{query}").json()["results"]]

    assert names("q=causse scierie") == ["Scierie du Causse"]
    assert names("q=fabregue") == ["Scierie du Causse"]
    assert names("stage=targeted&sort=-name") == ["Scierie du Causse", "Laiterie du Causse"]
    response = mission_api.get("/api/v1/entreprises/?naf=ab")
    assert response.status_code == 400 and response.json()["fields"]["naf"]


def test_updated_since_gives_what_changed_with_iso_dates(mission_api):
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC), tick=False):
        CompanyFactory(name="Ancienne")
    with time_machine.travel(datetime.datetime(2026, 2, 5, 9, 0, tzinfo=datetime.UTC), tick=False):
        CompanyFactory(name="Récente")
    rows = mission_api.get("/api/v1/entreprises/?updated_since=2026-02-01T00:00:00Z").json()["results"]
    assert [row["name"] for row in rows] == ["Récente"]
    assert datetime.datetime.fromisoformat(rows[0]["updated_at"]) == datetime.datetime(
        2026, 2, 5, 9, 0, tzinfo=datetime.UTC
    )
    bad = mission_api.get("/api/v1/entreprises/?updated_since=hier")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    # Offsets PostgreSQL would refuse, and a time past year 9999 in UTC.
    far = mission_api.get("/api/v1/entreprises/?updated_since=2026-02-01T00:00:00-19:16")
    assert [row["name"] for row in far.json()["results"]] == ["Récente"]
    beyond = mission_api.get("/api/v1/echanges/?occurred_since=9999-12-31T23:00:00-05:00")
    assert beyond.status_code == 400 and beyond.json()["fields"]["occurred_since"] == ["Choisissez une date valide."]


def test_errors_are_json_in_the_caller_s_language(mission_api):
    french = mission_api.get("/api/v1/entreprises/987654321/")
    english = mission_api.get("/api/v1/entreprises/987654321/", HTTP_ACCEPT_LANGUAGE="en")
    assert french.status_code == english.status_code == 404
    assert french.json()["code"] == english.json()["code"] == "not_found"
    assert french.json()["message"] != english.json()["message"]
    assert mission_api.delete("/api/v1/entreprises/").json()["code"] == "method_not_allowed"
    garbled = mission_api.post("/api/v1/saisie-salon/", "{", content_type="application/json")
    assert garbled.status_code == 400 and garbled.json()["code"] == "parse_error"


def test_past_the_rate_a_token_gets_429_with_retry_after(settings, mission_api, teammate_api):
    settings.API_RATE_LIMIT = "3/minute"
    cache.clear()
    try:
        answers = [mission_api.get("/api/v1/salons/").status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        refused = mission_api.get("/api/v1/salons/")
        assert refused.json()["code"] == "throttled" and int(refused["Retry-After"]) > 0
        # Another token has its own count.
        assert teammate_api.get("/api/v1/salons/").status_code == 200
    finally:
        cache.clear()


def _world(mission, count):
    show = AppearanceFactory()
    for _index in range(count):
        AppearanceFactory()
        programme = ProgrammeFactory()
        company = CompanyFactory(actor=mission)
        contact = ContactFactory(company=company)
        project = ProjectFactory(company=company, owner=mission, programme=programme)
        project.team.add(mission)
        lead = InteractionFactory(
            company=company, contacts=[contact], appearance=show, kind=InteractionKind.STAND, logged_by=mission
        )
        FollowUpFactory(company=company, project=project, interaction=lead, assignee=mission)
        SiteFactory(published_on_website=True, programme=programme)
    return show


LISTS = [
    "/api/v1/entreprises/",
    "/api/v1/contacts/",
    "/api/v1/echanges/",
    "/api/v1/relances/",
    "/api/v1/projets/",
    "/api/v1/salons/",
    "/api/v1/participations/",
    "/api/v1/participations/{show}/leads/",
    "/api/v1/sites/",
    "/api/v1/zones/",
    "/api/v1/programmes/",
    "/api/v1/offre-publique/",
]
# Authentication (the token, its last use), the page, the count, the prefetches, the people under objection.
MAX_QUERIES = 10


@pytest.mark.parametrize("path", LISTS)
def test_every_list_costs_the_same_queries_whatever_the_page_size(mission, mission_api, path):
    show = _world(mission, 12)
    url = path.format(show=show.pk)
    mission_api.get(url)  # the token's last use is written once a minute: not in the counts below
    counts = []
    for size in (2, 10):
        with CaptureQueriesContext(connection) as queries:
            response = mission_api.get(f"{url}?page_size={size}")
        assert response.status_code == 200
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= MAX_QUERIES, counts


def test_errors_the_middleware_answers_are_json_under_the_api_and_pages_elsewhere(mission_api, mission_client):
    response = mission_api.get("/api/v1/entreprises/?q=%00")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert mission_client.get("/entreprises/?q=%00")["Content-Type"].startswith("text/html")
    unknown = mission_api.get("/api/v1/nulle-part/")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    assert mission_client.get("/nulle-part/")["Content-Type"].startswith("text/html")
