"""A company's people, from its page: add, correct, and record that someone left.

Any chargé de mission or Direction may, for any company (they all see every
company). Objection and erasure stay with the GDPR pages: a person who
objected or was anonymised is not edited here, so nothing brings them back.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import staff_required
from core.forms import apply_service_errors
from core.once import once_per_token

from .. import selectors, services
from ..forms import ContactCreateForm, ContactForm, ContactLeftForm
from ..models import Company, Contact


def _company_contacts_url(company):
    return company.get_absolute_url() + "#contacts-title"


def _editable_contact(request, pk):
    """The contact, or None after telling the user why the company page does not change them."""
    contact = get_object_or_404(Contact.objects.select_related("company"), pk=pk)
    if contact.anonymised_at is not None:
        messages.error(request, _("Cette personne a été anonymisée : sa fiche ne se modifie plus."))
        return contact, False
    if contact.objected:
        messages.error(
            request,
            _("%(name)s s'est opposé(e) à la prospection : sa fiche ne se modifie plus ici (voir la page RGPD).")
            % {"name": contact.full_name},
        )
        return contact, False
    return contact, True


@staff_required
@require_http_methods(["GET", "POST"])
@once_per_token
def contact_create(request, pk):
    company = get_object_or_404(Company, pk=pk)
    form = ContactCreateForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        # The company row is locked while its people are compared and the new
        # one saved: a form sent twice waits for the first, then finds it.
        with transaction.atomic():
            Company.objects.select_for_update().filter(pk=company.pk).exists()
            duplicates = selectors.contact_probable_duplicates(company=company, **_identity(fields))
            if not duplicates or form.cleaned_data["confirm_duplicate"]:
                try:
                    contact = services.contact_create(company=company, actor=request.user, **fields)
                except ValidationError as error:
                    apply_service_errors(form, error)
                else:
                    messages.success(request, _("%(name)s ajouté(e) aux contacts.") % {"name": contact.full_name})
                    return redirect(_company_contacts_url(company))
    return render(
        request,
        "prospects/contact_form.html",
        {"form": form, "company": company, "duplicates": duplicates},
    )


def _identity(fields):
    return {name: fields.get(name, "") for name in ("first_name", "last_name", "email", "phone")}


@staff_required
@require_http_methods(["GET", "POST"])
def contact_update(request, pk):
    contact, editable = _editable_contact(request, pk)
    if not editable:
        return redirect(_company_contacts_url(contact.company))
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(contact=contact, actor=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Contact mis à jour."))
            return redirect(_company_contacts_url(contact.company))
    if form.errors:
        # The bound form has written on the instance: show the stored name.
        contact = Contact.objects.select_related("company").get(pk=contact.pk)
    return render(
        request, "prospects/contact_form.html", {"form": form, "company": contact.company, "contact": contact}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def contact_left(request, pk):
    """Record that the person left the company, or, for one marked so, that they are still there."""
    contact = get_object_or_404(Contact.objects.select_related("company"), pk=pk)
    if contact.anonymised_at is not None:
        messages.error(request, _("Cette personne a été anonymisée : sa fiche ne se modifie plus."))
        return redirect(_company_contacts_url(contact.company))
    back = contact.has_left
    form = ContactLeftForm(request.POST or None) if not back else None
    if request.method == "POST" and (back or form.is_valid()):
        try:
            services.contact_mark_left(
                contact=contact, actor=request.user, left_on=None if back else form.cleaned_data["left_on"]
            )
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect(_company_contacts_url(contact.company))
            apply_service_errors(form, error)
        else:
            if back:
                message = _("%(name)s fait de nouveau partie des contacts de l'entreprise.")
            else:
                message = _("%(name)s est noté(e) comme ayant quitté l'entreprise.")
            messages.success(request, message % {"name": contact.full_name})
            return redirect(_company_contacts_url(contact.company))
    return render(
        request, "prospects/contact_left.html", {"form": form, "contact": contact, "company": contact.company}
    )
