"""The directory's screens: targeting (« Annuaire »), an establishment, the signals, and the lookup JSON of the forms.

All for the chargés de mission and Direction: an observer works on no
company, so neither on the register's.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import direction_required, is_direction, staff_required
from prospects.models import Company
from prospects.pagination import COUNT_CAP, ListPage
from prospects.selectors import company_quick_search

from . import services
from .filters import EstablishmentFilter
from .forms import LoadForm
from .models import ChangeKind, DirectoryChange, DirectoryLoad, Establishment
from .providers import search_directory

# Above this many, « tous les N de ce filtre » asks to confirm; above the
# second, it asks for a narrower filter (one action makes at most that many).
CONFIRM_ABOVE = 100
FOLLOW_AT_MOST = 2_000
FILTER_FIELDS = list(EstablishmentFilter.base_filters)


def _filter(params):
    return EstablishmentFilter(params, queryset=Establishment.objects.all())


def _filter_query(params):
    return urlencode([(name, value) for name in FILTER_FIELDS for value in params.getlist(name) if value])


@staff_required
def lookup_json(request):
    """What the lead form's company box offers: the agency's companies, then directory establishments not yet companies."""
    query = request.GET.get("q", "")
    companies = [
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
        for company in company_quick_search(query)
    ]
    answer = search_directory(query)
    return JsonResponse(
        {
            "results": companies,
            "directory": [suggestion.as_json() for suggestion in answer.suggestions],
            "directory_label": _("Dans l'annuaire SIRENE"),
            "note": answer.note,
        }
    )


@staff_required
def targeting(request):
    establishment_filter = _filter(request.GET)
    queryset = (
        establishment_filter.qs.with_followed() if establishment_filter.is_valid() else Establishment.objects.none()
    )
    page = ListPage(queryset.order_by("search_name", "id"), request.GET)
    return render(
        request,
        "directory/targeting.html",
        {
            "filter": establishment_filter,
            "page": page,
            "filter_query": _filter_query(request.GET),
            "confirm_above": CONFIRM_ABOVE,
            "follow_at_most": FOLLOW_AT_MOST,
        },
    )


@staff_required
@require_POST
def targeting_follow(request):
    """Selected rows, or every row of the filter, made into the user's target companies; never twice."""
    establishment_filter = _filter(request.POST)
    back = reverse("directory:targeting") + "?" + _filter_query(request.POST)
    if not establishment_filter.is_valid():
        messages.error(request, _("Le filtre n'est pas valide : corrigez-le puis recommencez."))
        return redirect(back)
    queryset = establishment_filter.qs
    if request.POST.get("scope") == "all":
        total = queryset.order_by().values("pk")[: FOLLOW_AT_MOST + 1].count()
        if total > FOLLOW_AT_MOST:
            messages.error(
                request,
                _("Plus de %(most)s établissements : affinez le filtre (au plus %(most)s à la fois).")
                % {"most": f"{FOLLOW_AT_MOST:,}".replace(",", " ")},
            )
            return redirect(back)
        if total > CONFIRM_ABOVE and request.POST.get("confirm") != "yes":
            return render(
                request,
                "directory/targeting_confirm.html",
                {"total": total, "hidden": [(n, v) for n in FILTER_FIELDS for v in request.POST.getlist(n) if v]},
            )
    else:
        sirets = [siret for siret in request.POST.getlist("siret") if siret.isdigit() and len(siret) == 14]
        if not sirets:
            messages.error(request, _("Cochez au moins un établissement, ou choisissez tous ceux du filtre."))
            return redirect(back)
        queryset = queryset.filter(siret__in=sirets[:FOLLOW_AT_MOST])
    result = services.establishments_follow(establishments=queryset.order_by("id"), actor=request.user)
    messages.success(
        request,
        _("%(created)s entreprises ciblées, %(already)s déjà suivies.")
        % {"created": len(result.created), "already": result.already},
    )
    for establishment, message in result.refused[:5]:
        messages.warning(request, f"{establishment.siret} : {message}")
    return redirect(back)


@staff_required
def establishment_detail(request, siret):
    establishment = get_object_or_404(Establishment, siret=siret)
    company = Company.objects.filter(siret=siret).first()
    return render(request, "directory/establishment.html", {"establishment": establishment, "company": company})


@staff_required
@require_POST
def establishment_follow(request, siret):
    establishment = get_object_or_404(Establishment, siret=siret)
    result = services.establishments_follow(
        establishments=Establishment.objects.filter(pk=establishment.pk), actor=request.user
    )
    if result.refused:
        messages.error(request, result.refused[0][1])
        return redirect("directory:establishment", siret=siret)
    company = Company.objects.get(siret=siret)
    if result.created:
        messages.success(request, _("Entreprise « %(name)s » créée.") % {"name": company.name})
    return redirect(company.get_absolute_url())


def _establishment_of(company):
    return Establishment.objects.filter(siret=company.siret).first() if company.siret else None


@staff_required
def company_refresh(request, pk):
    """« Mettre à jour depuis SIRENE »: the register's values beside the company's, applied only when ticked."""
    company = get_object_or_404(Company.objects.select_related("naf_code"), pk=pk)
    establishment = _establishment_of(company)
    differences = services.company_differences(company=company, establishment=establishment) if establishment else []
    if request.method == "POST" and establishment is not None:
        try:
            applied = services.company_refresh_from_directory(
                company=company, establishment=establishment, fields=request.POST.getlist("field"), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("directory:company_refresh", pk=company.pk)
        if applied:
            messages.success(request, _("Fiche mise à jour depuis SIRENE."))
        else:
            messages.info(request, _("Rien n'a été changé."))
        return redirect(company.get_absolute_url())
    return render(
        request,
        "directory/company_refresh.html",
        {"company": company, "establishment": establishment, "differences": differences},
    )


def _visible_signals(user):
    """Direction sees every signal; a chargé those of the companies they own, and the territory's, which are everyone's."""
    changes = DirectoryChange.objects.select_related("company", "establishment", "company__owner")
    if is_direction(user):
        return changes
    return changes.filter(Q(company__owner=user) | Q(kind=ChangeKind.NEW_IN_TERRITORY, company__isnull=True))


@staff_required
def signal_list(request):
    show_all = request.GET.get("etat") == "tous"
    changes = _visible_signals(request.user)
    if not show_all:
        changes = changes.open()
    return render(
        request,
        "directory/signals.html",
        {"changes": changes[:COUNT_CAP], "show_all": show_all, "count_cap": COUNT_CAP},
    )


@staff_required
@require_POST
def signal_act(request, pk, action):
    change = _visible_signals(request.user).filter(pk=pk).first()
    if change is None:
        raise PermissionDenied
    if action == "ecarter":
        services.signal_dismiss(change=change, actor=request.user)
        messages.success(request, _("Signal écarté."))
    else:
        try:
            services.signal_follow_up(change=change, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            change.refresh_from_db(fields=["company"])
            messages.success(request, _("Relance créée pour %(name)s.") % {"name": change.company.name})
    return redirect("directory:signals")


@direction_required
def load_start(request):
    """Direction sends a département's extract; the load runs in a worker and its page shows how far it got."""
    form = LoadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        load = services.directory_load_start(uploaded_file=form.cleaned_data["file"], actor=request.user)
        return redirect("directory:load_detail", pk=load.pk)
    loads = DirectoryLoad.objects.select_related("created_by")[:20]
    return render(request, "directory/load_start.html", {"form": form, "loads": loads})


@direction_required
def load_detail(request, pk):
    load = get_object_or_404(DirectoryLoad, pk=pk)
    return render(request, "directory/load_detail.html", {"load": load, "changes": load.changes.count()})


@direction_required
def load_status(request, pk):
    load = get_object_or_404(DirectoryLoad, pk=pk)
    return JsonResponse(
        {
            "status": load.status,
            "label": load.get_status_display(),
            "running": load.is_running,
            "percent": load.progress_percent,
            "rows": load.rows_read,
            "created": load.created_count,
            "error": load.error,
        }
    )
