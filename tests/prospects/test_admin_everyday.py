"""The admin for everyday entry: French titles, pickers limited to the company, defaults, numbers with spaces."""

import datetime
import html
import json
from decimal import Decimal

import pytest
import time_machine
from django.contrib import admin
from django.urls import reverse

from core.admin_titles import FrenchTitlesMixin
from prospects.models import Interaction, NafCode, Project, ProjectStage
from sites.models import Site, Zone

from ..sites.test_admin import _site_post
from .factories import CompanyFactory, ContactFactory, FollowUpFactory, InteractionFactory, ProjectFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"accounts", "prospects", "events", "offer", "imports", "reminders"}


def _url(model, view, *args, app="prospects"):
    return reverse(f"admin:{app}_{model}_{view}", args=args)


def _text(response):
    return html.unescape(response.content.decode())


# Titles ----------------------------------------------------------------------------------


def test_every_model_admin_of_ours_writes_french_titles():
    ours = [model_admin for model, model_admin in admin.site._registry.items() if model._meta.app_label in OUR_APPS]
    assert len(ours) >= 20
    assert all(isinstance(model_admin, FrenchTitlesMixin) for model_admin in ours), [
        type(model_admin).__name__ for model_admin in ours if not isinstance(model_admin, FrenchTitlesMixin)
    ]


@pytest.mark.parametrize(
    ("app", "model", "title"),
    [
        ("prospects", "company", "Ajouter une entreprise"),
        ("prospects", "interaction", "Ajouter un échange"),
        ("prospects", "contact", "Ajouter un contact"),
        ("prospects", "project", "Ajouter un projet"),
        ("prospects", "followup", "Ajouter une relance"),
        ("prospects", "yeartarget", "Ajouter un objectif annuel"),
        ("offer", "zone", "Ajouter une zone d'activités"),
        ("offer", "site", "Ajouter un site"),
        ("events", "appearance", "Ajouter une participation à un salon"),
    ],
)
def test_the_add_page_says_add_with_the_right_article(admin_client_user, app, model, title):
    response = admin_client_user.get(_url(model, "add", app=app))
    assert response.status_code == 200
    assert response.context["title"] == title
    assert f"<h1>{title}</h1>" in _text(response)
    assert f"<title>{title} |" in _text(response)
    assert "Ajout de" not in _text(response)


def test_the_change_page_says_change_with_the_right_article(admin_client_user, mission):
    company = CompanyFactory(name="Scierie du Gévaudan")
    interaction = InteractionFactory(company=company, logged_by=mission)
    project = ProjectFactory(company=company, owner=mission)
    followup = FollowUpFactory(company=company, assignee=mission)
    expected = {
        _url("company", "change", company.pk): "Modifier l'entreprise",
        _url("interaction", "change", interaction.pk): "Modifier l'échange",
        _url("project", "change", project.pk): "Modifier le projet",
        _url("followup", "change", followup.pk): "Modifier la relance",
    }
    for url, title in expected.items():
        response = admin_client_user.get(url)
        assert response.status_code == 200
        assert response.context["title"] == title
        assert f"<h1>{title}</h1>" in _text(response)
        assert "Modification de" not in _text(response)
    assert "<h2>Scierie du Gévaudan</h2>" in _text(admin_client_user.get(_url("company", "change", company.pk)))


def test_a_read_only_page_says_consult(admin_client_user):
    code = NafCode.objects.get(code="16.10A")
    response = admin_client_user.get(_url("nafcode", "change", code.pk))
    assert response.context["title"] == "Consulter le code NAF"
    response = admin_client_user.get(_url("nafcode", "changelist"))
    assert response.context["title"] == "Sélectionnez un code NAF à consulter"


@pytest.mark.parametrize(
    ("app", "model", "title", "add"),
    [
        ("prospects", "company", "Sélectionnez une entreprise à modifier", "Ajouter une entreprise"),
        ("prospects", "interaction", "Sélectionnez un échange à modifier", "Ajouter un échange"),
        ("prospects", "followup", "Sélectionnez une relance à modifier", "Ajouter une relance"),
        ("offer", "zone", "Sélectionnez une zone d'activités à modifier", "Ajouter une zone d'activités"),
    ],
)
def test_the_list_says_select_with_the_right_article(admin_client_user, app, model, title, add):
    response = admin_client_user.get(_url(model, "changelist", app=app))
    assert response.status_code == 200
    assert response.context["title"] == title
    text = _text(response)
    assert f"<h1>{title}</h1>" in text
    assert "Sélectionnez l’objet" not in text
    # The add button beside the list.
    assert f'class="addlink">\n      {add}\n' in text


def test_the_list_opened_to_pick_a_row_says_select(admin_client_user):
    response = admin_client_user.get(_url("company", "changelist"), {"_popup": "1", "_to_field": "id"})
    assert response.status_code == 200
    assert response.context["title"] == "Sélectionnez une entreprise"


def test_every_list_of_ours_has_a_french_title(admin_client_user):
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        response = admin_client_user.get(_url(model._meta.model_name, "changelist", app=model._meta.app_label))
        assert response.status_code == 200, model
        assert response.context["title"].startswith(("Sélectionnez un ", "Sélectionnez une ")), model


def test_the_inline_add_links_say_another_with_the_right_gender(admin_client_user):
    company = CompanyFactory()
    text = _text(admin_client_user.get(_url("company", "change", company.pk)))
    assert '"addText": "Ajouter un autre contact"' in text
    assert '"addText": "Ajouter une autre relance"' in text
    assert "supplémentaire" not in text


# Pickers limited to the chosen company ------------------------------------------------------


def _autocomplete(client, model_name, field_name, **params):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "prospects", "model_name": model_name, "field_name": field_name, "term": "", **params},
    )
    assert response.status_code == 200
    return {int(result["id"]) for result in json.loads(response.content)["results"]}


def test_an_exchanges_contact_picker_offers_only_the_chosen_companys_people(admin_client_user):
    ours, theirs = CompanyFactory(), CompanyFactory()
    anne, paul = ContactFactory(company=ours), ContactFactory(company=ours)
    stranger = ContactFactory(company=theirs)

    assert _autocomplete(admin_client_user, "interaction", "contacts", company=str(ours.pk)) == {anne.pk, paul.pk}
    assert _autocomplete(admin_client_user, "interaction", "contacts", company=str(theirs.pk)) == {stranger.pk}
    # No company chosen yet, or something that is not one: nobody to choose.
    assert _autocomplete(admin_client_user, "interaction", "contacts", company="") == set()
    assert _autocomplete(admin_client_user, "interaction", "contacts", company="x'--") == set()
    # Other pickers of contacts are not narrowed.
    assert _autocomplete(admin_client_user, "interaction", "contacts") >= {anne.pk, paul.pk, stranger.pk}


def test_a_followups_project_and_exchange_pickers_offer_only_the_chosen_companys(admin_client_user, mission):
    ours, theirs = CompanyFactory(), CompanyFactory()
    project, other_project = ProjectFactory(company=ours, owner=mission), ProjectFactory(company=theirs, owner=mission)
    exchange, other_exchange = InteractionFactory(company=ours), InteractionFactory(company=theirs)

    assert _autocomplete(admin_client_user, "followup", "project", company=str(ours.pk)) == {project.pk}
    assert _autocomplete(admin_client_user, "followup", "interaction", company=str(ours.pk)) == {exchange.pk}
    assert _autocomplete(admin_client_user, "followup", "project") == {project.pk, other_project.pk}
    assert _autocomplete(admin_client_user, "followup", "interaction") == {exchange.pk, other_exchange.pk}


def test_the_pickers_send_the_company_chosen_on_the_form(admin_client_user, mission):
    interaction = InteractionFactory(logged_by=mission)
    for url, fields in [
        (_url("interaction", "add"), ["contacts"]),
        (_url("interaction", "change", interaction.pk), ["contacts"]),
        (_url("followup", "add"), ["project", "interaction"]),
    ]:
        text = _text(admin_client_user.get(url))
        assert "js/admin_company_choice.js" in text
        # The script comes after Django's, whose pickers it opens again.
        assert text.index("admin/js/autocomplete.js") < text.index("js/admin_company_choice.js")
        for field in fields:
            tag = text[text.index(f'name="{field}"') - 400 : text.index(f'name="{field}"') + 400]
            assert 'data-company-choice="company"' in tag, field


def test_a_contact_of_another_company_is_still_refused(admin_client_user, mission):
    ours, theirs = CompanyFactory(), CompanyFactory()
    stranger = ContactFactory(company=theirs, last_name="Vidal")
    response = admin_client_user.post(
        _url("interaction", "add"),
        {
            "company": str(ours.pk),
            "occurred_at_0": "12/03/2024",
            "occurred_at_1": "10:00",
            "kind": "call",
            "lead_grade": "",
            "appearance": "",
            "contacts": [str(stranger.pk)],
            "summary": "Appel",
        },
    )
    assert response.status_code == 200
    assert "travaillent dans une autre entreprise" in _text(response)
    assert not Interaction.objects.exists()


# Defaults ------------------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2024, 3, 12, 9, 30, tzinfo=datetime.UTC))
def test_a_new_project_opens_today_and_is_yours_and_a_new_exchange_happens_now(admin_client_user, admin_user):
    form = admin_client_user.get(_url("project", "add")).context["adminform"].form
    assert form["opened_on"].value() == datetime.date(2024, 3, 12)
    assert 'value="12/03/2024"' in str(form["opened_on"])
    assert form["owner"].value() == admin_user.pk
    form = admin_client_user.get(_url("interaction", "add")).context["adminform"].form
    assert form["occurred_at"].value().strftime("%d/%m/%Y %H:%M") == "12/03/2024 10:30"
    form = admin_client_user.get(_url("followup", "add")).context["adminform"].form
    assert form["assignee"].value() == admin_user.pk
    # What the link asked for wins over the defaults.
    form = admin_client_user.get(_url("project", "add"), {"opened_on": "01/02/2024"}).context["adminform"].form
    assert str(form["opened_on"].value()) == "01/02/2024"


# Numbers typed with spaces --------------------------------------------------------------------


def _project_post(company, owner, **overrides):
    data = {
        "company": str(company.pk),
        "title": "Atelier de découpe",
        "code_name": "",
        "sector": "",
        "description": "",
        "stage": ProjectStage.ACTIVE,
        "opened_on": "22/10/2012",
        "decided_on": "",
        "lost_reason": "",
        "origin_appearance": "",
        "programme": "",
        "owner": str(owner.pk),
        "followups-TOTAL_FORMS": "0",
        "followups-INITIAL_FORMS": "0",
        "stage_changes-TOTAL_FORMS": "0",
        "stage_changes-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_a_project_takes_amounts_and_areas_typed_with_spaces(admin_client_user, mission):
    company = CompanyFactory()
    page = _text(admin_client_user.get(_url("project", "add")))
    investment = page[page.index('name="investment_planned"') - 200 : page.index('name="investment_planned"') + 200]
    assert 'type="text"' in investment and 'inputmode="decimal"' in investment

    response = admin_client_user.post(
        _url("project", "add"),
        _project_post(
            company,
            mission,
            investment_planned="2 500 000",
            budget="1\u202f200\u202f000",
            jobs_planned="1 200",
            building_m2="12\u00a0000",
            land_m2="30 000",
            max_interchange_km="1,5",
        ),
    )
    assert response.status_code == 302, response.context["errors"]
    project = Project.objects.get(company=company)
    assert (project.investment_planned, project.budget) == (Decimal("2500000"), Decimal("1200000"))
    assert (project.jobs_planned, project.building_m2, project.land_m2) == (1200, 12000, 30000)
    assert project.max_interchange_km == Decimal("1.5")


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("investment_planned", "2 500 000,50", "Saisissez un nombre sans décimales, par exemple « 2 500 000 »."),
        ("investment_planned", "beaucoup", "Saisissez un nombre, par exemple « 2 500 000 » ou « 1,5 »."),
        ("investment_planned", "999 999 999 999 999", "Ce nombre est trop grand : au plus 14 chiffres."),
        ("jobs_planned", "12,5", "Saisissez un nombre entier, par exemple « 2 500 000 »."),
        ("building_m2", "99 999 999 999", "Ce nombre est trop grand (au plus 2147483647)."),
    ],
)
def test_a_project_refuses_garbage_numbers_in_french(admin_client_user, mission, field, typed, message):
    company = CompanyFactory()
    response = admin_client_user.post(_url("project", "add"), _project_post(company, mission, **{field: typed}))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]
    assert not Project.objects.exists()


def test_a_site_takes_areas_and_prices_typed_with_spaces(admin_client_user):
    response = admin_client_user.post(
        reverse("admin:offer_site_add"),
        _site_post(
            availability="available",
            building_m2="1 500",
            land_m2="4\u202f000",
            sale_price="350 000",
            monthly_rent="2 500",
            clear_height_m="7,5",
        ),
    )
    assert response.status_code == 302, response.context["errors"]
    site = Site.objects.get()
    assert (site.building_m2, site.land_m2) == (1500, 4000)
    assert (site.sale_price, site.monthly_rent, site.clear_height_m) == (
        Decimal("350000"),
        Decimal("2500"),
        Decimal("7.5"),
    )


def test_a_zone_takes_hectares_and_prices_with_a_decimal_comma(admin_client_user):
    response = admin_client_user.post(
        reverse("admin:offer_zone_add"),
        {
            "name": "ZA du Causse",
            "kind": "business_park",
            "state": "on_sale",
            "postcode": "48000",
            "commune_name": "Mende",
            "area_total_ha": "12,5",
            "area_available_ha": "3,25",
            "price_per_m2": "1 015,50",
            "interchange_km": "4,5",
            "sites-TOTAL_FORMS": "0",
            "sites-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    zone = Zone.objects.get()
    assert (zone.area_total_ha, zone.area_available_ha) == (Decimal("12.5"), Decimal("3.25"))
    assert (zone.price_per_m2, zone.interchange_km) == (Decimal("1015.50"), Decimal("4.5"))
