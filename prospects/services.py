"""Every write to the prospect records goes through here.

The admin, the screens, lead capture and the import call these functions, so
normalisation (SIRET, NAF, postcode), derivation (sector, département) and the
rules (unique SIRET, Luhn keys, won projects with figures) hold everywhere.

Over 400 lines: one function per write, grouped by record, and every caller
reads them as ``services.<noun>_<verb>``; splitting the module would only
scatter that one list.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_direction
from core import communes
from core.identifiers import is_naf_code, normalize_naf, normalize_siren, normalize_siret
from core.people import person_name
from core.phones import normalize_phone
from core.tasks import queue_task

from .models import (
    Company,
    CompanyStage,
    Contact,
    FollowUp,
    FollowUpAction,
    FollowUpActionKind,
    FollowUpStatus,
    Interaction,
    InteractionKind,
    NafCode,
    Project,
    ProjectStage,
    ProjectStageChange,
    Sector,
)
from .selectors import sector_for_naf

ASSIGNMENT_NOTICE_TASK = "reminders.tasks.assignment_notice_task"

# Company stages that an interaction moves on to "contacted".
_NOT_YET_CONTACTED = {CompanyStage.IDENTIFIED, CompanyStage.TARGETED}


def _set_fields(instance: Model, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        if not hasattr(instance, name):
            raise TypeError(f"{type(instance).__name__} has no field {name!r}")
        setattr(instance, name, value)


# Companies ----------------------------------------------------------------


def _resolve_naf(value: NafCode | str | None) -> NafCode | None:
    """A NafCode from ``16.10A``, ``1610A`` or an instance; ValidationError if unknown."""
    if value in (None, ""):
        return None
    if isinstance(value, NafCode):
        return value
    code = normalize_naf(str(value))
    if not is_naf_code(code):
        raise ValidationError(
            {"naf_code": _("« %(code)s » n'est pas un code NAF (format attendu : 16.10A).") % {"code": value}}
        )
    try:
        return NafCode.objects.get(code=code)
    except NafCode.DoesNotExist:
        raise ValidationError({"naf_code": _("Le code NAF %(code)s n'existe pas.") % {"code": code}}) from None


def company_prepare(company: Company) -> None:
    """Normalise identifiers and derive what follows from them."""
    company.name = (company.name or "").strip()
    company.siret = normalize_siret(company.siret)
    company.siren = normalize_siren(company.siren)
    if company.siret and not company.siren and len(company.siret) == 14:
        company.siren = company.siret[:9]
    company.postcode = (company.postcode or "").strip()
    company.city = (company.city or "").strip()
    commune = communes.find_commune(company.postcode, company.city) if company.postcode else None
    if commune:
        # The département holds for any commune of the postcode; the commune
        # itself only when the city names it or the postcode has no other.
        company.department = commune.department
        matched = communes.match_commune(company.postcode, company.city)
        company.commune_code = matched.insee_code if matched else ""
        if matched and not company.city:
            company.city = matched.name.title()
    elif not company.postcode:
        company.commune_code = ""
        company.department = ""
    if not company.sector_set_manually:
        company.sector = sector_for_naf(company.naf_code_id)
    company.refresh_search_fields()


def company_validate(*, company: Company) -> None:
    """Normalise and derive, then check every rule; raises ValidationError, writes nothing.

    Forms call it before saving so that errors show next to their field.
    """
    company_prepare(company)
    company.full_clean()
    if company.postcode and len(company.postcode) == 5 and not communes.communes_for_postcode(company.postcode):
        raise ValidationError({"postcode": _("Le code postal %(code)s n'existe pas.") % {"code": company.postcode}})


@transaction.atomic
def company_create(
    *, name: str, actor: User | None = None, naf_code: NafCode | str | None = None, **fields: Any
) -> Company:
    company = Company(name=name, **fields)
    company.naf_code = _resolve_naf(naf_code)
    if "sector" in fields and fields["sector"] is not None and "sector_set_manually" not in fields:
        company.sector_set_manually = True
    if company.owner_id is None and actor is not None and actor.is_authenticated:
        company.owner = actor
    company_validate(company=company)
    company.save()
    return company


@transaction.atomic
def company_update(*, company: Company, actor: User | None = None, **fields: Any) -> Company:
    if "naf_code" in fields:
        fields["naf_code"] = _resolve_naf(fields["naf_code"])
    _set_fields(company, fields)
    company_validate(company=company)
    company.save()
    return company


@transaction.atomic
def companies_assign_owner(*, companies: QuerySet[Company], owner: User | None, actor: User | None = None) -> int:
    """Give a set of companies to one person; returns how many changed."""
    changed = 0
    # Locked through a subquery: the caller's queryset may join nullable
    # relations, which PostgreSQL refuses to lock.
    for company in Company.objects.filter(pk__in=companies.values("pk")).select_for_update():
        if company.owner_id != getattr(owner, "pk", None):
            company.owner = owner
            company.save(update_fields=["owner", "updated_at"])
            changed += 1
    return changed


# Contacts ----------------------------------------------------------------


def _normalize_contact_phone(contact: Contact) -> None:
    try:
        contact.phone = normalize_phone(contact.phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from None


@transaction.atomic
def contact_create(*, company: Company, last_name: str, actor: User | None = None, **fields: Any) -> Contact:
    contact = Contact(company=company, last_name=(last_name or "").strip(), **fields)
    if contact.objected and not contact.objected_at:
        contact.objected_at = timezone.now()
    _normalize_contact_phone(contact)
    contact.refresh_search_fields()
    contact.full_clean()
    contact.save()
    if contact.is_primary:
        company.contacts.exclude(pk=contact.pk).filter(is_primary=True).update(is_primary=False)
    company_search_refresh(company=company)
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, actor: User | None = None, **fields: Any) -> Contact:
    # Compared with the stored row: a bound form may already have changed the instance.
    stored = Contact.objects.filter(pk=contact.pk).values("objected", "company_id", "phone").get()
    was_objected = stored["objected"]
    _set_fields(contact, fields)
    if contact.objected and not was_objected and not contact.objected_at:
        contact.objected_at = timezone.now()
    if not contact.objected:
        contact.objected_at = None
    # A number stored before numbers were checked (an old import) does not
    # block another change, an objection above all; a new one must be a number.
    phone_changed = contact.phone != stored["phone"]
    if phone_changed:
        _normalize_contact_phone(contact)
    contact.refresh_search_fields()
    contact.full_clean(exclude=None if phone_changed else ["phone"])
    contact.save()
    if contact.is_primary:
        contact.company.contacts.exclude(pk=contact.pk).filter(is_primary=True).update(is_primary=False)
    company_search_refresh(company=contact.company)
    if stored["company_id"] != contact.company_id:
        company_search_refresh(company=Company.objects.get(pk=stored["company_id"]))
    return contact


@transaction.atomic
def contact_mark_left(*, contact: Contact, actor: User | None, left_on: datetime.date | None) -> Contact:
    """Record that the person left the company on ``left_on``; ``None`` says they are there after all.

    They stay in the company's history and in the exchanges they took part
    in; they are no longer its primary contact, nor offered for new exchanges.
    """
    contact = Contact.objects.select_for_update().select_related("company").get(pk=contact.pk)
    if contact.anonymised_at is not None:
        raise ValidationError(_("Cette personne a été anonymisée : sa fiche ne se modifie plus."))
    if left_on is not None:
        if not isinstance(left_on, datetime.date):
            raise ValidationError({"left_on": _("Choisissez une date valide.")})
        if left_on > timezone.localdate():
            raise ValidationError({"left_on": _("La date de départ ne peut pas être dans le futur.")})
        contact.is_primary = False
    contact.left_on = left_on
    if actor is not None:
        contact._history_user = actor
    contact.full_clean(exclude=["phone"])
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, actor: User | None = None) -> None:
    company = contact.company
    contact.delete()
    company_search_refresh(company=company)


@transaction.atomic
def company_search_refresh(*, company: Company) -> None:
    """Rewrite the company's search text after one of its contacts changed: a search matches their names."""
    company.refresh_search_fields()
    # Only this column: the company itself did not change (no new history row, same updated_at).
    Company.objects.filter(pk=company.pk).update(search_text=company.search_text)


# Interactions -------------------------------------------------------------


@transaction.atomic
def interaction_log(
    *,
    company: Company,
    kind: str,
    occurred_at: datetime.datetime,
    summary: str,
    logged_by: User | None,
    contacts: Iterable[Contact] = (),
    # An events.Appearance: that app stands above this one, which does not import it.
    appearance: Any = None,
    lead_grade: str = "",
    capture_key: uuid.UUID | None = None,
) -> Interaction:
    interaction = Interaction(
        company=company,
        kind=kind,
        occurred_at=occurred_at,
        summary=summary,
        logged_by=logged_by,
        appearance=appearance,
        lead_grade=lead_grade or "",
        capture_key=capture_key,
    )
    # The capture key's uniqueness is the database's to decide (two requests at once).
    interaction.full_clean(exclude=["capture_key"])
    interaction.save()
    if contacts:
        interaction.contacts.set(contacts)
    _touch_last_contact(company, occurred_at)
    return interaction


def _check_contacts_of(company: Company, contacts: Iterable[Contact]) -> None:
    strangers = [contact for contact in contacts if contact.company_id != company.pk]
    if strangers:
        raise ValidationError(
            {
                "contacts": _("Ces contacts travaillent dans une autre entreprise : %(names)s.")
                % {"names": ", ".join(contact.full_name for contact in strangers)}
            }
        )


@transaction.atomic
def interaction_update(
    *, interaction: Interaction, actor: User | None = None, contacts: Iterable[Contact] | None = None, **fields: Any
) -> Interaction:
    """Correct an interaction (its date, kind, summary, grade, contacts).

    The company's last contact date is recomputed: a date moved back may
    no longer be the latest.
    """
    _set_fields(interaction, fields)
    interaction.full_clean()
    if contacts is not None:
        _check_contacts_of(interaction.company, contacts)
    if actor is not None:
        interaction._history_user = actor
    interaction.save()
    if contacts is not None:
        interaction.contacts.set(contacts)
    _touch_last_contact(interaction.company, interaction.occurred_at)
    _recompute_last_contact(interaction.company)
    return interaction


@transaction.atomic
def interaction_delete(*, interaction: Interaction, actor: User | None = None) -> None:
    """Delete an exchange; the audit trail keeps what it said, the company its right last contact date.

    Follow-ups scheduled from it stay (they lose the link); so does the
    company's stage.
    """
    company = interaction.company
    if actor is not None:
        interaction._history_user = actor
    interaction.delete()
    _recompute_last_contact(company)


def _recompute_last_contact(company: Company) -> None:
    locked = Company.objects.select_for_update().get(pk=company.pk)
    latest = locked.interactions.aggregate(latest=Max("occurred_at"))["latest"]
    if latest != locked.last_contact_at:
        Company.objects.filter(pk=company.pk).update(last_contact_at=latest)
    company.last_contact_at = latest


def _touch_last_contact(company: Company, occurred_at: datetime.datetime) -> None:
    locked = Company.objects.select_for_update().get(pk=company.pk)
    update: dict[str, datetime.datetime | CompanyStage] = {}
    if locked.last_contact_at is None or occurred_at > locked.last_contact_at:
        update["last_contact_at"] = occurred_at
    if locked.stage in _NOT_YET_CONTACTED:
        update["stage"] = CompanyStage.CONTACTED
    if update:
        Company.objects.filter(pk=company.pk).update(**update)
        for name, value in update.items():
            setattr(company, name, value)


# Follow-ups ----------------------------------------------------------------


def _queue_assignment_notice(followup: FollowUp) -> None:
    """After commit, ask the reminders worker to tell the new assignee."""
    if followup.assigned_by_id and followup.assigned_by_id != followup.assignee_id:
        followup_id = followup.pk
        queue_task(ASSIGNMENT_NOTICE_TASK, followup_id)


def _record_assignment(followup: FollowUp, actor: User | None) -> None:
    if actor is not None and actor.pk != followup.assignee_id:
        followup.assigned_by = actor
        followup.assigned_at = timezone.now()
    else:
        followup.assigned_by = None
        followup.assigned_at = None


@transaction.atomic
def followup_create(
    *,
    company: Company,
    title: str,
    due_on: datetime.date,
    assignee: User,
    created_by: User | None,
    project: Project | None = None,
    interaction: Interaction | None = None,
    notes: str = "",
) -> FollowUp:
    followup = FollowUp(
        company=company,
        project=project,
        interaction=interaction,
        title=title,
        notes=notes,
        due_on=due_on,
        assignee=assignee,
        created_by=created_by,
    )
    _record_assignment(followup, created_by)
    followup.full_clean()
    _check_assignee_may_see_project(followup)
    followup.save()
    _queue_assignment_notice(followup)
    return followup


def _check_assignee_may_see_project(followup: FollowUp) -> None:
    """A follow-up on a confidential project goes only to someone who may see that project.

    Otherwise its title and code name would reach an outsider through « Mes
    relances », the calendar feed and the assignment email.
    """
    if followup.project_id is None or followup.assignee_id is None:
        return
    if not Project.objects.visible_to(followup.assignee).filter(pk=followup.project_id).exists():
        raise ValidationError(
            {
                "assignee": _(
                    "%(person)s ne fait pas partie de l'équipe de ce projet confidentiel : "
                    "ajoutez cette personne à l'équipe du projet ou choisissez quelqu'un d'autre."
                )
                % {"person": person_name(followup.assignee)}
            }
        )


def _lock_open_followup(followup: FollowUp) -> FollowUp:
    locked = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if locked.status != FollowUpStatus.OPEN:
        raise ValidationError(_("Cette relance est déjà close."))
    return locked


def _latest_history_row(followup: FollowUp) -> int | None:
    return followup.history.order_by("-history_id").values_list("history_id", flat=True).first()


def _record_action(
    locked: FollowUp, *, kind: FollowUpActionKind, actor: User, previous: Mapping[str, Any], **created: Any
) -> FollowUpAction:
    """What the action changed, and the history row it wrote, for its undo (followup_action_undo)."""
    history_row = _latest_history_row(locked)
    assert history_row is not None  # the save just before wrote one
    return FollowUpAction.objects.create(
        followup=locked,
        kind=kind,
        actor=actor,
        performed_at=timezone.now(),
        history_row=history_row,
        previous_status=previous["status"],
        previous_due_on=previous["due_on"],
        previous_done_at=previous["done_at"],
        **created,
    )


@transaction.atomic
def followup_complete(
    *,
    followup: FollowUp,
    actor: User,
    note: str = "",
    kind: str = InteractionKind.PHONE,
    lead_grade: str = "",
    contacts: Iterable[Contact] = (),
    next_due_on: datetime.date | None = None,
    next_title: str = "",
) -> FollowUp:
    """Mark a follow-up done; with a note, log it as an exchange; with a date, schedule the next follow-up.

    The follow-up is claimed with a conditional UPDATE (open → done) and the
    rest happens only if exactly one row changed: a form submitted twice (a
    double tap, a browser retry) finds it closed and creates no second
    exchange or next follow-up, on any database. What it did is recorded so
    that its author can undo it (followup_action_undo).
    """
    note = (note or "").strip()
    if lead_grade and not note:
        raise ValidationError({"note": _("Notez ce qui s'est dit pour enregistrer l'appréciation du contact.")})
    if next_due_on is not None and next_due_on < timezone.localdate():
        raise ValidationError({"next_due_on": _("La prochaine relance ne peut pas être dans le passé.")})
    if next_due_on is not None and not (next_title or "").strip():
        raise ValidationError({"next_title": _("Donnez un objet à la prochaine relance.")})
    locked = _lock_open_followup(followup)
    previous = {"status": locked.status, "due_on": locked.due_on, "done_at": locked.done_at}
    now = timezone.now()
    if FollowUp.objects.filter(pk=locked.pk, status=FollowUpStatus.OPEN).update(status=FollowUpStatus.DONE) != 1:
        raise ValidationError(_("Cette relance est déjà close."))
    locked.status = FollowUpStatus.DONE
    locked.done_at = now
    # The save after the claim writes the history row.
    locked.save(update_fields=["status", "done_at", "updated_at"])
    # FollowUpAction's fields, passed through to _record_action.
    created: dict[str, Any] = {}
    if note:
        company = locked.company
        stage_before = company.stage
        created["created_interaction"] = interaction_log(
            company=company,
            kind=kind,
            occurred_at=now,
            summary=note,
            logged_by=actor,
            contacts=contacts,
            lead_grade=lead_grade,
        )
        if company.stage != stage_before:
            created["previous_company_stage"] = stage_before
    if next_due_on is not None:
        assignee = locked.assignee if locked.assignee.is_active else actor
        created["created_followup"] = followup_create(
            company=locked.company,
            project=locked.project,
            interaction=created.get("created_interaction") or locked.interaction,
            title=next_title.strip(),
            due_on=next_due_on,
            assignee=assignee,
            created_by=actor,
        )
    locked.last_action = _record_action(locked, kind=FollowUpActionKind.DONE, actor=actor, previous=previous, **created)
    return locked


@transaction.atomic
def followup_snooze(*, followup: FollowUp, due_on: datetime.date, actor: User) -> FollowUp:
    if not isinstance(due_on, datetime.date):
        raise ValidationError(_("Choisissez une date valide."))
    if due_on < timezone.localdate():
        raise ValidationError(_("La nouvelle échéance ne peut pas être dans le passé."))
    locked = _lock_open_followup(followup)
    previous = {"status": locked.status, "due_on": locked.due_on, "done_at": locked.done_at}
    locked.due_on = due_on
    locked.save(update_fields=["due_on", "updated_at"])
    locked.last_action = _record_action(locked, kind=FollowUpActionKind.SNOOZED, actor=actor, previous=previous)
    return locked


@transaction.atomic
def followup_action_undo(*, action: FollowUpAction, actor: User) -> FollowUp:
    """Undo a completion or a snooze: only its author, only within FollowUpAction.UNDO_MINUTES, only once.

    The follow-up gets back exactly its stored status, due date and
    completion time (a new history row, « Annulation »). What the completion
    created goes too: the next follow-up, and the exchange its note logged —
    an undo is asked for a tap made by mistake, and the exchange would
    otherwise record a conversation that the person says did not end the
    follow-up; the company's last-contact date and stage are put back with
    it. Refused, with nothing changed, when the follow-up or the next one
    has been changed since.
    """
    if action.actor_id != actor.pk:
        raise ValidationError(_("Seule la personne qui a fait cette action peut l'annuler."))
    now = timezone.now()
    window_start = now - datetime.timedelta(minutes=FollowUpAction.UNDO_MINUTES)
    claimed = FollowUpAction.objects.filter(pk=action.pk, undone_at__isnull=True, performed_at__gte=window_start)
    if claimed.update(undone_at=now) != 1:
        if FollowUpAction.objects.filter(pk=action.pk, undone_at__isnull=False).exists():
            raise ValidationError(_("Cette action a déjà été annulée."))
        raise ValidationError(
            _("Trop tard pour annuler : une action ne s'annule que dans les %(minutes)d minutes qui suivent.")
            % {"minutes": FollowUpAction.UNDO_MINUTES}
        )
    locked = FollowUp.objects.select_for_update().get(pk=action.followup_id)
    # Any later write (an edit, a reassignment, another action) wrote a newer history row.
    if _latest_history_row(locked) != action.history_row:
        raise ValidationError(_("La relance a été modifiée depuis : elle ne peut plus être rétablie telle quelle."))
    if action.created_followup_id:
        following = FollowUp.objects.select_for_update().get(pk=action.created_followup_id)
        # Its creation is its only history row while nobody has touched it.
        if following.status != FollowUpStatus.OPEN or following.history.count() != 1:
            raise ValidationError(
                _("La relance suivante a déjà été modifiée ou faite : annulez-la d'abord, ou modifiez-la.")
            )
        following._change_reason = _("Annulation")
        following.delete()
    if action.created_interaction_id:
        company = Company.objects.select_for_update().get(pk=locked.company_id)
        Interaction.objects.filter(pk=action.created_interaction_id).delete()
        update = {"last_contact_at": company.interactions.aggregate(last=Max("occurred_at"))["last"]}
        if action.previous_company_stage and company.stage == CompanyStage.CONTACTED:
            update["stage"] = action.previous_company_stage
        Company.objects.filter(pk=company.pk).update(**update)
    locked.status = action.previous_status
    locked.due_on = action.previous_due_on
    locked.done_at = action.previous_done_at
    locked._change_reason = _("Annulation")
    locked.save(update_fields=["status", "due_on", "done_at", "updated_at"])
    return locked


@transaction.atomic
def followup_reassign(*, followup: FollowUp, assignee: User, actor: User | None) -> FollowUp:
    locked = _lock_open_followup(followup)
    if locked.assignee_id == assignee.pk:
        return locked
    if not assignee.is_active:
        raise ValidationError(_("Cette personne n'a plus de compte actif."))
    locked.assignee = assignee
    _check_assignee_may_see_project(locked)
    _record_assignment(locked, actor)
    locked.save(update_fields=["assignee", "assigned_by", "assigned_at", "updated_at"])
    _queue_assignment_notice(locked)
    return locked


@transaction.atomic
def followup_update(*, followup: FollowUp, actor: User | None, **fields: Any) -> FollowUp:
    """Edit a follow-up as a whole (the admin): a new assignee is told, closing dates it."""
    stored = FollowUp.objects.select_for_update().get(pk=followup.pk)
    _set_fields(followup, fields)
    if followup.assignee_id != stored.assignee_id:
        _record_assignment(followup, actor)
    if followup.status != stored.status:
        followup.done_at = timezone.now() if followup.status == FollowUpStatus.DONE else None
    followup.full_clean()
    if followup.assignee_id != stored.assignee_id or followup.project_id != stored.project_id:
        _check_assignee_may_see_project(followup)
    followup.save()
    if followup.assignee_id != stored.assignee_id:
        _queue_assignment_notice(followup)
    return followup


@transaction.atomic
def followups_bulk_complete(*, followups: QuerySet[FollowUp], actor: User) -> int:
    """Mark the open ones among ``followups`` done; returns how many."""
    count = 0
    for followup in FollowUp.objects.filter(pk__in=followups.filter(status=FollowUpStatus.OPEN).values("pk")):
        followup_complete(followup=followup, actor=actor)
        count += 1
    return count


@transaction.atomic
def followups_bulk_reassign(*, followups: QuerySet[FollowUp], assignee: User, actor: User | None) -> int:
    """Hand open follow-ups to someone else (a departure, a new arrival)."""
    count = 0
    candidates = followups.filter(status=FollowUpStatus.OPEN).exclude(assignee=assignee).values("pk")
    for followup in FollowUp.objects.filter(pk__in=candidates).select_for_update():
        followup_reassign(followup=followup, assignee=assignee, actor=actor)
        count += 1
    return count


@transaction.atomic
def followups_reassign_where_visible(
    *, followups: QuerySet[FollowUp], assignee: User, actor: User | None
) -> tuple[int, int]:
    """Hand over the open ones among ``followups`` that ``assignee`` may see; returns (moved, skipped).

    Direction's list moves a whole filtered set at once: a follow-up on a
    confidential project the new person is not on stays where it is, and the
    caller says how many did, rather than refusing the whole move.
    """
    candidates = followups.filter(status=FollowUpStatus.OPEN).exclude(assignee=assignee)
    visible = Project.objects.visible_to(assignee).values("pk")
    allowed = candidates.filter(Q(project__isnull=True) | Q(project__in=visible))
    skipped = candidates.exclude(pk__in=allowed.values("pk")).count()
    moved = followups_bulk_reassign(followups=allowed, assignee=assignee, actor=actor)
    return moved, skipped


# Projects ---------------------------------------------------------------------

_PROJECT_TO_COMPANY_STAGE: dict[str, CompanyStage] = {
    ProjectStage.WON: CompanyStage.ESTABLISHED,
}


def project_validate(*, project: Project) -> None:
    """The rules a project must meet to be saved; raises ValidationError, writes nothing."""
    if project.stage == ProjectStage.WON and (project.jobs_created is None or project.investment_realised is None):
        raise ValidationError(
            {
                "jobs_created": _("Un projet implanté doit indiquer les emplois créés et l'investissement réalisé."),
            }
        )
    if project.stage == ProjectStage.LOST and not project.lost_reason.strip():
        raise ValidationError({"lost_reason": _("Indiquez pourquoi le projet a été perdu.")})
    project.full_clean()


@transaction.atomic
def project_create(
    *, company: Company, title: str, actor: User | None, team: Iterable[User] = (), **fields: Any
) -> Project:
    fields.setdefault("opened_on", timezone.localdate())
    project = Project(company=company, title=title, **fields)
    if project.owner_id is None and actor is not None:
        project.owner = actor
    if project.sector_id is None:
        project.sector = company.sector
    project.stage_changed_at = timezone.now()
    project_validate(project=project)
    project.save()
    members = set(team)
    if project.owner:
        members.add(project.owner)
    project.team.set(members)
    ProjectStageChange.objects.create(
        project=project, stage=project.stage, entered_at=project.stage_changed_at, changed_by=actor
    )
    if company.stage not in (CompanyStage.PROJECT, CompanyStage.ESTABLISHED):
        Company.objects.filter(pk=company.pk).update(stage=CompanyStage.PROJECT)
        company.stage = CompanyStage.PROJECT
    return project


def _check_may_change_access(
    *, project: Project, actor: User | None, fields: Mapping[str, Any], team: Iterable[User | int] | None
) -> None:
    """Who sees a project (confidential, owner, team) is changed only by its owner or Direction.

    Compared with the stored row, since a bound form may already have set the
    instance: a team member could otherwise make a confidential project
    public, and anyone who may edit a project could take it over.
    """
    if actor is None or project.pk is None or is_direction(actor):
        return
    stored = Project.objects.filter(pk=project.pk).values("confidential", "owner_id").first()
    if stored is None or stored["owner_id"] == actor.pk:
        return
    errors = {}
    if "confidential" in fields and bool(fields["confidential"]) != stored["confidential"]:
        errors["confidential"] = _("Seul le responsable du projet ou la Direction peut changer sa confidentialité.")
    owner = fields.get("owner", fields.get("owner_id", stored["owner_id"]))
    owner_id = getattr(owner, "pk", owner)
    if owner_id != stored["owner_id"]:
        errors["owner"] = _("Seul le responsable du projet ou la Direction peut confier le projet à quelqu'un d'autre.")
    if team is not None:
        stored_team = set(Project.team.through.objects.filter(project_id=project.pk).values_list("user_id", flat=True))
        if {getattr(member, "pk", member) for member in team} != stored_team:
            errors["team"] = _("Seul le responsable du projet ou la Direction peut changer l'équipe.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def project_update(
    *, project: Project, actor: User | None, team: Iterable[User] | None = None, **fields: Any
) -> Project:
    _check_may_change_access(project=project, actor=actor, fields=fields, team=team)
    stage = fields.pop("stage", project.stage)
    # Compared with the stored row: a bound form may already have changed the instance.
    stored_stage = Project.objects.filter(pk=project.pk).values_list("stage", flat=True).first()
    if stage != stored_stage:
        assert stored_stage is not None  # project_update edits a stored project
        project.stage = stored_stage
        _set_fields(project, fields)
        return project_move_stage(project=project, stage=stage, actor=actor, team=team)
    _set_fields(project, fields)
    project_validate(project=project)
    project.save()
    if team is not None:
        project.team.set(team)
    return project


@transaction.atomic
def project_move_stage(
    *, project: Project, stage: str, actor: User | None, team: Iterable[User] | None = None, **fields: Any
) -> Project:
    """Move a project to a stage and record the date it was entered."""
    if stage not in ProjectStage.values:
        raise ValidationError({"stage": _("Étape inconnue.")})
    _check_may_change_access(project=project, actor=actor, fields=fields, team=team)
    _set_fields(project, fields)
    changed = stage != project.stage
    project.stage = stage
    now = timezone.now()
    if changed:
        project.stage_changed_at = now
        if stage in (ProjectStage.WON, ProjectStage.LOST) and project.decided_on is None:
            project.decided_on = timezone.localdate()
    project_validate(project=project)
    project.save()
    if team is not None:
        project.team.set(team)
    if changed:
        ProjectStageChange.objects.create(project=project, stage=stage, entered_at=now, changed_by=actor)
        company_stage = _PROJECT_TO_COMPANY_STAGE.get(stage)
        if company_stage:
            Company.objects.filter(pk=project.company_id).update(stage=company_stage)
    return project


# Sectors ---------------------------------------------------------------------


@transaction.atomic
def sectors_apply_naf_prefixes() -> int:
    """After sectors' NAF prefixes change, give each company whose sector follows its NAF code the new one.

    One UPDATE per sector, touching only the rows that change; returns how many did.
    """
    sectors = list(Sector.objects.all())
    codes_by_sector: dict[int, list[str]] = {}
    for code in NafCode.objects.values_list("code", flat=True):
        sector = sector_for_naf(code, sectors)
        if sector is not None:
            codes_by_sector.setdefault(sector.pk, []).append(code)
    derived = Company.objects.filter(sector_set_manually=False)
    changed = 0
    for sector_id, codes in codes_by_sector.items():
        changed += derived.filter(naf_code_id__in=codes).exclude(sector_id=sector_id).update(sector_id=sector_id)
    in_a_sector = [code for codes in codes_by_sector.values() for code in codes]
    changed += derived.filter(sector__isnull=False).exclude(naf_code_id__in=in_a_sector).update(sector=None)
    return changed
