"""Writes from the directory: establishments made into the agency's companies, signals dismissed or followed up."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.tasks import queue_task
from core.workdays import add_working_days
from prospects import services as prospect_services
from prospects.models import Company, CompanyStage, NafCode

from .loading import load_files
from .models import DirectoryChange, DirectoryLoad, Establishment, LoadStatus
from .sirene import SireneFileError

LOAD_TASK = "directory.tasks.directory_load_task"

SOURCE = "SIRENE"


@transaction.atomic
def directory_load_start(*, uploaded_file: UploadedFile, actor: User) -> DirectoryLoad:
    """Keep the file Direction sent and queue its load; the load page follows its progress."""
    name = uploaded_file.name or ""
    load = DirectoryLoad(status=LoadStatus.QUEUED, created_by=actor, files=name[:255])
    load.uploaded_file.save(name, uploaded_file, save=False)
    load.total_bytes = uploaded_file.size or 0
    load.save()
    queue_task(LOAD_TASK, load.pk)
    return load


def directory_load_run(*, load_id: int) -> DirectoryLoad | None:
    """Run a queued web load once: a second delivery of the task finds it taken and does nothing."""
    taken = DirectoryLoad.objects.filter(pk=load_id, status=LoadStatus.QUEUED).update(status=LoadStatus.RUNNING)
    if not taken:
        return None
    load = DirectoryLoad.objects.get(pk=load_id)
    try:
        load_files(paths=[load.uploaded_file.path], load=load)
    except (SireneFileError, OSError, UnicodeError) as error:
        DirectoryLoad.objects.filter(pk=load_id).update(
            status=LoadStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
    finally:
        # The register's rows are in the directory now: the upload itself is not kept.
        load.uploaded_file.delete(save=False)
        DirectoryLoad.objects.filter(pk=load_id).update(uploaded_file="")
    return DirectoryLoad.objects.get(pk=load_id)


@dataclass
class FollowResult:
    created: list[Company] = field(default_factory=list)
    already: int = 0
    # (establishment, message) for the rows that could not become companies.
    refused: list[tuple[Establishment, str]] = field(default_factory=list)


def _company_fields(establishment: Establishment, known_naf: set[str]) -> dict[str, Any]:
    return {
        "siret": establishment.siret,
        "naf_code": establishment.naf if establishment.naf in known_naf else None,
        "workforce_band": establishment.workforce_band,
        "address": establishment.address,
        "postcode": establishment.postcode,
        "city": establishment.city.title(),
        "source": SOURCE,
        "stage": CompanyStage.TARGETED,
    }


def establishments_follow(*, establishments: QuerySet[Establishment], actor: User, chunk: int = 500) -> FollowResult:
    """Make each establishment a company (source SIRENE, owner ``actor``) unless one has its SIRET already.

    Idempotent: run twice on the same rows, the second run creates nothing.
    A row the company rules refuse (a postcode La Poste does not know…) is
    kept with its message and the others still go in.
    """
    result = FollowResult()
    known_naf = set(NafCode.objects.values_list("code", flat=True))
    batch: list[Establishment] = []
    for establishment in establishments.iterator(chunk_size=chunk):
        batch.append(establishment)
        if len(batch) >= chunk:
            _follow_batch(batch, actor, known_naf, result)
            batch = []
    if batch:
        _follow_batch(batch, actor, known_naf, result)
    return result


def _follow_batch(batch: list[Establishment], actor: User, known_naf: set[str], result: FollowResult) -> None:
    taken = set(Company.objects.filter(siret__in=[row.siret for row in batch]).values_list("siret", flat=True))
    for establishment in batch:
        if establishment.siret in taken:
            result.already += 1
            continue
        fields = _company_fields(establishment, known_naf)
        try:
            with transaction.atomic():
                company = prospect_services.company_create(
                    name=establishment.sign or establishment.name, actor=actor, owner=actor, **fields
                )
        except ValidationError as error:
            if Company.objects.filter(siret=establishment.siret).exists():
                # Made by someone else meanwhile: followed all the same.
                result.already += 1
                continue
            result.refused.append((establishment, "; ".join(error.messages)))
            continue
        result.created.append(company)


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    current: str
    register: str


# (company field, label, how the register's value reads for the company)
REFRESHED_FIELDS: list[tuple[str, StrOrPromise, Callable[[Establishment], str]]] = [
    ("naf_code", _("Code NAF"), lambda e: e.naf),
    ("workforce_band", _("Tranche d'effectifs"), lambda e: e.workforce_band),
    ("address", _("Adresse"), lambda e: e.address),
    ("postcode", _("Code postal"), lambda e: e.postcode),
    ("city", _("Commune"), lambda e: e.city.title()),
]


def company_differences(*, company: Company, establishment: Establishment) -> list[Difference]:
    """What the register says otherwise than the company's record, field by field (empty register values left out)."""
    differences = []
    for name, label, read in REFRESHED_FIELDS:
        current = company.naf_code_id or "" if name == "naf_code" else getattr(company, name) or ""
        register = read(establishment) or ""
        if register and register != current:
            differences.append(Difference(name, str(label), current, register))
    return differences


@transaction.atomic
def company_refresh_from_directory(
    *, company: Company, establishment: Establishment, fields: Iterable[str], actor: User
) -> list[str]:
    """Copy the chosen fields from the register into the company; only those that differ, through the company rules."""
    chosen = {d.field: d.register for d in company_differences(company=company, establishment=establishment)}
    changes = {name: value for name, value in chosen.items() if name in fields}
    if changes.get("naf_code") and not NafCode.objects.filter(code=changes["naf_code"]).exists():
        raise ValidationError(_("Le code NAF %(code)s n'est pas connu de lozdev.") % {"code": changes["naf_code"]})
    if changes:
        prospect_services.company_update(company=company, actor=actor, **changes)
    return list(changes)


@transaction.atomic
def signal_dismiss(*, change: DirectoryChange, actor: User) -> DirectoryChange:
    change = DirectoryChange.objects.select_for_update().get(pk=change.pk)
    if change.dismissed_at is None and change.followup_id is None:
        change.dismissed_at = timezone.now()
        change.dismissed_by = actor
        change.save(update_fields=["dismissed_at", "dismissed_by"])
    return change


def _follow_for_signal(establishment: Establishment, actor: User) -> Company:
    """The company of a territory signal's establishment: made now (owner ``actor``), or the one that has its SIRET."""
    result = establishments_follow(establishments=Establishment.objects.filter(pk=establishment.pk), actor=actor)
    if result.refused:
        raise ValidationError(result.refused[0][1])
    return result.created[0] if result.created else Company.objects.get(siret=establishment.siret)


@transaction.atomic
def signal_follow_up(*, change: DirectoryChange, actor: User) -> DirectoryChange:
    """A follow-up for the company's owner (or ``actor`` when it has none), due in two working days.

    A territory signal has no company yet: its establishment becomes one,
    owned by ``actor``, who then holds the follow-up.
    """
    change = (
        DirectoryChange.objects.select_for_update(of=("self",))
        .select_related("company", "establishment")
        .get(pk=change.pk)
    )
    if change.followup_id is not None:
        return change
    if change.dismissed_at is not None:
        raise ValidationError(_("Ce signal a été écarté."))
    if change.company_id is None:
        change.company = _follow_for_signal(change.establishment, actor)
        change.save(update_fields=["company"])
    company = change.company
    assert company is not None  # the signal's, or made just above
    assignee = company.owner if company.owner is not None and company.owner.is_active else actor
    title = _("Signal SIRENE : %(kind)s – %(name)s") % {"kind": change.get_kind_display(), "name": company.name}
    change.followup = prospect_services.followup_create(
        company=company,
        title=title[:200],
        due_on=add_working_days(timezone.localdate(), 2),
        assignee=assignee,
        created_by=actor,
        notes=" → ".join(part for part in [change.before, change.after] if part),
    )
    change.save(update_fields=["followup"])
    return change
