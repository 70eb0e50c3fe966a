from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import staff_required
from core.forms import apply_service_errors
from core.web import next_url, query_without, upload_max_mb
from prospects.models import Project

from . import selectors, services
from .filters import SiteFilter
from .forms import ProposalCreateForm, ProposalStatusForm, SiteForm, SitePhotoForm, ZoneForm
from .models import Programme, Site, SitePhoto, Zone

PAGE_SIZE = 25
# Sites shown on a project's matches, best first.
MATCHES_SHOWN = 50


def _save_with_service(form, save):
    """Run the service on the form's instance; its errors go next to the fields. None on error."""
    try:
        return save(form.save(commit=False))
    except ValidationError as error:
        apply_service_errors(form, error)
        return None


# Sites ---------------------------------------------------------------------


@staff_required
def site_list(request):
    filterset = SiteFilter(request.GET, queryset=selectors.site_catalogue())
    # Bad filter values show their error next to the field, and no rows rather than every row.
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = query_without(request, "page")
    return render(
        request,
        "sites/site_list.html",
        {"filter": filterset, "page": page, "querystring": querystring},
    )


def _site_page(request, site, photo_form=None, status=200):
    proposals, hidden_proposals = selectors.site_proposals_for(site=site, user=request.user)
    proposed_to = {proposal.project_id for proposal in proposals}
    projects = [p for p in selectors.open_projects_for(request.user) if p.pk not in proposed_to]
    return render(
        request,
        "sites/site_detail.html",
        {
            "site": site,
            "proposals": proposals,
            "hidden_proposals": hidden_proposals,
            "projects": projects,
            "photo_form": photo_form or SitePhotoForm(),
            "max_photos": services.MAX_PHOTOS_PER_SITE,
            "upload_max_mb": upload_max_mb(),
        },
        status=status,
    )


@staff_required
def site_detail(request, pk):
    return _site_page(request, get_object_or_404(selectors.site_for_detail(pk)))


@require_POST
@staff_required
def photo_add(request, pk):
    site = get_object_or_404(selectors.site_for_detail(pk))
    form = SitePhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(site=site, image=form.cleaned_data["image"], caption=form.cleaned_data["caption"])
        except ValidationError as error:
            form.add_error("image", error)
        else:
            messages.success(request, _("Photo ajoutée."))
            return redirect(site)
    return _site_page(request, site, photo_form=form, status=400)


@require_POST
@staff_required
def photo_delete(request, pk):
    photo = get_object_or_404(SitePhoto.objects.select_related("site"), pk=pk)
    services.photo_delete(photo=photo)
    messages.success(request, _("Photo retirée."))
    return redirect(photo.site)


@staff_required
def site_sheet(request, pk):
    site = get_object_or_404(selectors.site_for_detail(pk))
    return render(request, "sites/site_sheet.html", {"site": site, "agent": request.user})


@staff_required
def site_create(request):
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        site = _save_with_service(form, lambda site: services.site_save(site=site))
        if site:
            messages.success(request, _("Le site %(reference)s est enregistré.") % {"reference": site.reference})
            return redirect(site)
    return render(request, "sites/site_form.html", {"form": form})


@staff_required
def site_update(request, pk):
    site = get_object_or_404(Site, pk=pk)
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        saved = _save_with_service(form, lambda site: services.site_save(site=site))
        if saved:
            messages.success(request, _("Le site %(reference)s est enregistré.") % {"reference": saved.reference})
            return redirect(saved)
    return render(request, "sites/site_form.html", {"form": form, "site": site})


# Zones ---------------------------------------------------------------------


@staff_required
def zone_list(request):
    return render(request, "sites/zone_list.html", {"zones": selectors.zone_list()})


@staff_required
def zone_detail(request, pk):
    zone = get_object_or_404(selectors.zone_for_detail(pk))
    return render(request, "sites/zone_detail.html", {"zone": zone})


def _zone_form_view(request, zone=None):
    form = ZoneForm(request.POST or None, instance=zone)
    if request.method == "POST" and form.is_valid():
        postcode = form.cleaned_data.get("postcode", "")
        saved = _save_with_service(form, lambda zone: services.zone_save(zone=zone, postcode=postcode))
        if saved:
            messages.success(request, _("La zone « %(name)s » est enregistrée.") % {"name": saved.name})
            return redirect(saved)
    return render(request, "sites/zone_form.html", {"form": form, "zone": zone})


@staff_required
def zone_create(request):
    return _zone_form_view(request)


@staff_required
def zone_update(request, pk):
    return _zone_form_view(request, get_object_or_404(Zone, pk=pk))


# Programmes ----------------------------------------------------------------


@staff_required
def programme_list(request):
    return render(request, "sites/programme_list.html", {"programmes": selectors.programme_list()})


@staff_required
def programme_detail(request, pk):
    programme = get_object_or_404(Programme, pk=pk)
    visible = Project.objects.visible_to(request.user).values("pk")
    return render(
        request,
        "sites/programme_detail.html",
        {
            "programme": programme,
            "zones": programme.zones.order_by("name"),
            "sites": programme.sites.with_taken().select_related("zone").order_by("reference"),
            "projects": programme.projects.filter(pk__in=visible).select_related("company"),
        },
    )


# Matching and proposals --------------------------------------------------------


@staff_required
def project_matches(request, project_pk):
    project = get_object_or_404(Project.objects.visible_to(request.user).select_related("company"), pk=project_pk)
    # The best ones only: a page of every site on offer (~1,500) helps nobody and is slow to render.
    needs, matches, proposals, candidate_count = selectors.project_matches(project, limit=MATCHES_SHOWN)
    return render(
        request,
        "sites/project_matches.html",
        {
            "project": project,
            "needs": needs,
            "matches": matches,
            "candidate_count": candidate_count,
            "proposals": proposals,
        },
    )


@require_POST
@staff_required
def proposal_create(request):
    form = ProposalCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un projet et un site."))
        return redirect(next_url(request, reverse("sites:site_list")))
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=form.cleaned_data["project"])
    site = get_object_or_404(Site, pk=form.cleaned_data["site"])
    fallback = reverse("sites:project_matches", args=[project.pk])
    try:
        services.proposal_create(project=project, site=site, actor=request.user, notes=form.cleaned_data["notes"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(site)s est proposé au projet « %(project)s ».") % {"site": site.reference, "project": project},
        )
    return redirect(next_url(request, fallback))


@require_POST
@staff_required
def proposal_update(request, pk):
    proposal = get_object_or_404(selectors.proposals_visible_to(request.user), pk=pk)
    fallback = reverse("sites:project_matches", args=[proposal.project_id])
    form = ProposalStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un état valide."))
        return redirect(next_url(request, fallback))
    try:
        services.proposal_set_status(proposal=proposal, status=form.cleaned_data["status"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(site)s : « %(status)s » pour le projet « %(project)s ».")
            % {"site": proposal.site.reference, "status": proposal.get_status_display(), "project": proposal.project},
        )
    return redirect(next_url(request, fallback))
