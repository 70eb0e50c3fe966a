"""Editing records where they are shown: a company's people, its exchanges, a project's team and needs."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from core.phones import normalize_phone
from prospects import gdpr, services
from prospects.models import Contact, Interaction, InteractionKind, Project
from tests.prospects.factories import (
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def text(response):
    """The page as a reader sees it: entities decoded."""
    return html.unescape(response.content.decode())


def _contact_data(**overrides):
    data = {
        "first_name": "Hélène",
        "last_name": "Fabrègue",
        "job_title": "Directrice",
        "email": "h.fabregue@causse.fr",
        "phone": "06.12.34.56.78",
    }
    data.update(overrides)
    return data


# Phone numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["06 12 34 56 78", "0612345678", "06.12.34.56.78", "+33 6 12 34 56 78", "0033612345678", "06-12-34-56-78"]
)
def test_a_french_number_typed_any_way_is_stored_one_way(typed):
    assert normalize_phone(typed) == "06 12 34 56 78"


def test_a_foreign_number_keeps_its_prefix():
    assert normalize_phone("+44 20 7946 0958") == "+44 20 7946 0958"


@pytest.mark.parametrize("typed", ["abc", "12", "06 12 34 56 78 90 12"])
def test_what_is_no_number_is_refused_in_french(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        normalize_phone(typed)
    assert "n'est pas un numéro de téléphone valide" in error.value.messages[0]


# Contacts: adding ---------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in(client):
    company = CompanyFactory()
    response = client.post(reverse("prospects:contact_create", args=[company.pk]), _contact_data())
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert not company.contacts.exists()


def test_observers_may_not_add_or_change_a_contact(observer_client):
    company = CompanyFactory()
    contact = ContactFactory(company=company, phone="04 66 00 00 00")
    assert (
        observer_client.post(reverse("prospects:contact_create", args=[company.pk]), _contact_data()).status_code == 403
    )
    response = observer_client.post(reverse("prospects:contact_update", args=[contact.pk]), _contact_data())
    assert response.status_code == 403
    assert observer_client.post(reverse("prospects:contact_left", args=[contact.pk])).status_code == 403
    contact.refresh_from_db()
    assert (company.contacts.count(), contact.phone, contact.left_on) == (1, "04 66 00 00 00", None)


def test_a_charge_adds_a_contact_with_the_number_stored_one_way(mission_client, mission):
    company = CompanyFactory(name="Scierie du Causse", actor=None)
    response = mission_client.post(reverse("prospects:contact_create", args=[company.pk]), _contact_data())
    assert response.status_code == 302
    contact = company.contacts.get()
    assert (contact.full_name, contact.phone, contact.email) == (
        "Hélène Fabrègue",
        "06 12 34 56 78",
        "h.fabregue@causse.fr",
    )
    record = contact.history.get()
    assert (record.history_type, record.history_user) == ("+", mission)
    # The company is found by the person's name.
    company.refresh_from_db()
    assert "fabregue" in company.search_text
    page = text(mission_client.get(company.get_absolute_url()))
    assert "Hélène Fabrègue" in page and 'href="tel:+33612345678"' in page and "06 12 34 56 78" in page


def test_a_bad_number_is_refused_with_a_message_and_nothing_is_created(mission_client):
    company = CompanyFactory()
    response = mission_client.post(reverse("prospects:contact_create", args=[company.pk]), _contact_data(phone="abc"))
    assert response.status_code == 200
    assert "« abc » n'est pas un numéro de téléphone valide" in text(response)
    assert not company.contacts.exists()


@pytest.mark.parametrize("email", ["h.fabregue@causse.fr\nBcc: x@y.fr", "h.fabregue@causse.fr\r\n"])
def test_an_email_with_a_line_break_is_refused(mission_client, email):
    company = CompanyFactory()
    response = mission_client.post(reverse("prospects:contact_create", args=[company.pk]), _contact_data(email=email))
    assert response.status_code == 200
    assert "une seule ligne" in text(response)
    assert not company.contacts.exists()


def test_sending_the_add_form_twice_creates_one_contact_and_warns(mission_client):
    company = CompanyFactory()
    url = reverse("prospects:contact_create", args=[company.pk])
    assert mission_client.post(url, _contact_data()).status_code == 302
    again = mission_client.post(url, _contact_data())
    assert again.status_code == 200
    page = text(again)
    assert "Cette personne est peut-être déjà enregistrée" in page
    assert "même nom" in page and "même email" in page and "même téléphone" in page
    assert company.contacts.count() == 1


@pytest.mark.parametrize(
    "other",
    [
        {"first_name": "helene", "last_name": "FABREGUE", "email": "", "phone": ""},
        {"first_name": "H.", "last_name": "Fabrègue-Martin", "email": "H.Fabregue@causse.fr", "phone": ""},
        {"first_name": "Hélène", "last_name": "Martin", "email": "", "phone": "+33 6 12 34 56 78"},
    ],
)
def test_a_likely_duplicate_is_added_only_once_confirmed(mission_client, other):
    company = CompanyFactory()
    ContactFactory(company=company, first_name="Hélène", last_name="Fabrègue", email="h.fabregue@causse.fr")
    services.contact_update(contact=company.contacts.get(), phone="0612345678")
    url = reverse("prospects:contact_create", args=[company.pk])
    data = _contact_data(**other)
    assert mission_client.post(url, data).status_code == 200
    assert company.contacts.count() == 1
    assert mission_client.post(url, {**data, "confirm_duplicate": "on"}).status_code == 302
    assert company.contacts.count() == 2


def test_the_same_person_at_another_company_is_no_duplicate(mission_client):
    ContactFactory(first_name="Hélène", last_name="Fabrègue", email="h.fabregue@causse.fr")
    company = CompanyFactory()
    response = mission_client.post(reverse("prospects:contact_create", args=[company.pk]), _contact_data())
    assert response.status_code == 302
    assert company.contacts.count() == 1


def test_a_new_primary_contact_takes_over_from_the_old_one(mission_client):
    company = CompanyFactory()
    old = ContactFactory(company=company, is_primary=True)
    url = reverse("prospects:contact_create", args=[company.pk])
    mission_client.post(url, _contact_data(is_primary="on"))
    old.refresh_from_db()
    assert not old.is_primary
    assert company.contacts.get(last_name="Fabrègue").is_primary


# Contacts: correcting -------------------------------------------------------------


def test_a_charge_corrects_the_phone_of_a_contact_of_any_company(teammate_client, teammate, mission):
    company = CompanyFactory(actor=mission)
    contact = ContactFactory(company=company, first_name="Paul", last_name="Rouvière", phone="04 66 00 00 00")
    response = teammate_client.post(
        reverse("prospects:contact_update", args=[contact.pk]),
        _contact_data(first_name="Paul", last_name="Rouvière", email=contact.email, phone="+33 4 66 49 00 01"),
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.phone == "04 66 49 00 01"
    latest = contact.history.order_by("-history_date", "-history_id").first()
    assert (latest.history_type, latest.history_user, latest.phone) == ("~", teammate, "04 66 49 00 01")
    assert latest.prev_record.phone == "04 66 00 00 00"


def test_a_bad_number_changes_nothing(mission_client):
    contact = ContactFactory(first_name="Paul", last_name="Rouvière", phone="04 66 00 00 00")
    response = mission_client.post(
        reverse("prospects:contact_update", args=[contact.pk]),
        _contact_data(first_name="Paulo", last_name="Rouvière", phone="abc"),
    )
    assert response.status_code == 200
    assert "« abc » n'est pas un numéro de téléphone valide" in text(response)
    contact.refresh_from_db()
    assert (contact.first_name, contact.phone, contact.history.count()) == ("Paul", "04 66 00 00 00", 1)


def test_a_number_stored_before_the_rule_does_not_block_an_objection():
    contact = ContactFactory(last_name="Rouvière")
    Contact.objects.filter(pk=contact.pk).update(phone="standard, demander Paul")
    contact.refresh_from_db()
    gdpr.contact_object(contact=contact, actor=None)
    contact.refresh_from_db()
    assert contact.objected and contact.phone == "standard, demander Paul"


def test_an_objected_or_anonymised_person_is_not_edited_from_the_company_page(mission_client, direction):
    objected = ContactFactory(last_name="Rouvière", phone="04 66 00 00 00")
    gdpr.contact_object(contact=objected, actor=direction)
    erased = ContactFactory(last_name="Vidal")
    gdpr.contact_erase(contact=erased, actor=direction)
    for contact in (objected, erased):
        url = reverse("prospects:contact_update", args=[contact.pk])
        assert mission_client.get(url).status_code == 302
        response = mission_client.post(url, _contact_data(last_name="Revenu"), follow=True)
        assert "ne se modifie plus" in text(response)
        contact.refresh_from_db()
        assert contact.last_name != "Revenu"
    objected.refresh_from_db()
    assert objected.objected
    # The company page offers no edit for them; the objection path stays.
    page = text(mission_client.get(objected.company.get_absolute_url()))
    assert reverse("prospects:contact_update", args=[objected.pk]) not in page
    assert reverse("gdpr:contact_object", args=[objected.pk]) not in page


def test_the_company_page_offers_edit_and_opposition_for_a_current_person(mission_client):
    contact = ContactFactory()
    page = text(mission_client.get(contact.company.get_absolute_url()))
    assert reverse("prospects:contact_update", args=[contact.pk]) in page
    assert reverse("prospects:contact_left", args=[contact.pk]) in page
    assert reverse("gdpr:contact_object", args=[contact.pk]) in page
    assert reverse("prospects:contact_create", args=[contact.company.pk]) in page


# Contacts: leaving ----------------------------------------------------------------


def test_a_person_who_left_stays_in_history_and_past_exchanges_but_is_no_longer_offered(mission_client, mission):
    company = CompanyFactory()
    contact = ContactFactory(company=company, first_name="Paul", last_name="Rouvière", is_primary=True)
    other = ContactFactory(company=company, first_name="Anne", last_name="Vidal")
    interaction = InteractionFactory(company=company, contacts=[contact], logged_by=mission)
    left_on = timezone.localdate() - datetime.timedelta(days=3)
    response = mission_client.post(reverse("prospects:contact_left", args=[contact.pk]), {"left_on": left_on})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.left_on, contact.is_primary) == (left_on, False)
    assert list(interaction.contacts.all()) == [contact]
    assert contact.history.latest().left_on == left_on

    page = text(mission_client.get(company.get_absolute_url()))
    former = page[page.index("Ont quitté l'entreprise") :]
    assert "Paul Rouvière" in former and "Anne Vidal" not in former
    assert "Paul Rouvière (a quitté l'entreprise)" in page

    new_exchange = text(mission_client.get(reverse("prospects:interaction_create", args=[company.pk])))
    assert "Anne Vidal" in new_exchange and "Paul Rouvière" not in new_exchange
    refused = mission_client.post(
        reverse("prospects:interaction_create", args=[company.pk]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "kind": InteractionKind.PHONE,
            "contacts": [contact.pk],
            "summary": "Rappel",
        },
    )
    assert refused.status_code == 200 and Interaction.objects.count() == 1
    # Correcting the old exchange keeps him.
    correction = text(mission_client.get(reverse("prospects:interaction_update", args=[interaction.pk])))
    assert "Paul Rouvière (a quitté l'entreprise)" in correction
    assert other.left_on is None


def test_a_departure_cannot_be_in_the_future_nor_make_a_primary_contact(mission_client):
    contact = ContactFactory(is_primary=True)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = mission_client.post(reverse("prospects:contact_left", args=[contact.pk]), {"left_on": tomorrow})
    assert response.status_code == 200
    assert "ne peut pas être dans le futur" in text(response)
    contact.refresh_from_db()
    assert contact.left_on is None and contact.is_primary
    services.contact_mark_left(contact=contact, actor=None, left_on=timezone.localdate())
    from django.core.exceptions import ValidationError

    contact.refresh_from_db()
    with pytest.raises(ValidationError):
        services.contact_update(contact=contact, is_primary=True)


def test_a_departure_marked_by_mistake_is_undone(mission_client):
    contact = ContactFactory()
    services.contact_mark_left(contact=contact, actor=None, left_on=timezone.localdate())
    response = mission_client.post(reverse("prospects:contact_left", args=[contact.pk]))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.left_on is None


# Exchanges ---------------------------------------------------------------------------


def _exchange_data(interaction, **overrides):
    data = {
        "occurred_at": timezone.localtime(interaction.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "kind": interaction.kind,
        "summary": interaction.summary,
        "lead_grade": interaction.lead_grade,
        "contacts": [contact.pk for contact in interaction.contacts.all()],
    }
    data.update(overrides)
    return data


def test_the_one_who_logged_an_exchange_corrects_it_and_the_history_keeps_the_change(mission_client, mission):
    company = CompanyFactory()
    contact = ContactFactory(company=company)
    interaction = InteractionFactory(company=company, logged_by=mission, summary="Apel pour le bâtiment")
    response = mission_client.post(
        reverse("prospects:interaction_update", args=[interaction.pk]),
        _exchange_data(interaction, summary="Appel pour le bâtiment", lead_grade="A", contacts=[contact.pk]),
    )
    assert response.status_code == 302
    interaction.refresh_from_db()
    assert (interaction.summary, interaction.lead_grade) == ("Appel pour le bâtiment", "A")
    assert list(interaction.contacts.all()) == [contact]
    summaries = list(interaction.history.order_by("history_date", "history_id").values_list("summary", flat=True))
    assert summaries[0] == "Apel pour le bâtiment" and summaries[-1] == "Appel pour le bâtiment"
    assert interaction.history.latest().history_user == mission


def test_an_exchange_names_only_people_of_its_company(mission_client, mission):
    interaction = InteractionFactory(logged_by=mission)
    stranger = ContactFactory()
    response = mission_client.post(
        reverse("prospects:interaction_update", args=[interaction.pk]),
        _exchange_data(interaction, contacts=[stranger.pk]),
    )
    assert response.status_code == 200
    assert not interaction.contacts.exists()


def test_moving_the_latest_exchange_back_recomputes_the_last_contact(mission_client, mission):
    company = CompanyFactory()
    now = timezone.now()
    older = InteractionFactory(company=company, logged_by=mission, occurred_at=now - datetime.timedelta(days=10))
    latest = InteractionFactory(company=company, logged_by=mission, occurred_at=now - datetime.timedelta(hours=1))
    company.refresh_from_db()
    assert company.last_contact_at == latest.occurred_at
    moved = (now - datetime.timedelta(days=20)).replace(second=0, microsecond=0)
    mission_client.post(
        reverse("prospects:interaction_update", args=[latest.pk]),
        _exchange_data(latest, occurred_at=timezone.localtime(moved).strftime("%Y-%m-%dT%H:%M")),
    )
    company.refresh_from_db()
    assert company.last_contact_at == older.occurred_at


def test_deleting_an_exchange_asks_first_then_recomputes_the_last_contact_and_keeps_the_trace(mission_client, mission):
    company = CompanyFactory()
    now = timezone.now()
    older = InteractionFactory(company=company, logged_by=mission, occurred_at=now - datetime.timedelta(days=10))
    latest = InteractionFactory(company=company, logged_by=mission, summary="Visite du bâtiment d'Antrenas")
    followup = FollowUpFactory(company=company, assignee=mission, interaction=latest)
    url = reverse("prospects:interaction_delete", args=[latest.pk])
    confirm = mission_client.get(url)
    assert confirm.status_code == 200 and "Supprimer l'échange ?" in text(confirm)
    assert Interaction.objects.filter(pk=latest.pk).exists()
    assert mission_client.post(url).status_code == 302
    assert not Interaction.objects.filter(pk=latest.pk).exists()
    company.refresh_from_db()
    assert company.last_contact_at == older.occurred_at
    followup.refresh_from_db()
    assert followup.interaction is None
    trace = Interaction.history.filter(id=latest.pk).latest()
    assert (trace.history_type, trace.history_user, trace.summary) == ("-", mission, "Visite du bâtiment d'Antrenas")
    services.interaction_delete(interaction=older, actor=mission)
    company.refresh_from_db()
    assert company.last_contact_at is None


def test_another_charge_may_neither_correct_nor_delete_someone_else_s_exchange(teammate_client, mission):
    interaction = InteractionFactory(logged_by=mission, summary="Rendez-vous à Mende")
    for name in ("prospects:interaction_update", "prospects:interaction_delete"):
        url = reverse(name, args=[interaction.pk])
        assert teammate_client.get(url).status_code == 403
    response = teammate_client.post(
        reverse("prospects:interaction_update", args=[interaction.pk]), _exchange_data(interaction, summary="Changé")
    )
    assert response.status_code == 403
    assert teammate_client.post(reverse("prospects:interaction_delete", args=[interaction.pk])).status_code == 403
    interaction.refresh_from_db()
    assert interaction.summary == "Rendez-vous à Mende"
    page = text(teammate_client.get(interaction.company.get_absolute_url()))
    assert "Rendez-vous à Mende" in page
    assert reverse("prospects:interaction_update", args=[interaction.pk]) not in page


def test_direction_corrects_and_deletes_any_exchange(direction_client, mission, direction):
    interaction = InteractionFactory(logged_by=mission, summary="Rendez-vous à Mende")
    response = direction_client.post(
        reverse("prospects:interaction_update", args=[interaction.pk]),
        _exchange_data(interaction, summary="Rendez-vous à Marvejols", kind=InteractionKind.MEETING),
    )
    assert response.status_code == 302
    interaction.refresh_from_db()
    assert (interaction.summary, interaction.kind, interaction.logged_by) == (
        "Rendez-vous à Marvejols",
        InteractionKind.MEETING,
        mission,
    )
    assert direction_client.post(reverse("prospects:interaction_delete", args=[interaction.pk])).status_code == 302
    assert not Interaction.objects.filter(pk=interaction.pk).exists()
    assert Interaction.history.filter(id=interaction.pk).latest().history_user == direction


def test_observers_may_not_touch_an_exchange(observer_client, mission):
    interaction = InteractionFactory(logged_by=mission)
    assert observer_client.get(reverse("prospects:interaction_update", args=[interaction.pk])).status_code == 403
    assert observer_client.post(reverse("prospects:interaction_delete", args=[interaction.pk])).status_code == 403
    assert Interaction.objects.filter(pk=interaction.pk).exists()


def test_an_exchange_behind_a_confidential_project_is_neither_shown_nor_editable(
    mission_client, teammate, teammate_client, direction_client
):
    company = CompanyFactory()
    project = ProjectFactory(company=company, owner=teammate, confidential=True, code_name="Projet Aubrac")
    interaction = InteractionFactory(company=company, logged_by=teammate, summary="Rachat du site de Mende")
    FollowUpFactory(company=company, assignee=teammate, project=project, interaction=interaction)
    # Even someone who logged it: the page is the project's secret.
    Interaction.objects.filter(pk=interaction.pk).update(logged_by=None)
    page = text(mission_client.get(company.get_absolute_url()))
    assert "Rachat du site de Mende" not in page
    for name in ("prospects:interaction_update", "prospects:interaction_delete"):
        assert mission_client.get(reverse(name, args=[interaction.pk])).status_code == 404
    assert "Rachat du site de Mende" in text(teammate_client.get(company.get_absolute_url()))
    assert direction_client.get(reverse("prospects:interaction_update", args=[interaction.pk])).status_code == 200


def test_the_audit_shows_a_corrected_exchange(direction_client, mission):
    interaction = InteractionFactory(logged_by=mission, summary="Apel")
    services.interaction_update(interaction=interaction, actor=mission, summary="Appel")
    page = text(direction_client.get(reverse("prospects:company_history", args=[interaction.company.pk])))
    assert "Échange du" in page and "Apel" in page and "Appel" in page


def test_erasing_a_person_also_erases_them_from_old_versions_of_exchanges(mission, direction):
    company = CompanyFactory()
    contact = ContactFactory(company=company, first_name="Paul", last_name="Rouvière")
    interaction = InteractionFactory(company=company, contacts=[contact], summary="Vu Paul Rouvière au salon")
    services.interaction_update(interaction=interaction, actor=mission, summary="Vu Paul Rouvière au SIAL")
    gdpr.contact_erase(contact=contact, actor=direction)
    assert not [s for s in Interaction.history.values_list("summary", flat=True) if "Rouvière" in s]


# Projects ---------------------------------------------------------------------------------


def _needs_data(project, **overrides):
    data = {
        "team": [member.pk for member in project.team.all()],
        "building_m2": project.building_m2 or "",
        "land_m2": project.land_m2 or "",
        "max_interchange_km": project.max_interchange_km or "",
        "budget": project.budget or "",
        "needed_by": project.needed_by or "",
    }
    if project.fibre_needed:
        data["fibre_needed"] = "on"
    data.update(overrides)
    return data


def test_a_team_member_changes_the_needs_on_the_project_page(teammate_client, mission, teammate):
    project = ProjectFactory(owner=mission, team=[teammate])
    needed_by = timezone.localdate() + datetime.timedelta(days=90)
    response = teammate_client.post(
        reverse("prospects:project_needs_update", args=[project.pk]),
        _needs_data(
            project, building_m2="1200", land_m2="5000", fibre_needed="on", budget="800000", needed_by=needed_by
        ),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.building_m2, project.land_m2, project.fibre_needed, project.budget, project.needed_by) == (
        1200,
        5000,
        True,
        800000,
        needed_by,
    )
    assert project.history.latest().history_user == teammate
    page = text(teammate_client.get(project.get_absolute_url()))
    assert "bâtiment 1" in page and "fibre nécessaire" in page


def test_only_the_owner_or_direction_changes_the_team(teammate_client, mission_client, mission, teammate, direction):
    project = ProjectFactory(owner=mission, team=[teammate])
    url = reverse("prospects:project_needs_update", args=[project.pk])
    response = teammate_client.post(url, _needs_data(project, team=[teammate.pk]))
    assert response.status_code == 200
    assert "Seul le responsable du projet ou la Direction peut changer l" in text(response)
    assert set(project.team.all()) == {mission, teammate}
    assert mission_client.post(url, _needs_data(project, team=[mission.pk, direction.pk])).status_code == 302
    assert set(project.team.all()) == {mission, direction}


def test_a_bad_need_changes_nothing(mission_client, mission):
    project = ProjectFactory(owner=mission, building_m2=800)
    response = mission_client.post(
        reverse("prospects:project_needs_update", args=[project.pk]), _needs_data(project, building_m2="-5")
    )
    assert response.status_code == 200
    assert 'id="needs-edit" open' in text(response)
    project.refresh_from_db()
    assert project.building_m2 == 800


def test_a_confidential_project_s_needs_are_a_404_to_strangers(teammate_client, mission):
    project = ProjectFactory(owner=mission, confidential=True, building_m2=800)
    url = reverse("prospects:project_needs_update", args=[project.pk])
    assert teammate_client.get(url).status_code == 404
    assert teammate_client.post(url, {"building_m2": "10"}).status_code == 404
    assert Project.objects.get(pk=project.pk).building_m2 == 800


def test_observers_may_not_change_a_project(observer_client, mission):
    project = ProjectFactory(owner=mission, building_m2=800)
    url = reverse("prospects:project_needs_update", args=[project.pk])
    assert observer_client.post(url, {"building_m2": "10"}).status_code == 403
    assert Project.objects.get(pk=project.pk).building_m2 == 800


# The services, whoever calls them (the admin too) ------------------------------------------


def test_the_services_refuse_what_the_screens_refuse(mission, direction):
    from django.core.exceptions import ValidationError

    company = CompanyFactory()
    with pytest.raises(ValidationError) as error:
        services.contact_create(company=company, last_name="Vidal", phone="abc")
    assert "phone" in error.value.message_dict and not company.contacts.exists()

    interaction = InteractionFactory(company=company, logged_by=mission)
    stranger = ContactFactory()
    with pytest.raises(ValidationError) as error:
        services.interaction_update(interaction=interaction, actor=mission, contacts=[stranger])
    assert "contacts" in error.value.message_dict and not interaction.contacts.exists()

    erased = ContactFactory(company=company)
    gdpr.contact_erase(contact=erased, actor=direction)
    with pytest.raises(ValidationError):
        services.contact_mark_left(contact=erased, actor=mission, left_on=timezone.localdate())
    erased.refresh_from_db()
    assert erased.left_on is None
