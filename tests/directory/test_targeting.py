"""The « Annuaire » screen: filters, capped counts, establishments made into targets once, and the signals."""

import pytest
from django.urls import reverse

from directory.models import ChangeKind
from directory.views import CONFIRM_ABOVE
from prospects.models import Company, FollowUp
from tests.directory.factories import DirectoryChangeFactory, EstablishmentFactory
from tests.prospects.factories import CompanyFactory

pytestmark = pytest.mark.django_db
TARGETING = reverse("directory:targeting")
FOLLOW = reverse("directory:targeting_follow")


@pytest.fixture
def register():
    sawmills = [EstablishmentFactory(name=f"SCIERIE {n}", naf="16.10A", department="48") for n in range(4)]
    dairies = [
        EstablishmentFactory(name=f"LAITERIE {n}", naf="10.51C", department="12", postcode="12100", city="MILLAU")
        for n in range(3)
    ]
    closed = EstablishmentFactory(name="SCIERIE FERMEE", naf="16.10A", department="48", active=False)
    return sawmills, dairies, closed


def _shown(response):
    return {row.siret for row in response.context["page"].object_list}


def test_filters_by_naf_prefix_department_and_state(mission_client, register):
    sawmills, dairies, closed = register
    assert _shown(mission_client.get(TARGETING, {"naf": "16", "active": "yes"})) == {e.siret for e in sawmills}
    assert _shown(mission_client.get(TARGETING, {"naf": "10.5", "departement": "12"})) == {e.siret for e in dairies}
    assert _shown(mission_client.get(TARGETING, {"active": "no"})) == {closed.siret}
    assert _shown(mission_client.get(TARGETING, {"sector": "999999"})) == set()


def test_hostile_filters_answer_without_error(mission_client, register):
    for params in ({"created_after": "hier"}, {"band": "99"}, {"naf": "'; DROP TABLE"}, {"q": "\x00"}):
        assert mission_client.get(TARGETING, params).status_code in (200, 400)


def test_all_of_a_filter_become_targets_once(mission_client, mission, register):
    sawmills, _dairies, _closed = register
    CompanyFactory(siret=sawmills[0].siret, name="Scierie suivie")
    data = {"naf": "16", "active": "yes", "scope": "all"}
    mission_client.post(FOLLOW, data)
    created = Company.objects.filter(source="SIRENE")
    assert created.count() == 3
    assert set(created.values_list("owner", flat=True)) == {mission.pk}
    assert set(created.values_list("naf_code", flat=True)) == {"16.10A"}
    mission_client.post(FOLLOW, data)
    assert Company.objects.count() == 4
    page = mission_client.get(TARGETING, {"naf": "16", "active": "yes"})
    assert all(row.followed for row in page.context["page"].object_list)
    assert _shown(mission_client.get(TARGETING, {"naf": "16", "followed": "no"})) == {_closed.siret}


def test_selected_rows_become_targets(mission_client, register):
    sawmills, dairies, _closed = register
    mission_client.post(FOLLOW, {"scope": "selected", "siret": [dairies[0].siret, "not-a-siret"]})
    assert list(Company.objects.values_list("siret", flat=True)) == [dairies[0].siret]


def test_many_at_once_asks_to_confirm_first(mission_client):
    for n in range(CONFIRM_ABOVE + 1):
        EstablishmentFactory(name=f"MENUISERIE {n}", naf="16.23Z")
    response = mission_client.post(FOLLOW, {"naf": "16.23", "scope": "all"})
    assert response.status_code == 200 and b"Oui, cibler" in response.content
    assert not Company.objects.exists()
    mission_client.post(FOLLOW, {"naf": "16.23", "scope": "all", "confirm": "yes"})
    assert Company.objects.count() == CONFIRM_ABOVE + 1


def test_observers_are_refused_and_write_nothing(observer_client, register):
    assert observer_client.get(TARGETING).status_code == 403
    assert observer_client.post(FOLLOW, {"scope": "all"}).status_code == 403
    assert not Company.objects.exists()


def test_signals_per_owner_dismissed_or_followed_up(mission_client, teammate_client, direction_client, mission):
    company = CompanyFactory(name="Scierie du Causse", owner=mission)
    closed = DirectoryChangeFactory(company=company, kind=ChangeKind.CLOSED)
    grown = DirectoryChangeFactory(company=company, kind=ChangeKind.BAND_UP, before="11", after="12")
    signals = reverse("directory:signals")
    assert set(mission_client.get(signals).context["changes"]) == {closed, grown}
    assert list(teammate_client.get(signals).context["changes"]) == []
    assert set(direction_client.get(signals).context["changes"]) == {closed, grown}

    act = reverse("directory:signal_act", args=[closed.pk, "ecarter"])
    assert teammate_client.post(act).status_code == 403
    mission_client.post(act)
    mission_client.post(reverse("directory:signal_act", args=[grown.pk, "relance"]))
    mission_client.post(reverse("directory:signal_act", args=[grown.pk, "relance"]))
    followup = FollowUp.objects.get()
    assert followup.assignee == mission and followup.company == company and "Effectif en hausse" in followup.title
    assert list(mission_client.get(signals).context["changes"]) == []
    assert len(mission_client.get(signals, {"etat": "tous"}).context["changes"]) == 2
