"""The follow-ups screens: creation, the list, done, snooze and reassignment."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.roles import direction_required, is_direction, staff_required
from accounts.selectors import staff_users
from core.forms import apply_service_errors
from core.people import person_name
from core.web import next_url

from .. import selectors, services
from ..forms import (
    FollowUpBulkReassignForm,
    FollowUpForm,
    FollowUpReassignForm,
    FollowUpSnoozeForm,
)
from ..models import Company, FollowUp, Project

# Follow-ups shown per group (overdue, today…); the group's size is always given.
FOLLOWUPS_PER_GROUP = 50
# Direction's view of the whole team: fewer per group, choosing a person shows theirs up to the cap above.
TEAM_FOLLOWUPS_PER_GROUP = 25


@staff_required
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


def _followup_for_user(request, pk):
    """Direction acts on anyone's follow-up; a chargé de mission only on their own (404 otherwise)."""
    queryset = FollowUp.objects.select_related("company", "project", "assignee")
    if not is_direction(request.user):
        queryset = queryset.filter(assignee=request.user)
    return get_object_or_404(queryset, pk=pk)


@staff_required
def followup_list(request):
    direction = is_direction(request.user)
    queryset = FollowUp.objects.all()
    person = None
    people = []
    if direction:
        people = list(staff_users())
        person_id = request.GET.get("personne", "")
        if person_id.isdigit():
            person = next((user for user in people if user.pk == int(person_id)), None)
            if person is None:
                person = get_object_or_404(get_user_model(), pk=int(person_id))
            queryset = queryset.filter(assignee=person)
    else:
        queryset = queryset.filter(assignee=request.user)
        person = request.user
    limit = FOLLOWUPS_PER_GROUP if person else TEAM_FOLLOWUPS_PER_GROUP
    groups = selectors.followup_groups(queryset, today=timezone.localdate(), limit=limit)
    return render(
        request,
        "prospects/followup_list.html",
        {
            "groups": groups,
            "total": sum(group["count"] for group in groups),
            "is_direction": direction,
            "people": people,
            "person": person,
            "assignees": people if direction else list(staff_users()),
        },
    )


def _followup_action_page(request, followup, form, action):
    return render(
        request,
        "prospects/followup_action.html",
        {"followup": followup, "form": form, "action": action, "next": next_url(request, "")},
    )


@staff_required
@require_POST
def followup_complete(request, pk):
    followup = _followup_for_user(request, pk)
    try:
        services.followup_complete(followup=followup, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Relance « %(title)s » faite.") % {"title": followup.title})
    return redirect(next_url(request, reverse("prospects:followup_list")))


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
                % {"title": followup.title, "date": date_format(followup.due_on, "SHORT_DATE_FORMAT")},
            )
            return redirect(next_url(request, reverse("prospects:followup_list")))
    return _followup_action_page(request, followup, form, "snooze")


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


@direction_required
def followup_bulk_reassign(request):
    form = FollowUpBulkReassignForm(request.POST or None, initial={"source": request.GET.get("personne")})
    if request.method == "POST" and form.is_valid():
        assignee = form.cleaned_data["assignee"]
        try:
            count = services.followups_bulk_reassign(
                followups=form.followups_to_move(), assignee=assignee, actor=request.user
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d relance attribuée à %(person)s.",
                    "%(count)d relances attribuées à %(person)s.",
                    count,
                )
                % {"count": count, "person": person_name(assignee)},
            )
            return redirect(f"{reverse('prospects:followup_list')}?personne={assignee.pk}")
    return render(request, "prospects/followup_bulk_form.html", {"form": form})
