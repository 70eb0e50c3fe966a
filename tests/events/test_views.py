import datetime

import pytest
from django.urls import reverse

from events.models import Appearance
from prospects.models import Company, FollowUp, Interaction, InteractionKind, Sector
from tests.events.factories import AppearanceFactory, TradeShowFactory
from tests.prospects.factories import CompanyFactory, FollowUpFactory, InteractionFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def sial():
    return AppearanceFactory(starts_on=D(2012, 10, 21), ends_on=D(2012, 10, 25))


def _urls(appearance, company):
    return [
        reverse("events:appearance_list"),
        reverse("events:appearance_create"),
        reverse("events:appearance_detail", args=[appearance.pk]),
        reverse("events:appearance_update", args=[appearance.pk]),
        reverse("events:lead_capture", args=[appearance.pk]),
        reverse("events:target_list", args=[appearance.pk]),
        reverse("events:meeting_plan", args=[appearance.pk, company.pk]),
    ]


def test_access_by_role(client, observer_client, mission_client, sial):
    company = CompanyFactory(naf_code="10.51A")
    for url in _urls(sial, company):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
        assert observer_client.get(url).status_code == 403, url
        assert mission_client.get(url).status_code == 200, url


def test_unknown_ids_are_404(mission_client):
    assert mission_client.get(reverse("events:appearance_detail", args=[999])).status_code == 404
    assert mission_client.get(reverse("events:lead_capture", args=[999])).status_code == 404


def test_create_an_appearance_with_a_new_show(mission_client, mission):
    response = mission_client.post(
        reverse("events:appearance_create"),
        {
            "new_show_name": "Salon des Maires",
            "new_show_scope": "national",
            "new_show_sectors": [Sector.objects.get(slug="bois").pk],
            "starts_on": "2012-11-20",
            "ends_on": "2012-11-22",
            "city": "Paris",
            "cost": "3500",
            "staff": [mission.pk],
        },
    )
    appearance = Appearance.objects.get()
    assert response.status_code == 302 and response["Location"] == appearance.get_absolute_url()
    assert appearance.trade_show.name == "Salon des Maires" and appearance.year == 2012
    assert list(appearance.staff.all()) == [mission]


def test_end_before_start_is_refused_in_french(mission_client, sial):
    url = reverse("events:appearance_update", args=[sial.pk])
    response = mission_client.post(
        url,
        {
            "trade_show": sial.trade_show.pk,
            "starts_on": "2012-10-21",
            "ends_on": "2012-10-20",
            "city": "Paris",
            "cost": "1",
        },
    )
    assert response.status_code == 200
    assert "La date de fin ne peut pas précéder la date de début." in response.content.decode()
    sial.refresh_from_db()
    assert sial.ends_on == D(2012, 10, 25)


def _lead_post(**overrides):
    data = {
        "company": "",
        "company_name": "Conserverie du Lot",
        "company_city": "Cahors",
        "company_postcode": "46000",
        "company_sector": Sector.objects.get(slug="agroalimentaire").pk,
        "person_last_name": "Bessière",
        "person_first_name": "Luc",
        "summary": "Cherche un atelier de 1 500 m².",
        "lead_grade": "A",
        "met_on": "2012-10-24",
        "due_on": "",
    }
    data.update(overrides)
    return data


def test_lead_capture_post_writes_and_redirects(mission_client, mission, sial):
    url = reverse("events:lead_capture", args=[sial.pk])
    response = mission_client.post(url, _lead_post(assignee=mission.pk))
    assert response.status_code == 302 and response["Location"] == url
    followup = FollowUp.objects.get()
    assert followup.company.name == "Conserverie du Lot" and followup.due_on == D(2012, 10, 25)
    assert Interaction.objects.get().appearance == sial


def test_lead_capture_errors_keep_what_was_typed(mission_client, mission, sial):
    url = reverse("events:lead_capture", args=[sial.pk])
    response = mission_client.post(url, _lead_post(assignee=mission.pk, company_siret="123", person_email="non"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Un SIRET compte 14 chiffres." in body and "Saisissez une adresse e-mail valide." in body
    assert 'value="Conserverie du Lot"' in body and "Cherche un atelier de 1 500 m²." in body
    assert not Company.objects.exists() and not Interaction.objects.exists()


def test_lead_capture_shows_probable_duplicates_then_uses_the_one_picked(mission_client, mission, sial):
    existing = CompanyFactory(name="Conserverie du Lot SARL", postcode="46000", city="Cahors", naf_code="10.39A")
    url = reverse("events:lead_capture", args=[sial.pk])
    response = mission_client.post(url, _lead_post(assignee=mission.pk))
    assert response.status_code == 200
    assert "Cette entreprise existe peut-être déjà." in response.content.decode()
    assert Company.objects.count() == 1 and not Interaction.objects.exists()

    response = mission_client.post(url, _lead_post(assignee=mission.pk, use_company=existing.pk))
    assert response.status_code == 302
    assert Interaction.objects.get().company == existing and Company.objects.count() == 1


def test_plan_a_meeting_during_the_show(mission_client, mission, sial):
    company = CompanyFactory(naf_code="10.51A")
    url = reverse("events:meeting_plan", args=[sial.pk, company.pk])
    response = mission_client.post(url, {"due_on": "2012-10-23", "assignee": mission.pk, "notes": "Stand B12"})
    assert response.status_code == 302
    followup = FollowUp.objects.get()
    assert followup.due_on == D(2012, 10, 23) and followup.company == company
    response = mission_client.post(url, {"due_on": "2012-11-23", "assignee": mission.pk})
    assert response.status_code == 200 and FollowUp.objects.count() == 1


def test_target_list_keeps_the_shows_sectors_and_leaves_out_do_not_contact(mission_client, sial):
    food = CompanyFactory(name="Biscuiterie Ciblée", naf_code="10.72Z")
    CompanyFactory(name="Biscuiterie Refus", naf_code="10.72Z", do_not_contact=True)
    CompanyFactory(name="Scierie Hors Sujet", naf_code="16.10A")
    response = mission_client.get(reverse("events:target_list", args=[sial.pk]))
    body = response.content.decode()
    assert food.name in body and "Biscuiterie Refus" not in body and "Scierie Hors Sujet" not in body

    csv_response = mission_client.get(reverse("events:target_list", args=[sial.pk]), {"export": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "Biscuiterie Ciblée" in b"".join(csv_response.streaming_content).decode("utf-8-sig")
    xlsx = mission_client.get(reverse("events:target_list", args=[sial.pk]), {"export": "xlsx"})
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"


def _many_leads(appearance, user, count):
    for index in range(count):
        interaction = InteractionFactory(
            appearance=appearance,
            kind=InteractionKind.STAND,
            lead_grade="ABCD"[index % 4],
            logged_by=user,
            company=CompanyFactory(naf_code="10.51A"),
        )
        FollowUpFactory(company=interaction.company, interaction=interaction, assignee=user)


def test_query_budgets_with_many_rows(mission_client, mission, sial, django_assert_max_num_queries):
    _many_leads(sial, mission, 55)
    for index in range(52):
        AppearanceFactory(
            trade_show=TradeShowFactory(),
            starts_on=D(2011, 1, 1) + datetime.timedelta(days=index),
            ends_on=D(2011, 1, 1) + datetime.timedelta(days=index),
        )
    with django_assert_max_num_queries(12):
        response = mission_client.get(reverse("events:appearance_list"))
    assert response.status_code == 200 and len(response.context["past"]) == 50
    # One more than the list: the leads the user may see are counted apart
    # from the figures, which count every lead, confidential or not.
    with django_assert_max_num_queries(13):
        response = mission_client.get(reverse("events:appearance_detail", args=[sial.pk]))
    assert len(response.context["leads"]) == 50
    assert 'href="?page=2#contacts"' in response.content.decode()
    with django_assert_max_num_queries(12):
        response = mission_client.get(reverse("events:target_list", args=[sial.pk]))
    assert len(response.context["companies"]) == 50
    second = mission_client.get(reverse("events:target_list", args=[sial.pk]), {"q": "exemple", "page": 2})
    assert 'href="?q=exemple&amp;page=1"' in second.content.decode()
