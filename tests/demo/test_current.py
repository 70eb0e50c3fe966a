"""seed_demo's programme of the current year: dated from today, whatever today is."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import Appearance
from prospects.models import (
    Company,
    Contact,
    FollowUp,
    FollowUpStatus,
    Interaction,
    Project,
    ProjectStage,
    ProjectStageChange,
    YearTarget,
)

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _seed():
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))


def _on(time_machine, day):
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=PARIS), tick=False)
    assert timezone.localdate() == day


def _open_demo_followups():
    return FollowUp.objects.filter(status=FollowUpStatus.OPEN, company__is_demo=True)


@pytest.mark.parametrize(
    "today",
    [datetime.date(2026, 12, 2), datetime.date(2031, 4, 15), datetime.date(2027, 1, 4)],
    ids=["2026", "2031", "first-days-of-january"],
)
def test_the_current_programme_is_dated_from_today(time_machine, today):
    _on(time_machine, today)
    _seed()
    week_end = today + datetime.timedelta(days=6 - today.weekday())

    coming = Appearance.objects.filter(is_demo=True, starts_on__gt=today)
    assert coming.count() >= 2
    assert all(appearance.staff.exists() for appearance in coming)
    recent = Appearance.objects.filter(is_demo=True, ends_on__lt=today, ends_on__gte=today - datetime.timedelta(60))
    assert recent.count() >= 2
    leads = Interaction.objects.filter(appearance__in=recent).exclude(lead_grade="")
    assert leads.count() >= 10
    assert set(leads.values_list("lead_grade", flat=True)) == {"A", "B", "C", "D"}
    assert leads.filter(occurred_at__date__gte=today - datetime.timedelta(days=21)).exists()
    assert Contact.objects.filter(interactions__in=leads).distinct().count() == leads.count()

    open_followups = _open_demo_followups()
    assert open_followups.exists()
    assert not open_followups.filter(due_on__lt=today - datetime.timedelta(days=60)).exists()
    assert open_followups.filter(due_on=today).exists()
    assert open_followups.filter(due_on__gte=today, due_on__lte=week_end).count() >= 3
    late = open_followups.filter(due_on__lt=today)
    assert late.filter(due_on__gte=today - datetime.timedelta(days=21), due_on__lte=today - datetime.timedelta(7))
    assert late.count() <= 8

    moved = ProjectStageChange.objects.filter(
        project__is_demo=True, entered_at__date__gte=today - datetime.timedelta(days=14)
    )
    assert moved.values("project").distinct().count() >= 3
    assert not ProjectStageChange.objects.filter(entered_at__date__gt=today).exists()
    stages = set(
        Project.objects.filter(is_demo=True, opened_on__year__gte=today.year - 1).values_list("stage", flat=True)
    )
    assert {ProjectStage.LEAD, ProjectStage.ACTIVE, ProjectStage.SITE_VISIT, ProjectStage.DECISION} <= stages
    assert Project.objects.filter(stage=ProjectStage.WON, decided_on__year=today.year, decided_on__lte=today).exists()
    assert YearTarget.objects.get(year=today.year).implantations_target > 0

    # The 2012 programme is history, its dates unchanged, nothing of it left open.
    assert Appearance.objects.filter(year=2012).count() == 10
    bois = Appearance.objects.get(trade_show__name="Carrefour International du Bois", year=2012)
    assert (bois.city, bois.starts_on, bois.ends_on) == ("Nantes", datetime.date(2012, 6, 6), datetime.date(2012, 6, 8))
    sial = Appearance.objects.get(trade_show__name="SIAL Paris", year=2012)
    assert (sial.starts_on, sial.ends_on) == (datetime.date(2012, 10, 21), datetime.date(2012, 10, 25))
    assert not FollowUp.objects.filter(status=FollowUpStatus.OPEN, due_on__year__lt=2015).exists()
    assert not Project.objects.filter(opened_on__year=2012, decided_on__isnull=True).exists()


def test_the_dashboard_opens_on_the_current_year_with_data(client, time_machine):
    today = datetime.date(2026, 12, 2)
    _on(time_machine, today)
    _seed()
    client.force_login(get_user_model().objects.get(username="direction"))

    page = client.get(reverse("dashboard")).content.decode()

    assert "Tableau de bord 2026" in page
    assert "Salon des maires et des collectivités locales 2026" in page
    assert "Aucun salon programmé" not in page
    assert "Aucun projet cette année" not in page
    assert "pas d'objectif fixé" not in page
    upcoming_kpi = page.split('<div class="label">salons à venir</div>')[0].rsplit('<div class="value">', 1)[1]
    assert int(upcoming_kpi.split("<")[0]) >= 2
    leads_kpi = page.split('<div class="label">contacts sur salon</div>')[0].rsplit('<div class="value">', 1)[1]
    assert int(leads_kpi.split("<")[0]) >= 10
    week_kpi = page.split('<div class="label">relances cette semaine</div>')[0].rsplit('<div class="value">', 1)[1]
    assert int(week_kpi.split("<")[0]) >= 3


def test_my_followups_and_the_shows_leads_are_there_for_the_newcomer(client, time_machine):
    _on(time_machine, datetime.date(2026, 12, 2))
    _seed()
    client.force_login(get_user_model().objects.get(username="mission"))

    followups = client.get(reverse("prospects:followup_list")).content.decode()
    assert "Relance après Batimat 2026" in followups
    assert "Envoyer le compte rendu de la visite et le prix du lot" in followups
    batimat = Appearance.objects.get(trade_show__name="Batimat")
    show = client.get(batimat.get_absolute_url()).content.decode()
    assert "Ossature Bois Ligérienne" in show and "Bétons Bas Carbone du Rhône" in show


def _snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Appearance, Company, Contact, Interaction, FollowUp, Project, ProjectStageChange, YearTarget)
    }


def test_rerunning_the_seed_later_in_the_year_adds_nothing(time_machine):
    _on(time_machine, datetime.date(2026, 6, 10))
    _seed()
    first = _snapshot()
    due = dict(FollowUp.objects.values_list("pk", "due_on"))
    _seed()
    assert _snapshot() == first
    _on(time_machine, datetime.date(2026, 6, 24))
    _seed()
    assert _snapshot() == first
    assert dict(FollowUp.objects.values_list("pk", "due_on")) == due


def test_a_target_direction_set_is_kept(time_machine):
    from results.services import year_target_set

    _on(time_machine, datetime.date(2026, 12, 2))
    year_target_set(year=2026, implantations_target=11, projects_target=30)
    _seed()
    target = YearTarget.objects.get(year=2026)
    assert (target.implantations_target, target.projects_target) == (11, 30)


def test_rerunning_the_seed_the_next_year_duplicates_no_company_lead_or_followup(time_machine):
    _on(time_machine, datetime.date(2026, 12, 20))
    _seed()
    before = _snapshot()
    _on(time_machine, datetime.date(2027, 2, 10))
    _seed()
    after = _snapshot()
    for name in ("Company", "Contact", "Interaction", "FollowUp", "Project", "ProjectStageChange"):
        assert after[name] == before[name], name
    # Only the new year's editions of the shows coming, and the new year's target.
    new_editions = Appearance.objects.exclude(pk__in=before["Appearance"])
    assert new_editions.exists() and set(new_editions.values_list("year", flat=True)) == {2027}
    assert YearTarget.objects.filter(year=2027).exists()
