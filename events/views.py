import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.roles import staff_required
from core import exports as background_exports
from core import tabular
from core.forms import apply_service_errors
from core.middleware import permissions_policy
from core.people import person_name
from core.web import query_without
from core.workdays import holidays_between
from prospects.models import Company, LeadGrade
from prospects.selectors import company_people

from . import appearances, exports, selectors, services
from .forms import AppearanceForm, LeadCaptureForm, MeetingPlanForm, TargetFilterForm
from .models import Appearance

PAGE_SIZE = 50


def _get_appearance(pk):
    queryset = Appearance.objects.select_related("trade_show")
    return get_object_or_404(queryset, pk=pk)


@staff_required
def appearance_list(request):
    upcoming, past = selectors.appearance_split(request.user)
    page = Paginator(past, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/appearance_list.html",
        {
            "upcoming": [selectors.decorate_with_ratios(appearance) for appearance in upcoming],
            "past": [selectors.decorate_with_ratios(appearance) for appearance in page],
            "page": page,
        },
    )


@staff_required
def appearance_detail(request, pk):
    appearance = get_object_or_404(
        selectors.appearances_for_figures().prefetch_related("trade_show__sectors", "staff", "partner_companies"),
        pk=pk,
    )
    projects = list(selectors.appearance_projects(appearance, request.user))
    figures = selectors.appearance_figures(appearance, projects)
    paginator = Paginator(selectors.appearance_leads(appearance, request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "events/appearance_detail.html",
        {
            "appearance": appearance,
            "figures": figures,
            "page": page,
            "leads": selectors.decorate_leads(list(page)),
            "projects": projects,
        },
    )


def _appearance_form_view(request, appearance=None):
    form = AppearanceForm(request.POST or None, instance=appearance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if appearance is None:
                saved = appearances.appearance_create(
                    trade_show=data["trade_show"],
                    new_trade_show=form.new_trade_show(),
                    actor=request.user,
                    staff=data["staff"],
                    partner_companies=data["partner_companies"],
                    **form.appearance_fields(),
                )
            else:
                saved = appearances.appearance_update(
                    appearance=appearance,
                    actor=request.user,
                    trade_show=data["trade_show"],
                    staff=data["staff"],
                    partner_companies=data["partner_companies"],
                    **form.appearance_fields(),
                )
        except ValidationError as error:
            if appearance is not None:
                appearance.refresh_from_db()
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Participation enregistrée."))
            return redirect(saved)
    return render(request, "events/appearance_form.html", {"form": form, "appearance": appearance})


@staff_required
def appearance_create(request):
    return _appearance_form_view(request)


@staff_required
def appearance_update(request, pk):
    return _appearance_form_view(request, _get_appearance(pk))


def _selected_company(form):
    value = form["company"].value()
    if value and str(value).isdigit():
        return Company.objects.select_related("sector").filter(pk=value).first()
    return None


def _chosen_contact(form):
    value = form["contact"].value()
    return int(value) if value and str(value).isdigit() else None


@staff_required
def lead_capture(request, pk):
    appearance = _get_appearance(pk)
    duplicates = person_duplicates = []
    if request.method == "POST":
        data = request.POST.copy()
        # "This one" on a probable duplicate: use the existing company.
        if data.get("use_company"):
            data["company"] = data["use_company"]
        # "This person" on a probable duplicate: the person already known.
        if data.get("use_contact"):
            data["contact"] = data["use_contact"]
        form = LeadCaptureForm(data, user=request.user)
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                lead = services.lead_capture(
                    appearance=appearance,
                    actor=request.user,
                    capture_key=cleaned["capture_key"],
                    **form.capture_fields(),
                )
            except services.ProbableDuplicates as error:
                duplicates = error.companies
            except services.ProbablePersonDuplicates as error:
                person_duplicates = error.contacts
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if lead.repeated:
                    messages.info(request, _("Ce contact était déjà enregistré : rien n'a été saisi deux fois."))
                else:
                    messages.success(request, _lead_message(lead))
                return redirect("events:lead_capture", pk=appearance.pk)
    else:
        form = LeadCaptureForm(
            user=request.user,
            initial={
                "assignee": request.user.pk,
                "met_on": services.default_met_on(appearance),
                "capture_key": uuid.uuid4(),
            },
        )
    first_day = appearance.starts_on
    selected_company = _selected_company(form)
    # Shown with no message to repeat, the screen of a show the user staffs this week or next is
    # one the service worker may keep for offline use (see frontend/sw.src.js).
    offline = (
        request.method == "GET"
        and not len(messages.get_messages(request))
        and selectors.offline_appearances(request.user).filter(pk=appearance.pk).exists()
    )
    response = render(
        request,
        "events/lead_capture.html",
        {
            "appearance": appearance,
            "form": form,
            "duplicates": duplicates,
            "selected_company": selected_company,
            "company_people": company_people(selected_company) if selected_company else [],
            "chosen_contact": _chosen_contact(form),
            "person_duplicates": person_duplicates,
            "holidays": [
                day.isoformat() for day in holidays_between(first_day, first_day.replace(year=first_day.year + 1))
            ],
            "recent_leads": selectors.decorate_leads(list(selectors.appearance_leads(appearance, request.user)[:5])),
            "grades": LeadGrade,
            "pending_count": selectors.pending_leads(appearance, request.user).count(),
        },
    )
    if offline:
        response["X-Lozdev-Offline"] = "1"
    # The badge scanner's camera, on this page only.
    response["Permissions-Policy"] = permissions_policy(camera=["self"])
    return response


def _lead_message(lead):
    text = _("Contact enregistré : %(company)s (%(grade)s).") % {
        "company": lead.company.name,
        "grade": lead.interaction.lead_grade,
    }
    if lead.followup:
        text += " " + _("Relance le %(date)s par %(who)s.") % {
            "date": formats.date_format(lead.followup.due_on, "SHORT_DATE_FORMAT"),
            "who": person_name(lead.followup.assignee),
        }
    if lead.project:
        text += " " + _("Projet ouvert.")
    return text


@staff_required
def target_list(request, pk):
    appearance = get_object_or_404(
        Appearance.objects.select_related("trade_show").prefetch_related("trade_show__sectors"), pk=pk
    )
    filters = TargetFilterForm(request.GET or None)
    query = stage = ""
    if filters.is_valid():
        query, stage = filters.cleaned_data["q"], filters.cleaned_data["stage"]
    companies = selectors.target_companies(appearance, user=request.user, query=query, stage=stage)
    export_format = request.GET.get("export")
    if export_format in exports.FORMATS:
        list_url = reverse("events:target_list", args=[appearance.pk])
        rows = tabular.count_upto(companies, settings.EXPORT_MAX_ROWS + 1)
        if rows > settings.EXPORT_MAX_ROWS:
            return tabular.too_large_response(request, list_url)
        if rows > background_exports.background_rows():
            return background_exports.start_response(
                request,
                kind=exports.TARGETS_KIND,
                export_format=export_format,
                params={"appearance": appearance.pk, "q": query, "stage": stage},
                fallback_url=list_url,
            )
        return exports.target_list_response(appearance, companies, export_format)
    page = Paginator(companies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/target_list.html",
        {
            "appearance": appearance,
            "filters": filters,
            "page": page,
            "companies": page.object_list,
            "querystring": query_without(request, "page", "export"),
            "today": timezone.localdate(),
        },
    )


@staff_required
def meeting_plan(request, pk, company_pk):
    appearance = _get_appearance(pk)
    company = get_object_or_404(Company.objects.contactable(), pk=company_pk)
    form = MeetingPlanForm(
        request.POST or None, appearance=appearance, user=request.user, initial={"assignee": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_plan(
                appearance=appearance,
                company=company,
                actor=request.user,
                assignee=form.cleaned_data["assignee"],
                due_on=form.cleaned_data["due_on"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Rendez-vous planifié avec %(company)s.") % {"company": company.name})
            return redirect("events:target_list", pk=appearance.pk)
    return render(request, "events/meeting_plan.html", {"appearance": appearance, "company": company, "form": form})
