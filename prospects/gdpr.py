"""GDPR for B2B prospecting, as the CNIL describes it.

- Objection (art. 21) is absolute: the person is left out of exports and of
  any message to third parties from then on.
- Erasure (art. 17) anonymises the person instead of deleting the row, so the
  agency's counts (contacts met at a show, interactions) stay right.
- Access (art. 15): everything held on one person, as JSON.
- Retention: three years from collection or from the last exchange naming
  the person (a sole trader's business: any exchange with it); then they are
  listed for review in the Direction report, and the monthly task anonymises
  them at least 30 days later.

Over 400 lines: objection, erasure, access and retention share the same
lookups of a person's traces (mention_pattern, the columns erasure reaches),
so they are kept together.
"""

import datetime
import json
import re

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.exports import forget_exports_for_erasure
from core.identifiers import fold

from . import services
from .models import Company, Contact, FollowUp, Interaction, LegalForm, Project, RetentionNotice

RETENTION_YEARS = 3
NOTICE_DAYS = RetentionNotice.NOTICE_DAYS

# Stored data, not interface text: what replaces a name in the records.
ANONYMISED_NAME = "Personne anonymisée"
ANONYMISED_MENTION = "[personne anonymisée]"
ERASURE_REASON = "RGPD : effacement"
RETENTION_REASON = "RGPD : fin de conservation"

# Letters a name may carry with or without its accent in free text.
_ACCENTS = {
    "a": "aàâä",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîï",
    "o": "oôö",
    "u": "uùûü",
    "y": "yÿ",
}


# Objection -------------------------------------------------------------------


@transaction.atomic
def contact_object(*, contact, actor):
    """Record the person's objection to prospecting (art. 21); idempotent."""
    if contact.objected:
        return contact
    return services.contact_update(contact=contact, actor=actor, objected=True)


# What mention_pattern reads of a person.
MENTION_FIELDS = ("first_name", "last_name", "email", "phone")


def _objectors():
    return Contact.objects.filter(objected=True, anonymised_at__isnull=True)


class ObjectorMask:
    """Free text as exports, calendar feeds and emails show it: people under objection masked.

    The stored text is left as typed (the person may withdraw the
    objection); what leaves the CRM after the objection says « [opposé] »
    instead of their name, email or phone. On first use, one query reads
    which companies have people under objection (a partial index answers
    it); the people of such a company are read, and their pattern compiled,
    the first time a text about it is masked. A digest of ten follow-ups
    costs the same whether a hundred or twenty thousand people objected.
    """

    def __init__(self):
        self._companies = None
        self._patterns = {}

    def _objector_companies(self):
        if self._companies is None:
            self._companies = set(_objectors().order_by().values_list("company_id", flat=True).distinct())
        return self._companies

    def prime(self, company_ids):
        """Read at once the people of every company of ``company_ids`` that has any under objection.

        For a long list (an export's chunk): one query for the chunk rather
        than one per company met.
        """
        wanted = (set(company_ids) & self._objector_companies()) - set(self._patterns)
        if not wanted:
            return
        people = {company_id: [] for company_id in wanted}
        for person in _objectors().filter(company_id__in=wanted).only("company_id", *MENTION_FIELDS):
            people[person.company_id].append(person)
        for company_id, persons in people.items():
            found = [pattern.pattern for person in persons if (pattern := mention_pattern(person)) is not None]
            self._patterns[company_id] = re.compile("|".join(found), re.IGNORECASE) if found else None

    def __call__(self, text, company_id):
        if not text or company_id not in self._objector_companies():
            return text
        self.prime([company_id])
        pattern = self._patterns[company_id]
        return pattern.sub(str(_("[opposé]")), text) if pattern else text


def objectors_named(text, company):
    """The people under objection at ``company`` whom ``text`` names, for a warning before it is saved."""
    if not text:
        return []
    people = company.contacts.filter(objected=True, anonymised_at__isnull=True)
    return [person for person in people if (pattern := mention_pattern(person)) and pattern.search(text)]


def objection_warning(text, company):
    """The warning shown before saving an exchange whose text names someone who objected, or None."""
    named = objectors_named(text, company)
    if not named:
        return None
    return ngettext(
        "Ce texte nomme %(names)s, qui s'est opposé(e) à la prospection (RGPD, art. 21). "
        "Retirez ce nom ou confirmez ci-dessous.",
        "Ce texte nomme %(names)s, qui se sont opposés à la prospection (RGPD, art. 21). "
        "Retirez ces noms ou confirmez ci-dessous.",
        len(named),
    ) % {"names": ", ".join(person.full_name for person in named)}


# Erasure ---------------------------------------------------------------------


def _name_pattern(name):
    """A regex for ``name`` that ignores case, accents and hyphen/space differences."""
    parts = []
    for char in fold(name):
        if char in "- ":
            parts.append(r"[\s\-]+")
        elif char in _ACCENTS:
            parts.append(f"[{_ACCENTS[char]}]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _phone_pattern(phone):
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return None
    separator = r"[\s.\-]?"
    national = separator.join(digits)
    if digits.startswith("0"):
        international = r"(?:\+|00)33" + separator + r"(?:\(0\))?" + separator + separator.join(digits[1:])
        return f"(?:{international}|{national})"
    return national


def mention_pattern(contact):
    """What identifies the person in free text: email, phone, full name, last name.

    A first name alone is left: it names too many people to be about this one.
    A last name shared with a colleague is erased for both: erasure errs on
    the side of removing too much.
    """
    alternatives = []
    if contact.email:
        alternatives.append(re.escape(contact.email))
    if contact.phone and (phone := _phone_pattern(contact.phone)):
        alternatives.append(phone)
    first, last = contact.first_name.strip(), contact.last_name.strip()
    if first and last:
        alternatives.append(_name_pattern(f"{first} {last}"))
        alternatives.append(_name_pattern(f"{last} {first}"))
    if len(last) >= 2:
        alternatives.append(_name_pattern(last))
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _scrub(rows, fields, pattern):
    """Replace mentions in ``fields`` of ``rows``; the rows that changed."""
    changed = []
    for row in rows:
        dirty = False
        for field in fields:
            value = getattr(row, field) or ""
            cleaned = pattern.sub(ANONYMISED_MENTION, value)
            if cleaned != value:
                setattr(row, field, cleaned)
                dirty = True
        if dirty:
            changed.append(row)
    return changed


def _scrub_json(value, pattern):
    """``value`` (a JSON document) with every mention replaced in its strings, keys included."""
    if isinstance(value, str):
        return pattern.sub(ANONYMISED_MENTION, value)
    if isinstance(value, list):
        return [_scrub_json(item, pattern) for item in value]
    if isinstance(value, dict):
        return {_scrub_json(key, pattern): _scrub_json(item, pattern) for key, item in value.items()}
    return value


def _scrub_json_rows(rows, fields, pattern):
    changed = []
    for row in rows:
        dirty = False
        for field in fields:
            value = getattr(row, field)
            cleaned = _scrub_json(value, pattern)
            if cleaned != value:
                setattr(row, field, cleaned)
                dirty = True
        if dirty:
            changed.append(row)
    return changed


def _scrub_admin_log(rows, pattern):
    """The admin log's change message is JSON written with escaped accents: scrubbed as JSON."""
    changed = []
    for row in rows:
        repr_cleaned = pattern.sub(ANONYMISED_MENTION, row.object_repr or "")
        message = row.change_message or ""
        try:
            message_cleaned = json.dumps(_scrub_json(json.loads(message), pattern))
            if message_cleaned == json.dumps(json.loads(message)):
                message_cleaned = message
        except ValueError:
            message_cleaned = pattern.sub(ANONYMISED_MENTION, message)
        if (repr_cleaned, message_cleaned) != (row.object_repr, row.change_message):
            row.object_repr, row.change_message = repr_cleaned, message_cleaned
            changed.append(row)
    return changed


def _mentions_in_text(contact, *fields):
    """A cheap SQL filter for rows whose ``fields`` may mention the person, refined by the regex afterwards.

    The words are looked for as typed, folded and JSON-escaped (JSON columns
    keep accents as \\u escapes on SQLite).
    """
    words = {contact.email, contact.last_name.strip(), fold(contact.last_name.strip())}
    words |= {json.dumps(word)[1:-1] for word in list(words) if word}
    digits = re.sub(r"\D", "", contact.phone or "")
    if len(digits) >= 6:
        # As stored (« 06 12 34 56 78 ») and as digits only.
        words |= {contact.phone.strip(), digits}
    condition = Q()
    for field in fields:
        for word in filter(None, words):
            if len(word) >= 2:
                condition |= Q(**{f"{field}__icontains": word})
    return condition


def _as_text(queryset, *fields):
    """``queryset`` with each JSON field also readable as text (``<field>_text``), for _mentions_in_text."""
    return queryset.annotate(**{f"{field}_text": Cast(field, TextField()) for field in fields})


# Every column of the schema that can hold a person's words, and how erasure
# reaches it: (model label, columns, the rows of it to look at, how to scrub).
# tests/security/test_erasure_schema.py fails when a text column of a new model
# or field is neither here nor in TEXT_COLUMNS_WITHOUT_PEOPLE.
PLAIN, JSON, ADMIN_LOG = "plain", "json", "admin_log"


def _texts_about(contact):
    company_id = contact.company_id
    get = apps.get_model
    history = ["history_change_reason"]
    yield Interaction.objects.filter(Q(company_id=company_id) | Q(contacts=contact)).distinct(), ["summary"], PLAIN
    yield FollowUp.objects.filter(company_id=company_id), ["title", "notes"], PLAIN
    yield Company.objects.filter(pk=company_id), ["notes", "source"], PLAIN
    yield Project.objects.filter(company_id=company_id), ["title", "code_name", "description", "lost_reason"], PLAIN
    # The audit trail keeps every earlier version of these texts.
    yield Interaction.history.filter(company_id=company_id), ["summary", *history], PLAIN
    yield FollowUp.history.filter(company_id=company_id), ["title", "notes", *history], PLAIN
    yield Company.history.filter(id=company_id), ["notes", "source", *history], PLAIN
    yield (
        Project.history.filter(company_id=company_id),
        ["title", "code_name", "description", "lost_reason", *history],
        PLAIN,
    )
    yield Contact.history.filter(company_id=company_id), history, PLAIN
    # Apps above this one, named by label: a site proposed to the company's
    # projects, a show's notes, the files imported and the admin's log.
    yield get("offer", "SiteProposal").objects.filter(project__company_id=company_id), ["notes"], PLAIN
    yield get("events", "Appearance").objects.all(), ["objectives", "notes"], PLAIN
    rows = _as_text(get("imports", "ImportRow").objects.all(), "data", "errors", "warnings")
    yield (
        rows.filter(Q(company_id=company_id) | _mentions_in_text(contact, "data_text", "errors_text", "warnings_text")),
        ["data", "errors", "warnings"],
        JSON,
    )
    exports = _as_text(get("core", "Export").objects.all(), "params")
    # The filters of a list export (its search words may be a name).
    yield exports.filter(_mentions_in_text(contact, "params_text")), ["params"], JSON
    batches = _as_text(get("imports", "ImportBatch").objects.all(), "errors")
    yield batches.filter(_mentions_in_text(contact, "errors_text")), ["errors"], JSON
    log = get("admin", "LogEntry").objects.filter(
        Q(content_type__app_label="prospects", content_type__model="contact", object_id=str(contact.pk))
        | _mentions_in_text(contact, "object_repr", "change_message")
    )
    yield log, ["object_repr", "change_message"], ADMIN_LOG


ERASED_TEXT_COLUMNS = {
    "prospects.Contact": ["first_name", "last_name", "job_title", "email", "phone", "search_text"],
    "prospects.HistoricalContact": ["first_name", "last_name", "job_title", "email", "phone", "history_change_reason"],
    "prospects.Company": ["notes", "source", "search_text"],
    "prospects.HistoricalCompany": ["notes", "source", "history_change_reason"],
    "prospects.Interaction": ["summary"],
    "prospects.HistoricalInteraction": ["summary", "history_change_reason"],
    "prospects.FollowUp": ["title", "notes"],
    "prospects.HistoricalFollowUp": ["title", "notes", "history_change_reason"],
    "prospects.Project": ["title", "code_name", "description", "lost_reason"],
    "prospects.HistoricalProject": ["title", "code_name", "description", "lost_reason", "history_change_reason"],
    "offer.SiteProposal": ["notes"],
    "events.Appearance": ["objectives", "notes"],
    "imports.ImportRow": ["data", "errors", "warnings"],
    "imports.ImportBatch": ["errors"],
    "core.Export": ["params"],
    "admin.LogEntry": ["object_repr", "change_message"],
}


@transaction.atomic
def contact_erase(*, contact, actor=None, reason=ERASURE_REASON):
    """Anonymise a person (art. 17) and the free text that names them.

    The row, its links to interactions and the interactions themselves stay,
    so counts do not change; every stored version in the audit trail is
    anonymised too.
    """
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.anonymised_at:
        return contact
    pattern = mention_pattern(contact)
    if pattern is not None:
        scrubbers = {
            PLAIN: _scrub,
            JSON: _scrub_json_rows,
            ADMIN_LOG: lambda rows, _fields, p: _scrub_admin_log(rows, p),
        }
        for queryset, fields, kind in _texts_about(contact):
            rows = list(queryset.only("pk", *fields))
            changed = scrubbers[kind](rows, fields, pattern)
            if changed:
                type(rows[0])._base_manager.bulk_update(changed, fields)
    contact.first_name = ""
    contact.last_name = ANONYMISED_NAME
    contact.job_title = ""
    contact.email = ""
    contact.phone = ""
    contact.anonymised_at = timezone.now()
    contact.refresh_search_fields()
    contact.full_clean()
    contact._change_reason = reason
    if actor is not None:
        contact._history_user = actor
    contact.save()
    Contact.history.filter(id=contact.pk).update(
        first_name="", last_name=ANONYMISED_NAME, job_title="", email="", phone=""
    )
    # The erased name must no longer find the company either.
    services.company_search_refresh(company=contact.company)
    # A file written before the erasure may list the person: it is not served any more.
    transaction.on_commit(forget_exports_for_erasure, robust=True)
    return contact


# Access ----------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value else None


def contact_export(contact):
    """Everything the agency holds on one person (art. 15), ready for JSON."""
    contact = Contact.objects.select_related("company").get(pk=contact.pk)
    pattern = mention_pattern(contact)
    interactions = (
        Interaction.objects.filter(Q(contacts=contact) | Q(company_id=contact.company_id))
        .distinct()
        .select_related("appearance__trade_show", "logged_by")
        .prefetch_related("contacts")
        .order_by("-occurred_at", "-id")
    )
    exchanges = []
    for interaction in interactions:
        named = any(person.pk == contact.pk for person in interaction.contacts.all())
        mentioned = bool(pattern and pattern.search(interaction.summary))
        if not (named or mentioned):
            continue
        exchanges.append(
            {
                "date": _iso(interaction.occurred_at),
                "type": interaction.get_kind_display(),
                "participant": named,
                "resume": interaction.summary,
                "salon": str(interaction.appearance) if interaction.appearance else None,
                "note": interaction.lead_grade or None,
                "saisi_par": interaction.logged_by.get_full_name() if interaction.logged_by else None,
            }
        )
    followups = []
    for followup in FollowUp.objects.filter(company_id=contact.company_id).select_related("assignee"):
        text = f"{followup.title}\n{followup.notes}"
        if pattern and pattern.search(text):
            followups.append(
                {
                    "objet": followup.title,
                    "notes": followup.notes,
                    "echeance": _iso(followup.due_on),
                    "etat": followup.get_status_display(),
                    "attribuee_a": followup.assignee.get_full_name(),
                }
            )
    mentions = []
    if pattern:
        if pattern.search(contact.company.notes):
            mentions.append({"source": "Notes sur l'entreprise", "texte": contact.company.notes})
        for project in Project.objects.filter(company_id=contact.company_id):
            for field in ("title", "description", "lost_reason"):
                text = getattr(project, field)
                if pattern.search(text):
                    label = Project._meta.get_field(field).verbose_name
                    mentions.append({"source": f"Projet {project.display_name} ({label})", "texte": text})
    versions = [
        {
            "date": _iso(record.history_date),
            "operation": record.get_history_type_display(),
            "par": record.history_user.get_full_name() if record.history_user else None,
            "motif": record.history_change_reason,
            "prenom": record.first_name,
            "nom": record.last_name,
            "fonction": record.job_title,
            "email": record.email,
            "telephone": record.phone,
        }
        for record in contact.history.select_related("history_user").order_by("history_date", "history_id")
    ]
    notice = RetentionNotice.objects.filter(contact=contact).first()
    last_contact = contact_last_interaction_at(contact)
    reference = max(filter(None, [contact.created_at, last_contact]))
    return {
        "genere_le": _iso(timezone.now()),
        "personne": {
            "prenom": contact.first_name,
            "nom": contact.last_name,
            "fonction": contact.job_title,
            "email": contact.email,
            "telephone": contact.phone,
            "contact_principal": contact.is_primary,
            "opposition": contact.objected,
            "date_opposition": _iso(contact.objected_at),
            "anonymise_le": _iso(contact.anonymised_at),
            "cree_le": _iso(contact.created_at),
            "modifie_le": _iso(contact.updated_at),
        },
        "entreprise": {
            "raison_sociale": contact.company.name,
            "siret": contact.company.siret,
            "commune": contact.company.city,
        },
        "echanges": exchanges,
        "relances": followups,
        "autres_mentions": mentions,
        "historique_de_la_fiche": versions,
        "conservation": {
            "dernier_echange": _iso(last_contact),
            "conservee_jusqu_au": _iso(_years_after(reference, RETENTION_YEARS).date()),
            "signalee_pour_revue_le": _iso(notice.listed_at) if notice else None,
        },
    }


# Retention -------------------------------------------------------------------


def _years_before(moment, years):
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def _years_after(moment, years):
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def retention_cutoff(now=None):
    """Before this moment, a person's data has outlived its retention period."""
    return _years_before(now or timezone.now(), RETENTION_YEARS)


# What counts as contact with a person: an exchange that names them. An
# exchange that names nobody is attributed to no one: were it to count for
# every person of the company, one call to a switchboard every couple of years
# would keep all of them for ever. The person's own clock is the rule (CNIL:
# three years from collection or from the last contact *with the prospect*).
_Participation = Interaction.contacts.through


def _named(contact_ref):
    return _Participation.objects.filter(contact_id=contact_ref)


def _last_interaction(contact_ref):
    return Subquery(_named(contact_ref).order_by("-interaction__occurred_at").values("interaction__occurred_at")[:1])


def contact_last_interaction_at(contact):
    return (
        _named(contact.pk)
        .order_by("-interaction__occurred_at")
        .values_list("interaction__occurred_at", flat=True)
        .first()
    )


def with_last_interaction(queryset, *, through=""):
    """Annotate ``last_interaction_at`` on contacts, or on rows that lead to one (``through="contact__"``).

    One subquery per row: annotate a page of rows, not a whole table.
    """
    return queryset.annotate(last_interaction_at=_last_interaction(OuterRef(f"{through}pk")))


def contacts_past_retention(*, now=None):
    """People collected and not named in an exchange for three years, not yet anonymised."""
    cutoff = retention_cutoff(now)
    return (
        Contact.objects.filter(anonymised_at__isnull=True, created_at__lt=cutoff)
        .filter(~Exists(_named(OuterRef("pk")).filter(interaction__occurred_at__gte=cutoff)))
        .select_related("company")
    )


# A sole trader's business is the person: its name, its SIRET and address
# are theirs, so it is reviewed by the same three years, counted from any
# exchange with it (whoever it names, it was with them).
def sole_traders_past_retention(*, now=None):
    """Sole traders collected and without any exchange for three years, not yet anonymised."""
    cutoff = retention_cutoff(now)
    recent = Interaction.objects.filter(company_id=OuterRef("pk"), occurred_at__gte=cutoff)
    return Company.objects.filter(
        legal_form=LegalForm.SOLE_TRADER, anonymised_at__isnull=True, created_at__lt=cutoff
    ).filter(~Exists(recent))


def retention_pending_notices():
    """People listed for review and not anonymised yet, oldest notice first."""
    return (
        RetentionNotice.objects.filter(contact__anonymised_at__isnull=True, contact__isnull=False)
        .select_related("contact__company")
        .order_by("listed_at", "id")
    )


def retention_pending_sole_trader_notices():
    """Sole traders listed for review and not anonymised yet, oldest notice first."""
    return (
        RetentionNotice.objects.filter(company__anonymised_at__isnull=True, company__isnull=False)
        .select_related("company")
        .order_by("listed_at", "id")
    )


def retention_due_within(*, days=NOTICE_DAYS, now=None):
    """People the monthly task may anonymise within ``days``: for the Direction report.

    A function the weekly Direction email can call as well as the review page.
    """
    now = now or timezone.now()
    limit = now + datetime.timedelta(days=days) - datetime.timedelta(days=NOTICE_DAYS)
    return retention_pending_notices().filter(listed_at__lte=limit)


@transaction.atomic
def retention_list_for_review(*, now=None):
    """List newly stale people and sole traders for review; drop notices of those contacted since.

    Returns how many were newly listed.
    """
    now = now or timezone.now()
    stale = contacts_past_retention(now=now)
    stale_traders = sole_traders_past_retention(now=now)
    RetentionNotice.objects.filter(contact__isnull=False, contact__anonymised_at__isnull=True).exclude(
        contact__in=stale.values("pk")
    ).delete()
    RetentionNotice.objects.filter(company__isnull=False, company__anonymised_at__isnull=True).exclude(
        company__in=stale_traders.values("pk")
    ).delete()
    new_contacts = stale.filter(retention_notice__isnull=True).values_list("pk", flat=True)
    new_traders = stale_traders.filter(retention_notice__isnull=True).values_list("pk", flat=True)
    notices = [RetentionNotice(contact_id=pk, listed_at=now) for pk in new_contacts.iterator()]
    notices += [RetentionNotice(company_id=pk, listed_at=now) for pk in new_traders.iterator()]
    return len(RetentionNotice.objects.bulk_create(notices, batch_size=1000))


def contacts_due_for_anonymisation(*, now=None):
    """People listed at least 30 days ago and still past retention."""
    now = now or timezone.now()
    listed_before = now - datetime.timedelta(days=NOTICE_DAYS)
    return contacts_past_retention(now=now).filter(retention_notice__listed_at__lte=listed_before)


def sole_traders_due_for_anonymisation(*, now=None):
    """Sole traders listed at least 30 days ago and still past retention."""
    now = now or timezone.now()
    listed_before = now - datetime.timedelta(days=NOTICE_DAYS)
    return sole_traders_past_retention(now=now).filter(retention_notice__listed_at__lte=listed_before)


def retention_anything_due(*, now=None):
    return contacts_due_for_anonymisation(now=now).exists() or sole_traders_due_for_anonymisation(now=now).exists()


def retention_anonymise(*, now=None, limit=None):
    """Anonymise up to ``limit`` people and sole traders due for it; returns how many.

    Each is anonymised in its own transaction: a failure leaves the others done.
    """
    due = contacts_due_for_anonymisation(now=now).order_by("pk").values_list("pk", flat=True)
    ids = list(due[:limit] if limit else due)
    for contact in Contact.objects.filter(pk__in=ids):
        contact_erase(contact=contact, reason=RETENTION_REASON)
    left = None if limit is None else limit - len(ids)
    if left == 0:
        return len(ids)
    traders = sole_traders_due_for_anonymisation(now=now).order_by("pk").values_list("pk", flat=True)
    trader_ids = list(traders[:left] if left else traders)
    for company in Company.objects.filter(pk__in=trader_ids):
        sole_trader_anonymise(company=company, reason=RETENTION_REASON)
    return len(ids) + len(trader_ids)


# Stored data: what a sole trader's business is called once anonymised.
ANONYMISED_SOLE_TRADER = "Entrepreneur individuel anonymisé"


@transaction.atomic
def sole_trader_anonymise(*, company, reason=RETENTION_REASON):
    """Anonymise a sole trader's business: what identifies the person goes, the figures stay.

    Its name, SIRET/SIREN (the person's entry in the public register), street
    address, phone, website and notes are cleared in the record and in every
    stored version; the commune, sector, NAF code and workforce band stay, so
    the agency's counts do not change. The people recorded at the business
    keep their own retention clock.
    """
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.anonymised_at:
        return company
    cleared = {"siren": "", "siret": "", "address": "", "phone": "", "website": "", "notes": ""}
    for field, value in cleared.items():
        setattr(company, field, value)
    company.name = ANONYMISED_SOLE_TRADER
    company.anonymised_at = timezone.now()
    company.refresh_search_fields()
    company.full_clean()
    company._change_reason = reason
    company.save()
    Company.history.filter(id=company.pk).update(name=ANONYMISED_SOLE_TRADER, **cleared)
    return company
