"""The company page's audit block: who changed what and when, for Direction.

It gathers the stored versions of the company, its contacts, exchanges,
projects and follow-ups (django-simple-history) and diffs each against the one before it,
in a fixed number of queries whatever the length of the history.
"""

from django import template
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import is_direction
from core.people import person_name
from prospects.models import Company, Contact, FollowUp, HistoricalProject_team, Interaction, Project

register = template.Library()

AUDIT_LIMIT = 30

# Lists of people kept with each version: the team is shown apart, an exchange's contacts are not diffed.
_M2M_FIELDS = {Project: ["team"], Interaction: ["contacts"]}

_OPERATIONS = {"+": gettext_lazy("Création"), "~": gettext_lazy("Modification"), "-": gettext_lazy("Suppression")}


def _with_previous(history):
    """Annotate each stored version with the id of the version before it."""
    earlier = history.model.objects.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    return history.annotate(
        previous_id=Subquery(earlier.order_by("-history_date", "-history_id").values("history_id")[:1])
    )


def _label(model, record):
    if model is Company:
        return _("Entreprise")
    if model is Contact:
        name = " ".join(filter(None, [record.first_name, record.last_name]))
        return _("Contact : %(name)s") % {"name": name}
    if model is Project:
        return _("Projet : %(name)s") % {"name": record.code_name or record.title}
    if model is Interaction:
        return _("Échange du %(date)s") % {
            "date": formats.date_format(timezone.localtime(record.occurred_at), "SHORT_DATE_FORMAT")
        }
    return _("Relance : %(title)s") % {"title": record.title}


def _sources(company):
    yield Company, Company.history.filter(id=company.pk)
    yield Contact, Contact.history.filter(company_id=company.pk)
    yield Interaction, Interaction.history.filter(company_id=company.pk)
    yield Project, Project.history.filter(company_id=company.pk)
    yield FollowUp, FollowUp.history.filter(company_id=company.pk)


def _name(target):
    if hasattr(target, "get_full_name"):
        return person_name(target)
    return str(target)


def _display(field, value, related):
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("oui") if value else _("non")
    if isinstance(field, models.ForeignKey):
        target = related.get(field.related_model, {}).get(value)
        return _name(target) if target is not None else f"#{value}"
    if isinstance(field, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return formats.localize(value)


def company_audit_entries(company, limit=AUDIT_LIMIT):
    """The latest ``limit`` changes on a company and what belongs to it, newest first."""
    records = []
    for model, history in _sources(company):
        rows = list(
            _with_previous(history).select_related("history_user").order_by("-history_date", "-history_id")[:limit]
        )
        previous = history.model.objects.in_bulk([row.previous_id for row in rows if row.previous_id])
        records.extend((model, row, previous.get(row.previous_id)) for row in rows)
    records.sort(key=lambda item: (item[1].history_date, item[1].history_id), reverse=True)
    records = records[:limit]

    project_history_ids = [row.history_id for model, row, _prev in records if model is Project]
    project_history_ids += [prev.history_id for model, _row, prev in records if model is Project and prev]
    teams = {}
    for member in HistoricalProject_team.objects.filter(history_id__in=project_history_ids):
        teams.setdefault(member.history_id, set()).add(member.user_id)

    deltas, wanted = [], {}
    for model, row, prev in records:
        changes = []
        if prev is not None and row.history_type == "~":
            changes = row.diff_against(prev, excluded_fields=_M2M_FIELDS.get(model)).changes
        team_change = None
        if model is Project and prev is not None:
            before, after = teams.get(prev.history_id, set()), teams.get(row.history_id, set())
            if before != after:
                team_change = (before, after)
                wanted.setdefault(get_user_model(), set()).update(before | after)
        for change in changes:
            field = model._meta.get_field(change.field)
            if isinstance(field, models.ForeignKey):
                wanted.setdefault(field.related_model, set()).update({change.old, change.new} - {None})
        deltas.append((model, row, changes, team_change))

    related = {target: target._default_manager.in_bulk(ids) for target, ids in wanted.items()}
    users = related.get(get_user_model(), {})
    entries = []
    for model, row, changes, team_change in deltas:
        lines = []
        for change in changes:
            field = model._meta.get_field(change.field)
            lines.append(
                {
                    "field": field.verbose_name,
                    "old": _display(field, change.old, related),
                    "new": _display(field, change.new, related),
                }
            )
        if team_change:
            before, after = team_change
            lines.append(
                {
                    "field": Project._meta.get_field("team").verbose_name,
                    "old": ", ".join(sorted((_name(users[pk]) if pk in users else f"#{pk}") for pk in before)) or "—",
                    "new": ", ".join(sorted((_name(users[pk]) if pk in users else f"#{pk}") for pk in after)) or "—",
                }
            )
        if row.history_type == "~" and not lines and not row.history_change_reason:
            continue
        user = row.history_user
        entries.append(
            {
                "when": row.history_date,
                "who": person_name(user) if user else _("lozdev (automatique)"),
                "operation": _OPERATIONS.get(row.history_type, row.history_type),
                "object": _label(model, row),
                "reason": row.history_change_reason or "",
                "changes": lines,
            }
        )
    return entries


@register.inclusion_tag("prospects/_company_audit.html", takes_context=True)
def company_audit(context, company):
    """``{% company_audit company %}``: the history block, shown to Direction only."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not is_direction(user):
        return {"visible": False}
    return {"visible": True, "company": company, "entries": company_audit_entries(company), "limit": AUDIT_LIMIT}
