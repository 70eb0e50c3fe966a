"""GDPR screens: the rules, a person's objection, erasure and export, the retention review.

Any chargé de mission records an objection, since it must be honoured the
moment the person says so (on a stand, on the phone). Erasure cannot be
undone and an export gathers everything on someone: Direction answers these
requests, as the data controller's representative.
"""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import direction_required, staff_required
from core.web import local_url

from . import gdpr
from .models import Contact

PAGE_SIZE = 50


def _get_contact(pk):
    return get_object_or_404(Contact.objects.select_related("company"), pk=pk)


def _back(request, contact):
    """Where the button was pressed (a safe local address), else the company page."""
    return local_url(request, request.POST.get("next") or request.GET.get("next"), contact.company.get_absolute_url())


@staff_required
def register(request):
    return render(
        request,
        "prospects/gdpr/register.html",
        {"retention_years": gdpr.RETENTION_YEARS, "notice_days": gdpr.NOTICE_DAYS},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def contact_object(request, pk):
    contact = _get_contact(pk)
    if request.method == "POST":
        gdpr.contact_object(contact=contact, actor=request.user)
        messages.success(request, _("Opposition enregistrée pour %(name)s.") % {"name": contact.full_name})
        return redirect(_back(request, contact))
    return render(request, "prospects/gdpr/contact_object.html", {"contact": contact, "next": _back(request, contact)})


@direction_required
@require_http_methods(["GET", "POST"])
def contact_erase(request, pk):
    contact = _get_contact(pk)
    if request.method == "POST":
        name = contact.full_name
        gdpr.contact_erase(contact=contact, actor=request.user)
        messages.success(request, _("%(name)s : identité et coordonnées anonymisées.") % {"name": name})
        return redirect(_back(request, contact))
    return render(
        request,
        "prospects/gdpr/contact_erase.html",
        {"contact": contact, "interaction_count": contact.interactions.count(), "next": _back(request, contact)},
    )


@direction_required
def contact_export(request, pk):
    contact = _get_contact(pk)
    data = gdpr.contact_export(contact)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"donnees-contact-{contact.pk}-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _page(queryset, number, *, through=""):
    """One page of ``queryset``, its rows annotated with their last interaction.

    The page's ids come first and only those rows are annotated, so a page
    deep in a long list costs no more than the first one.
    """
    page = Paginator(queryset.values_list("pk", flat=True), PAGE_SIZE).get_page(number)
    ids = list(page.object_list)
    rows = gdpr.with_last_interaction(queryset.filter(pk__in=ids), through=through).in_bulk()
    page.object_list = [rows[pk] for pk in ids]
    return page


@direction_required
def retention_review(request):
    """The Direction report on retention: who will be anonymised, and who will be listed next."""
    stale = gdpr.contacts_past_retention().filter(retention_notice__isnull=True).order_by("pk")
    return render(
        request,
        "prospects/gdpr/retention_review.html",
        {
            "notices": _page(gdpr.retention_pending_notices(), request.GET.get("page"), through="contact__"),
            "stale": _page(stale, request.GET.get("page_a_signaler")),
            # Sole traders: the company's own last exchange is theirs (Company.last_contact_at).
            "trader_notices": Paginator(gdpr.retention_pending_sole_trader_notices(), PAGE_SIZE).get_page(
                request.GET.get("page_ei")
            ),
            "stale_traders": Paginator(
                gdpr.sole_traders_past_retention().filter(retention_notice__isnull=True).order_by("pk"), PAGE_SIZE
            ).get_page(request.GET.get("page_ei_a_signaler")),
            "cutoff": gdpr.retention_cutoff(),
            "retention_years": gdpr.RETENTION_YEARS,
            "notice_days": gdpr.NOTICE_DAYS,
        },
    )
