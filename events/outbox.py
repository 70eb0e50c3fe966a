"""Leads sent from a device's outbox: saved once per device id, or kept to be checked.

The form asks the user on the spot when a new company or person looks like
a known one; a lead typed offline reaches the server when nobody is there to
answer, so this decides what it safely can and keeps the rest for its chargé.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from core.identifiers import normalize_company_name, normalize_siret
from prospects.selectors import company_probable_duplicates

from .models import PendingLead
from .services import (
    CapturedLead,
    ProbableDuplicates,
    ProbablePersonDuplicates,
    _capture_received,
    lead_capture,
)


@dataclass
class SyncOutcome:
    """A lead sent from the outbox: saved (``lead``), or kept to be checked (``pending``)."""

    lead: CapturedLead | None = None
    pending: PendingLead | None = None


def _sure_company(new_company, companies):
    """The known company a new one certainly is: same SIRET, or same folded name and postcode."""
    siret = normalize_siret(new_company.get("siret") or "")
    postcode = new_company.get("postcode") or ""
    name = normalize_company_name(new_company.get("name") or "")
    for company in companies:
        if siret and company.siret == siret:
            return company
    for company in companies:
        if postcode and company.postcode == postcode and company.normalized_name == name:
            return company
    return None


def _keep_pending(*, appearance, actor, capture_key, payload, reason, candidates):
    try:
        with transaction.atomic():
            pending = PendingLead.objects.create(
                appearance=appearance,
                created_by=actor,
                device_id=capture_key,
                reason=reason,
                payload=payload,
                candidates=[candidate.pk for candidate in candidates],
            )
    except IntegrityError:
        # The same lead sent at the same moment from a second tab: it is kept once.
        pending = PendingLead.objects.get(device_id=capture_key)
    return SyncOutcome(pending=pending)


def lead_sync(*, appearance, actor, capture_key, payload, **fields):
    """Save a lead sent from a device's outbox, once per ``capture_key`` (the device's id).

    Unlike the form, nobody is there to answer « is it this company? »: a new
    company that certainly is a known one (same SIRET, or same folded name and
    postcode) becomes that one; one that may be (same folded name elsewhere or
    without a postcode), or a new person who may be one of the company's
    people, keeps the lead as a PendingLead (``payload``, the form's fields,
    is what its chargé confirms later) and writes nothing else. Validation
    errors are raised as by ``lead_capture``.
    """
    received = _capture_received(capture_key)
    if received is not None:
        return SyncOutcome(lead=received)
    pending = PendingLead.objects.filter(device_id=capture_key).first()
    if pending is not None:
        return SyncOutcome(pending=pending)
    keep = {"appearance": appearance, "actor": actor, "capture_key": capture_key, "payload": payload}
    new_company = fields.get("new_company") or {}
    if fields.get("company") is None and new_company and not fields.get("confirm_new_company"):
        known = list(company_probable_duplicates(name=new_company.get("name", ""), siret=new_company.get("siret", "")))
        sure = _sure_company(new_company, known)
        if sure is not None:
            fields = {**fields, "company": sure, "new_company": None}
            payload = {**payload, "company": str(sure.pk)}
        elif known:
            return _keep_pending(**keep, reason=PendingLead.Reason.COMPANY, candidates=known)
    try:
        return SyncOutcome(lead=lead_capture(appearance=appearance, actor=actor, capture_key=capture_key, **fields))
    except ProbableDuplicates as error:
        # Made by a colleague between the check above and the lock.
        sure = _sure_company(new_company, error.companies)
        if sure is None:
            return _keep_pending(**keep, reason=PendingLead.Reason.COMPANY, candidates=error.companies)
        fields = {**fields, "company": sure, "new_company": None}
        return SyncOutcome(lead=lead_capture(appearance=appearance, actor=actor, capture_key=capture_key, **fields))
    except ProbablePersonDuplicates as error:
        # Only a known company has people: the lead is kept with that company chosen.
        company = fields.get("company")
        keep["payload"] = {**payload, "company": str(company.pk) if company else payload.get("company", "")}
        return _keep_pending(**keep, reason=PendingLead.Reason.PERSON, candidates=error.contacts)


@transaction.atomic
def pending_lead_resolve(*, pending, actor, payload, **fields):
    """Save a lead kept to be checked, with the company or person its chargé chose (in ``fields``).

    The lead keeps the device's id as its capture key. Another doubt (the
    chosen company has someone like the new person) keeps it pending again.
    """
    appearance, capture_key = pending.appearance, pending.device_id
    pending.delete()
    return lead_sync(appearance=appearance, actor=actor, capture_key=capture_key, payload=payload, **fields)


@transaction.atomic
def pending_lead_discard(*, pending):
    pending.delete()
