"""Logging an exchange with a company."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import staff_required
from core.forms import apply_service_errors

from .. import services
from ..forms import InteractionForm
from ..models import Company


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
