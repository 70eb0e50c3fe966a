"""Logging an exchange with a company, and correcting or deleting one.

Corrected or deleted by the person who logged it, or by Direction; an
exchange behind a confidential project the user may not see is a 404, as
the project is.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import staff_required
from core.forms import apply_service_errors
from core.once import once_per_token

from .. import services
from ..forms import InteractionEditForm, InteractionForm
from ..models import Company, Interaction


@staff_required
@once_per_token
def interaction_create(request, pk):
    company = get_object_or_404(Company, pk=pk)
    form = InteractionForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            services.interaction_log(company=company, logged_by=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Échange enregistré."))
            return redirect(company)
    return render(request, "prospects/interaction_form.html", {"form": form, "company": company})


def _changeable_interaction(request, pk):
    interaction = get_object_or_404(
        Interaction.objects.visible_to(request.user).select_related("company", "logged_by", "appearance__trade_show"),
        pk=pk,
    )
    if not interaction.may_be_changed_by(request.user):
        raise PermissionDenied
    return interaction


def _timeline_url(company):
    return company.get_absolute_url() + "#timeline-title"


@staff_required
@require_http_methods(["GET", "POST"])
def interaction_update(request, pk):
    interaction = _changeable_interaction(request, pk)
    company = interaction.company
    form = InteractionEditForm(request.POST or None, instance=interaction, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            services.interaction_update(interaction=interaction, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Échange corrigé."))
            return redirect(_timeline_url(company))
    return render(
        request, "prospects/interaction_form.html", {"form": form, "company": company, "interaction": interaction}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def interaction_delete(request, pk):
    interaction = _changeable_interaction(request, pk)
    company = interaction.company
    if request.method == "POST":
        services.interaction_delete(interaction=interaction, actor=request.user)
        messages.success(request, _("Échange supprimé."))
        return redirect(_timeline_url(company))
    return render(
        request,
        "prospects/interaction_confirm_delete.html",
        {"interaction": interaction, "company": company, "followup_count": interaction.followups.count()},
    )
