"""The dashboard, the annual report and the staff exports."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import any_role_required, direction_required, is_direction, is_observer, staff_required
from core import charts, tabular
from prospects.models import FollowUpStatus

from . import exports, selectors
from .forms import YearTargetForm
from .report import annual_report_build
from .services import year_target_set

MIN_YEAR, MAX_YEAR = 2000, 2100


def _year(request):
    """The year asked for in ?year=, or this year when absent or not a year."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year


def _dashboard_context(request, year, target_form=None):
    user = request.user
    by_sector = selectors.figures_by_sector(year)
    by_origin = selectors.figures_by_origin(year)
    total = selectors.total_of(by_sector)
    target = selectors.year_target(year)
    if target_form is None and is_direction(user):
        target_form = YearTargetForm(
            initial={
                "implantations_target": target.implantations_target if target else None,
                "projects_target": target.projects_target if target else None,
            }
        )
    followups = selectors.open_followups()
    years = selectors.available_years()
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    return {
        "year": year,
        "years": years,
        "total": total,
        "target": target,
        "target_form": target_form,
        "by_sector": by_sector,
        "by_origin": by_origin,
        "sector_chart": charts.bar_chart(
            [(row.label or _("Sans secteur"), row.accompanied) for row in by_sector],
            title=_("Projets accompagnés par secteur"),
        ),
        "origin_chart": charts.bar_chart(
            [(row.label or _("Autre origine"), row.accompanied) for row in by_origin],
            title=_("Projets accompagnés par salon d'origine"),
        ),
        "funnel_chart": charts.funnel_chart(selectors.funnel(year), title=_("Entonnoir des projets")),
        "target_chart": charts.target_gauge(
            total.won, target.implantations_target if target else 0, title=_("Implantations par rapport à l'objectif")
        ),
        "overdue_total": followups.overdue_total,
        # Observers see how much is late, never who is late.
        "overdue_by_person": [] if is_observer(user) else followups.overdue_by_person,
        "upcoming": selectors.upcoming_appearances(),
        "show_leads": selectors.show_leads_count(year),
        "due_this_week": followups.due_this_week,
    }


@any_role_required
def dashboard(request):
    return render(request, "results/dashboard.html", _dashboard_context(request, _year(request)))


@direction_required
@require_POST
def year_target_update(request, year):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    form = YearTargetForm(request.POST)
    if not form.is_valid():
        context = _dashboard_context(request, year, target_form=form)
        return render(request, "results/dashboard.html", context, status=400)
    year_target_set(year=year, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Objectifs %(year)s enregistrés.") % {"year": year})
    return redirect(f"{reverse('dashboard')}?year={year}")


@any_role_required
def annual_report(request):
    year = _year(request)
    report = annual_report_build(year=year, user=request.user)
    years = selectors.available_years()
    return render(
        request,
        "results/annual_report.html",
        {
            "year": year,
            "years": years if year in years else sorted({*years, year}, reverse=True),
            "report": report,
            "generated_on": timezone.localdate(),
            "sector_chart": charts.bar_chart(
                [(row.label or _("Sans secteur"), row.accompanied) for row in report.by_sector],
                title=_("Projets accompagnés par secteur"),
            ),
            "origin_chart": charts.bar_chart(
                [(row.label or _("Autre origine"), row.accompanied) for row in report.by_origin],
                title=_("Projets accompagnés par salon d'origine"),
            ),
        },
    )


@any_role_required
def annual_report_xlsx(request):
    return exports.report_xlsx(annual_report_build(year=_year(request), user=request.user))


@any_role_required
def annual_report_csv(request, section):
    report = annual_report_build(year=_year(request), user=request.user)
    try:
        chosen = report.section(section)
    except StopIteration:
        raise Http404 from None
    return exports.report_csv(report, chosen)


def _export_format(fmt):
    if fmt not in tabular.FORMATS:
        raise Http404
    return fmt


@staff_required
def contacts_export(request, fmt):
    fmt = _export_format(fmt)
    contacts = exports.contact_queryset()
    if tabular.too_large(contacts):
        return tabular.too_large_response(request, reverse("dashboard"))
    return tabular.export_response(
        fmt, "contacts", _("Contacts"), exports.contact_columns(), exports.contact_rows(contacts)
    )


@staff_required
def followups_export(request, fmt):
    fmt = _export_format(fmt)
    status = request.GET.get("status") or None
    if status is not None and status not in FollowUpStatus.values:
        status = None
    try:
        assignee_id = int(request.GET.get("assignee", ""))
    except ValueError:
        assignee_id = None
    followups = exports.followup_queryset(request.user, status=status, assignee_id=assignee_id)
    if tabular.too_large(followups):
        return tabular.too_large_response(request, reverse("dashboard"))
    return tabular.export_response(
        fmt, "relances", _("Relances"), exports.followup_columns(), exports.followup_rows(followups)
    )
