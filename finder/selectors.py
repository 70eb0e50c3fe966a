"""What the header's search finds, group by group, each with a few results.

Every group is one query, limited to a few rows, on columns that are indexed
for it: companies and people on their folded ``search_text`` (trigram indexes
on PostgreSQL, see prospects/migrations/0003), projects through
``Project.objects.visible_to(user)`` only, sites and shows on their few
hundred rows; the register's establishments that are not companies yet come
last (directory.providers). People appear only for the roles that may see a person
(accounts/roles.py: never an observer, who reaches no record page at all and
so is refused the search itself, see views.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_staff_member
from core.identifiers import fold, phone_digits
from directory.providers import search_directory
from events.models import Appearance
from prospects.models import Company, Contact, Project
from prospects.selectors import company_text_search
from sites.models import Site

MIN_LENGTH = 2
MAX_LENGTH = 100
SUGGESTION_LIMIT = 5
PAGE_LIMIT = 20

# A phone as people type it: digits with spaces, dots, dashes, brackets, a leading « + ».
PHONE_LIKE = re.compile(r"\+?[\d\s.\-()/]+")
PHONE_MIN_DIGITS = 4


@dataclass(frozen=True)
class Hit:
    key: str
    label: str
    detail: str
    url: str


@dataclass
class Group:
    key: str
    label: StrOrPromise
    hits: list[Hit] = field(default_factory=list)
    # The list page that shows every match, when there is one.
    more_url: str = ""


def clean_query(text: str) -> str:
    """The query as searched: stripped, cut at MAX_LENGTH; empty when too short to search."""
    text = " ".join((text or "").split())[:MAX_LENGTH]
    return text if len(text) >= MIN_LENGTH else ""


def _phone_term(text: str) -> str:
    if not PHONE_LIKE.fullmatch(text):
        return ""
    digits = phone_digits(text)
    return digits if len(digits) >= PHONE_MIN_DIGITS else ""


def _join(*parts: str | None) -> str:
    return " · ".join(part for part in parts if part)


def company_hits(text: str, limit: int) -> list[Hit]:
    companies = (
        company_text_search(Company.objects.all(), text)
        .order_by("name", "id")
        .only("id", "name", "siret", "siren", "postcode", "city")[:limit]
    )
    return [
        Hit(
            f"company-{company.pk}",
            company.name,
            _join(" ".join(filter(None, [company.postcode, company.city])), company.siret or company.siren),
            company.get_absolute_url(),
        )
        for company in companies
    ]


def contact_hits(text: str, limit: int) -> list[Hit]:
    """People by name, email or phone (« 06 12 34 56 78 », « +33 6 12 34 56 78 »: the same digits)."""
    phone = _phone_term(text)
    terms = [phone] if phone else fold(text).split()
    contacts = Contact.objects.filter(anonymised_at__isnull=True)
    for term in terms:
        contacts = contacts.filter(search_text__contains=term)
    contacts = (
        contacts.select_related("company")
        .only("id", "first_name", "last_name", "job_title", "email", "phone", "company__id", "company__name")
        .order_by("last_name", "first_name", "id")[:limit]
    )
    return [
        Hit(
            f"contact-{contact.pk}",
            contact.full_name,
            _join(contact.company.name, contact.job_title, contact.phone if phone else contact.email),
            contact.company.get_absolute_url(),
        )
        for contact in contacts
    ]


def project_hits(text: str, user: User | AnonymousUser, limit: int) -> list[Hit]:
    """The projects ``user`` may see whose title or code name holds every word."""
    projects = Project.objects.visible_to(user)
    for word in text.split():
        projects = projects.filter(Q(title__icontains=word) | Q(code_name__icontains=word))
    projects = (
        projects.select_related("company")
        .only("id", "title", "code_name", "stage", "company__name")
        .order_by("-opened_on", "-id")[:limit]
    )
    hits = []
    for project in projects:
        # A code name stands in for the company's name: the company is not shown beside it.
        detail = _join(project.title if project.code_name else project.company.name, project.get_stage_display())
        hits.append(Hit(f"project-{project.pk}", project.display_name, detail, project.get_absolute_url()))
    return hits


def site_hits(text: str, limit: int) -> list[Hit]:
    sites = Site.objects.all()
    for word in text.split():
        sites = sites.filter(Q(reference__icontains=word) | Q(title__icontains=word) | Q(commune_name__icontains=word))
    sites = sites.only("id", "reference", "title", "commune_name").order_by("reference")[:limit]
    return [
        Hit(f"site-{site.pk}", site.title, _join(site.reference, site.commune_name), site.get_absolute_url())
        for site in sites
    ]


def show_hits(text: str, limit: int) -> list[Hit]:
    """The agency's appearances at a show, by the show's name, the city, or the year."""
    appearances = Appearance.objects.all()
    for word in text.split():
        match = Q(trade_show__name__icontains=word) | Q(city__icontains=word)
        if re.fullmatch(r"\d{4}", word):
            match |= Q(year=int(word))
        appearances = appearances.filter(match)
    appearances = (
        appearances.select_related("trade_show")
        .only("id", "year", "city", "starts_on", "trade_show__name")
        .order_by("-starts_on", "-id")[:limit]
    )
    return [
        Hit(
            f"show-{appearance.pk}",
            str(appearance),
            _join(appearance.city, formats.date_format(appearance.starts_on, "SHORT_DATE_FORMAT")),
            appearance.get_absolute_url(),
        )
        for appearance in appearances
    ]


def directory_hits(text: str, limit: int) -> list[Hit]:
    """Register establishments not yet companies; a SIRET or SIREN typed with its spaces finds its own."""
    return [
        Hit(
            f"sirene-{suggestion.siret}",
            suggestion.label,
            _join(" ".join(filter(None, [suggestion.postcode, suggestion.city])), suggestion.siret, suggestion.naf),
            reverse("directory:establishment", args=[suggestion.siret]),
        )
        for suggestion in search_directory(text, limit).suggestions
        if suggestion.source == "local"
    ]


def global_search(*, user: User | AnonymousUser, text: str, limit: int = SUGGESTION_LIMIT) -> list[Group]:
    """The groups that found something, in a fixed order; nothing for a query too short or a user without a role."""
    text = clean_query(text)
    if not text or not is_staff_member(user):
        return []
    companies_url = reverse("prospects:company_list") + "?" + urlencode({"q": text})
    groups = [
        Group("companies", _("Entreprises"), company_hits(text, limit), companies_url),
        Group("people", _("Personnes"), contact_hits(text, limit)),
        Group("projects", _("Projets"), project_hits(text, user, limit)),
        Group("sites", _("Sites"), site_hits(text, limit)),
        Group("shows", _("Salons"), show_hits(text, limit)),
        Group("directory", _("Dans l'annuaire SIRENE"), directory_hits(text, limit)),
    ]
    return [group for group in groups if group.hits]
