"""The companies screens: list, export, quick search, page, history, creation and update."""

from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import direction_required, is_staff_member, staff_required
from core import exports, tabular
from core.forms import apply_service_errors
from core.once import once_per_token
from core.people import person_name
from core.web import query_without

from .. import filter_panel, selectors, services
from ..filters import CompanyFilter
from ..forms import CompanyCreateForm, CompanyForm
from ..models import Company, CompanyStage, Project, WorkforceBand
from ..pagination import CURSOR_PARAMS, ListPage

# The company page's history: the latest 100 entries, 100 more per "show more", up to 2,000.
TIMELINE_STEP = 100
TIMELINE_MAX = 2_000
# A company page lists this many people of each kind (current, former) at
# first, then as many more per click, up to CONTACTS_MAX: a company with
# 10,000 contacts (a federation's whole directory) still opens in well under a
# second; past the cap, the companies search finds anyone by name.
CONTACTS_STEP = 50
CONTACTS_MAX = 1_000


def format_siret(siret):
    """``12345678900012`` → ``123 456 789 00012``."""
    if len(siret) == 14:
        return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    if len(siret) == 9:
        return f"{siret[:3]} {siret[3:6]} {siret[6:]}"
    return siret


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
    "sector__name_en",
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
            "filter_panel_key": filter_panel.panel_key(request),
            "filter_panel_seconds": filter_panel.PANEL_SECONDS,
            "export_query": query_without(request, *CURSOR_PARAMS, "format"),
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
            person_name(company.owner),
            last_contact,
            company.do_not_contact,
        ]


EXPORT_KIND = "companies"


def _export_queryset(request):
    return _company_filter(request, Company.objects.select_related("sector", "owner", "naf_code")).qs


def company_export_sheet(user, params):
    """The companies export of ``user`` with the list's filters ``params["query"]``, for a worker (core.exports)."""
    if not is_staff_member(user):
        raise PermissionDenied
    request = SimpleNamespace(user=user, GET=QueryDict(params.get("query", "")))
    return exports.Sheet(
        name=f"entreprises-{timezone.localdate():%Y%m%d}",
        title=_("Entreprises"),
        columns=EXPORT_HEADERS,
        queryset=_export_queryset(request),
        rows=_export_rows,
    )


@staff_required
def company_export(request):
    export_format = request.GET.get("format", "csv")
    if export_format not in tabular.FORMATS:
        raise Http404
    queryset = _export_queryset(request)
    query = query_without(request, *CURSOR_PARAMS, "format")
    list_url = reverse("prospects:company_list") + (f"?{query}" if query else "")
    rows = tabular.count_upto(queryset, settings.EXPORT_MAX_ROWS + 1)
    if rows > settings.EXPORT_MAX_ROWS:
        return tabular.too_large_response(request, list_url)
    if rows > exports.background_rows():
        return exports.start_response(
            request, kind=EXPORT_KIND, export_format=export_format, params={"query": query}, fallback_url=list_url
        )
    return tabular.export_response(
        export_format,
        f"entreprises-{timezone.localdate():%Y%m%d}",
        _("Entreprises"),
        EXPORT_HEADERS,
        _export_rows(queryset),
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
def company_people_json(request, pk):
    """The people of a company, for the lead form to pick from: chargés de mission and Direction only."""
    company = get_object_or_404(Company, pk=pk)
    people = [
        {
            "id": contact.pk,
            "name": contact.full_name,
            "job_title": contact.job_title,
            "email": contact.email,
            "phone": contact.phone,
        }
        for contact in selectors.company_people(company)
    ]
    return JsonResponse({"company": company.pk, "people": people})


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
            "projects": projects,
            **_people(request, company),
            **_timeline(request, company),
        },
    )


def _step_limit(request, parameter, step, most):
    try:
        limit = int(request.GET.get(parameter, step))
    except ValueError:
        limit = step
    return min(max(step, limit - limit % step), most)


def _people(request, company):
    """The company's current and former contacts, each list capped; one query each, plus their counts."""
    limit = _step_limit(request, "contacts", CONTACTS_STEP, CONTACTS_MAX)
    current = list(company.contacts.filter(left_on__isnull=True)[: limit + 1])
    former = list(company.contacts.filter(left_on__isnull=False)[: limit + 1])
    more = len(current) > limit or len(former) > limit
    counts = {}
    if more:
        counts = {
            "contacts_count": company.contacts.filter(left_on__isnull=True).count(),
            "former_contacts_count": company.contacts.filter(left_on__isnull=False).count(),
        }
    return {
        "contacts": current[:limit],
        "former_contacts": former[:limit],
        "contacts_truncated": more,
        "contacts_more_url": f"?contacts={limit + CONTACTS_STEP}#contacts-title"
        if more and limit < CONTACTS_MAX
        else None,
        **counts,
    }


def _timeline(request, company):
    limit = _step_limit(request, "evenements", TIMELINE_STEP, TIMELINE_MAX)
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
@once_per_token
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
