"""Pages of the company and project lists: seeking from a neighbouring row, and falling back to OFFSET."""

import datetime
import re

import pytest
from django.core import signing
from django.db import connection
from django.db.models import F
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prospects.filters import CompanyFilter
from prospects.models import Company, CompanyStage
from prospects.pagination import CURSOR_SALT, ListPage, sort_keys
from tests.prospects.factories import CompanyFactory, ProjectFactory, SectorFactory

pytestmark = pytest.mark.django_db

NEXT_LINK = re.compile(r'rel="next" href="([^"]+)"')
PREVIOUS_LINK = re.compile(r'rel="prev" href="([^"]+)"')


@pytest.fixture
def awkward_companies():
    """Companies whose every sort key has ties and, where it can, NULLs."""
    wood, food = SectorFactory(slug="bois"), SectorFactory(slug="agroalimentaire")
    contact = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))
    stages = [CompanyStage.IDENTIFIED, CompanyStage.CONTACTED]
    for index in range(17):
        company = CompanyFactory(name=f"Scierie {index % 4}", postcode="48000" if index % 3 else "15000")
        Company.objects.filter(pk=company.pk).update(
            sector=[wood, food, None][index % 3],
            fit_score=[None, 2, 4][index % 3],
            last_contact_at=None if index % 5 == 0 else contact - datetime.timedelta(days=index % 2),
            stage=stages[index % 2],
            department=["48", "15"][index % 2],
            city=["Mende", "Aurillac", "Marvejols"][index % 3],
        )
    return Company.objects.all()


def walk(queryset, per_page):
    """Every page reached by following "next" from the first one, then back by "previous"."""
    pages = [ListPage(queryset, QueryDict(), per_page=per_page)]
    while pages[-1].next_url and len(pages) <= queryset.count():
        pages.append(ListPage(queryset, QueryDict(pages[-1].next_url[1:]), per_page=per_page))
    backwards = [pages[-1]]
    while backwards[-1].previous_url and len(backwards) <= queryset.count():
        backwards.append(ListPage(queryset, QueryDict(backwards[-1].previous_url[1:]), per_page=per_page))
    return pages, backwards[::-1]


@pytest.mark.parametrize("sort", list(CompanyFilter.SORTS))
def test_next_and_previous_links_visit_every_company_once_in_every_sort(awkward_companies, sort):
    queryset = awkward_companies.order_by(*CompanyFilter.SORTS[sort])
    expected = list(queryset.values_list("pk", flat=True))
    assert sort_keys(queryset), "every sort the list offers can be sought through"

    forward, backward = walk(queryset, per_page=4)

    assert [company.pk for page in forward for company in page] == expected
    assert [[company.pk for company in page] for page in backward] == [
        [company.pk for company in page] for page in forward
    ]
    assert all(page.sought for page in forward[1:])
    assert [page.number for page in forward] == [1, 2, 3, 4, 5]
    assert not forward[-1].has_next and not backward[0].has_previous


def test_a_deep_page_reached_by_its_link_seeks_instead_of_skipping(mission_client):
    for index in range(120):
        CompanyFactory(name=f"Scierie {index:03d}")
    url = reverse("prospects:company_list")
    first = mission_client.get(url, {"q": "scierie", "stage": "identified"}).content.decode()
    second_url = NEXT_LINK.search(first).group(1).replace("&amp;", "&")
    assert "q=scierie" in second_url and "stage=identified" in second_url and "page=2" in second_url

    with CaptureQueriesContext(connection) as queries:
        second = mission_client.get(url + second_url)
    assert [company.name for company in second.context["page"]] == [f"Scierie {index:03d}" for index in range(50, 100)]
    page_queries = [q["sql"] for q in queries if "prospects_company" in q["sql"] and "LIMIT 51" in q["sql"]]
    assert page_queries and not any("OFFSET" in sql for sql in page_queries)

    third_url = NEXT_LINK.search(second.content.decode()).group(1).replace("&amp;", "&")
    third = mission_client.get(url + third_url)
    assert [company.name for company in third.context["page"]] == [f"Scierie {index:03d}" for index in range(100, 120)]
    assert 'rel="next"' not in third.content.decode()
    back_url = PREVIOUS_LINK.search(third.content.decode()).group(1).replace("&amp;", "&")
    back = mission_client.get(url + back_url)
    assert [company.name for company in back.context["page"]] == [f"Scierie {index:03d}" for index in range(50, 100)]
    assert back.context["page"].number == 2


def test_sort_links_and_exports_drop_the_cursor(mission_client):
    for index in range(55):
        CompanyFactory(name=f"Scierie {index:02d}")
    url = reverse("prospects:company_list")
    first = mission_client.get(url).content.decode()
    second = mission_client.get(url + NEXT_LINK.search(first).group(1).replace("&amp;", "&"))
    assert second.context["page"].sought
    html = second.content.decode()
    assert "after=" not in html.split('class="pagination"')[0]


def _cursor(*values):
    """A token as the list signs one for its default sort (the folded name, then id)."""
    return signing.Signer(salt=f"{CURSOR_SALT}:prospects.Company:sort_name:None,id:None").sign_object(
        list(values), compress=True
    )


@pytest.mark.parametrize(
    "params",
    [
        {"page": "2", "after": "abc"},
        {"page": "2", "after": "-4"},
        {"page": "2", "before": "0"},
        {"page": "2", "after": "1" * 400},
        {"page": "2", "after": signing.Signer(salt="another purpose").sign_object(["Scierie 10", 1])},
        {"page": "2", "after": _cursor("Scierie 10")},  # one value for two sort keys
        {"page": "2", "after": _cursor("Scierie 10", "not an id")},
        {"page": "2", "after": _cursor(None, 1)},  # the name is never NULL
        {"page": "2", "after": _cursor({"name": "x"}, 1)},
        {"page": "2", "after": _cursor("Scierie 10", 1)[:-3] + "abc"},  # tampered
        {"page": "1" * 40},
        {"page": "-3"},
    ],
)
def test_a_cursor_not_made_by_the_list_falls_back_to_the_page_number(mission_client, params):
    for index in range(55):
        CompanyFactory(name=f"Scierie {index:02d}")
    response = mission_client.get(reverse("prospects:company_list"), params)
    assert response.status_code == 200
    page = response.context["page"]
    assert not page.sought
    if params["page"] == "2":
        assert [company.name for company in page] == [f"Scierie {index:02d}" for index in range(50, 55)]


def test_a_well_made_cursor_is_followed(mission_client):
    for index in range(55):
        CompanyFactory(name=f"Scierie {index:02d}")
    last_of_first_page = Company.objects.get(name="Scierie 49")
    response = mission_client.get(
        reverse("prospects:company_list"), {"page": "2", "after": _cursor("scierie 49", last_of_first_page.pk)}
    )
    assert response.context["page"].sought
    assert [company.name for company in response.context["page"]] == [f"Scierie {i}" for i in range(50, 55)]


def test_a_cursor_from_another_sort_fails_softly(mission_client):
    for index in range(55):
        CompanyFactory(name=f"Scierie {index:02d}")
    url = reverse("prospects:company_list")
    by_contact = mission_client.get(url, {"sort": "-contact"}).content.decode()
    cursor_url = NEXT_LINK.search(by_contact).group(1).replace("&amp;", "&").replace("sort=-contact", "sort=city")
    response = mission_client.get(url + cursor_url)
    assert response.status_code == 200 and not response.context["page"].sought


def test_the_project_table_pages_by_its_links(mission_client, mission):
    for index in range(60):
        ProjectFactory(owner=mission, opened_on=datetime.date(2012, 1, 1) + datetime.timedelta(days=index // 3))
    url = reverse("prospects:project_list")
    first = mission_client.get(url)
    second = mission_client.get(url + NEXT_LINK.search(first.content.decode()).group(1).replace("&amp;", "&"))
    assert second.context["page"].sought
    seen = [p.pk for p in first.context["page"]] + [p.pk for p in second.context["page"]]
    from prospects.models import Project

    assert seen == list(Project.objects.order_by("-opened_on", "-id").values_list("pk", flat=True))


def test_a_cursor_from_the_other_list_is_ignored(mission_client, mission):
    for index in range(55):
        CompanyFactory(name=f"Scierie {index:02d}")
        ProjectFactory(owner=mission, opened_on=datetime.date(2012, 1, 1) + datetime.timedelta(days=index))
    projects = mission_client.get(reverse("prospects:project_list")).content.decode()
    token = dict(
        pair.split("=", 1) for pair in NEXT_LINK.search(projects).group(1).replace("&amp;", "&")[1:].split("&")
    )["after"]
    response = mission_client.get(reverse("prospects:company_list"), {"page": "2", "after": token})
    assert response.status_code == 200 and not response.context["page"].sought


def test_orderings_that_cannot_be_sought_are_left_to_offset():
    assert sort_keys(Company.objects.order_by("name")) is None  # no unique last key
    assert sort_keys(Company.objects.order_by("fit_score", "id")) is None  # where do NULLs go?
    assert sort_keys(Company.objects.order_by(F("name").asc(), "id")) is not None
    assert sort_keys(Company.objects.order_by("owner", "id")) is None  # the owner's own ordering, not owner_id
    assert sort_keys(Company.objects.order_by("name__lower", "id")) is None  # a transform
    assert sort_keys(Company.objects.order_by("name", "id").reverse()) is None
    assert sort_keys(Company.objects.order_by("owner_id", "id")) is None  # nullable, NULLs placed nowhere
    keys = sort_keys(Company.objects.order_by(F("fit_score").desc(nulls_last=True), "id"))
    assert [(key.path, key.descending, key.nulls_last) for key in keys] == [
        ("fit_score", True, True),
        ("id", False, None),
    ]


def test_past_the_cap_the_list_says_more_than_instead_of_counting(mission_client, monkeypatch):
    monkeypatch.setattr("prospects.pagination.COUNT_CAP", 3)
    for index in range(5):
        CompanyFactory(name=f"Scierie {index}")
    response = mission_client.get(reverse("prospects:company_list"))
    page = response.context["page"]
    assert page.total_capped and page.num_pages is None
    html = response.content.decode()
    assert "Plus de 3 entreprises" in html and "sur plus de 3" in html
    Company.objects.filter(name="Scierie 4").delete()
    Company.objects.filter(name="Scierie 3").delete()
    page = mission_client.get(reverse("prospects:company_list")).context["page"]
    assert not page.total_capped and page.total == 3


def test_the_list_reads_only_the_columns_it_shows(mission_client):
    CompanyFactory(name="Scierie Chabert")
    with CaptureQueriesContext(connection) as queries:
        mission_client.get(reverse("prospects:company_list"))
    page_sql = [q["sql"] for q in queries if "LIMIT 51" in q["sql"] and "prospects_company" in q["sql"]]
    assert page_sql and not any(column in page_sql[-1] for column in ('"notes"', '"search_text"', '"password"'))
