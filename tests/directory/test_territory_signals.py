"""New establishments of the agency's sectors in its territory: a signal for everyone, followed up by whoever takes it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import ChangeKind, DirectoryChange
from prospects.models import Company, FollowUp
from tests.directory.test_load import load, row

pytestmark = pytest.mark.django_db

MENDE = {
    "codeCommuneEtablissement": "48095",
    "codePostalEtablissement": "48000",
    "libelleCommuneEtablissement": "MENDE",
}
LYON = {"codeCommuneEtablissement": "69123", "codePostalEtablissement": "69001", "libelleCommuneEtablissement": "LYON"}


def recent(days=60):
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def sawmill(siren_number, nic=1, *, created=None, place=MENDE, naf="16.10A", **fields):
    return row(
        siren_number,
        nic,
        dateCreationEtablissement=created or recent(),
        activitePrincipaleEtablissement=naf,
        denominationUniteLegale=f"SCIERIE {siren_number}",
        **place,
        **fields,
    )


@pytest.fixture
def territory(settings):
    settings.AGENCY_DEPARTMENTS = ["48"]


@pytest.fixture
def loaded_once(tmp_path, territory):
    """A directory that a first monthly load filled: the next load's new rows are news."""
    load(tmp_path, [sawmill(600_001, created="2001-05-02")], "month1.csv")


def test_a_new_establishment_of_a_sector_in_the_territory_is_one_signal_and_nothing_else_is(tmp_path, loaded_once):
    already_there = sawmill(600_001, created="2001-05-02")
    wanted = sawmill(600_002)
    old_one = sawmill(600_003, created="2009-03-01")  # new to the directory, not to the world
    elsewhere = sawmill(600_004, place=LYON)
    other_trade = sawmill(600_005, naf="56.10A")  # a restaurant: no sector of the agency
    closed = sawmill(600_006, etatAdministratifEtablissement="F")
    load(tmp_path, [already_there, wanted, old_one, elsewhere, other_trade, closed], "month2.csv")

    change = DirectoryChange.objects.get()
    assert change.kind == ChangeKind.NEW_IN_TERRITORY
    assert change.company is None
    assert change.establishment.siret == wanted["siret"]
    assert "48000 MENDE" in change.after and "16.10A" in change.after

    load(tmp_path, [already_there, wanted, old_one], "month2-again.csv")
    assert DirectoryChange.objects.count() == 1


def test_the_first_load_of_an_empty_directory_signals_nothing(tmp_path, territory):
    load(tmp_path, [sawmill(600_010), sawmill(600_011)], "first.csv")
    assert not DirectoryChange.objects.exists()


def test_a_new_establishment_of_a_followed_siren_stays_its_companys_signal(tmp_path, loaded_once):
    first = sawmill(600_020, created="2001-01-01")
    load(tmp_path, [first], "m1b.csv")
    Company.objects.create(name="Scierie suivie", siret=first["siret"], siren=first["siren"])
    load(tmp_path, [first, sawmill(600_020, nic=2)], "m2.csv")
    change = DirectoryChange.objects.get()
    assert change.kind == ChangeKind.NEW_ESTABLISHMENT
    assert change.company.name == "Scierie suivie"


def test_outside_the_configured_territory_there_is_no_signal(tmp_path, loaded_once, settings):
    settings.AGENCY_DEPARTMENTS = ["12"]
    load(tmp_path, [sawmill(600_030)], "m2.csv")
    assert not DirectoryChange.objects.exists()


def test_every_charge_sees_it_and_the_one_who_takes_it_owns_the_company_and_its_follow_up(
    tmp_path, loaded_once, mission, mission_client, teammate_client
):
    load(tmp_path, [sawmill(600_040)], "m2.csv")
    change = DirectoryChange.objects.get()
    for client in (mission_client, teammate_client):
        page = client.get(reverse("directory:signals"))
        assert "Suivre et créer une relance" in page.content.decode()

    url = reverse("directory:signal_act", args=[change.pk, "relance"])
    response = mission_client.post(url)
    assert response.status_code == 302
    company = Company.objects.get(siret=change.establishment.siret)
    assert company.owner == mission
    followup = FollowUp.objects.get(company=company)
    assert followup.assignee == mission
    change.refresh_from_db()
    assert (change.company, change.followup) == (company, followup)

    # Taken: the teammate no longer sees it, cannot act on it, and a second tap makes nothing more.
    assert change.establishment.siret not in teammate_client.get(reverse("directory:signals")).content.decode()
    assert teammate_client.post(url).status_code == 403
    mission_client.post(url)
    assert Company.objects.filter(siret=change.establishment.siret).count() == 1
    assert FollowUp.objects.filter(company=company).count() == 1


def test_a_territory_signal_can_be_dismissed_without_making_a_company(tmp_path, loaded_once, mission_client):
    load(tmp_path, [sawmill(600_050)], "m2.csv")
    change = DirectoryChange.objects.get()
    mission_client.post(reverse("directory:signal_act", args=[change.pk, "ecarter"]))
    change.refresh_from_db()
    assert change.dismissed_at is not None
    assert not Company.objects.filter(siret=change.establishment.siret).exists()
