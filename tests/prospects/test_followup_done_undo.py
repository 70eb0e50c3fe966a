"""Done, and what next: a note logged as an exchange, the next follow-up proposed, and « Annuler » for ten minutes."""

import datetime

import pytest
from django.urls import reverse

from prospects.models import (
    Company,
    CompanyStage,
    FollowUp,
    FollowUpAction,
    FollowUpStatus,
    Interaction,
    InteractionKind,
)
from tests.prospects.factories import (
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2012, 6, 13, 9, 0, tzinfo=datetime.UTC)  # Wednesday 13 June 2012, 11:00 in Paris
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def complete_url(followup):
    return reverse("prospects:followup_complete", args=[followup.pk])


def undo_url(action):
    return reverse("prospects:followup_undo", args=[action.pk])


@pytest.fixture
def lead(mission):
    """A follow-up from a B lead met on a stand, with its person, on a project."""
    company = CompanyFactory(name="Fromagerie de Marvejols")
    person = ContactFactory(company=company, first_name="Hélène", last_name="Fabrègue", phone="0612345678")
    met = InteractionFactory(
        company=company,
        contacts=[person],
        kind=InteractionKind.STAND,
        lead_grade="B",
        occurred_at=NOW - datetime.timedelta(days=7),
    )
    project = ProjectFactory(company=company, owner=mission)
    followup = FollowUpFactory(
        company=company, project=project, interaction=met, assignee=mission, title="Rappeler Mme Fabrègue", due_on=TODAY
    )
    followup.person = person
    return followup


def done_with_next(client, followup, **extra):
    data = {
        "note": "Visite du bâtiment d'Antrenas calée, elle vient avec son associé.",
        "kind": InteractionKind.PHONE,
        "lead_grade": "A",
        "schedule_next": "on",
        "next_title": "Préparer la visite",
        "next_due_on": "2012-06-14",
        "next": "/relances/?tri=entreprise",
        **extra,
    }
    return client.post(complete_url(followup), data)


def test_the_done_page_shows_the_person_and_proposes_a_date_from_the_grade(mission_client, lead):
    response = mission_client.get(complete_url(lead), {"next": "/relances/"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hélène Fabrègue" in page and 'href="tel:+33612345678"' in page
    form = response.context["form"]
    # A B lead: two working days after Wednesday 13 June; this exchange's grade is chosen afresh.
    assert form["lead_grade"].value() in (None, "")
    assert "Lors de l&#x27;échange précédent : B – intéressé." in page
    assert form["next_due_on"].value() == datetime.date(2012, 6, 15)
    assert form["schedule_next"].value() is True
    assert form["next_title"].value() == "Rappeler Mme Fabrègue"


def test_the_proposed_date_skips_weekends_and_public_holidays(mission_client, mission, frozen):
    frozen.move_to(datetime.datetime(2012, 5, 25, 9, 0, tzinfo=datetime.UTC), tick=False)  # a Friday
    met = InteractionFactory(lead_grade="A", occurred_at=datetime.datetime(2012, 5, 24, 9, tzinfo=datetime.UTC))
    followup = FollowUpFactory(
        company=met.company, interaction=met, assignee=mission, due_on=datetime.date(2012, 5, 25)
    )
    form = mission_client.get(complete_url(followup)).context["form"]
    # Not Saturday, not Sunday, not Whit Monday 28 May.
    assert form["next_due_on"].value() == datetime.date(2012, 5, 29)
    assert form.proposed_dates["C"] == datetime.date(2012, 6, 1)
    assert form.proposed_dates["D"] is None


@pytest.mark.parametrize("grade", ["D", ""])
def test_a_d_grade_or_none_ticks_no_next_followup(mission_client, mission, grade):
    met = InteractionFactory(lead_grade=grade)
    followup = FollowUpFactory(company=met.company, interaction=met, assignee=mission)
    form = mission_client.get(complete_url(followup)).context["form"]
    assert form["schedule_next"].value() is False
    # A week later is there, should the user tick it.
    assert form["next_due_on"].value() == datetime.date(2012, 6, 20)


def test_done_with_a_note_and_a_next_followup(mission_client, mission, lead):
    response = done_with_next(mission_client, lead)
    assert response.status_code == 302 and response["Location"] == "/relances/?tri=entreprise"
    lead.refresh_from_db()
    assert lead.status == FollowUpStatus.DONE and lead.done_at == NOW
    exchange = Interaction.objects.get(summary__startswith="Visite du bâtiment")
    assert (exchange.company, exchange.kind, exchange.lead_grade, exchange.logged_by, exchange.occurred_at) == (
        lead.company,
        InteractionKind.PHONE,
        "A",
        mission,
        NOW,
    )
    assert list(exchange.contacts.all()) == [lead.person]
    following = FollowUp.objects.get(title="Préparer la visite")
    assert (following.status, following.due_on, following.assignee, following.project, following.interaction) == (
        FollowUpStatus.OPEN,
        datetime.date(2012, 6, 14),
        mission,
        lead.project,
        exchange,
    )
    action = FollowUpAction.objects.get()
    assert (action.followup, action.actor, action.created_interaction, action.created_followup) == (
        lead,
        mission,
        exchange,
        following,
    )
    page = mission_client.get(response["Location"]).content.decode()
    assert "Relance « Rappeler Mme Fabrègue » faite. Prochaine relance le 14/06/2012." in page
    assert f'action="{undo_url(action)}"' in page and "faite à 11:00" in page


def test_the_form_as_proposed_schedules_the_next_followup_and_logs_nothing(mission_client, lead):
    form = mission_client.get(complete_url(lead)).context["form"]
    data = {name: form[name].value() for name in ("kind", "next_title", "next_due_on")}
    response = mission_client.post(complete_url(lead), {**data, "schedule_next": "on", "note": "", "lead_grade": ""})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == FollowUpStatus.DONE
    following = FollowUp.objects.exclude(pk=lead.pk).get()
    assert (following.title, following.due_on, following.interaction) == (
        "Rappeler Mme Fabrègue",
        datetime.date(2012, 6, 15),
        lead.interaction,
    )
    assert Interaction.objects.count() == 1


def test_a_plain_done_logs_nothing_and_schedules_nothing(mission_client, lead):
    response = mission_client.post(complete_url(lead), {"kind": InteractionKind.PHONE})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == FollowUpStatus.DONE
    assert Interaction.objects.count() == 1 and FollowUp.objects.count() == 1


def test_submitting_done_twice_creates_one_exchange_and_one_next_followup(mission_client, lead):
    done_with_next(mission_client, lead)
    again = done_with_next(mission_client, lead)
    assert again.status_code == 302
    assert FollowUp.objects.filter(title="Préparer la visite").count() == 1
    assert Interaction.objects.filter(summary__startswith="Visite").count() == 1
    assert FollowUpAction.objects.count() == 1
    assert "Cette relance est déjà close." in mission_client.get(again["Location"]).content.decode()


def test_the_service_refuses_a_second_completion(mission, lead):
    from django.core.exceptions import ValidationError

    from prospects.services import followup_complete

    stale = FollowUp.objects.get(pk=lead.pk)
    followup_complete(followup=lead, actor=mission, next_due_on=TODAY, next_title="Suite")
    with pytest.raises(ValidationError, match="déjà close"):
        followup_complete(followup=stale, actor=mission, next_due_on=TODAY, next_title="Suite")
    assert FollowUp.objects.filter(title="Suite").count() == 1


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"next_due_on": "2012-06-12"}, "next_due_on", "La prochaine relance ne peut pas être dans le passé."),
        ({"next_due_on": ""}, "next_due_on", "Choisissez la date de la prochaine relance."),
        ({"next_title": " "}, "next_title", "Donnez un objet à la prochaine relance."),
        ({"note": ""}, "note", "Notez ce qui s'est dit pour enregistrer l'appréciation du contact."),
        ({"kind": "pigeon"}, "kind", "Sélectionnez un choix valide."),
    ],
)
def test_bad_done_input_is_explained_and_changes_nothing(mission_client, lead, changes, field, message):
    response = done_with_next(mission_client, lead, **changes)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    lead.refresh_from_db()
    assert lead.status == FollowUpStatus.OPEN
    assert FollowUp.objects.count() == 1 and Interaction.objects.count() == 1 and not FollowUpAction.objects.exists()


def test_someone_elses_followup_cannot_be_completed(teammate_client, lead):
    assert teammate_client.get(complete_url(lead)).status_code == 404
    assert done_with_next(teammate_client, lead).status_code == 404
    lead.refresh_from_db()
    assert lead.status == FollowUpStatus.OPEN


# Undo -----------------------------------------------------------------------------------


def test_undo_puts_everything_back(mission_client, mission, frozen):
    company = CompanyFactory()
    assert company.stage == CompanyStage.IDENTIFIED and company.last_contact_at is None
    followup = FollowUpFactory(company=company, assignee=mission, due_on=TODAY + datetime.timedelta(days=1))
    done_with_next(mission_client, followup, lead_grade="")
    company.refresh_from_db()
    assert company.stage == CompanyStage.CONTACTED and company.last_contact_at == NOW
    action = FollowUpAction.objects.get()
    frozen.shift(datetime.timedelta(minutes=9))
    response = mission_client.post(undo_url(action), {"next": "/relances/?tri=entreprise"})
    assert response["Location"] == "/relances/?tri=entreprise"
    followup.refresh_from_db()
    assert (followup.status, followup.due_on, followup.done_at) == (
        FollowUpStatus.OPEN,
        TODAY + datetime.timedelta(days=1),
        None,
    )
    assert not FollowUp.objects.filter(title="Préparer la visite").exists()
    assert not Interaction.objects.exists()
    company.refresh_from_db()
    assert company.stage == CompanyStage.IDENTIFIED and company.last_contact_at is None
    action.refresh_from_db()
    assert action.undone_at is not None
    assert followup.history.first().history_change_reason == "Annulation"
    assert followup.history.first().history_user == mission
    page = mission_client.get(response["Location"]).content.decode()
    assert "Annulé : la relance" in page and "est de nouveau à faire, pour le 14/06/2012." in page
    assert f'action="{undo_url(action)}"' not in page


def test_undo_keeps_the_exchanges_that_were_there_before(mission_client, lead):
    done_with_next(mission_client, lead)
    mission_client.post(undo_url(FollowUpAction.objects.get()))
    assert list(Interaction.objects.all()) == [lead.interaction]
    company = Company.objects.get(pk=lead.company_id)
    assert company.last_contact_at == lead.interaction.occurred_at and company.stage == CompanyStage.PROJECT


def test_a_second_undo_changes_nothing(mission_client, mission, lead):
    done_with_next(mission_client, lead)
    action = FollowUpAction.objects.get()
    mission_client.post(undo_url(action))
    # Done again, by a new completion: the old undo must not reopen it.
    mission_client.post(complete_url(lead))
    response = mission_client.post(undo_url(action), follow=True)
    assert "Cette action a déjà été annulée." in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == FollowUpStatus.DONE


def test_an_undo_after_ten_minutes_changes_nothing(mission_client, lead, frozen):
    done_with_next(mission_client, lead)
    frozen.shift(datetime.timedelta(minutes=10, seconds=1))
    page = mission_client.get(reverse("prospects:followup_list")).content.decode()
    assert "faite à" not in page
    response = mission_client.post(undo_url(FollowUpAction.objects.get()), follow=True)
    assert "Trop tard pour annuler : une action ne s&#x27;annule que dans les 10 minutes qui suivent." in (
        response.content.decode()
    )
    lead.refresh_from_db()
    assert lead.status == FollowUpStatus.DONE
    assert FollowUp.objects.filter(title="Préparer la visite").exists()
    assert FollowUpAction.objects.get().undone_at is None


def test_only_the_author_may_undo(mission_client, direction_client, lead):
    done_with_next(mission_client, lead)
    action = FollowUpAction.objects.get()
    response = direction_client.post(undo_url(action), follow=True)
    assert "Seule la personne qui a fait cette action peut l&#x27;annuler." in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == FollowUpStatus.DONE
    assert FollowUpAction.objects.get().undone_at is None


def test_undo_is_a_post(mission_client, observer_client, lead):
    done_with_next(mission_client, lead)
    action = FollowUpAction.objects.get()
    assert mission_client.get(undo_url(action)).status_code == 405
    assert observer_client.post(undo_url(action)).status_code == 403
    lead.refresh_from_db()
    assert lead.status == FollowUpStatus.DONE


def test_undo_is_refused_once_the_next_followup_was_worked_on(mission_client, mission, lead):
    done_with_next(mission_client, lead)
    following = FollowUp.objects.get(title="Préparer la visite")
    mission_client.post(complete_url(following))
    response = mission_client.post(undo_url(FollowUpAction.objects.get(followup=lead)), follow=True)
    assert "La relance suivante a déjà été modifiée ou faite" in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == FollowUpStatus.DONE and FollowUp.objects.filter(pk=following.pk).exists()


def test_undo_is_refused_once_the_followup_was_changed(direction_client, direction, mission):
    followup = FollowUpFactory(assignee=mission, due_on=TODAY)
    direction_client.post(reverse("prospects:followup_snooze", args=[followup.pk]), {"delay": "7"})
    action = FollowUpAction.objects.get()
    direction_client.post(reverse("prospects:followup_reassign", args=[followup.pk]), {"assignee": direction.pk})
    response = direction_client.post(undo_url(action), follow=True)
    assert "La relance a été modifiée depuis" in response.content.decode()
    followup.refresh_from_db()
    assert followup.due_on == TODAY + datetime.timedelta(days=7)


def test_undo_a_snooze(mission_client, mission):
    followup = FollowUpFactory(assignee=mission, due_on=TODAY)
    mission_client.post(reverse("prospects:followup_snooze", args=[followup.pk]), {"delay": "7"})
    page = mission_client.get(reverse("prospects:followup_list")).content.decode()
    assert "reportée à 11:00" in page
    response = mission_client.post(undo_url(FollowUpAction.objects.get()), follow=True)
    assert "est de nouveau due le 13/06/2012." in response.content.decode()
    followup.refresh_from_db()
    assert (followup.status, followup.due_on) == (FollowUpStatus.OPEN, TODAY)


def test_unknown_action_is_404(mission_client):
    assert mission_client.post(reverse("prospects:followup_undo", args=[424242])).status_code == 404
