"""The header's search: what it finds, for whom, and what it never shows."""

import json

import pytest
from django.urls import reverse

from core.identifiers import phone_digits
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import CompanyFactory, ContactFactory, ProjectFactory, make_siret
from tests.sites.factories import SiteFactory

pytestmark = pytest.mark.django_db

SUGGESTIONS = reverse("finder:suggestions")
RESULTS = reverse("finder:search")


def suggestions(client, query):
    response = client.get(SUGGESTIONS, {"q": query})
    assert response.status_code == 200
    return {group["key"]: group["results"] for group in response.json()["groups"]}


def labels(groups, key):
    return [hit["label"] for hit in groups.get(key, [])]


@pytest.fixture
def bouvier():
    company = CompanyFactory(name="Scierie Bouvier", siret=make_siret(), city="Marvejols", postcode="48100")
    person = ContactFactory(company=company, first_name="Jean", last_name="Bouvier", phone="06 12 34 56 78")
    return company, person


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("06 12 34 56 78", "0612345678"),
        ("+33 6 12 34 56 78", "0612345678"),
        ("+33 (0)6 12 34 56 78", "0612345678"),
        ("0033 6 12 34 56 78", "0612345678"),
        ("06.12.34.56.78", "0612345678"),
        ("+44 20 7946 0000", "442079460000"),
    ],
)
def test_phone_digits_are_the_national_number(typed, digits):
    assert phone_digits(typed) == digits


@pytest.mark.parametrize("typed", ["06 12 34 56 78", "+33 6 12 34 56 78", "0612345678", "06.12.34.56", "+33612345678"])
def test_a_phone_typed_any_way_finds_the_person_and_leads_to_their_company(mission_client, bouvier, typed):
    company, _person = bouvier
    groups = suggestions(mission_client, typed)
    assert labels(groups, "people") == ["Jean Bouvier"]
    assert groups["people"][0]["url"] == company.get_absolute_url()


def test_a_phone_stored_with_dots_is_found_typed_with_spaces(mission_client):
    ContactFactory(first_name="Paul", last_name="Rouvière", phone="+33 4.66.49.00.11")
    assert labels(suggestions(mission_client, "04 66 49 00 11"), "people") == ["Paul Rouvière"]


def test_a_person_is_found_by_name_without_accents_and_by_email(mission_client):
    ContactFactory(first_name="Hélène", last_name="Séguin", email="h.seguin@causses.fr")
    assert labels(suggestions(mission_client, "helene seguin"), "people") == ["Hélène Séguin"]
    assert labels(suggestions(mission_client, "h.seguin@causses"), "people") == ["Hélène Séguin"]


def test_an_erased_person_is_not_found(mission_client, bouvier):
    from prospects import gdpr

    _company, person = bouvier
    gdpr.contact_erase(contact=person)
    assert "people" not in suggestions(mission_client, "06 12 34 56 78")


def test_a_siret_typed_with_spaces_and_a_siren_find_the_company(mission_client, bouvier):
    company, _person = bouvier
    spaced = f"{company.siret[:3]} {company.siret[3:6]} {company.siret[6:9]} {company.siret[9:]}"
    for typed in (
        spaced,
        company.siret,
        company.siren,
        f"{company.siren[:3]} {company.siren[3:6]} {company.siren[6:]}",
    ):
        groups = suggestions(mission_client, typed)
        assert labels(groups, "companies") == ["Scierie Bouvier"], typed
        assert groups["companies"][0]["url"] == company.get_absolute_url()


def test_a_company_is_found_by_its_commune(mission_client, bouvier):
    CompanyFactory(name="Fromagerie des Causses", city="Mende")
    assert labels(suggestions(mission_client, "marvejols"), "companies") == ["Scierie Bouvier"]


def test_sites_and_shows_are_found(mission_client):
    site = SiteFactory(title="Atelier relais de Chirac")
    appearance = AppearanceFactory()
    groups = suggestions(mission_client, "chirac")
    assert labels(groups, "sites") == ["Atelier relais de Chirac"]
    assert groups["sites"][0]["url"] == site.get_absolute_url()
    show = suggestions(mission_client, appearance.trade_show.name[:12])
    assert str(appearance) in labels(show, "shows")


def test_each_group_is_limited_to_a_few_suggestions_and_the_page_shows_more(mission_client):
    for number in range(8):
        CompanyFactory(name=f"Menuiserie Lozérienne {number}")
    assert len(suggestions(mission_client, "menuiserie")["companies"]) == 5
    page = mission_client.get(RESULTS, {"q": "menuiserie"}).content.decode()
    assert all(f"Menuiserie Lozérienne {number}" in page for number in range(8))


def test_a_query_too_short_finds_nothing_and_says_so(mission_client, bouvier):
    assert suggestions(mission_client, "b") == {}
    page = mission_client.get(RESULTS, {"q": "b"})
    assert page.status_code == 200
    assert "Tapez au moins 2 caractères." in page.content.decode()


def test_the_results_page_works_without_javascript(mission_client, bouvier):
    company, _person = bouvier
    response = mission_client.get(RESULTS, {"q": "06 12 34 56 78"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Personnes" in text and "Jean Bouvier" in text
    assert f'href="{company.get_absolute_url()}"' in text


def test_nothing_found_is_said(mission_client):
    text = mission_client.get(RESULTS, {"q": "introuvable"}).content.decode()
    assert "Aucun résultat pour « introuvable »." in text


@pytest.mark.parametrize("typed", ["%", "_", "'; drop table", "x" * 5000, "\\", "()+", "<script>"])
def test_odd_input_is_searched_not_a_500(mission_client, typed):
    assert mission_client.get(SUGGESTIONS, {"q": typed}).status_code == 200
    response = mission_client.get(RESULTS, {"q": typed})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


# Confidential projects ----------------------------------------------------------------


@pytest.fixture
def secret_project(mission):
    company = CompanyFactory(name="Laiterie du Plateau")
    return ProjectFactory(
        company=company,
        owner=mission,
        title="Usine de yaourts Aubrac",
        code_name="Opération Edelweiss",
        confidential=True,
    )


@pytest.mark.parametrize("typed", ["yaourts aubrac", "edelweiss", "opération"])
def test_a_confidential_project_never_shows_to_someone_not_on_it(teammate_client, secret_project, typed):
    response = teammate_client.get(SUGGESTIONS, {"q": typed})
    page = teammate_client.get(RESULTS, {"q": typed})
    assert response.json()["groups"] == []
    for text in (json.dumps(response.json(), ensure_ascii=False), page.content.decode()):
        assert "Opération Edelweiss" not in text
        assert "Usine de yaourts Aubrac" not in text
        assert secret_project.get_absolute_url() not in text


@pytest.mark.parametrize("client_name", ["mission_client", "direction_client", "member_client"])
def test_a_confidential_project_shows_to_its_owner_its_team_and_direction(request, secret_project, client_name):
    if client_name == "member_client":
        teammate = request.getfixturevalue("teammate")
        secret_project.team.add(teammate)
        client = request.getfixturevalue("teammate_client")
    else:
        client = request.getfixturevalue(client_name)
    groups = suggestions(client, "edelweiss")
    assert labels(groups, "projects") == ["Opération Edelweiss"]
    assert groups["projects"][0]["url"] == secret_project.get_absolute_url()
    page = client.get(RESULTS, {"q": "yaourts"}).content.decode()
    assert "Opération Edelweiss" in page and "Usine de yaourts Aubrac" in page


def test_a_code_named_project_does_not_show_its_company_beside_it(mission_client, secret_project):
    hit = suggestions(mission_client, "edelweiss")["projects"][0]
    assert "Laiterie" not in hit["label"] + hit["detail"]


def test_an_open_project_is_found_by_its_title(teammate_client):
    ProjectFactory(title="Extension de la fromagerie")
    assert labels(suggestions(teammate_client, "fromagerie"), "projects") == ["Extension de la fromagerie"]


# Roles --------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_login(client):
    for url in (SUGGESTIONS, RESULTS):
        response = client.get(url, {"q": "bouvier"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_observers_are_refused_and_have_no_search_box(observer_client, bouvier):
    for url in (SUGGESTIONS, RESULTS):
        response = observer_client.get(url, {"q": "bouvier"})
        assert response.status_code == 403
        assert "Bouvier" not in response.content.decode()
    dashboard = observer_client.get(reverse("dashboard")).content.decode()
    assert 'id="global-search"' not in dashboard


def test_the_header_search_is_on_every_staff_page(mission_client):
    for name in ("dashboard", "prospects:company_list", "events:appearance_list"):
        text = mission_client.get(reverse(name)).content.decode()
        assert 'role="combobox"' in text and 'aria-controls="global-search-listbox"' in text
        assert 'role="listbox"' in text


def test_suggestions_keep_to_a_query_budget(mission_client, django_assert_max_num_queries):
    for number in range(6):
        company = CompanyFactory(name=f"Bois du Causse {number}")
        ContactFactory(company=company, last_name=f"Causse {number}")
        ProjectFactory(company=company, title=f"Causse projet {number}")
    SiteFactory(title="Causse bâtiment")
    # Session and user, then one query per group (the SIRENE directory's included).
    with django_assert_max_num_queries(9):
        groups = suggestions(mission_client, "causse")
    assert set(groups) == {"companies", "people", "projects", "sites"}
    with django_assert_max_num_queries(10):
        assert mission_client.get(RESULTS, {"q": "causse"}).status_code == 200
