"""The follow-ups screens: creation, the list, edit, done (with a note and what next), snooze, undo, reassignment."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.roles import direction_required, is_direction, staff_required
from accounts.selectors import staff_users
from core.forms import apply_service_errors
from core.once import once_per_token
from core.people import person_name
from core.web import next_url

from .. import selectors, services
from ..filters import FollowUpFilter
from ..forms import (
    FollowUpBulkReassignForm,
    FollowUpCompleteForm,
    FollowUpEditForm,
    FollowUpForm,
    FollowUpReassignForm,
    FollowUpSnoozeForm,
)
from ..models import Company, FollowUp, FollowUpAction, FollowUpActionKind, FollowUpStatus, InteractionKind, Project

# Follow-ups shown per group (overdue, today…); the group's size is always given.
FOLLOWUPS_PER_GROUP = 50
# Direction's view of the whole team: fewer per group, choosing a person shows theirs up to the cap above.
TEAM_FOLLOWUPS_PER_GROUP = 25
# The « Annuler » offers the list shows: what the user last did, newest first.
UNDO_SESSION_KEY = "followup_undo"
UNDO_OFFERS = 3


def _date(day):
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@staff_required
@once_per_token
def followup_create(request, pk):
    company = get_object_or_404(Company, pk=pk)
    initial = {"assignee": request.user}
    project_id = request.GET.get("projet", "")
    if project_id.isdigit():
        initial["project"] = get_object_or_404(
            Project.objects.visible_to(request.user).filter(company=company), pk=int(project_id)
        )
    form = FollowUpForm(request.POST or None, company=company, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            followup = services.followup_create(company=company, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Relance ajoutée."))
            return redirect(followup.project or company)
    return render(request, "prospects/followup_form.html", {"form": form, "company": company})


def _followups_visible_to(user):
    """Follow-ups on no project or on a project the user may see (Direction: all)."""
    if is_direction(user):
        return FollowUp.objects.all()
    visible = Project.objects.visible_to(user).values("pk")
    return FollowUp.objects.filter(Q(project__isnull=True) | Q(project__in=visible))


def _followup_for_user(request, pk):
    """Direction acts on anyone's follow-up; a chargé de mission only on their own (404 otherwise)."""
    queryset = _followups_visible_to(request.user).select_related("company", "project", "assignee")
    if not is_direction(request.user):
        queryset = queryset.filter(assignee=request.user)
    return get_object_or_404(queryset, pk=pk)


def _followup_for_editor(request, pk):
    """Who may change a follow-up: its assignee, its creator, Direction (404 for anyone else)."""
    queryset = _followups_visible_to(request.user).select_related("company", "project", "assignee")
    if not is_direction(request.user):
        queryset = queryset.filter(Q(assignee=request.user) | Q(created_by=request.user))
    return get_object_or_404(queryset, pk=pk)


# Undo offers ---------------------------------------------------------------------------
# The session only says which « Annuler » buttons to show; the FollowUpAction
# row holds what the undo restores, and the service decides whether it may.


def _undo_window_start():
    return timezone.now() - datetime.timedelta(minutes=FollowUpAction.UNDO_MINUTES)


def _stored_offers(request):
    """The offers still within the window, as the session keeps them."""
    start = _undo_window_start()
    offers = []
    for offer in request.session.get(UNDO_SESSION_KEY) or []:
        performed_at = parse_datetime(offer.get("at") or "")
        if performed_at and performed_at >= start:
            offers.append(offer)
    return offers


def _offer_undo(request, followup, action):
    offers = [offer for offer in _stored_offers(request) if offer["id"] != action.pk]
    offer = {"id": action.pk, "title": followup.title, "kind": action.kind, "at": action.performed_at.isoformat()}
    request.session[UNDO_SESSION_KEY] = [offer, *offers][:UNDO_OFFERS]


def _undo_offers(request):
    """What the list offers to undo, with the time each was done."""
    offers = _stored_offers(request)
    if len(offers) != len(request.session.get(UNDO_SESSION_KEY) or []):
        request.session[UNDO_SESSION_KEY] = offers
    return [{**offer, "performed_at": parse_datetime(offer["at"])} for offer in offers]


def _forget_undo(request, action_id):
    stored = request.session.get(UNDO_SESSION_KEY) or []
    request.session[UNDO_SESSION_KEY] = [offer for offer in stored if offer.get("id") != action_id]


# The list ---------------------------------------------------------------------------


@staff_required
def followup_list(request):
    direction = is_direction(request.user)
    queryset = _followups_visible_to(request.user)
    if not direction:
        queryset = queryset.filter(assignee=request.user)
    followup_filter = FollowUpFilter(request.GET, queryset=queryset, request=request)
    person = followup_filter.chosen_person() if direction else request.user
    limit = FOLLOWUPS_PER_GROUP if person else TEAM_FOLLOWUPS_PER_GROUP
    groups = selectors.followup_groups(
        followup_filter.qs,
        user=request.user,
        today=timezone.localdate(),
        limit=limit,
        ordering=followup_filter.ordering(),
    )
    filtered = followup_filter.filtered_values() if followup_filter.is_valid() else {}
    return render(
        request,
        "prospects/followup_list.html",
        {
            "filter": followup_filter,
            "filter_values": filtered,
            "filters_open": bool(set(filtered) - {"personne", "tri"}) or bool(followup_filter.errors),
            "groups": groups,
            "total": sum(group["count"] for group in groups),
            "is_direction": direction,
            "person": person,
            "assignees": [p for p in followup_filter.people if p.works] if direction else list(staff_users()),
            "undo_offers": _undo_offers(request),
            "undo_minutes": FollowUpAction.UNDO_MINUTES,
        },
    )


# One follow-up ---------------------------------------------------------------------------


def _followup_action_page(request, followup, form, action):
    return render(
        request,
        "prospects/followup_action.html",
        {"followup": followup, "form": form, "action": action, "next": next_url(request, "")},
    )


@staff_required
def followup_update(request, pk):
    """A follow-up's title, notes, date, project and person: for its assignee, its creator and Direction."""
    followup = _followup_for_editor(request, pk)
    back = next_url(request, reverse("prospects:followup_list"))
    if followup.status != FollowUpStatus.OPEN:
        messages.error(request, _("Cette relance est déjà close : elle ne se modifie plus."))
        return redirect(back)
    form = FollowUpEditForm(request.POST or None, instance=followup, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            followup = services.followup_update(followup=followup, actor=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Relance « %(title)s » enregistrée.") % {"title": followup.title})
            return redirect(back)
    return render(
        request,
        "prospects/followup_edit.html",
        {"followup": followup, "form": form, "next": next_url(request, "")},
    )


@staff_required
def followup_complete(request, pk):
    """GET: the person to call, a note and the next follow-up proposed; POST: done (an empty POST is a plain « fait »)."""
    followup = _followup_for_user(request, pk)
    back = next_url(request, reverse("prospects:followup_list"))
    if followup.status != FollowUpStatus.OPEN:
        # A second submit of the same form lands here: nothing is created twice.
        messages.error(request, _("Cette relance est déjà close."))
        return redirect(back)
    card = selectors.followup_card(followup.pk, user=request.user)
    data = request.POST if request.method == "POST" else None
    form = FollowUpCompleteForm(data, followup=followup, grade=card.origin_grade)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        person = card.call_person
        try:
            done = services.followup_complete(
                followup=followup,
                actor=request.user,
                contacts=[person.contact_id] if person and fields["note"] else (),
                **{**fields, "kind": fields["kind"] or InteractionKind.PHONE},
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            message = _("Relance « %(title)s » faite.") % {"title": done.title}
            following = done.last_action.created_followup
            if following:
                message += " " + _("Prochaine relance le %(date)s.") % {"date": _date(following.due_on)}
            messages.success(request, message)
            _offer_undo(request, done, done.last_action)
            return redirect(back)
    return render(
        request,
        "prospects/followup_complete.html",
        {"followup": card, "form": form, "next": next_url(request, ""), "proposed_dates": form.proposed_dates},
    )


@staff_required
@require_POST
def followup_snooze(request, pk):
    followup = _followup_for_user(request, pk)
    form = FollowUpSnoozeForm(request.POST, followup=followup)
    if form.is_valid():
        try:
            followup = services.followup_snooze(
                followup=followup, due_on=form.cleaned_data["new_due_on"], actor=request.user
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Relance « %(title)s » reportée au %(date)s.")
                % {"title": followup.title, "date": _date(followup.due_on)},
            )
            _offer_undo(request, followup, followup.last_action)
            return redirect(next_url(request, reverse("prospects:followup_list")))
    return _followup_action_page(request, followup, form, "snooze")


@staff_required
@require_POST
def followup_undo(request, pk):
    """« Annuler » a completion or a snooze: a POST; the service refuses anyone but the person who did it."""
    action = get_object_or_404(FollowUpAction.objects.select_related("followup"), pk=pk)
    try:
        followup = services.followup_action_undo(action=action, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if action.kind == FollowUpActionKind.DONE:
            text = _("Annulé : la relance « %(title)s » est de nouveau à faire, pour le %(date)s.")
        else:
            text = _("Annulé : la relance « %(title)s » est de nouveau due le %(date)s.")
        messages.success(request, text % {"title": followup.title, "date": _date(followup.due_on)})
    _forget_undo(request, action.pk)
    return redirect(next_url(request, reverse("prospects:followup_list")))


@staff_required
def followup_reassign_form(request, pk):
    """The reassign form of one follow-up, on its own page: the list links here rather than listing everyone per row."""
    followup = _followup_for_user(request, pk)
    form = FollowUpReassignForm(initial={"assignee": followup.assignee_id})
    return _followup_action_page(request, followup, form, "reassign")


@staff_required
@require_POST
def followup_reassign(request, pk):
    followup = _followup_for_user(request, pk)
    form = FollowUpReassignForm(request.POST)
    if form.is_valid():
        assignee = form.cleaned_data["assignee"]
        try:
            services.followup_reassign(followup=followup, assignee=assignee, actor=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Relance « %(title)s » attribuée à %(person)s.")
                % {"title": followup.title, "person": person_name(assignee)},
            )
            return redirect(next_url(request, reverse("prospects:followup_list")))
    return _followup_action_page(request, followup, form, "reassign")


# Direction's bulk reassignment ------------------------------------------------------------


@direction_required
def followup_bulk_reassign(request):
    """The list's action bar: the ticked follow-ups, or all those of the list's filter, to one person.

    « All of this filter » runs the list's filter again on what the form sends
    back, never a list of ids from the page, and is refused if the number
    found is not the one the user saw. The user lands back on the list they
    came from. A GET (an old bookmark) goes to the list.
    """
    back = next_url(request, reverse("prospects:followup_list"))
    if request.method != "POST":
        return redirect(back)
    form = FollowUpBulkReassignForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    assignee = form.cleaned_data["assignee"]
    if form.cleaned_data["everything"]:
        followup_filter = FollowUpFilter(request.POST, queryset=_followups_visible_to(request.user), request=request)
        if not followup_filter.is_valid():
            messages.error(request, _("Le filtre de la liste n'est pas valable : rechargez la liste et recommencez."))
            return redirect(back)
        followups = followup_filter.qs.filter(status=FollowUpStatus.OPEN)
        found, seen = followups.count(), form.cleaned_data["seen"]
        if found != seen:
            messages.error(
                request,
                ngettext(
                    "La liste a changé depuis son affichage (%(seen)d relance, %(found)d maintenant) : "
                    "rien n'a été réattribué. Vérifiez-la et recommencez.",
                    "La liste a changé depuis son affichage (%(seen)d relances, %(found)d maintenant) : "
                    "rien n'a été réattribué. Vérifiez-la et recommencez.",
                    seen,
                )
                % {"seen": seen, "found": found},
            )
            return redirect(back)
    else:
        followups = FollowUp.objects.filter(pk__in=[followup.pk for followup in form.cleaned_data["followups"]])
    moved, skipped = services.followups_reassign_where_visible(
        followups=followups, assignee=assignee, actor=request.user
    )
    messages.success(
        request,
        ngettext("%(count)d relance attribuée à %(person)s.", "%(count)d relances attribuées à %(person)s.", moved)
        % {"count": moved, "person": person_name(assignee)},
    )
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)d relance n'a pas bougé : %(person)s ne fait pas partie de l'équipe "
                "de son projet confidentiel.",
                "%(count)d relances n'ont pas bougé : %(person)s ne fait pas partie de l'équipe "
                "de leurs projets confidentiels.",
                skipped,
            )
            % {"count": skipped, "person": person_name(assignee)},
        )
    return redirect(back)
