"""The follow-ups list's filters, and Direction's bulk reassignment from it."""

import datetime

import pytest
from django.urls import reverse

from prospects.models import FollowUp, FollowUpStatus
from prospects.services import ASSIGNMENT_NOTICE_TASK
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import CompanyFactory, FollowUpFactory, InteractionFactory, ProjectFactory
from tests.prospects.test_views_followups import sent_notices

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2012, 6, 13)
LIST = reverse("prospects:followup_list")
BULK = reverse("prospects:followup_bulk_reassign")


@pytest.fixture(autouse=True)
def frozen_day(time_machine):
    time_machine.move_to(datetime.datetime(2012, 6, 13, 9, 0, tzinfo=datetime.UTC), tick=False)


def met_at(appearance, assignee, title, **extra):
    interaction = InteractionFactory(appearance=appearance)
    return FollowUpFactory(
        company=interaction.company, interaction=interaction, assignee=assignee, title=title, **extra
    )


@pytest.fixture
def sial():
    return AppearanceFactory(city="Paris")


def titles(response):
    return [followup.title for group in response.context["groups"] for followup in group["items"]]


# Filters ----------------------------------------------------------------------------------


def test_filter_by_show_project_and_due_date(mission_client, mission, sial):
    met_at(sial, mission, "Lead du SIAL", due_on=TODAY + datetime.timedelta(days=2))
    project = ProjectFactory(owner=mission, code_name="Projet Aigle")
    FollowUpFactory(company=project.company, project=project, assignee=mission, title="Sur le projet")
    FollowUpFactory(assignee=mission, title="Plus tard", due_on=TODAY + datetime.timedelta(days=40))
    assert titles(mission_client.get(LIST, {"salon": sial.pk})) == ["Lead du SIAL"]
    assert titles(mission_client.get(LIST, {"projet": project.pk})) == ["Sur le projet"]
    assert titles(mission_client.get(LIST, {"du": "2012-07-01"})) == ["Plus tard"]
    assert set(titles(mission_client.get(LIST, {"au": "2012-06-30"}))) == {"Lead du SIAL", "Sur le projet"}


def test_a_show_also_finds_the_followups_of_the_projects_it_brought(mission_client, mission, sial):
    project = ProjectFactory(owner=mission, origin_appearance=sial)
    FollowUpFactory(company=project.company, project=project, assignee=mission, title="Projet né au SIAL")
    FollowUpFactory(assignee=mission, title="Autre")
    assert titles(mission_client.get(LIST, {"salon": sial.pk})) == ["Projet né au SIAL"]


def test_sort_by_company_within_each_group(mission_client, mission):
    for name in ("Scierie Bravo", "Abattoir Alpha", "Coopérative Charlie"):
        FollowUpFactory(company=CompanyFactory(name=name), assignee=mission, title=name, due_on=TODAY)
    assert titles(mission_client.get(LIST, {"tri": "entreprise"})) == [
        "Abattoir Alpha",
        "Coopérative Charlie",
        "Scierie Bravo",
    ]
    assert titles(mission_client.get(LIST, {"tri": "-echeance"}))[0] in {
        "Abattoir Alpha",
        "Coopérative Charlie",
        "Scierie Bravo",
    }


def test_a_chargé_de_mission_chooses_no_person_and_sees_no_hidden_project(mission_client, mission, teammate):
    secret = ProjectFactory(owner=teammate, confidential=True, code_name="Projet Lynx")
    FollowUpFactory(company=secret.company, project=secret, assignee=teammate)
    mine = ProjectFactory(owner=mission, code_name="Projet Aigle")
    FollowUpFactory(company=mine.company, project=mine, assignee=mission)
    response = mission_client.get(LIST)
    page = response.content.decode()
    assert 'name="personne"' not in page and 'id="bulk-form"' not in page
    assert "Projet Aigle" in page and "Projet Lynx" not in page
    response = mission_client.get(LIST, {"projet": secret.pk})
    assert "projet" in response.context["filter"].errors


def test_bad_filter_values_are_explained(direction_client, mission):
    FollowUpFactory(assignee=mission)
    response = direction_client.get(LIST, {"personne": "987654", "du": "31/02/2012", "salon": "x"})
    assert response.status_code == 200
    assert {"personne", "du", "salon"} <= set(response.context["filter"].errors)
    # No « all of this filter » on a filter that does not hold.
    assert 'name="everything"' not in response.content.decode()


# The action bar -----------------------------------------------------------------------------


def test_the_bar_sits_above_the_list_with_the_filter_and_its_count(direction_client, mission, sial):
    first = met_at(sial, mission, "Lead 1")
    met_at(sial, mission, "Lead 2")
    page = direction_client.get(LIST, {"personne": mission.pk, "salon": sial.pk}).content.decode()
    bar = page[page.index('id="bulk-form"') : page.index("</form>", page.index('id="bulk-form"'))]
    assert page.index('id="bulk-form"') < page.index(f'id="relance-{first.pk}"')
    assert f'name="personne" value="{mission.pk}"' in bar and f'name="salon" value="{sial.pk}"' in bar
    assert 'name="seen" value="2"' in bar
    assert "Sélectionner les 2 relances de ce filtre" in bar
    assert f'value="{first.pk}" form="bulk-form"' in page


def test_bulk_reassign_the_ticked_ones_and_stay_on_the_list(direction_client, mission, teammate):
    chosen, kept = FollowUpFactory(assignee=mission), FollowUpFactory(assignee=mission)
    back = f"{LIST}?personne={mission.pk}&tri=entreprise"
    response = direction_client.post(BULK, {"followups": [chosen.pk], "assignee": teammate.pk, "next": back})
    assert response.status_code == 302 and response["Location"] == back
    chosen.refresh_from_db()
    kept.refresh_from_db()
    assert chosen.assignee == teammate and kept.assignee == mission
    assert "1 relance attribuée à Julie Chabert." in direction_client.get(back).content.decode()


def test_bulk_reassign_everything_of_one_person_at_one_show(
    direction_client, direction, mission, teammate, sial, django_capture_on_commit_callbacks
):
    moved = [met_at(sial, mission, f"SIAL {n}") for n in range(3)]
    elsewhere = FollowUpFactory(assignee=mission, title="Autre salon")
    done = met_at(sial, mission, "Déjà faite", status=FollowUpStatus.DONE)
    someone_else = met_at(sial, direction, "De Dominique")
    back = f"{LIST}?personne={mission.pk}&salon={sial.pk}"
    with django_capture_on_commit_callbacks() as callbacks:
        response = direction_client.post(
            BULK,
            {
                "personne": mission.pk,
                "salon": sial.pk,
                "everything": "1",
                "seen": "3",
                # Ids from the page do not widen "everything": the filter is run again.
                "followups": [elsewhere.pk],
                "assignee": teammate.pk,
                "next": back,
            },
        )
    assert response["Location"] == back
    assert set(FollowUp.objects.filter(assignee=teammate)) == set(moved)
    for followup in (elsewhere, done, someone_else):
        before = followup.assignee
        followup.refresh_from_db()
        assert followup.assignee == before
    notices = sent_notices(callbacks)
    assert {name for name, _args in notices} == {ASSIGNMENT_NOTICE_TASK}
    assert sorted(args[0] for _name, args in notices) == sorted(f.pk for f in moved)
    page = direction_client.get(back)
    assert "3 relances attribuées à Julie Chabert." in page.content.decode()
    assert page.context["total"] == 0


def test_everything_is_refused_when_the_list_changed_since_it_was_shown(direction_client, mission, teammate, sial):
    for n in range(3):
        met_at(sial, mission, f"SIAL {n}")
    response = direction_client.post(
        BULK, {"personne": mission.pk, "salon": sial.pk, "everything": "1", "seen": "2", "assignee": teammate.pk}
    )
    page = direction_client.get(response["Location"]).content.decode()
    assert "La liste a changé depuis son affichage (2 relances, 3 maintenant) : rien n&#x27;a été réattribué." in page
    assert not FollowUp.objects.filter(assignee=teammate).exists()


def test_everything_with_a_filter_that_does_not_hold_moves_nothing(direction_client, mission, teammate):
    FollowUpFactory(assignee=mission)
    response = direction_client.post(
        BULK, {"personne": mission.pk, "salon": "987654", "everything": "1", "seen": "1", "assignee": teammate.pk}
    )
    page = direction_client.get(response["Location"]).content.decode()
    assert "Le filtre de la liste n&#x27;est pas valable" in page
    assert not FollowUp.objects.filter(assignee=teammate).exists()


def test_followups_on_a_confidential_project_the_new_person_is_not_on_stay_put(direction_client, mission, teammate):
    secret = ProjectFactory(owner=mission, confidential=True, code_name="Projet Aigle")
    hidden = [FollowUpFactory(company=secret.company, project=secret, assignee=mission) for _ in range(2)]
    plain = FollowUpFactory(assignee=mission)
    response = direction_client.post(
        BULK, {"personne": mission.pk, "everything": "1", "seen": "3", "assignee": teammate.pk}
    )
    page = direction_client.get(response["Location"]).content.decode()
    assert "1 relance attribuée à Julie Chabert." in page
    assert (
        "2 relances n&#x27;ont pas bougé : Julie Chabert ne fait pas partie de l&#x27;équipe "
        "de leurs projets confidentiels." in page
    )
    plain.refresh_from_db()
    assert plain.assignee == teammate
    assert all(FollowUp.objects.get(pk=f.pk).assignee == mission for f in hidden)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"assignee": "TEAMMATE"}, "Cochez au moins une relance, ou « toutes les relances de ce filtre »."),
        ({"followups": "FOLLOWUP"}, "Choisissez la personne à qui confier les relances."),
        ({"followups": "FOLLOWUP", "assignee": "OBSERVER"}, "Choisissez une personne de la liste."),
        ({"followups": "987654", "assignee": "TEAMMATE"}, "Une des relances cochées n&#x27;est plus ouverte"),
        ({"everything": "1", "assignee": "TEAMMATE"}, "Rechargez la liste avant de réattribuer toutes ses relances."),
    ],
)
def test_bad_bulk_input_is_explained_and_moves_nothing(direction_client, mission, teammate, observer, data, message):
    followup = FollowUpFactory(assignee=mission)
    values = {"TEAMMATE": teammate.pk, "OBSERVER": observer.pk, "FOLLOWUP": followup.pk}
    response = direction_client.post(BULK, {key: values.get(value, value) for key, value in data.items()})
    assert response.status_code == 302 and response["Location"] == LIST
    assert message in direction_client.get(LIST).content.decode()
    followup.refresh_from_db()
    assert followup.assignee == mission


def test_bulk_reassign_is_for_direction_only(client, observer_client, mission_client, mission, teammate):
    followup = FollowUpFactory(assignee=mission)
    data = {"followups": [followup.pk], "assignee": teammate.pk}
    assert client.post(BULK, data)["Location"].startswith(reverse("accounts:login"))
    assert observer_client.post(BULK, data).status_code == 403
    assert mission_client.post(BULK, data).status_code == 403
    followup.refresh_from_db()
    assert followup.assignee == mission


def test_a_get_goes_to_the_list(direction_client, mission):
    response = direction_client.get(BULK, {"next": f"{LIST}?personne={mission.pk}"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?personne={mission.pk}"
