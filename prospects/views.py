"""The prospecting screens: companies, projects and follow-ups.

Views check access, validate a form, call one service and redirect; reads are
in prospects.selectors and prospects.filters.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.roles import direction_required, is_direction, staff_required
from accounts.selectors import staff_users
from core import tabular
from core.web import local_url

from . import selectors, services
from .filters import CompanyFilter, ProjectFilter
from .forms import (
    CompanyCreateForm,
    CompanyForm,
    FollowUpBulkReassignForm,
    FollowUpForm,
    FollowUpReassignForm,
    FollowUpSnoozeForm,
    InteractionForm,
    ProjectForm,
    ProjectStageForm,
    apply_service_errors,
)
from .models import Company, CompanyStage, FollowUp, Project, WorkforceBand
from .pagination import CURSOR_PARAMS, ListPage

# The company page's history: the latest 100 entries, 100 more per "show more", up to 2,000.
TIMELINE_STEP = 100
TIMELINE_MAX = 2_000
# Follow-ups shown per group (overdue, today…); the group's size is always given.
FOLLOWUPS_PER_GROUP = 50
# Direction's view of the whole team: fewer per group, choosing a person shows theirs up to the cap above.
TEAM_FOLLOWUPS_PER_GROUP = 25


# Helpers ---------------------------------------------------------------------


def _safe_next(request, default):
    return local_url(request, request.POST.get("next") or request.GET.get("next"), default)


def _query_without(request, *names):
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def format_siret(siret):
    """``12345678900012`` → ``123 456 789 00012``."""
    if len(siret) == 14:
        return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    if len(siret) == 9:
        return f"{siret[:3]} {siret[3:6]} {siret[6:]}"
    return siret


def _person(user):
    return (user.get_full_name() or user.get_username()) if user else ""


# Companies -------------------------------------------------------------------

SORT_COLUMNS = [
    ("name", gettext_lazy("Raison sociale")),
    ("city", gettext_lazy("Commune")),
    ("sector", gettext_lazy("Secteur")),
    ("stage", gettext_lazy("Étape")),
    ("fit", gettext_lazy("Note")),
    ("contact", gettext_lazy("Dernier contact")),
]


# What a row of the companies list shows: read nothing else (no notes, no
# search text, no password hash of the owner) from a 200,000-row table.
LIST_FIELDS = [
    "name",
    "do_not_contact",
    "naf_code_id",
    "city",
    "department",
    "sector__name",
    "stage",
    "fit_score",
    "last_contact_at",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
]


def _company_filter(request, queryset):
    return CompanyFilter(request.GET, queryset=queryset, request=request)


def _sort_links(request, current):
    links = []
    for key, label in SORT_COLUMNS:
        params = request.GET.copy()
        for name in CURSOR_PARAMS:
            params.pop(name, None)
        active = current.lstrip("-") == key
        descending = active and current.startswith("-")
        params["sort"] = f"-{key}" if active and not descending else key
        links.append(
            {"key": key, "label": label, "url": "?" + params.urlencode(), "active": active, "descending": descending}
        )
    return links


@staff_required
def company_list(request):
    company_filter = _company_filter(request, Company.objects.select_related("sector", "owner").only(*LIST_FIELDS))
    page = ListPage(company_filter.qs, request.GET)
    filtered = [
        name for name in company_filter.form.fields if name not in ("q", "sort") and request.GET.get(name, "").strip()
    ]
    sort = company_filter.form.cleaned_data.get("sort") or "name"
    return render(
        request,
        "prospects/company_list.html",
        {
            "filter": company_filter,
            "page": page,
            "sort_links": _sort_links(request, sort),
            "filters_open": bool(filtered) or bool(company_filter.errors),
            "export_query": _query_without(request, *CURSOR_PARAMS, "format"),
        },
    )


EXPORT_HEADERS = [
    gettext_lazy("Raison sociale"),
    gettext_lazy("SIREN"),
    gettext_lazy("SIRET"),
    gettext_lazy("Code NAF"),
    gettext_lazy("Activité"),
    gettext_lazy("Secteur"),
    gettext_lazy("Tranche d'effectifs"),
    gettext_lazy("Adresse"),
    gettext_lazy("Code postal"),
    gettext_lazy("Commune"),
    gettext_lazy("Département"),
    gettext_lazy("Téléphone"),
    gettext_lazy("Site web"),
    gettext_lazy("Étape"),
    gettext_lazy("Note de pertinence"),
    gettext_lazy("Responsable"),
    gettext_lazy("Dernier contact"),
    gettext_lazy("Ne pas contacter"),
]


def _export_rows(queryset):
    # Translated once: get_FOO_display() translates every choice on every call.
    stages = {value: str(label) for value, label in CompanyStage.choices}
    bands = {value: str(label) for value, label in WorkforceBand.choices}
    for company in queryset.iterator(chunk_size=2000):
        last_contact = timezone.localtime(company.last_contact_at).date() if company.last_contact_at else None
        yield [
            company.name,
            company.siren,
            company.siret,
            company.naf_code_id or "",
            company.naf_code.label if company.naf_code else "",
            company.sector.name if company.sector else "",
            bands.get(company.workforce_band, company.workforce_band),
            company.address,
            company.postcode,
            company.city,
            company.department,
            company.phone,
            company.website,
            stages.get(company.stage, company.stage),
            company.fit_score,
            _person(company.owner),
            last_contact,
            company.do_not_contact,
        ]


@staff_required
def company_export(request):
    export_format = request.GET.get("format", "csv")
    if export_format not in tabular.FORMATS:
        raise Http404
    company_filter = _company_filter(request, Company.objects.select_related("sector", "owner", "naf_code"))
    if tabular.too_large(company_filter.qs):
        query = _query_without(request, *CURSOR_PARAMS, "format")
        return tabular.too_large_response(request, reverse("prospects:company_list") + (f"?{query}" if query else ""))
    return tabular.export_response(
        export_format,
        f"entreprises-{timezone.localdate():%Y%m%d}",
        _("Entreprises"),
        EXPORT_HEADERS,
        _export_rows(company_filter.qs),
    )


@staff_required
def company_search_json(request):
    results = [
        {
            "id": company.pk,
            "name": company.name,
            "siren": company.siren,
            "siret": company.siret,
            "postcode": company.postcode,
            "city": company.city,
            "department": company.department,
            "url": company.get_absolute_url(),
        }
        for company in selectors.company_quick_search(request.GET.get("q", ""))
    ]
    return JsonResponse({"results": results})


@staff_required
def company_detail(request, pk):
    company = get_object_or_404(Company.objects.select_related("sector", "naf_code", "owner"), pk=pk)
    projects = Project.objects.visible_to(request.user).filter(company=company).select_related("owner")
    return render(
        request,
        "prospects/company_detail.html",
        {
            "company": company,
            "siret_display": format_siret(company.siret or company.siren),
            "contacts": company.contacts.all(),
            "projects": projects,
            **_timeline(request, company),
        },
    )


def _timeline(request, company):
    try:
        limit = int(request.GET.get("evenements", TIMELINE_STEP))
    except ValueError:
        limit = TIMELINE_STEP
    limit = min(max(TIMELINE_STEP, limit - limit % TIMELINE_STEP), TIMELINE_MAX)
    # One entry more than shown says whether there are older ones.
    entries = selectors.company_timeline(company=company, user=request.user, limit=limit + 1)
    more = len(entries) > limit
    return {
        "timeline": entries[:limit],
        "timeline_limit": limit,
        "timeline_step": TIMELINE_STEP,
        "timeline_more_url": f"?evenements={limit + TIMELINE_STEP}#timeline-title"
        if more and limit < TIMELINE_MAX
        else None,
        "timeline_truncated": more,
    }


@direction_required
def company_history(request, pk):
    """Who changed what on the company, its contacts, projects and follow-ups.

    A page of its own so that the company page keeps its query budget.
    """
    company = get_object_or_404(Company, pk=pk)
    return render(request, "prospects/company_history.html", {"company": company})


@staff_required
def company_create(request):
    duplicates = []
    form = CompanyCreateForm(request.POST or None, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        duplicates = list(
            selectors.company_probable_duplicates(
                name=form.cleaned_data["name"],
                postcode=form.cleaned_data["postcode"],
                siret=form.cleaned_data["siret"],
            )
        )
        if not duplicates or form.cleaned_data["confirm_duplicate"]:
            try:
                company = services.company_create(actor=request.user, **form.service_fields())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Entreprise « %(name)s » créée.") % {"name": company.name})
                return redirect(company)
    return render(request, "prospects/company_form.html", {"form": form, "duplicates": duplicates})


@staff_required
def company_update(request, pk):
    company = get_object_or_404(Company, pk=pk)
    form = CompanyForm(request.POST or None, instance=company)
    if request.method == "POST" and form.is_valid():
        try:
            services.company_update(company=company, actor=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Fiche mise à jour."))
            return redirect(company)
    return render(request, "prospects/company_form.html", {"form": form, "company": company})


@staff_required
def interaction_create(request, pk):
    company = get_object_or_404(Company, pk=pk)
    form = InteractionForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            services.interaction_log(company=company, logged_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Échange enregistré."))
            return redirect(company)
    return render(request, "prospects/interaction_form.html", {"form": form, "company": company})


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


# Projects ----------------------------------------------------------------------


def _visible_project(request, pk):
    """The project if the user may see it; a stranger to a confidential project gets a 404."""
    queryset = Project.objects.visible_to(request.user).select_related(
        "company", "sector", "owner", "origin_appearance__trade_show", "programme"
    )
    return get_object_or_404(queryset, pk=pk)


@staff_required
def project_create(request, pk):
    company = get_object_or_404(Company, pk=pk)
    form = ProjectForm(request.POST or None, initial={"owner": request.user, "sector": company.sector})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(company=company, actor=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Projet ouvert."))
            return redirect(project)
    return render(request, "prospects/project_form.html", {"form": form, "company": company})


@staff_required
def project_update(request, pk):
    project = _visible_project(request, pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(project=project, actor=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Projet mis à jour."))
            return redirect(project)
    return render(
        request, "prospects/project_form.html", {"form": form, "company": project.company, "project": project}
    )


@staff_required
def project_pipeline(request):
    return render(
        request, "prospects/project_pipeline.html", {"columns": selectors.project_pipeline(user=request.user)}
    )


@staff_required
def project_list(request):
    queryset = (
        Project.objects.visible_to(request.user)
        .select_related("company", "sector", "owner")
        .order_by("-opened_on", "-id")
    )
    project_filter = ProjectFilter(request.GET, queryset=queryset, request=request)
    return render(
        request,
        "prospects/project_list.html",
        {
            "filter": project_filter,
            "page": ListPage(project_filter.qs, request.GET),
        },
    )


def _project_page(request, project, stage_form=None):
    context = {
        "project": project,
        "team": project.team.order_by("first_name", "last_name"),
        "stage_changes": project.stage_changes.select_related("changed_by"),
        "proposals": project.site_proposals.select_related("site"),
        "followups": project.followups.select_related("assignee").order_by("status", "due_on"),
        "stage_form": stage_form or ProjectStageForm(project=project),
    }
    return render(request, "prospects/project_detail.html", context)


@staff_required
def project_detail(request, pk):
    return _project_page(request, _visible_project(request, pk))


@staff_required
@require_POST
def project_move_stage(request, pk):
    project = _visible_project(request, pk)
    form = ProjectStageForm(request.POST, project=project)
    if form.is_valid():
        try:
            services.project_move_stage(
                project=project, stage=form.cleaned_data["stage"], actor=request.user, **form.service_fields()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Projet passé à l'étape « %(stage)s ».") % {"stage": project.get_stage_display()}
            )
            return redirect(project)
    # The service may have set fields on the instance before refusing: show the stored project.
    project.refresh_from_db()
    return _project_page(request, project, stage_form=form)


# Follow-ups ------------------------------------------------------------------


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
        {"followup": followup, "form": form, "action": action, "next": _safe_next(request, "")},
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
    return redirect(_safe_next(request, reverse("prospects:followup_list")))


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
                % {"title": followup.title, "date": followup.due_on.strftime("%d/%m/%Y")},
            )
            return redirect(_safe_next(request, reverse("prospects:followup_list")))
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
                % {"title": followup.title, "person": _person(assignee)},
            )
            return redirect(_safe_next(request, reverse("prospects:followup_list")))
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
                % {"count": count, "person": _person(assignee)},
            )
            return redirect(f"{reverse('prospects:followup_list')}?personne={assignee.pk}")
    return render(request, "prospects/followup_bulk_form.html", {"form": form})
