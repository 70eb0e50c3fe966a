"""What a follow-up's card shows: whom to call and how, and the company's last exchange."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Left
from django.utils.text import Truncator

from core.phones import tel_uri

from .models import Contact, FollowUp, Interaction, InteractionKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class CallPerson:
    """Whom a follow-up is about: a name, a role, and how to reach them."""

    contact_id: int
    name: str
    job_title: str
    phone: str
    tel: str
    email: str

    @classmethod
    def from_contact(cls, contact: Contact) -> CallPerson:
        return cls(
            contact.pk, contact.full_name, contact.job_title, contact.phone, tel_uri(contact.phone), contact.email
        )


@dataclass(frozen=True)
class LastExchange:
    occurred_at: datetime.datetime
    kind: StrOrPromise
    excerpt: str


# Characters of the last exchange's summary a card reads, and the words it shows.
EXCERPT_CHARS = 300
EXCERPT_WORDS = 14
_CONTACT_CARD_FIELDS = ("first_name", "last_name", "job_title", "email", "phone")


def _reachable_contacts() -> QuerySet[Contact]:
    """Never a person who objected to prospecting or was anonymised (GDPR): not their name, nor how to reach them."""
    return Contact.objects.filter(objected=False, anonymised_at__isnull=True).order_by("-is_primary", "last_name", "id")


def with_card_fields(queryset: QuerySet[FollowUp], *, user: User | AnonymousUser) -> QuerySet[FollowUp]:
    """Follow-ups annotated with whom to call and their company's last exchange ``user`` may see, read by ``followup_cards``.

    The person is a contact of the exchange the follow-up came from, else the
    company's primary contact (or its first, when none is marked primary);
    never one who objected or was anonymised. Correlated subqueries on
    indexed columns, evaluated for the rows shown only.
    """
    # An exchange behind a confidential project kept from the user is not "the last exchange".
    last_exchange = (
        Interaction.objects.visible_to(user).filter(company=OuterRef("company_id")).order_by("-occurred_at", "-id")
    )
    return queryset.annotate(
        call_contact_id=Coalesce(
            Subquery(_reachable_contacts().filter(interactions=OuterRef("interaction_id")).values("pk")[:1]),
            Subquery(_reachable_contacts().filter(company=OuterRef("company_id")).values("pk")[:1]),
        ),
        last_exchange_at=Subquery(last_exchange.values("occurred_at")[:1]),
        last_exchange_kind=Subquery(last_exchange.values("kind")[:1]),
        last_exchange_summary=Subquery(
            last_exchange.annotate(start=Left("summary", EXCERPT_CHARS)).values("start")[:1]
        ),
    )


# Any: follow-ups carrying ``with_card_fields``' annotations, and the attributes set here, which FollowUp does not declare.
def followup_cards(followups: list[Any]) -> list[Any]:
    """Give each follow-up of ``with_card_fields`` its ``call_person`` and ``last_exchange``: one query for all."""
    contact_ids = {f.call_contact_id for f in followups if f.call_contact_id}
    contacts = Contact.objects.only(*_CONTACT_CARD_FIELDS).in_bulk(contact_ids) if contact_ids else {}
    kinds = dict(InteractionKind.choices)
    for followup in followups:
        contact = contacts.get(followup.call_contact_id)
        followup.call_person = CallPerson.from_contact(contact) if contact else None
        followup.company_tel = tel_uri(followup.company.phone)
        followup.last_exchange = None
        if followup.last_exchange_at:
            followup.last_exchange = LastExchange(
                followup.last_exchange_at,
                kinds.get(followup.last_exchange_kind, ""),
                Truncator(followup.last_exchange_summary or "").words(EXCERPT_WORDS),
            )
    return followups
