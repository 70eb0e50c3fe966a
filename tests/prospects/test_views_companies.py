"""Company screens: list with filters, sort and export, page, create, update, log."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from prospects.models import Company, CompanyStage, FollowUpStatus, Interaction, WorkforceBand
from tests.prospects.factories import (
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    ProjectFactory,
    SectorFactory,
    make_siret,
)

pytestmark = pytest.mark.django_db


def names(response):
    return [company.name for company in response.context["page"].object_list]


def make_appearance():
    from events.models import Appearance, TradeShow

    show = TradeShow.objects.create(name="Carrefour International du Bois")
    return Appearance.objects.create(
        trade_show=show,
        year=2012,
        starts_on=datetime.date(2012, 6, 6),
        ends_on=datetime.date(2012, 6, 8),
        city="Nantes",
    )


# Access -----------------------------------------------------------------------

STAFF_GET_PAGES = ["company_list", "company_create", "company_export", "company_search_json"]


@pytest.mark.parametrize("name", STAFF_GET_PAGES)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(f"prospects:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", STAFF_GET_PAGES)
def test_observer_is_refused(observer_client, name):
    assert observer_client.get(reverse(f"prospects:{name}")).status_code == 403


@pytest.mark.parametrize("name", ["company_detail", "company_update", "interaction_create"])
def test_company_pages_refuse_anonymous_and_observers(client, observer_client, name):
    company = CompanyFactory()
    url = reverse(f"prospects:{name}", args=[company.pk])
    assert client.get(url).status_code == 302
    assert observer_client.get(url).status_code == 403


def test_unknown_company_is_404(mission_client):
    assert mission_client.get(reverse("prospects:company_detail", args=[999999])).status_code == 404


# List and filters -------------------------------------------------------------


def test_search_ignores_accents_both_ways(mission_client):
    CompanyFactory(name="Sciérie du Gévaudan")
    CompanyFactory(name="Scierie Bancal")
    CompanyFactory(name="Fromagerie des Causses")
    url = reverse("prospects:company_list")
    assert names(mission_client.get(url, {"q": "scierie"})) == ["Scierie Bancal", "Sciérie du Gévaudan"]
    assert names(mission_client.get(url, {"q": "SCIÉRIE gévaudan"})) == ["Sciérie du Gévaudan"]


def test_search_by_siret_with_spaces_city_and_contact_name(mission_client):
    siret = make_siret()
    target = CompanyFactory(name="Bois du Mont Lozère", siret=siret, postcode="48400", city="Florac Trois Rivières")
    ContactFactory(company=target, first_name="Élodie", last_name="Pagès")
    CompanyFactory(name="Autre")
    url = reverse("prospects:company_list")
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    assert names(mission_client.get(url, {"q": spaced})) == [target.name]
    assert names(mission_client.get(url, {"q": siret[:9]})) == [target.name]
    assert names(mission_client.get(url, {"q": "florac"})) == [target.name]
    assert names(mission_client.get(url, {"q": "elodie pages"})) == [target.name]


def test_filters_by_sector_stage_owner_department_band_and_fit(mission_client, mission):
    wood = CompanyFactory(
        name="Bois A",
        naf_code="16.10A",
        postcode="48000",
        city="Mende",
        fit_score=4,
        owner=mission,
        workforce_band=WorkforceBand.B12,
        stage=CompanyStage.TARGETED,
    )
    CompanyFactory(name="Fromages B", naf_code="10.51A", postcode="12000", city="Rodez", fit_score=2)
    url = reverse("prospects:company_list")
    assert names(mission_client.get(url, {"sector": SectorFactory(slug="bois").pk})) == [wood.name]
    assert names(mission_client.get(url, {"stage": "targeted"})) == [wood.name]
    assert names(mission_client.get(url, {"owner": mission.pk})) == [wood.name]
    assert names(mission_client.get(url, {"department": "48"})) == [wood.name]
    assert names(mission_client.get(url, {"workforce_band": "12"})) == [wood.name]
    assert names(mission_client.get(url, {"fit_min": "3"})) == [wood.name]


@pytest.mark.parametrize("typed", ["16", "16.1", "1610A", "16.10A", "16.10a", "161"])
def test_naf_filter_accepts_codes_and_prefixes(mission_client, typed):
    CompanyFactory(name="Scierie", naf_code="16.10A")
    CompanyFactory(name="Menuiserie", naf_code="16.23Z")
    CompanyFactory(name="Laiterie", naf_code="10.51A")
    found = names(mission_client.get(reverse("prospects:company_list"), {"naf": typed}))
    assert "Scierie" in found and "Laiterie" not in found
    assert ("Menuiserie" in found) == (typed in ("16",))


def test_invalid_naf_filter_says_why_and_keeps_the_input(mission_client):
    CompanyFactory(name="Scierie")
    response = mission_client.get(reverse("prospects:company_list"), {"naf": "bois"})
    assert response.status_code == 200
    assert "Saisissez un code NAF" in response.content.decode()
    assert 'value="bois"' in response.content.decode()


def test_last_contact_open_followups_and_appearance_filters(mission_client, mission):
    appearance = make_appearance()
    recent = CompanyFactory(name="Récente")
    old = CompanyFactory(name="Ancienne")
    CompanyFactory(name="Jamais contactée")
    InteractionFactory(company=recent, logged_by=mission, appearance=appearance)
    InteractionFactory(company=old, logged_by=mission, occurred_at=timezone.now() - datetime.timedelta(days=400))
    FollowUpFactory(company=old, assignee=mission)
    FollowUpFactory(company=recent, assignee=mission, status=FollowUpStatus.DONE)
    url = reverse("prospects:company_list")
    cutoff = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert names(mission_client.get(url, {"contact_after": cutoff})) == ["Récente"]
    assert names(mission_client.get(url, {"contact_before": cutoff})) == ["Ancienne"]
    assert names(mission_client.get(url, {"open_followups": "true"})) == ["Ancienne"]
    assert names(mission_client.get(url, {"open_followups": "false"})) == ["Jamais contactée", "Récente"]
    assert names(mission_client.get(url, {"appearance": appearance.pk})) == ["Récente"]


def test_sort_is_whitelisted(mission_client):
    CompanyFactory(name="Alpha", fit_score=2)
    CompanyFactory(name="Bravo", fit_score=5)
    CompanyFactory(name="Charlie")
    url = reverse("prospects:company_list")
    assert names(mission_client.get(url, {"sort": "-fit"})) == ["Bravo", "Alpha", "Charlie"]
    assert names(mission_client.get(url, {"sort": "-name"})) == ["Charlie", "Bravo", "Alpha"]
    # An unknown key falls back to the name order instead of reaching the ORM.
    response = mission_client.get(url, {"sort": "siret; drop"})
    assert response.status_code == 200
    assert names(response) == ["Alpha", "Bravo", "Charlie"]


def test_filters_stay_in_pagination_and_sort_links(mission_client):
    for index in range(55):
        CompanyFactory(name=f"Scierie {index:02d}")
    response = mission_client.get(reverse("prospects:company_list"), {"q": "scierie", "stage": "identified"})
    page = response.context["page"]
    assert len(page.object_list) == 50 and page.has_next and page.total == 55
    html = response.content.decode()
    assert "q=scierie&amp;stage=identified&amp;page=2" in html
    assert "sort=-name" in html and "q=scierie" in html
    second = mission_client.get(reverse("prospects:company_list"), {"q": "scierie", "page": 2})
    assert names(second) == [f"Scierie {index}" for index in range(50, 55)]


def test_company_list_query_count_is_fixed(mission_client, django_assert_max_num_queries, mission):
    appearance = make_appearance()
    for index in range(60):
        company = CompanyFactory(name=f"Scierie {index:02d}", owner=mission, fit_score=3)
        InteractionFactory(company=company, logged_by=mission, appearance=appearance)
    url = reverse("prospects:company_list")
    params = {"q": "scierie", "naf": "16", "appearance": appearance.pk, "open_followups": "false", "sort": "-contact"}
    with django_assert_max_num_queries(12):
        response = mission_client.get(url, params)
    assert len(response.context["page"].object_list) == 50


# Export -----------------------------------------------------------------------


def test_csv_export_follows_the_filters(mission_client):
    CompanyFactory(name="Sciérie du Gévaudan", naf_code="16.10A", fit_score=4)
    CompanyFactory(name='=HYPERLINK("x")', naf_code="16.10A")
    CompanyFactory(name="Laiterie", naf_code="10.51A")
    response = mission_client.get(reverse("prospects:company_export"), {"naf": "16", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Raison sociale", "SIREN", "SIRET"]
    assert [row[0] for row in rows[1:]] == ['\'=HYPERLINK("x")', "Sciérie du Gévaudan"]
    scierie = rows[2]
    assert scierie[3] == "16.10A" and scierie[5] == "Bois & éco-construction" and "4" in scierie


def test_xlsx_export_opens_with_openpyxl(mission_client):
    CompanyFactory(name="Sciérie du Gévaudan", postcode="48000", city="Mende")
    CompanyFactory(name="Laiterie", naf_code="10.51A")
    response = mission_client.get(reverse("prospects:company_export"), {"q": "scierie", "format": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Raison sociale"
    assert len(rows) == 2
    assert rows[1][0] == "Sciérie du Gévaudan" and rows[1][10] == "48"


def test_unknown_export_format_is_404(mission_client):
    assert mission_client.get(reverse("prospects:company_export"), {"format": "pdf"}).status_code == 404


# As-you-type search -------------------------------------------------------------


def test_search_json_finds_by_name_and_siret(mission_client):
    siret = make_siret()
    company = CompanyFactory(name="Sciérie du Gévaudan", siret=siret)
    for index in range(12):
        CompanyFactory(name=f"Scierie {index}")
    url = reverse("prospects:company_search_json")
    data = mission_client.get(url, {"q": "scierie"}).json()
    assert len(data["results"]) == 10
    by_siret = mission_client.get(url, {"q": siret}).json()["results"]
    assert by_siret == [
        {
            "id": company.pk,
            "name": "Sciérie du Gévaudan",
            "siren": siret[:9],
            "siret": siret,
            "postcode": "48000",
            "city": "Mende",
            "department": "48",
            "url": company.get_absolute_url(),
        }
    ]
    assert mission_client.get(url, {"q": "s"}).json() == {"results": []}


def test_search_json_ignores_accents_and_finds_by_siren_prefix(mission_client):
    """The lead capture form's company finder: typed fast, without accents, or the first digits of a SIREN."""
    company = CompanyFactory(name="Sciérie du Gévaudan")
    url = reverse("prospects:company_search_json")
    assert [row["id"] for row in mission_client.get(url, {"q": "scierie gev"}).json()["results"]] == [company.pk]
    by_siren = mission_client.get(url, {"q": company.siren[:6]}).json()["results"]
    assert [(row["name"], row["postcode"], row["city"]) for row in by_siren] == [
        ("Sciérie du Gévaudan", "48000", "Mende")
    ]


# Company page -------------------------------------------------------------------


def test_company_page_shows_identity_contacts_and_one_timeline(mission_client, mission):
    company = CompanyFactory(name="Sciérie du Gévaudan", siret="73282932000074", naf_code="16.10A")
    ContactFactory(company=company, first_name="Paul", last_name="Vidal")
    ContactFactory(company=company, first_name="Anne", last_name="Rieu", objected=True)
    now = timezone.now()
    InteractionFactory(
        company=company, logged_by=mission, summary="Premier appel", occurred_at=now - datetime.timedelta(days=3)
    )
    project = ProjectFactory(company=company, owner=mission, title="Nouvelle scierie")
    FollowUpFactory(company=company, assignee=mission, title="Envoyer la plaquette")
    response = mission_client.get(company.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "732 829 320 00074" in html
    assert "16.10A – Sciage et rabotage du bois" in html
    assert "Paul Vidal" in html and "Opposition RGPD" in html
    kinds = [entry.kind for entry in response.context["timeline"]]
    assert kinds == ["followup", "stage_change", "interaction"]
    assert "Premier appel" in html and "Envoyer la plaquette" in html and project.title in html


def test_company_page_hides_confidential_projects_from_strangers(
    mission_client, teammate_client, teammate, direction_client
):
    company = CompanyFactory()
    ProjectFactory(company=company, owner=teammate, confidential=True, code_name="Projet Aigle", title="Usine secrète")
    assert "Projet Aigle" not in mission_client.get(company.get_absolute_url()).content.decode()
    assert response_has(teammate_client, company, "Projet Aigle")
    assert response_has(direction_client, company, "Projet Aigle")
    assert "Usine secrète" not in teammate_client.get(company.get_absolute_url()).content.decode()


def response_has(client, company, text):
    return text in client.get(company.get_absolute_url()).content.decode()


def test_company_page_query_count_is_fixed(mission_client, mission, django_assert_max_num_queries):
    company = CompanyFactory()
    contacts = [ContactFactory(company=company) for _ in range(3)]
    for index in range(120):
        InteractionFactory(
            company=company,
            logged_by=mission,
            contacts=contacts[:2],
            occurred_at=timezone.now() - datetime.timedelta(hours=index),
        )
    for _ in range(5):
        FollowUpFactory(company=company, assignee=mission)
        ProjectFactory(company=company, owner=mission)
    with django_assert_max_num_queries(12):
        response = mission_client.get(company.get_absolute_url())
    assert len(response.context["timeline"]) == 100


def test_the_timeline_shows_older_entries_a_hundred_at_a_time(mission_client, mission):
    company = CompanyFactory()
    now = timezone.now()
    for index in range(230):
        InteractionFactory(company=company, logged_by=mission, occurred_at=now - datetime.timedelta(hours=index))
    first = mission_client.get(company.get_absolute_url())
    assert len(first.context["timeline"]) == 100
    assert first.context["timeline_more_url"] == "?evenements=200#timeline-title"
    assert "Afficher 100 événements plus anciens" in first.content.decode()

    second = mission_client.get(company.get_absolute_url(), {"evenements": "200"})
    entries = second.context["timeline"]
    assert len(entries) == 200 and entries[-1].when == now - datetime.timedelta(hours=199)
    third = mission_client.get(company.get_absolute_url(), {"evenements": "300"})
    assert len(third.context["timeline"]) == 230
    assert third.context["timeline_more_url"] is None and not third.context["timeline_truncated"]
    assert "plus anciens" not in third.content.decode()


@pytest.mark.parametrize("value", ["abc", "-5", "0", "150", "99999999999999999999"])
def test_a_timeline_length_typed_by_hand_is_kept_within_bounds(mission_client, mission, value):
    company = CompanyFactory()
    InteractionFactory(company=company, logged_by=mission)
    response = mission_client.get(company.get_absolute_url(), {"evenements": value})
    assert response.status_code == 200
    assert response.context["timeline_limit"] in (100, 2_000)


# Create / update ------------------------------------------------------------------


def company_post(**overrides):
    data = {
        "name": "Sciérie du Gévaudan",
        "siret": "",
        "siren": "",
        "naf": "1610A",
        "sector": "",
        "workforce_band": "12",
        "legal_form": "",
        "address": "Zone artisanale",
        "postcode": "48000",
        "city": "Mende",
        "website": "",
        "phone": "",
        "stage": "identified",
        "fit_score": "",
        "owner": "",
        "source": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_create_company_writes_it_through_the_service(mission_client, mission):
    siret = make_siret()
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    response = mission_client.post(reverse("prospects:company_create"), company_post(siret=spaced, owner=mission.pk))
    company = Company.objects.get()
    assert response.status_code == 302 and response["Location"] == company.get_absolute_url()
    assert company.siret == siret and company.siren == siret[:9]
    assert company.naf_code_id == "16.10A" and company.sector.slug == "bois" and not company.sector_set_manually
    assert company.department == "48" and company.owner == mission


def test_create_company_with_bad_input_shows_errors_and_writes_nothing(mission_client):
    response = mission_client.post(
        reverse("prospects:company_create"),
        company_post(name="", siret="12345678900000", naf="99.99Z", postcode="99999"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "name" in form.errors and "siret" in form.errors and "naf" in form.errors
    html = response.content.decode()
    assert "12345678900000" in html and "Le code NAF 99.99Z n&#x27;existe pas." in html
    assert not Company.objects.exists()


def test_unknown_postcode_is_reported_next_to_the_field(mission_client):
    response = mission_client.post(reverse("prospects:company_create"), company_post(postcode="99999"))
    assert response.context["form"].errors["postcode"] == ["Le code postal 99999 n'existe pas."]
    assert not Company.objects.exists()


def test_probable_duplicate_needs_confirmation(mission_client):
    existing = CompanyFactory(name="SARL Sciérie du Gévaudan", postcode="48000", city="Mende")
    url = reverse("prospects:company_create")
    response = mission_client.post(url, company_post(name="Scierie du Gevaudan"))
    assert response.status_code == 200
    assert response.context["duplicates"] == [existing]
    assert existing.get_absolute_url() in response.content.decode()
    assert Company.objects.count() == 1
    response = mission_client.post(url, company_post(name="Scierie du Gevaudan", confirm_duplicate="on"))
    assert response.status_code == 302
    assert Company.objects.count() == 2


def test_update_company(mission_client, teammate):
    company = CompanyFactory(name="Scierie", naf_code="16.10A")
    response = mission_client.post(
        reverse("prospects:company_update", args=[company.pk]),
        company_post(name="Scierie Renommée", naf="10.51A", owner=teammate.pk, stage="targeted", fit_score="5"),
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Scierie Renommée" and company.naf_code_id == "10.51A"
    assert company.sector.slug == "agroalimentaire" and company.owner == teammate and company.fit_score == 5


def test_update_company_bad_fit_score_keeps_the_row(mission_client):
    company = CompanyFactory(name="Scierie")
    response = mission_client.post(
        reverse("prospects:company_update", args=[company.pk]), company_post(name="Autre nom", fit_score="9")
    )
    assert response.status_code == 200 and "fit_score" in response.context["form"].errors
    company.refresh_from_db()
    assert company.name == "Scierie"


# Interactions --------------------------------------------------------------------


def test_log_interaction(mission_client, mission):
    company = CompanyFactory()
    contact = ContactFactory(company=company)
    appearance = make_appearance()
    when = timezone.localtime() - datetime.timedelta(hours=2)
    response = mission_client.post(
        reverse("prospects:interaction_create", args=[company.pk]),
        {
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "kind": "stand",
            "contacts": [contact.pk],
            "appearance": appearance.pk,
            "summary": "Cherche 2 000 m² près de l'A75.",
            "lead_grade": "A",
        },
    )
    assert response.status_code == 302
    interaction = Interaction.objects.get()
    assert interaction.logged_by == mission and interaction.appearance == appearance
    assert list(interaction.contacts.all()) == [contact]
    company.refresh_from_db()
    assert company.last_contact_at == interaction.occurred_at and company.stage == CompanyStage.CONTACTED


def test_log_interaction_rejects_a_contact_of_another_company_and_an_empty_summary(mission_client):
    company = CompanyFactory()
    stranger = ContactFactory()
    response = mission_client.post(
        reverse("prospects:interaction_create", args=[company.pk]),
        {"occurred_at": "2012-06-07T10:00", "kind": "stand", "contacts": [stranger.pk], "summary": ""},
    )
    assert response.status_code == 200
    assert {"contacts", "summary"} <= set(response.context["form"].errors)
    assert not Interaction.objects.exists()


def test_a_user_without_a_role_is_refused_everywhere(client, no_role_user):
    company = CompanyFactory()
    project = ProjectFactory(company=company)
    client.force_login(no_role_user)
    urls = [
        reverse(f"prospects:{name}") for name in STAFF_GET_PAGES + ["project_pipeline", "project_list", "followup_list"]
    ]
    urls += [reverse(f"prospects:{name}", args=[company.pk]) for name in ["company_detail", "followup_create"]]
    urls.append(reverse("prospects:project_detail", args=[project.pk]))
    assert {url: client.get(url).status_code for url in urls} == {url: 403 for url in urls}


def test_objecting_contacts_are_marked_and_their_details_not_offered(mission_client):
    company = CompanyFactory()
    ContactFactory(company=company, last_name="Rieu", email="anne.rieu@exemple.fr", objected=True)
    ContactFactory(company=company, last_name="Vidal", email="paul.vidal@exemple.fr")
    html = mission_client.get(company.get_absolute_url()).content.decode()
    assert "Opposition RGPD" in html
    assert "mailto:paul.vidal@exemple.fr" in html and "mailto:anne.rieu@exemple.fr" not in html


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_a_last_contact_date_before_1900_is_refused_in_french(mission_client, day):
    # Midnight of year 1 in Paris is before year 1 in UTC: the fuzzer found the 500 it caused.
    response = mission_client.get(reverse("prospects:company_list"), {"contact_after": day})
    assert response.status_code == 200
    assert "Cette date est trop ancienne : elle doit être en 1900 ou après." in response.content.decode()
