"""Every write about the stand: leads captured there, and the meetings planned before a show.

Shows and appearances are written by events.appearances.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.identifiers import normalize_company_name, normalize_siret
from core.workdays import due_on_for_grade
from prospects import services as prospect_services
from prospects.models import (
    Company,
    CompanyStage,
    Contact,
    FollowUp,
    Interaction,
    InteractionKind,
    Project,
    ProjectStage,
)
from prospects.selectors import company_probable_duplicates, contact_probable_duplicates

from .models import Appearance

# Time given to a lead logged on a past day of the show: its exact hour is unknown.
LEAD_DEFAULT_TIME = datetime.time(12, 0)


class ProbableDuplicates(ValidationError):
    """The new company looks like one already known: pick it or confirm the creation."""

    def __init__(self, companies: Iterable[Company]) -> None:
        super().__init__(
            _("Cette entreprise existe peut-être déjà : choisissez-la ou confirmez la création."),
            code="probable_duplicate",
        )
        self.companies = list(companies)


class ProbablePersonDuplicates(ValidationError):
    """The new person looks like one the company already has: pick them or confirm it is someone else."""

    def __init__(self, contacts: Iterable[Contact]) -> None:
        super().__init__(
            _(
                "Cette personne est peut-être déjà connue : choisissez-la ou confirmez qu'il s'agit de quelqu'un d'autre."
            ),
            code="probable_person_duplicate",
        )
        self.contacts = list(contacts)


def prefixed_errors(error: ValidationError, prefix: str) -> ValidationError:
    """Rename a service's field errors (``siret`` → ``company_siret``) for the form that called it."""
    if hasattr(error, "error_dict"):
        return ValidationError({f"{prefix}{name}": messages for name, messages in error.error_dict.items()})
    return error


# Lead capture ----------------------------------------------------------------------


@dataclass
class CapturedLead:
    company: Company
    company_created: bool
    contact: Contact | None
    interaction: Interaction
    followup: FollowUp | None
    project: Project | None
    # True when this capture had been received already: nothing was written.
    repeated: bool = False


def default_met_on(appearance: Appearance, today: datetime.date | None = None) -> datetime.date:
    """Today while the show is on; its nearest day otherwise (the evening after, or a late entry)."""
    today = today or timezone.localdate()
    return min(max(today, appearance.starts_on), appearance.ends_on)


def _occurred_at(met_on: datetime.date) -> datetime.datetime:
    now = timezone.localtime()
    if met_on == now.date():
        return now
    return timezone.make_aware(datetime.datetime.combine(met_on, LEAD_DEFAULT_TIME))


def _contact_for_lead(
    company: Company,
    person: Mapping[str, str] | None,
    actor: User,
    *,
    existing: Contact | None = None,
    confirm_new_person: bool = False,
) -> Contact | None:
    """The person met: one of the company's, picked by the user, or a new one.

    A new person who looks like one the company has (same folded name, email
    or phone) stops everything until the user picks them or confirms; nobody
    is matched silently.
    """
    person = {key: (value or "").strip() for key, value in (person or {}).items()}
    if existing is not None:
        if existing.company_id != company.pk or existing.anonymised_at:
            raise ValidationError({"contact": _("Cette personne ne fait pas partie de l'entreprise choisie.")})
        # A person met again: fill in what was missing, never overwrite what is known.
        missing = {key: value for key, value in person.items() if value and not getattr(existing, key)}
        if missing:
            try:
                prospect_services.contact_update(contact=existing, actor=actor, **missing)
            except ValidationError as error:
                raise prefixed_errors(error, "person_") from error
        return existing
    if not any(person.values()):
        return None
    if not confirm_new_person:
        duplicates = [
            contact for contact, _reasons in contact_probable_duplicates(company=company, **_person_identity(person))
        ]
        if duplicates:
            raise ProbablePersonDuplicates(duplicates)
    last_name = person.pop("last_name", "")
    try:
        return prospect_services.contact_create(company=company, last_name=last_name, actor=actor, **person)
    except ValidationError as error:
        raise prefixed_errors(error, "person_") from error


class PersonIdentity(TypedDict):
    """What tells a person apart (contact_probable_duplicates' arguments)."""

    first_name: str
    last_name: str
    email: str
    phone: str


def _person_identity(person: Mapping[str, str]) -> PersonIdentity:
    return {
        "first_name": person.get("first_name", ""),
        "last_name": person.get("last_name", ""),
        "email": person.get("email", ""),
        "phone": person.get("phone", ""),
    }


def _capture_received(capture_key: uuid.UUID) -> CapturedLead | None:
    """The lead a capture key already made, as a CapturedLead, or None."""
    interaction = (
        Interaction.objects.filter(capture_key=capture_key)
        .select_related("company")
        .prefetch_related("contacts", "followups")
        .first()
    )
    if interaction is None:
        return None
    followup = next(iter(interaction.followups.all()), None)
    contact = next(iter(interaction.contacts.all()), None)
    project = followup.project if followup is not None else None
    return CapturedLead(interaction.company, False, contact, interaction, followup, project, repeated=True)


def _serialise_new_company(name: str, postcode: str) -> None:
    """Two captures creating the same company at once: the second waits, then finds the first's.

    A transaction-scoped advisory lock on the folded name and postcode on
    PostgreSQL; SQLite runs one writing transaction at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            key = f"lozdev.company:{normalize_company_name(name)}:{postcode or ''}"
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def lead_capture(*, capture_key: uuid.UUID | None = None, **fields: Any) -> CapturedLead:
    """Log one conversation at the stand (see ``_lead_capture``), once per ``capture_key``.

    A capture sent again with its key (a double tap, a retry after a lost
    answer, the offline outbox syncing twice) returns the lead it made the
    first time, marked ``repeated``, and writes nothing; two sent at the same
    moment are told apart by the database's unique key.
    """
    if capture_key is not None:
        received = _capture_received(capture_key)
        if received is not None:
            return received
    try:
        return _lead_capture(capture_key=capture_key, **fields)
    except IntegrityError:
        received = _capture_received(capture_key) if capture_key is not None else None
        if received is None:
            raise
        return received


@transaction.atomic
def _lead_capture(
    *,
    appearance: Appearance,
    actor: User,
    summary: str,
    lead_grade: str,
    company: Company | None = None,
    new_company: Mapping[str, Any] | None = None,
    confirm_new_company: bool = False,
    person: Mapping[str, str] | None = None,
    contact: Contact | None = None,
    confirm_new_person: bool = False,
    met_on: datetime.date | None = None,
    assignee: User | None = None,
    due_on: datetime.date | None = None,
    open_project: bool = False,
    project_title: str = "",
    capture_key: uuid.UUID | None = None,
) -> CapturedLead:
    """Log one conversation at the stand, in one transaction.

    Finds or creates the company and the person, logs the stand interaction
    with its grade, schedules the follow-up (by default on the grade's date:
    A the next working day, B two working days later, C a week later, D none)
    and, if asked, opens a project attributed to the appearance. The person is
    ``contact`` (one of the company's, picked; ``person`` then only fills in
    what it lacks) or a new one described by ``person``. A probable duplicate
    of a new company, or of a new person, stops everything until the user
    picks the known one or confirms.
    """
    if company is None and not new_company:
        raise ValidationError({"company": _("Choisissez une entreprise ou créez-la.")})
    met_on = met_on or default_met_on(appearance)
    if (
        not appearance.starts_on - datetime.timedelta(days=1)
        <= met_on
        <= appearance.ends_on + datetime.timedelta(days=7)
    ):
        raise ValidationError(
            {
                "met_on": _("Indiquez une date pendant le salon (du %(start)s au %(end)s) ou la semaine suivante.")
                % {
                    "start": formats.date_format(appearance.starts_on, "SHORT_DATE_FORMAT"),
                    "end": formats.date_format(appearance.ends_on, "SHORT_DATE_FORMAT"),
                }
            }
        )
    assignee = assignee or actor
    if not assignee.is_active:
        raise ValidationError({"assignee": _("Cette personne n'a plus de compte actif.")})

    created = False
    if company is None:
        assert new_company is not None  # checked above: a known company or a new one
        fields = {key: value for key, value in new_company.items() if value not in (None, "")}
        name = fields.pop("name", "")
        _serialise_new_company(name, fields.get("postcode", ""))
        # The same capture may have been waiting behind itself for that lock.
        received = _capture_received(capture_key) if capture_key is not None else None
        if received is not None:
            return received
        if not confirm_new_company:
            duplicates = company_probable_duplicates(
                name=name, postcode=fields.get("postcode", ""), siret=normalize_siret(fields.get("siret", ""))
            )
            if duplicates:
                raise ProbableDuplicates(duplicates)
        try:
            company = prospect_services.company_create(
                name=name, actor=actor, source=_("Salon %(show)s") % {"show": appearance}, **fields
            )
        except ValidationError as error:
            raise prefixed_errors(error, "company_") from error
        created = True

    contact = _contact_for_lead(company, person, actor, existing=contact, confirm_new_person=confirm_new_person)

    interaction = prospect_services.interaction_log(
        company=company,
        kind=InteractionKind.STAND,
        occurred_at=_occurred_at(met_on),
        summary=(summary or "").strip(),
        logged_by=actor,
        contacts=[contact] if contact else (),
        appearance=appearance,
        lead_grade=lead_grade,
        capture_key=capture_key,
    )

    project = None
    if open_project:
        try:
            project = prospect_services.project_create(
                company=company,
                title=(project_title or "").strip()
                or _("Projet %(company)s (%(show)s)") % {"company": company.name, "show": appearance},
                actor=actor,
                stage=ProjectStage.LEAD,
                opened_on=met_on,
                origin_appearance=appearance,
            )
        except ValidationError as error:
            raise prefixed_errors(error, "project_") from error

    due_on = due_on or due_on_for_grade(lead_grade, met_on)
    followup = None
    if due_on:
        followup = prospect_services.followup_create(
            company=company,
            title=_("Relance après %(show)s") % {"show": appearance},
            due_on=due_on,
            assignee=assignee,
            created_by=actor,
            project=project,
            interaction=interaction,
        )
    return CapturedLead(company, created, contact, interaction, followup, project)


# Before the show ---------------------------------------------------------------------


@transaction.atomic
def meeting_plan(
    *, appearance: Appearance, company: Company, actor: User, assignee: User, due_on: datetime.date, notes: str = ""
) -> FollowUp:
    """Plan a meeting at the show: a follow-up dated during it; the company becomes a target."""
    if company.do_not_contact:
        raise ValidationError(_("Cette entreprise ne souhaite pas être contactée."))
    if not appearance.starts_on <= due_on <= appearance.ends_on:
        raise ValidationError(
            {
                "due_on": _("Choisissez un jour du salon (du %(start)s au %(end)s).")
                % {
                    "start": formats.date_format(appearance.starts_on, "SHORT_DATE_FORMAT"),
                    "end": formats.date_format(appearance.ends_on, "SHORT_DATE_FORMAT"),
                }
            }
        )
    followup = prospect_services.followup_create(
        company=company,
        title=_("Rendez-vous sur %(show)s") % {"show": appearance},
        due_on=due_on,
        assignee=assignee,
        created_by=actor,
        notes=notes,
    )
    if company.stage == CompanyStage.IDENTIFIED:
        Company.objects.filter(pk=company.pk).update(stage=CompanyStage.TARGETED)
        company.stage = CompanyStage.TARGETED
    return followup
