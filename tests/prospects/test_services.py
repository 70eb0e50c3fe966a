"""Services: follow-ups, project stages, interactions, contacts and the change history."""

import datetime

import pytest
import time_machine
from celery import current_app
from django.core.exceptions import ValidationError
from django.utils import timezone

from prospects import services
from prospects.models import (
    Company,
    CompanyStage,
    Contact,
    FollowUp,
    FollowUpStatus,
    Project,
    ProjectStage,
    ProjectStageChange,
)

from .factories import CompanyFactory, ContactFactory, FollowUpFactory, InteractionFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_tasks(monkeypatch):
    """Tasks handed to the broker (Celery's send_task), as (name, args)."""
    sent = []
    monkeypatch.setattr(current_app, "send_task", lambda name, args=None, **kwargs: sent.append((name, args)))
    return sent


# Follow-ups ---------------------------------------------------------------------------------------


def test_complete_closes_and_dates_the_followup(mission):
    followup = FollowUpFactory(assignee=mission)
    with time_machine.travel(datetime.datetime(2012, 6, 11, 9, 0, tzinfo=datetime.UTC), tick=False):
        services.followup_complete(followup=followup, actor=mission)
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DONE
    assert followup.done_at == datetime.datetime(2012, 6, 11, 9, 0, tzinfo=datetime.UTC)


def test_a_closed_followup_cannot_be_completed_again(mission):
    followup = FollowUpFactory(assignee=mission, status=FollowUpStatus.CANCELLED)
    with pytest.raises(ValidationError) as excinfo:
        services.followup_complete(followup=followup, actor=mission)
    assert excinfo.value.messages == ["Cette relance est déjà close."]
    followup.refresh_from_db()
    assert (followup.status, followup.done_at) == (FollowUpStatus.CANCELLED, None)


def test_snooze_moves_the_due_date(mission):
    followup = FollowUpFactory(assignee=mission)
    later = timezone.localdate() + datetime.timedelta(days=10)
    services.followup_snooze(followup=followup, due_on=later, actor=mission)
    followup.refresh_from_db()
    assert followup.due_on == later


def test_snooze_refuses_a_past_date(mission):
    followup = FollowUpFactory(assignee=mission)
    before = followup.due_on
    with pytest.raises(ValidationError) as excinfo:
        services.followup_snooze(
            followup=followup, due_on=timezone.localdate() - datetime.timedelta(days=1), actor=mission
        )
    assert excinfo.value.messages == ["La nouvelle échéance ne peut pas être dans le passé."]
    followup.refresh_from_db()
    assert followup.due_on == before


def test_reassign_queues_the_assignment_notice_after_commit(
    mission, teammate, direction, sent_tasks, django_capture_on_commit_callbacks
):
    followup = FollowUpFactory(assignee=mission)
    with django_capture_on_commit_callbacks() as callbacks:
        services.followup_reassign(followup=followup, assignee=teammate, actor=direction)
        assert sent_tasks == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent_tasks == [("reminders.tasks.assignment_notice_task", [followup.pk])]
    followup.refresh_from_db()
    assert (followup.assignee, followup.assigned_by) == (teammate, direction)
    assert followup.assigned_at is not None


def test_taking_a_followup_for_oneself_queues_nothing(mission, teammate, django_capture_on_commit_callbacks):
    followup = FollowUpFactory(assignee=mission)
    with django_capture_on_commit_callbacks() as callbacks:
        services.followup_reassign(followup=followup, assignee=teammate, actor=teammate)
    assert callbacks == []
    followup.refresh_from_db()
    assert (followup.assignee, followup.assigned_by) == (teammate, None)


def test_creating_a_followup_for_someone_else_tells_them(mission, direction, django_capture_on_commit_callbacks):
    company = CompanyFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        own = services.followup_create(
            company=company, title="Rappeler", due_on=timezone.localdate(), assignee=mission, created_by=mission
        )
    assert callbacks == []
    assert own.assigned_by is None
    with django_capture_on_commit_callbacks() as callbacks:
        given = services.followup_create(
            company=company, title="Rappeler", due_on=timezone.localdate(), assignee=mission, created_by=direction
        )
    assert len(callbacks) == 1
    assert given.assigned_by == direction


def test_a_closed_followup_cannot_be_reassigned(mission, teammate, django_capture_on_commit_callbacks):
    followup = FollowUpFactory(assignee=mission, status=FollowUpStatus.DONE)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        services.followup_reassign(followup=followup, assignee=teammate, actor=mission)
    assert callbacks == []


def test_bulk_reassign_skips_closed_followups_and_those_already_theirs(
    mission, teammate, direction, django_capture_on_commit_callbacks
):
    open_ones = FollowUpFactory.create_batch(2, assignee=mission)
    FollowUpFactory(assignee=mission, status=FollowUpStatus.DONE)
    FollowUpFactory(assignee=teammate)
    with django_capture_on_commit_callbacks() as callbacks:
        count = services.followups_bulk_reassign(followups=FollowUp.objects.all(), assignee=teammate, actor=direction)
    assert count == 2
    assert len(callbacks) == 2
    assert set(FollowUp.objects.filter(assignee=teammate, status=FollowUpStatus.OPEN).values_list("pk", flat=True)) >= {
        f.pk for f in open_ones
    }


def test_bulk_reassign_locks_a_queryset_that_joins_nullable_relations(mission, teammate, direction):
    FollowUpFactory(assignee=mission)
    joined = FollowUp.objects.select_related("project", "interaction")
    assert services.followups_bulk_reassign(followups=joined, assignee=teammate, actor=direction) == 1


def test_update_dates_a_followup_marked_done_and_clears_it_when_reopened(mission):
    followup = FollowUpFactory(assignee=mission)
    services.followup_update(followup=followup, actor=mission, status=FollowUpStatus.DONE)
    followup.refresh_from_db()
    assert followup.done_at is not None
    services.followup_update(followup=followup, actor=mission, status=FollowUpStatus.OPEN)
    followup.refresh_from_db()
    assert followup.done_at is None


def test_bulk_complete_counts_only_open_followups(mission):
    FollowUpFactory.create_batch(3, assignee=mission)
    FollowUpFactory(assignee=mission, status=FollowUpStatus.CANCELLED)
    assert services.followups_bulk_complete(followups=FollowUp.objects.all(), actor=mission) == 3
    assert FollowUp.objects.filter(status=FollowUpStatus.DONE).count() == 3


# Projects ------------------------------------------------------------------------------------------


def test_a_new_project_records_its_first_stage_and_moves_the_company_on(mission):
    company = CompanyFactory()
    project = services.project_create(company=company, title="Unité de lamellé-collé", actor=mission)
    change = ProjectStageChange.objects.get(project=project)
    assert (change.stage, change.changed_by) == (ProjectStage.LEAD, mission)
    assert project.owner == mission
    assert list(project.team.all()) == [mission]
    assert project.sector == company.sector
    company.refresh_from_db()
    assert company.stage == CompanyStage.PROJECT


def test_moving_a_project_records_the_stage_and_its_date(mission):
    with time_machine.travel(datetime.datetime(2012, 6, 8, 11, 0, tzinfo=datetime.UTC), tick=False):
        project = ProjectFactory(owner=mission)
    entered = datetime.datetime(2012, 9, 3, 14, 0, tzinfo=datetime.UTC)
    with time_machine.travel(entered, tick=False):
        services.project_move_stage(project=project, stage=ProjectStage.SITE_VISIT, actor=mission)
    change = project.stage_changes.first()
    assert (change.stage, change.entered_at, change.changed_by) == (ProjectStage.SITE_VISIT, entered, mission)
    project.refresh_from_db()
    assert project.stage_changed_at == entered
    assert project.decided_on is None


def test_winning_a_project_sets_the_decision_date_and_establishes_the_company(mission):
    with time_machine.travel(datetime.datetime(2012, 6, 8, 11, 0, tzinfo=datetime.UTC), tick=False):
        project = ProjectFactory(owner=mission)
    with time_machine.travel(datetime.datetime(2012, 11, 20, 10, 0, tzinfo=datetime.UTC), tick=False):
        services.project_move_stage(
            project=project, stage=ProjectStage.WON, actor=mission, jobs_created=14, investment_realised=2_000_000
        )
    project.refresh_from_db()
    assert project.decided_on == datetime.date(2012, 11, 20)
    assert Company.objects.get(pk=project.company_id).stage == CompanyStage.ESTABLISHED
    assert [c.stage for c in project.stage_changes.all()] == [ProjectStage.WON, ProjectStage.LEAD]


def test_losing_a_project_keeps_a_decision_date_given_by_hand(mission):
    project = ProjectFactory(owner=mission)
    services.project_move_stage(
        project=project,
        stage=ProjectStage.LOST,
        actor=mission,
        lost_reason="Choix du Cantal",
        decided_on=datetime.date(2012, 7, 1),
    )
    project.refresh_from_db()
    assert project.decided_on == datetime.date(2012, 7, 1)


def test_a_stage_set_on_the_instance_by_a_form_is_still_recorded(mission):
    project = ProjectFactory(owner=mission)
    project.stage = ProjectStage.ACTIVE  # what a bound ModelForm does before the service runs
    services.project_update(project=project, actor=mission, stage=ProjectStage.ACTIVE)
    assert list(project.stage_changes.values_list("stage", flat=True)) == [ProjectStage.ACTIVE, ProjectStage.LEAD]


def test_updating_other_fields_records_no_stage_change(mission):
    project = ProjectFactory(owner=mission)
    services.project_update(project=project, actor=mission, jobs_planned=30)
    assert Project.objects.get(pk=project.pk).jobs_planned == 30
    assert project.stage_changes.count() == 1


# Interactions and contacts ---------------------------------------------------------------------------


def test_an_interaction_dates_the_last_contact_and_moves_the_company_to_contacted(mission):
    company = CompanyFactory()
    assert company.stage == CompanyStage.IDENTIFIED
    when = timezone.now() - datetime.timedelta(days=2)
    InteractionFactory(company=company, occurred_at=when, logged_by=mission)
    InteractionFactory(company=company, occurred_at=when - datetime.timedelta(days=30), logged_by=mission)
    company.refresh_from_db()
    assert company.last_contact_at == when
    assert company.stage == CompanyStage.CONTACTED


def test_an_interaction_does_not_move_a_company_already_in_discussion(mission):
    company = CompanyFactory(stage=CompanyStage.IN_DISCUSSION)
    InteractionFactory(company=company, logged_by=mission)
    company.refresh_from_db()
    assert company.stage == CompanyStage.IN_DISCUSSION


def test_one_primary_contact_per_company():
    company = CompanyFactory()
    first = ContactFactory(company=company, is_primary=True)
    second = ContactFactory(company=company, is_primary=True)
    first.refresh_from_db()
    assert (first.is_primary, second.is_primary) == (False, True)


def test_an_objection_set_by_a_form_is_dated():
    contact = ContactFactory()
    contact.objected = True  # what a bound ModelForm does before the service runs
    services.contact_update(contact=contact, objected=True)
    contact = Contact.objects.get(pk=contact.pk)
    assert contact.objected_at is not None
    services.contact_update(contact=contact, objected=False)
    assert Contact.objects.get(pk=contact.pk).objected_at is None


# Companies ------------------------------------------------------------------------------------------


def test_history_records_a_change_on_a_company(mission):
    company = CompanyFactory(phone="04 66 00 00 00")
    services.company_update(company=company, actor=mission, phone="04 66 49 00 00")
    records = list(company.history.all())
    assert [record.history_type for record in records] == ["~", "+"]
    delta = records[0].diff_against(records[1])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("phone", "04 66 00 00 00", "04 66 49 00 00")]


def test_assign_owner_counts_changes_and_locks_a_joined_queryset(mission, teammate):
    CompanyFactory.create_batch(2, owner=mission)
    CompanyFactory(owner=teammate)
    joined = Company.objects.select_related("sector", "owner", "naf_code")
    assert services.companies_assign_owner(companies=joined, owner=teammate, actor=mission) == 2
    assert Company.objects.filter(owner=teammate).count() == 3


def test_the_creator_owns_a_company_entered_without_owner(mission):
    assert services.company_create(name="Entreprise", actor=mission).owner == mission


# Sectors ------------------------------------------------------------------------------------------


def test_new_naf_prefixes_move_the_companies_whose_sector_follows_their_code():
    from prospects.models import Sector

    carpenter = CompanyFactory(naf_code="43.32A")
    insulator = CompanyFactory(naf_code="43.29A")
    kept = CompanyFactory(naf_code="43.32A", sector=Sector.objects.get(slug="materiaux"))
    bois = Sector.objects.get(slug="bois")
    bois.naf_prefixes = "02.20, 16, 43.91"
    bois.save()
    Sector.objects.create(name="Second œuvre", slug="second-oeuvre", naf_prefixes="43.2, 43.3")

    assert services.sectors_apply_naf_prefixes() == 2
    for company in (carpenter, insulator, kept):
        company.refresh_from_db()
    assert carpenter.sector.slug == insulator.sector.slug == "second-oeuvre"
    assert kept.sector.slug == "materiaux"
    assert services.sectors_apply_naf_prefixes() == 0

    Sector.objects.filter(slug="second-oeuvre").update(naf_prefixes="")
    assert services.sectors_apply_naf_prefixes() == 2
    carpenter.refresh_from_db()
    assert carpenter.sector is None
