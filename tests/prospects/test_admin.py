"""The admin as the data-entry tool: pages load in a fixed number of queries, writes go through the services."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.admin import EstimatedCountPaginator
from prospects.models import (
    Company,
    CompanyStage,
    FollowUp,
    FollowUpStatus,
    NafCode,
    ProjectStage,
    ProjectStageChange,
    Sector,
    YearTarget,
)
from prospects.services import ASSIGNMENT_NOTICE_TASK, project_move_stage

from .factories import (
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    ProjectFactory,
    YearTargetFactory,
    make_siret,
)

pytestmark = pytest.mark.django_db

ROWS = 60


def _url(model, view, *args):
    return reverse(f"admin:prospects_{model}_{view}", args=args)


@pytest.fixture
def many_records(mission):
    companies = CompanyFactory.create_batch(ROWS, owner=mission)
    for company in companies:
        contact = ContactFactory(company=company)
        InteractionFactory(company=company, contacts=[contact], logged_by=mission)
        project = ProjectFactory(company=company, owner=mission)
        FollowUpFactory(company=company, project=project, assignee=mission)
    for year in range(1960, 1960 + ROWS):
        YearTargetFactory(year=year)
    Sector.objects.bulk_create(Sector(name=f"Filière {n}", slug=f"filiere-{n}") for n in range(ROWS))
    return companies


@pytest.mark.parametrize(
    "model, budget",
    [
        ("company", 8),
        ("contact", 6),
        ("interaction", 9),
        ("project", 8),
        ("followup", 6),
        ("projectstagechange", 7),
        ("sector", 6),
        ("nafcode", 7),
        ("yeartarget", 6),
    ],
)
def test_change_lists_load_in_a_fixed_number_of_queries(
    admin_client_user, many_records, django_assert_max_num_queries, model, budget
):
    with django_assert_max_num_queries(budget):
        response = admin_client_user.get(_url(model, "changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) >= min(response.context["cl"].list_per_page, ROWS)


@pytest.mark.parametrize(
    "model, budget",
    [("company", 16), ("contact", 6), ("interaction", 11), ("project", 16), ("followup", 9)],
)
def test_change_forms_load_in_a_fixed_number_of_queries(
    admin_client_user, many_records, mission, django_assert_max_num_queries, model, budget
):
    company = many_records[0]
    for _index in range(5):
        extra_contact = ContactFactory(company=company)
        InteractionFactory(company=company, contacts=[extra_contact], logged_by=mission)
        FollowUpFactory(company=company, assignee=mission)
    objects = {
        "company": company,
        "contact": company.contacts.first(),
        "interaction": company.interactions.first(),
        "project": company.projects.first(),
        "followup": company.followups.first(),
    }
    with django_assert_max_num_queries(budget):
        response = admin_client_user.get(_url(model, "change", objects[model].pk))
    assert response.status_code == 200
    with django_assert_max_num_queries(budget):
        assert admin_client_user.get(_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", ["sector", "nafcode", "yeartarget"])
def test_reference_change_forms_load(admin_client_user, django_assert_max_num_queries, model):
    obj = {
        "sector": lambda: Sector.objects.get(slug="bois"),
        "nafcode": lambda: NafCode.objects.get(code="16.10A"),
        "yeartarget": lambda: YearTargetFactory(year=2012),
    }[model]()
    with django_assert_max_num_queries(8):
        response = admin_client_user.get(_url(model, "change", obj.pk))
    assert response.status_code == 200


def test_stage_changes_page_loads(admin_client_user, mission):
    project = ProjectFactory(owner=mission)
    change = ProjectStageChange.objects.get(project=project)
    assert admin_client_user.get(_url("projectstagechange", "change", change.pk)).status_code == 200


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _company_post(owner, **overrides):
    data = {
        "name": "Scierie du Gévaudan",
        "legal_form": "5499",
        "siren": "",
        "siret": "",
        "naf_code": "1610A",
        "sector": "",
        "workforce_band": "11",
        "address": "Zone d'activités du Causse d'Auge",
        "postcode": "48000",
        "city": "Mende",
        "phone": "04 66 00 00 00",
        "website": "",
        "stage": CompanyStage.IDENTIFIED,
        "fit_score": "4",
        "owner": str(owner.pk),
        "source": "Carrefour International du Bois 2012",
        "notes": "",
        **_management("contacts", 0),
        **_management("interactions", 0),
        **_management("followups", 0),
    }
    data.update(overrides)
    return data


def test_a_new_user_enters_a_company_with_contacts_an_interaction_and_a_followup_then_sees_its_history(
    admin_client_user, admin_user, mission
):
    form = admin_client_user.get(_url("company", "add")).content.decode()
    for label in ("Ajouter une entreprise", "Raison sociale", "Nouvel échange", "Relances en cours", "Contacts"):
        assert label in form

    siret = make_siret()
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    data = _company_post(
        mission,
        siret=spaced,
        **_management("contacts", 2),
        **{
            "contacts-0-first_name": "Hélène",
            "contacts-0-last_name": "Boissonnade",
            "contacts-0-job_title": "Gérante",
            "contacts-0-email": "h.boissonnade@scierie-gevaudan.fr",
            "contacts-0-phone": "06 12 34 56 78",
            "contacts-0-is_primary": "on",
            "contacts-1-first_name": "Marc",
            "contacts-1-last_name": "Vidal",
            "contacts-1-job_title": "Responsable de production",
            "contacts-1-email": "m.vidal@scierie-gevaudan.fr",
        },
        **_management("interactions", 1),
        **{
            "interactions-0-occurred_at_0": "07/06/2012",
            "interactions-0-occurred_at_1": "10:30:00",
            "interactions-0-kind": "stand",
            "interactions-0-lead_grade": "A",
            "interactions-0-appearance": "",
            "interactions-0-summary": "Cherche un terrain de 2 ha près de l'A75 pour une unité de lamellé-collé.",
        },
        **_management("followups", 1),
        **{
            "followups-0-title": "Envoyer les terrains disponibles du Causse d'Auge",
            "followups-0-due_on": "08/06/2012",
            "followups-0-assignee": str(mission.pk),
            "followups-0-project": "",
            "followups-0-status": FollowUpStatus.OPEN,
            "followups-0-notes": "",
        },
    )
    response = admin_client_user.post(_url("company", "add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response

    company = Company.objects.get(name="Scierie du Gévaudan")
    assert company.siret == siret
    assert company.siren == siret[:9]
    assert company.naf_code_id == "16.10A"
    assert company.sector.slug == "bois"
    assert company.department == "48"
    assert company.commune_code == "48095"
    assert company.owner == mission
    assert sorted(c.last_name for c in company.contacts.all()) == ["Boissonnade", "Vidal"]
    interaction = company.interactions.get()
    assert interaction.logged_by == admin_user
    assert interaction.lead_grade == "A"
    assert company.last_contact_at == interaction.occurred_at
    assert company.stage == CompanyStage.CONTACTED
    followup = company.followups.get()
    assert (followup.assignee, followup.created_by, followup.due_on) == (mission, admin_user, datetime.date(2012, 6, 8))
    assert followup.assigned_by == admin_user

    change = _company_post(mission, name=company.name, siret=company.siret, phone="04 66 49 00 00")
    change.update(_management("contacts", 2, initial=2))
    for index, contact in enumerate(company.contacts.order_by("pk")):
        change.update(
            {
                f"contacts-{index}-id": str(contact.pk),
                f"contacts-{index}-company": str(company.pk),
                f"contacts-{index}-first_name": contact.first_name,
                f"contacts-{index}-last_name": contact.last_name,
                f"contacts-{index}-job_title": contact.job_title,
                f"contacts-{index}-email": contact.email,
                f"contacts-{index}-phone": contact.phone,
                f"contacts-{index}-is_primary": "on" if contact.is_primary else "",
            }
        )
    change.update(_management("interactions-2", 0))
    change.update(_management("followups", 1, initial=1))
    change.update(
        {
            "followups-0-id": str(followup.pk),
            "followups-0-company": str(company.pk),
            "followups-0-title": followup.title,
            "followups-0-due_on": "08/06/2012",
            "followups-0-assignee": str(mission.pk),
            "followups-0-project": "",
            "followups-0-status": FollowUpStatus.OPEN,
            "followups-0-notes": "",
            "stage": CompanyStage.CONTACTED,
        }
    )
    response = admin_client_user.post(_url("company", "change", company.pk), change)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    company.refresh_from_db()
    assert company.phone == "04 66 49 00 00"

    history = admin_client_user.get(_url("company", "history", company.pk))
    assert history.status_code == 200
    page = history.content.decode()
    latest = company.history.first()
    assert latest.history_type == "~" and latest.history_user == admin_user
    assert "Modifié par" in page and "Modifié" in page
    assert "04 66 00 00 00" in page and "04 66 49 00 00" in page


def test_a_bad_company_is_refused_in_french_and_nothing_saved(admin_client_user, mission):
    siret = make_siret()
    data = _company_post(mission, siret=siret[:-1] + str((int(siret[-1]) + 1) % 10), naf_code="99.99Z", postcode="4800")
    response = admin_client_user.post(_url("company", "add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "clé de contrôle" in errors["siret"][0]
    assert "n'existe pas" in errors["naf_code"][0]
    assert "5 chiffres" in errors["postcode"][0]
    assert not Company.objects.exists()


def test_an_unknown_postcode_is_shown_next_to_its_field(admin_client_user, mission):
    response = admin_client_user.post(_url("company", "add"), _company_post(mission, postcode="48999", city=""))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["postcode"] == ["Le code postal 48999 n'existe pas."]
    assert not Company.objects.exists()


def test_the_same_siret_twice_is_refused_in_the_admin(admin_client_user, mission):
    existing = CompanyFactory()
    response = admin_client_user.post(_url("company", "add"), _company_post(mission, siret=existing.siret))
    assert response.status_code == 200
    assert "Une entreprise avec ce SIRET existe déjà." in response.content.decode()
    assert Company.objects.count() == 1


def test_a_probable_duplicate_is_saved_with_a_warning_linking_to_the_existing_company(admin_client_user, mission):
    existing = CompanyFactory(name="SARL Scierie du Gevaudan", postcode="48000", city="Mende")
    response = admin_client_user.post(_url("company", "add"), _company_post(mission, name="Scierie du Gévaudan SAS"))
    assert response.status_code == 302
    assert Company.objects.count() == 2
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "Doublon probable" in warnings[0]
    assert _url("company", "change", existing.pk) in warnings[0]


def test_a_sector_chosen_by_hand_is_kept_and_emptying_it_follows_the_naf_code_again(admin_client_user, mission):
    agrifood = Sector.objects.get(slug="agroalimentaire")
    admin_client_user.post(_url("company", "add"), _company_post(mission, sector=str(agrifood.pk)))
    company = Company.objects.get()
    assert (company.sector, company.sector_set_manually) == (agrifood, True)

    data = _company_post(mission, name=company.name, sector="", stage=company.stage)
    data.update(_management("interactions-2", 0))
    response = admin_client_user.post(_url("company", "change", company.pk), data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.sector.slug, company.sector_set_manually) == ("bois", False)


def test_naf_autocomplete_finds_a_code_typed_without_its_dot(admin_client_user):
    response = admin_client_user.get(
        reverse("admin:autocomplete"),
        {"term": "1610A", "app_label": "prospects", "model_name": "company", "field_name": "naf_code"},
    )
    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == ["16.10A"]


def test_company_search_finds_accents_identifiers_and_contact_names(admin_client_user):
    gevaudan = CompanyFactory(name="Scierie du Gévaudan")
    other = CompanyFactory(name="Fromagerie des Causses")
    ContactFactory(company=other, first_name="Élise", last_name="Pagès")
    url = _url("company", "changelist")

    def found(term):
        return {c.pk for c in admin_client_user.get(url, {"q": term}).context["cl"].result_list}

    assert found("gevaudan") == {gevaudan.pk}
    assert found("pages") == {other.pk}
    assert found(f"{gevaudan.siren[:3]} {gevaudan.siren[3:6]} {gevaudan.siren[6:]}") == {gevaudan.pk}
    assert found(gevaudan.siret) == {gevaudan.pk}


def test_company_filters_by_department_owner_and_band(admin_client_user, mission, teammate):
    lozere = CompanyFactory(owner=mission, workforce_band="11", fit_score=5)
    CompanyFactory(postcode="20000", city="Ajaccio", owner=teammate, workforce_band="21", fit_score=2)
    url = _url("company", "changelist")
    for params in (
        {"departement": "48"},
        {"owner__id__exact": mission.pk},
        {"workforce_band__exact": "11"},
        {"note": "5"},
    ):
        result = admin_client_user.get(url, params).context["cl"].result_list
        assert [c.pk for c in result] == [lozere.pk], params


def test_assign_owner_asks_for_the_person_then_assigns(admin_client_user, mission, teammate):
    companies = CompanyFactory.create_batch(3, owner=mission)
    untouched = CompanyFactory(owner=mission)
    url = _url("company", "changelist")
    selection = {"action": "assign_owner", "_selected_action": [str(c.pk) for c in companies]}

    page = admin_client_user.post(url, {**selection, "index": "0"})
    assert page.status_code == 200
    assert "Attribuer à un responsable" in page.content.decode()
    assert Company.objects.filter(owner=teammate).count() == 0

    response = admin_client_user.post(url, {**selection, "person": str(teammate.pk), "apply": "Confirmer"})
    assert response.status_code == 302
    assert Company.objects.filter(owner=teammate).count() == 3
    untouched.refresh_from_db()
    assert untouched.owner == mission
    assert companies[0].history.first().owner_id == teammate.pk


def test_mark_followups_done(admin_client_user, mission):
    open_ones = FollowUpFactory.create_batch(2, assignee=mission)
    other = FollowUpFactory(assignee=mission)
    response = admin_client_user.post(
        _url("followup", "changelist"),
        {"action": "mark_done", "index": "0", "_selected_action": [str(f.pk) for f in open_ones]},
    )
    assert response.status_code == 302
    for followup in open_ones:
        followup.refresh_from_db()
        assert followup.status == FollowUpStatus.DONE and followup.done_at is not None
    other.refresh_from_db()
    assert other.status == FollowUpStatus.OPEN


def test_reassign_followups_asks_for_the_person_and_tells_them(
    admin_client_user, mission, teammate, django_capture_on_commit_callbacks
):
    followups = FollowUpFactory.create_batch(2, assignee=mission)
    done = FollowUpFactory(assignee=mission, status=FollowUpStatus.DONE)
    selection = {"action": "reassign", "_selected_action": [str(f.pk) for f in [*followups, done]]}
    url = _url("followup", "changelist")
    assert "Réattribuer des relances" in admin_client_user.post(url, {**selection, "index": "0"}).content.decode()

    from celery import current_app

    sent = []
    original = current_app.send_task
    current_app.send_task = lambda name, args=None, **kwargs: sent.append((name, args))
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = admin_client_user.post(url, {**selection, "person": str(teammate.pk), "apply": "Confirmer"})
    finally:
        current_app.send_task = original
    assert response.status_code == 302
    assert len(callbacks) == 2
    assert sorted(sent) == sorted((ASSIGNMENT_NOTICE_TASK, [f.pk]) for f in followups)
    assert FollowUp.objects.filter(assignee=teammate).count() == 2
    done.refresh_from_db()
    assert done.assignee == mission


def test_project_stage_moved_in_the_admin_is_recorded(admin_client_user, mission):
    project = ProjectFactory(owner=mission)
    data = {
        "company": str(project.company_id),
        "title": project.title,
        "code_name": "",
        "sector": str(project.sector_id or ""),
        "description": "",
        "stage": ProjectStage.WON,
        "opened_on": project.opened_on.strftime("%d/%m/%Y"),
        "decided_on": "",
        "lost_reason": "",
        "jobs_planned": "12",
        "investment_planned": "1500000",
        "jobs_created": "",
        "investment_realised": "",
        "building_m2": "",
        "land_m2": "",
        "max_interchange_km": "",
        "budget": "",
        "needed_by": "",
        "origin_appearance": "",
        "programme": "",
        "owner": str(mission.pk),
        "team": [str(mission.pk)],
        **_management("followups", 0),
        **_management("stage_changes", 1, initial=1),
    }
    url = _url("project", "change", project.pk)
    refused = admin_client_user.post(url, data)
    assert refused.status_code == 200
    assert "emplois créés" in str(refused.context["adminform"].form.errors)
    project.refresh_from_db()
    assert project.stage == ProjectStage.LEAD

    response = admin_client_user.post(url, {**data, "jobs_created": "9", "investment_realised": "1200000"})
    assert response.status_code == 302, response.context["errors"]
    project.refresh_from_db()
    assert project.stage == ProjectStage.WON
    assert project.decided_on == timezone.localdate()
    assert list(project.stage_changes.values_list("stage", flat=True)) == [ProjectStage.WON, ProjectStage.LEAD]
    assert project.company.__class__.objects.get(pk=project.company_id).stage == CompanyStage.ESTABLISHED


def test_project_change_form_shows_its_stage_changes(admin_client_user, mission):
    project = ProjectFactory(owner=mission)
    project_move_stage(project=project, stage=ProjectStage.ACTIVE, actor=mission)
    response = admin_client_user.get(_url("project", "change", project.pk))
    assert "Projet actif" in response.content.decode()
    assert "Étapes franchies" in response.content.decode()


def test_sector_prefixes_are_normalised_checked_and_applied_to_companies(admin_client_user):
    roofer = CompanyFactory(naf_code="43.32A")
    assert roofer.sector.slug == "bois"
    sector = Sector.objects.get(slug="bois")
    data = {"name": sector.name, "slug": sector.slug, "naf_prefixes": "16, 0220, 43.91", "position": "0"}
    url = _url("sector", "change", sector.pk)
    assert admin_client_user.post(url, {**data, "is_priority": "on"}).status_code == 302
    sector.refresh_from_db()
    assert sector.naf_prefixes == "16, 02.20, 43.91"
    roofer.refresh_from_db()
    assert roofer.sector is None
    refused = admin_client_user.post(url, {**data, "naf_prefixes": "16, bois"})
    assert "Préfixes NAF incompris : bois" in refused.content.decode()


def test_naf_codes_are_read_only(admin_client_user):
    assert admin_client_user.get(_url("nafcode", "add")).status_code == 403
    response = admin_client_user.post(_url("nafcode", "change", "16.10A"), {"code": "16.10A", "label": "x"})
    assert response.status_code == 403
    assert NafCode.objects.get(code="16.10A").label != "x"


def test_year_target_is_entered(admin_client_user):
    response = admin_client_user.post(
        _url("yeartarget", "add"), {"year": "2013", "implantations_target": "12", "projects_target": "30"}
    )
    assert response.status_code == 302
    assert YearTarget.objects.get(year=2013).implantations_target == 12


def test_the_paginator_counts_exactly_when_filtered_or_small():
    CompanyFactory.create_batch(3)
    assert EstimatedCountPaginator(Company.objects.order_by("pk"), 2).count == 3
    assert EstimatedCountPaginator(Company.objects.filter(department="48").order_by("pk"), 2).count == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row estimates are PostgreSQL's")
def test_the_paginator_takes_postgresqls_estimate_for_a_large_unfiltered_list(monkeypatch):
    from core import admin as core_admin

    CompanyFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE prospects_company")
    monkeypatch.setattr(core_admin, "ESTIMATE_FROM_ROWS", 1)
    with CaptureQueriesContext(connection) as queries:
        count = EstimatedCountPaginator(Company.objects.order_by("pk"), 2).count
    assert count == 3
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


def test_a_contact_entered_on_its_own_page_goes_through_the_service(admin_client_user):
    company = CompanyFactory()
    response = admin_client_user.post(
        _url("contact", "add"),
        {
            "company": str(company.pk),
            "first_name": "Luc",
            "last_name": "Pradal",
            "job_title": "Directeur",
            "email": "l.pradal@exemple.fr",
            "phone": "",
            "is_primary": "on",
            "objected": "on",
            "objected_at_0": "",
            "objected_at_1": "",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    contact = company.contacts.get()
    assert contact.objected_at is not None
    assert contact.search_text == "luc pradal l.pradal@exemple.fr"


def test_an_interaction_entered_on_its_own_page_is_logged_by_the_user(admin_client_user, admin_user):
    company = CompanyFactory()
    contact = ContactFactory(company=company)
    stranger = ContactFactory()
    data = {
        "company": str(company.pk),
        "occurred_at_0": "21/10/2012",
        "occurred_at_1": "15:00:00",
        "kind": "stand",
        "lead_grade": "B",
        "appearance": "",
        "contacts": [str(contact.pk), str(stranger.pk)],
        "summary": "Rencontré au SIAL : projet d'atelier de découpe.",
    }
    refused = admin_client_user.post(_url("interaction", "add"), data)
    assert "travaillent dans une autre entreprise" in str(refused.context["adminform"].form.errors["contacts"])
    assert not company.interactions.exists()

    response = admin_client_user.post(_url("interaction", "add"), {**data, "contacts": [str(contact.pk)]})
    assert response.status_code == 302, response.context["errors"]
    interaction = company.interactions.get()
    assert interaction.logged_by == admin_user
    assert list(interaction.contacts.all()) == [contact]
    company.refresh_from_db()
    assert company.last_contact_at == interaction.occurred_at


def test_a_followup_on_another_companys_project_is_refused(admin_client_user, mission):
    company = CompanyFactory()
    elsewhere = ProjectFactory(owner=mission)
    data = {
        "company": str(company.pk),
        "project": str(elsewhere.pk),
        "interaction": "",
        "title": "Relancer",
        "notes": "",
        "due_on": "12/06/2012",
        "assignee": str(mission.pk),
        "status": FollowUpStatus.OPEN,
    }
    refused = admin_client_user.post(_url("followup", "add"), data)
    assert refused.context["adminform"].form.errors["project"] == ["Ce projet concerne une autre entreprise."]
    assert not FollowUp.objects.exists()

    response = admin_client_user.post(_url("followup", "add"), {**data, "project": ""})
    assert response.status_code == 302, response.context["errors"]
    assert FollowUp.objects.get().company == company


def test_a_project_entered_in_the_admin_records_its_first_stage(admin_client_user, admin_user, mission):
    company = CompanyFactory()
    data = {
        "company": str(company.pk),
        "title": "Atelier de découpe",
        "code_name": "Projet Aubrac",
        "confidential": "on",
        "sector": "",
        "description": "",
        "stage": ProjectStage.ACTIVE,
        "opened_on": "22/10/2012",
        "decided_on": "",
        "lost_reason": "",
        "jobs_planned": "-3",
        "investment_planned": "800000",
        "origin_appearance": "",
        "programme": "",
        "owner": str(mission.pk),
        "team": [str(mission.pk)],
        **_management("followups", 0),
        **_management("stage_changes", 0),
    }
    refused = admin_client_user.post(_url("project", "add"), data)
    assert "jobs_planned" in refused.context["adminform"].form.errors
    assert not company.projects.exists()

    response = admin_client_user.post(_url("project", "add"), {**data, "jobs_planned": "15"})
    assert response.status_code == 302, response.context["errors"]
    project = company.projects.get()
    assert (project.sector, project.owner, project.confidential) == (company.sector, mission, True)
    change = project.stage_changes.get()
    assert (change.stage, change.changed_by) == (ProjectStage.ACTIVE, admin_user)


def test_direction_sees_a_projects_stages_but_not_others_confidential_projects(client, direction, mission, teammate):
    direction.is_staff = True
    direction.save()
    project = ProjectFactory(owner=mission)
    client.force_login(direction)
    response = client.get(_url("project", "change", project.pk))
    assert response.status_code == 200
    assert "Étapes franchies" in response.content.decode()
    assert client.get(_url("projectstagechange", "changelist")).status_code == 200


def test_a_staff_member_outside_the_team_does_not_see_a_confidential_project(client, mission, teammate):
    teammate.is_staff = True
    teammate.save()
    secret = ProjectFactory(owner=mission, confidential=True, code_name="Projet Lot")
    open_project = ProjectFactory(owner=mission)
    client.force_login(teammate)
    listed = {p.pk for p in client.get(_url("project", "changelist")).context["cl"].result_list}
    assert listed == {open_project.pk}
    assert client.get(_url("project", "change", secret.pk)).status_code == 302
    stage_changes = client.get(_url("projectstagechange", "changelist")).context["cl"].result_list
    assert {c.project_id for c in stage_changes} == {open_project.pk}


def test_the_siret_input_takes_a_number_pasted_with_spaces(admin_client_user):
    page = admin_client_user.get(_url("company", "add")).content.decode()
    siret_input = re.search(r"<input[^>]*name=\"siret\"[^>]*>", page).group(0)
    assert "maxlength" not in siret_input


def test_a_followup_added_on_the_company_keeps_the_project_chosen(admin_client_user, mission):
    project = ProjectFactory(owner=mission)
    company = project.company
    data = _company_post(mission, name=company.name, siret=company.siret, stage=company.stage)
    data.update(_management("interactions-2", 0))
    data.update(_management("followups", 1))
    data.update(
        {
            "followups-0-title": "Préparer la visite du site",
            "followups-0-due_on": "15/06/2012",
            "followups-0-assignee": str(mission.pk),
            "followups-0-project": str(project.pk),
            "followups-0-status": FollowUpStatus.OPEN,
        }
    )
    response = admin_client_user.post(_url("company", "change", company.pk), data)
    assert response.status_code == 302, response.context["errors"]
    followup = company.followups.get()
    assert (followup.project, followup.company) == (project, company)


def test_retention_notices_are_listed_read_only(admin_client_user):
    from django.utils import timezone

    from prospects.models import RetentionNotice
    from tests.prospects.factories import ContactFactory

    notice = RetentionNotice.objects.create(contact=ContactFactory(last_name="Ancien"), listed_at=timezone.now())
    changelist = admin_client_user.get(reverse("admin:prospects_retentionnotice_changelist"))
    assert changelist.status_code == 200
    assert "Ancien" in changelist.content.decode()
    assert admin_client_user.get(reverse("admin:prospects_retentionnotice_add")).status_code == 403
    change = admin_client_user.post(reverse("admin:prospects_retentionnotice_change", args=[notice.pk]), {})
    assert change.status_code == 403
