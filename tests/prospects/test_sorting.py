"""Names sort as a French reader expects: accents and case ignored, on every database."""

import html
import re

import pytest
from django.urls import reverse

from core.identifiers import sort_key
from events.selectors import target_companies
from prospects.models import Company
from tests.events.factories import AppearanceFactory

from .factories import CompanyFactory

pytestmark = pytest.mark.django_db

NAMES = ["Zénith Bois", "Dupont Charpente", "Éco-Habitat Limousin", "abattoir de Mende", "Fabre & Fils", "Œuvre Bois"]
EXPECTED = [
    "abattoir de Mende",
    "Dupont Charpente",
    "Éco-Habitat Limousin",
    "Fabre & Fils",
    "Œuvre Bois",
    "Zénith Bois",
]


@pytest.fixture
def companies():
    return [CompanyFactory(name=name) for name in NAMES]


def listed_names(client, query=""):
    content = client.get(reverse("prospects:company_list") + query).content.decode()
    found = [html.unescape(name) for name in re.findall(r'<td class="col-name"><a [^>]*>([^<]+)</a>', content)]
    return [name for name in found if name in NAMES]


def test_sort_key_folds_accents_case_ligatures_and_leading_punctuation():
    assert sort_key("Éco-Habitat") == "eco-habitat"
    assert sort_key("« Œuvre » Bois") == "oeuvre » bois"
    assert sorted(NAMES, key=sort_key) == EXPECTED


def test_the_company_list_sorts_accents_among_their_letter(mission_client, companies):
    assert listed_names(mission_client) == EXPECTED
    assert listed_names(mission_client, "?sort=-name") == EXPECTED[::-1]


def test_the_next_page_link_follows_the_folded_order(companies):
    from django.http import QueryDict

    from prospects.pagination import ListPage

    queryset = Company.objects.order_by("sort_name", "id")
    seen, params = [], QueryDict()
    for _page in range(3):
        page = ListPage(queryset, params, per_page=2)
        assert page.sought or not seen  # pages after the first seek on the sort values
        seen += [company.name for company in page.object_list]
        params = QueryDict(page.next_url.lstrip("?")) if page.has_next else None
        if params is None:
            break
    assert seen == EXPECTED


def test_a_renamed_company_moves_to_its_new_place(companies):
    from prospects.services import company_update

    company_update(company=Company.objects.get(name="Zénith Bois"), name="Ébénisterie Zénith")
    renamed = Company.objects.get(name="Ébénisterie Zénith")
    assert renamed.sort_name == "ebenisterie zenith"
    assert [c.name for c in Company.objects.all()][:3] == [
        "abattoir de Mende",
        "Dupont Charpente",
        "Ébénisterie Zénith",
    ]


def test_the_show_target_list_sorts_the_same_way(companies, mission):
    appearance = AppearanceFactory()
    appearance.trade_show.sectors.add(Company.objects.first().sector)
    names = [company.name for company in target_companies(appearance, user=mission)]
    assert names == EXPECTED


def test_the_zone_list_sorts_accents_among_their_letter(mission_client):
    from tests.sites.factories import ZoneFactory

    for name in ["ZA du Causse", "Échangeur de Marvejols", "Parc de la Cité", "échangeur de Chanac"]:
        ZoneFactory(name=name)
    content = html.unescape(mission_client.get(reverse("sites:zone_list")).content.decode())
    order = [
        content.index(name)
        for name in ["échangeur de Chanac", "Échangeur de Marvejols", "Parc de la Cité", "ZA du Causse"]
    ]
    assert order == sorted(order)
