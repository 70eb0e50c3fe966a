"""A follow-up card says whom to call: the person, their phone and email, the last exchange, the code name."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from prospects import gdpr
from prospects.models import Contact
from tests.prospects.factories import (
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2012, 6, 13, 9, 0, tzinfo=datetime.UTC)  # a Wednesday


@pytest.fixture(autouse=True)
def frozen_day(time_machine):
    time_machine.move_to(NOW, tick=False)


def card_of(client, followup):
    """The HTML of one follow-up's card on « Mes relances »."""
    html = client.get(reverse("prospects:followup_list")).content.decode()
    start = html.index(f'id="relance-{followup.pk}"')
    return html[start : html.index("</li>", start)]


def test_the_card_names_the_person_of_the_exchange_with_links_to_call_and_write(mission_client, mission):
    company = CompanyFactory(name="Fromagerie de Marvejols")
    ContactFactory(company=company, first_name="Paul", last_name="Primaire", is_primary=True, phone="0466000000")
    met = ContactFactory(
        company=company,
        first_name="Hélène",
        last_name="Fabrègue",
        job_title="Directrice industrielle",
        phone="06 12 34 56 78",
        email="h.fabregue@marvejols.fr",
    )
    interaction = InteractionFactory(
        company=company,
        contacts=[met],
        occurred_at=NOW - datetime.timedelta(days=2),
        summary="Cherche 2 000 m² près de l'A75 pour une nouvelle ligne d'affinage, décision avant l'automne, "
        "budget validé par le conseil.",
    )
    followup = FollowUpFactory(company=company, assignee=mission, interaction=interaction, due_on=NOW.date())
    card = card_of(mission_client, followup)
    assert "Hélène Fabrègue" in card and "Directrice industrielle" in card
    assert 'href="tel:+33612345678"' in card and ">06 12 34 56 78<" in card
    assert 'href="mailto:h.fabregue@marvejols.fr"' in card
    assert "Paul Primaire" not in card
    assert "Dernier échange le 11/06/2012 (Téléphone)" in card
    assert "« Cherche 2 000 m² près de l&#x27;A75 pour une nouvelle ligne d&#x27;affinage, décision avant…" in card
    assert f'href="{company.get_absolute_url()}"' in card


def test_without_an_exchange_the_card_names_the_primary_contact(mission_client, mission):
    company = CompanyFactory()
    ContactFactory(company=company, first_name="Anne", last_name="Autre")
    ContactFactory(company=company, first_name="Paul", last_name="Vidal", is_primary=True, phone="04 66 99 00 11")
    followup = FollowUpFactory(company=company, assignee=mission)
    card = card_of(mission_client, followup)
    assert "Paul Vidal" in card and 'href="tel:+33466990011"' in card
    assert "Anne Autre" not in card
    assert "Aucun échange enregistré." in card


def test_with_no_primary_contact_the_card_names_the_first_one(mission_client, mission):
    company = CompanyFactory()
    ContactFactory(company=company, first_name="Zoé", last_name="Rieu")
    ContactFactory(company=company, first_name="Marc", last_name="Boyer")
    card = card_of(mission_client, FollowUpFactory(company=company, assignee=mission))
    assert "Marc Boyer" in card and "Zoé Rieu" not in card


def test_an_objecting_or_erased_person_is_never_on_the_card(mission_client, mission):
    company = CompanyFactory(phone="04 66 65 00 00")
    objecting = ContactFactory(company=company, first_name="Jean", last_name="Opposé", phone="0611111111")
    erased = ContactFactory(company=company, first_name="Luc", last_name="Effacé", phone="0622222222")
    gdpr.contact_object(contact=objecting, actor=mission)
    gdpr.contact_erase(contact=Contact.objects.get(pk=erased.pk), actor=mission)
    interaction = InteractionFactory(company=company, contacts=[objecting, erased])
    ContactFactory(company=company, first_name="Paul", last_name="Vidal", is_primary=True, email="p.vidal@exemple.fr")
    card = card_of(mission_client, FollowUpFactory(company=company, assignee=mission, interaction=interaction))
    assert "Opposé" not in card and "0611111111" not in card and "tel:+33611111111" not in card
    assert "Effacé" not in card and "tel:+33622222222" not in card
    # The next person who may be called stands in, and the switchboard when they have no phone.
    assert "Paul Vidal" in card and 'href="mailto:p.vidal@exemple.fr"' in card
    assert 'href="tel:+33466650000"' in card and "standard" in card


def test_a_company_that_asked_not_to_be_contacted_gets_no_call_links(mission_client, mission):
    company = CompanyFactory(do_not_contact=True, phone="0466650000")
    ContactFactory(company=company, last_name="Vidal", is_primary=True, phone="0612345678", email="v@exemple.fr")
    card = card_of(mission_client, FollowUpFactory(company=company, assignee=mission))
    assert "Ne pas contacter" in card
    assert "tel:" not in card and "mailto:" not in card


def test_a_code_name_stands_in_for_the_company_and_the_card_still_opens_it(mission_client, mission):
    project = ProjectFactory(owner=mission, confidential=True, code_name="Projet Aigle")
    card = card_of(mission_client, FollowUpFactory(company=project.company, project=project, assignee=mission))
    assert "Projet Aigle" in card and project.company.name not in card
    assert f'href="{project.company.get_absolute_url()}"' in card
    assert f'href="{project.get_absolute_url()}"' in card


def test_a_followup_on_a_project_the_assignee_no_longer_sees_leaves_their_list(mission_client, mission, teammate):
    project = ProjectFactory(owner=teammate, confidential=True, code_name="Projet Lynx", team=[mission])
    followup = FollowUpFactory(company=project.company, project=project, assignee=mission)
    project.team.remove(mission)
    html = mission_client.get(reverse("prospects:followup_list")).content.decode()
    assert "Projet Lynx" not in html and f'id="relance-{followup.pk}"' not in html
    assert mission_client.get(reverse("prospects:followup_complete", args=[followup.pk])).status_code == 404


def _many_followups(assignees, count):
    for index in range(count):
        company = CompanyFactory()
        contacts = [
            ContactFactory(company=company, phone=f"06 00 00 00 {index % 100:02d}", is_primary=index % 2 == 0)
            for _ in range(2)
        ]
        interaction = None
        if index % 3:
            interaction = InteractionFactory(
                company=company, contacts=contacts[:1], occurred_at=timezone.now() - datetime.timedelta(days=index)
            )
        InteractionFactory(company=company, occurred_at=timezone.now() - datetime.timedelta(hours=index))
        project = ProjectFactory(company=company, owner=assignees[0], code_name=f"Code {index}") if index % 4 else None
        followup = FollowUpFactory(
            company=company, assignee=assignees[index % len(assignees)], interaction=interaction, project=project
        )
        type(followup).objects.filter(pk=followup.pk).update(due_on=NOW.date() + datetime.timedelta(days=index % 9 - 3))


def test_my_followups_cost_a_fixed_number_of_queries(mission_client, mission, django_assert_max_num_queries):
    _many_followups([mission], 60)
    with django_assert_max_num_queries(12):
        response = mission_client.get(reverse("prospects:followup_list"))
    assert response.context["total"] == 60
    shown = [followup for group in response.context["groups"] for followup in group["items"]]
    assert len(shown) == 60 and all(followup.call_person for followup in shown)
    assert all(followup.last_exchange for followup in shown)
    assert response.content.decode().count('href="tel:+336') == 60


def test_direction_list_filtered_and_sorted_costs_a_fixed_number_of_queries(
    direction_client, mission, teammate, django_assert_max_num_queries
):
    _many_followups([mission, teammate], 60)
    with django_assert_max_num_queries(12):
        response = direction_client.get(
            reverse("prospects:followup_list"),
            {"personne": mission.pk, "du": "2012-06-01", "au": "2012-12-31", "tri": "entreprise"},
        )
    assert response.context["total"] == 30
    assert response.content.decode().count('href="tel:+336') == 30
