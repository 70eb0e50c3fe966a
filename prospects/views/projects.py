"""The projects screens: opening, update, pipeline, table, page and stage changes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import staff_required
from core.forms import apply_service_errors
from core.once import once_per_token

from .. import selectors, services
from ..filters import ProjectFilter
from ..forms import ProjectForm, ProjectNeedsForm, ProjectStageForm
from ..models import Company, Project
from ..pagination import ListPage


def _visible_project(request, pk):
    """The project if the user may see it; a stranger to a confidential project gets a 404."""
    queryset = Project.objects.visible_to(request.user).select_related(
        "company", "sector", "owner", "origin_appearance__trade_show", "programme"
    )
    return get_object_or_404(queryset, pk=pk)


@staff_required
@once_per_token
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


def _project_page(request, project, stage_form=None, needs_form=None, needs_open=False):
    context = {
        "project": project,
        "team": project.team.order_by("first_name", "last_name"),
        "stage_changes": project.stage_changes.select_related("changed_by"),
        "proposals": project.site_proposals.select_related("site"),
        "followups": project.followups.select_related("assignee").order_by("status", "due_on"),
        "stage_form": stage_form or ProjectStageForm(project=project),
        "needs_form": needs_form or ProjectNeedsForm(instance=project),
        "needs_open": needs_open or bool(needs_form is not None and needs_form.errors),
    }
    return render(request, "prospects/project_detail.html", context)


@staff_required
def project_detail(request, pk):
    return _project_page(request, _visible_project(request, pk))


@staff_required
@require_http_methods(["GET", "POST"])
def project_needs_update(request, pk):
    """The team and the needs, changed on the project page; the access rules are the service's."""
    project = _visible_project(request, pk)
    if request.method == "GET":
        return _project_page(request, project, needs_open=True)
    form = ProjectNeedsForm(request.POST, instance=project)
    if form.is_valid():
        try:
            services.project_update(project=project, actor=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Équipe et besoins mis à jour."))
            return redirect(project.get_absolute_url() + "#project-facts")
    # The bound form has written on the instance: the page shows the stored project.
    project = _visible_project(request, pk)
    return _project_page(request, project, needs_form=form)


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
