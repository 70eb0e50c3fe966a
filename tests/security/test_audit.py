import datetime
import zoneinfo

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory

from prospects import gdpr, services
from prospects.models import CompanyStage, ProjectStage
from prospects.templatetags.audit import company_audit_entries
from tests.prospects.factories import CompanyFactory, ContactFactory, FollowUpFactory, ProjectFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def render_block(company, user):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load audit %}{% company_audit company %}").render(
        Context({"company": company, "request": request})
    )


@pytest.fixture
def history(mission, teammate, direction):
    with time_machine.travel(datetime.datetime(2012, 6, 7, 10, tzinfo=PARIS), tick=False):
        company = CompanyFactory(name="Scierie du Causse", actor=mission)
    with time_machine.travel(datetime.datetime(2012, 6, 8, 9, tzinfo=PARIS), tick=False):
        services.company_update(company=company, actor=mission, stage=CompanyStage.TARGETED, owner=teammate)
        contact = ContactFactory(company=company, first_name="Hélène", last_name="Fabre")
    with time_machine.travel(datetime.datetime(2012, 6, 9, 9, tzinfo=PARIS), tick=False):
        project = ProjectFactory(company=company, owner=mission, title="Atelier de rabotage")
        services.project_update(project=project, actor=direction, team=[mission, teammate])
        FollowUpFactory(company=company, assignee=mission, title="Envoyer le dossier")
    return company, contact, project


def _with_user(records, user):
    # What HistoryRequestMiddleware does in a request: record who changed it.
    records.update(history_user=user)


def test_the_block_says_who_changed_what_and_when(history, mission, direction):
    company, contact, project = history
    _with_user(type(company).history.filter(id=company.pk), mission)

    entries = company_audit_entries(company)

    by_object = {}
    for entry in entries:
        by_object.setdefault(entry["object"], []).append(entry)
    company_changes = by_object["Entreprise"]
    assert [entry["operation"] for entry in company_changes] == ["Modification", "Création"]
    changes = {line["field"]: (line["old"], line["new"]) for line in company_changes[0]["changes"]}
    assert changes["étape"] == ("Identifiée", "Ciblée")
    assert changes["responsable"] == ("Camille Martin", "Julie Chabert")
    assert company_changes[0]["who"] == "Camille Martin"
    assert company_changes[0]["when"] == datetime.datetime(2012, 6, 8, 9, tzinfo=PARIS)
    assert "Contact : Hélène Fabre" in by_object
    assert "Relance : Envoyer le dossier" in by_object
    team_lines = [
        line
        for entry in by_object["Projet : Atelier de rabotage"]
        for line in entry["changes"]
        if line["field"] == "équipe"
    ]
    assert team_lines[0] == {"field": "équipe", "old": "Camille Martin", "new": "Camille Martin, Julie Chabert"}
    # Newest first.
    assert entries == sorted(entries, key=lambda entry: entry["when"], reverse=True)


def test_the_block_is_for_direction_only(history, mission, direction, observer):
    company = history[0]
    assert "Historique des modifications" in render_block(company, direction)
    assert "Hélène Fabre" in render_block(company, direction)
    for user in (mission, observer):
        assert render_block(company, user).strip() == ""


def test_an_erased_person_does_not_reappear_in_the_history(history, direction):
    company, contact, _project = history
    gdpr.contact_erase(contact=contact, actor=direction)
    html = render_block(company, direction)
    assert "Fabre" not in html
    assert gdpr.ERASURE_REASON in html


def test_the_block_takes_a_fixed_number_of_queries(history, direction, mission, django_assert_max_num_queries):
    company, contact, project = history
    for index in range(40):
        services.contact_update(contact=contact, actor=mission, job_title=f"Fonction {index}")
        services.project_update(
            project=project, actor=mission, stage=ProjectStage.ACTIVE if index % 2 else ProjectStage.LEAD
        )
    with django_assert_max_num_queries(11):
        html = render_block(company, direction)
    assert html.count("<li>") == 30


@pytest.mark.parametrize("model", ["company", "contact", "project", "followup"])
def test_the_admin_shows_each_record_s_history(admin_client_user, history, model):
    from django.urls import reverse

    company, contact, project = history
    objects = {"company": company, "contact": contact, "project": project, "followup": company.followups.get()}
    url = reverse(f"admin:prospects_{model}_history", args=[objects[model].pk])
    response = admin_client_user.get(url)
    assert response.status_code == 200
    assert "Créé" in response.content.decode()
