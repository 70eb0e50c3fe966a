"""The « Filtres » panel of the companies list is rendered once per change of its choices."""

import html

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import GROUP_NAMES, Role
from tests.events.factories import AppearanceFactory

from .factories import CompanyFactory, SectorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _get(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("prospects:company_list"), params)
    assert response.status_code == 200
    return html.unescape(response.content.decode()), len(queries)


def _panel(page):
    return page[page.index("<details") : page.index("</details>")]


def test_the_second_visit_reads_no_choices(mission_client):
    CompanyFactory(name="Scierie du Causse")
    SectorFactory(slug="plasturgie", name="Plasturgie")
    first, first_queries = _get(mission_client)
    second, second_queries = _get(mission_client)
    assert _panel(second) == _panel(first)
    assert "Plasturgie" in second
    # The people, sectors and appearances lists are not read again.
    assert second_queries <= first_queries - 3


def test_a_new_choice_is_in_the_panel_at_once(mission_client):
    _get(mission_client)
    SectorFactory(slug="nautisme", name="Nautisme")
    AppearanceFactory(trade_show__name="Salon du Nautisme")
    newcomer = UserFactory(first_name="Aurore", last_name="Vigne")
    newcomer.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[Role.MISSION])[0])
    page, _queries = _get(mission_client)
    assert "Nautisme" in page
    assert "Salon du Nautisme" in page
    assert "Aurore Vigne" in page


def test_a_renamed_or_removed_choice_leaves_the_panel(mission_client):
    sector = SectorFactory(slug="plasturgie", name="Plasturgie")
    assert "Plasturgie" in _get(mission_client)[0]
    sector.name = "Plasturgie et composites"
    sector.save()
    assert "Plasturgie et composites" in _get(mission_client)[0]
    sector.delete()
    assert "Plasturgie" not in _get(mission_client)[0]


def test_the_panel_shows_the_filters_chosen_and_their_errors(mission_client):
    sector = SectorFactory(slug="plasturgie", name="Plasturgie")
    _get(mission_client)
    page, _queries = _get(mission_client, sector=sector.pk)
    assert f'<option value="{sector.pk}" selected>Plasturgie</option>' in page
    page, _queries = _get(mission_client, contact_after="31/02/2026")
    assert 'class="errorlist"' in page
    page, _queries = _get(mission_client)
    assert "selected>Plasturgie" not in page and 'class="errorlist"' not in page


def test_the_panel_speaks_the_reader_s_language(mission_client):
    assert "Tous les secteurs" in _get(mission_client)[0]
    mission_client.cookies["django_language"] = "en"
    page, _queries = _get(mission_client)
    assert "Tous les secteurs" not in page
