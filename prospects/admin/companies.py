"""Companies and their contacts."""

import re
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accounts.selectors import staff_users
from core.admin import (
    CappedCountPaginator,
    FastChangeListMixin,
    RecordFieldsMixin,
    admin_change_url,
    adopt,
    choose_person_then,
    form_values,
    narrow_to_chosen,
)
from core.admin_titles import FrenchTitlesMixin
from core.forms import apply_service_errors
from core.identifiers import digits_only, fold
from core.people import person_name

from .. import selectors, services
from ..models import Company, Contact
from .common import (
    DepartmentFilter,
    FitScoreFilter,
    IdentifierField,
    NafCodeChoiceField,
    ProspectsServiceFormsetMixin,
    StaffFieldsMixin,
    staff_filter,
)
from .inlines import ContactInline, FollowUpInline, NewInteractionInline, RecentInteractionInline

# Companies ------------------------------------------------------------------------


def _company_search(queryset, search_term):
    """Accent-insensitive search on name, identifiers, city and contact names, through the indexed search_text."""
    if re.fullmatch(r"[\d\s.]+", search_term.strip()):
        digits = digits_only(search_term)
        if len(digits) > 9:
            return queryset.filter(siren=digits[:9], siret__startswith=digits)
        if len(digits) == 9:
            return queryset.filter(siren=digits)
        return queryset.filter(Q(siren__startswith=digits) | Q(postcode__startswith=digits))
    # Company.search_text holds the contacts' names too (refresh_search_fields):
    # one trigram-indexed LIKE per word, as the companies list searches.
    return selectors.company_text_search(queryset, search_term)


def _known_optgroups(widget, known_value, known_label, name, value, attr=None):
    """An autocomplete's selected option when it is the one already read."""
    if [str(v) for v in value if v] != [str(known_value)]:
        return type(widget).optgroups(widget, name, value, attr)
    options = [] if widget.is_required else [widget.create_option(name, "", "", False, 0)]
    options.append(widget.create_option(name, known_value, known_label, {str(known_value)}, len(options)))
    return [(None, options, 0)]


class CompanyAdminForm(forms.ModelForm):
    # No maxlength: the browser would cut a SIRET pasted with spaces; the model checks the digits.
    siren = IdentifierField(label=_("SIREN"), required=False)
    siret = IdentifierField(label=_("SIRET"), required=False)

    # The admin builds the form for Company with the fields of its fieldsets.
    class Meta:
        field_classes = {"naf_code": NafCodeChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The company's NAF code, read with it: its picker shows the label without a query of its own.
        naf = self.instance._state.fields_cache.get("naf_code")
        field = self.fields.get("naf_code")
        if naf is not None and field is not None:
            widget = getattr(field.widget, "widget", field.widget)
            widget.optgroups = partial(_known_optgroups, widget, naf.pk, field.label_from_instance(naf))

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        company = self.instance
        # A sector picked in the form wins over the NAF code; emptied, it follows the code again.
        if "sector" in self.changed_data and "sector_set_manually" not in self.changed_data:
            company.sector_set_manually = company.sector_id is not None
        try:
            services.company_validate(company=company)
        except ValidationError as error:
            apply_service_errors(self, error)


@admin.register(Company)
class CompanyAdmin(
    RecordFieldsMixin,
    FrenchTitlesMixin,
    ProspectsServiceFormsetMixin,
    FastChangeListMixin,
    StaffFieldsMixin,
    SimpleHistoryAdmin,
):
    feminine = True
    form = CompanyAdminForm
    # A search or a filter matching 100,000 companies is counted up to the list's cap only.
    paginator = CappedCountPaginator
    list_display = (
        "name",
        "siret",
        "city",
        "department",
        "sector",
        "stage",
        "fit_score",
        "owner",
        "last_contact_at",
    )
    list_select_related = ("sector", "owner")
    list_filter = (
        "stage",
        "sector",
        staff_filter("owner", _("responsable")),
        DepartmentFilter,
        "workforce_band",
        FitScoreFilter,
        "do_not_contact",
    )
    search_fields = ("name", "siren", "siret", "city", "contacts__last_name")
    search_help_text = _("Nom, SIREN ou SIRET, commune, nom d'un contact.")
    ordering = ("sort_name", "id")
    # Each sort has an index on (column, sort_name) or, for the name, on (name, id).
    sortable_by = ("name", "department", "stage")
    autocomplete_fields = ("naf_code",)
    person_fields = ("owner",)
    readonly_fields = ("department", "commune_code", "last_contact_at", "created_at", "updated_at")
    fieldsets = (
        (
            _("Identité"),
            {
                "fields": (
                    "name",
                    "legal_form",
                    ("siren", "siret"),
                    "naf_code",
                    ("sector", "sector_set_manually"),
                    "workforce_band",
                )
            },
        ),
        (
            _("Coordonnées"),
            {"fields": ("address", ("postcode", "city"), ("department", "commune_code"), "phone", "website")},
        ),
        (_("Prospection"), {"fields": ("stage", "fit_score", "owner", "source", "do_not_contact", "notes")}),
        (_("Suivi"), {"fields": (("last_contact_at", "created_at", "updated_at"),)}),
    )
    inlines = (ContactInline, RecentInteractionInline, NewInteractionInline, FollowUpInline)
    actions = ("assign_owner",)

    def get_object(self, request, object_id, from_field=None):
        queryset = self.get_queryset(request).select_related("naf_code")
        model = queryset.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (model.DoesNotExist, ValidationError, ValueError):
            return None

    def get_inlines(self, request, obj):
        if obj is None:
            return [inline for inline in self.inlines if inline is not RecentInteractionInline]
        return self.inlines

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return _company_search(queryset, search_term), False

    def save_model(self, request, obj, form, change):
        values = form_values(form)
        if change:
            company = services.company_update(company=Company.objects.get(pk=obj.pk), actor=request.user, **values)
        else:
            company = services.company_create(actor=request.user, **values)
        adopt(obj, company)
        self._warn_probable_duplicates(request, obj)

    def _warn_probable_duplicates(self, request, company):
        duplicates = selectors.company_probable_duplicates(
            name=company.name, postcode=company.postcode, exclude_pk=company.pk
        )
        for duplicate in duplicates:
            messages.warning(
                request,
                format_html(
                    _('Doublon probable : <a href="{}">{}</a> ({} {}) porte le même nom. Vérifiez avant de continuer.'),
                    admin_change_url(duplicate),
                    duplicate.name,
                    duplicate.postcode,
                    duplicate.city,
                ),
            )

    @admin.action(description=_("Attribuer les entreprises sélectionnées à un responsable"), permissions=["change"])
    def assign_owner(self, request, queryset):
        def apply(person):
            count = services.companies_assign_owner(companies=queryset, owner=person, actor=request.user)
            self.message_user(
                request,
                ngettext(
                    "%(count)d entreprise attribuée à %(person)s.",
                    "%(count)d entreprises attribuées à %(person)s.",
                    count,
                )
                % {"count": count, "person": person_name(person)},
                messages.SUCCESS,
            )

        return choose_person_then(
            self, request, queryset, people=staff_users, title=_("Attribuer à un responsable"), apply=apply
        )


# Contacts ------------------------------------------------------------------------------


@admin.register(Contact)
class ContactAdmin(RecordFieldsMixin, FrenchTitlesMixin, FastChangeListMixin, SimpleHistoryAdmin):
    list_display = ("full_name", "company", "job_title", "email", "phone", "is_primary", "objected")
    list_select_related = ("company",)
    list_filter = ("is_primary", "objected", "company__sector")
    search_fields = ("last_name", "first_name", "email", "company__name")
    search_help_text = _("Nom, prénom, email ou entreprise.")
    # Latest entered first: the primary key is the one index that orders every contact.
    ordering = ("-id",)
    sortable_by = ()
    autocomplete_fields = ("company",)
    readonly_fields = ("anonymised_at", "created_at", "updated_at")
    fields = (
        "company",
        ("first_name", "last_name"),
        "job_title",
        ("email", "phone"),
        "is_primary",
        ("objected", "objected_at"),
        ("anonymised_at", "created_at", "updated_at"),
    )

    @admin.display(description=_("nom"), ordering="last_name")
    def full_name(self, obj):
        return obj.full_name

    def get_search_results(self, request, queryset, search_term):
        queryset = narrow_to_chosen(request, queryset, {"company": "company_id"})
        for word in fold(search_term).split():
            company_match = Exists(Company.objects.filter(pk=OuterRef("company_id"), search_text__contains=word))
            queryset = queryset.filter(Q(search_text__contains=word) | company_match)
        return queryset, False

    def save_model(self, request, obj, form, change):
        values = form_values(form)
        if change:
            contact = services.contact_update(contact=Contact.objects.get(pk=obj.pk), actor=request.user, **values)
        else:
            contact = services.contact_create(actor=request.user, **values)
        adopt(obj, contact)

    def delete_model(self, request, obj):
        services.contact_delete(contact=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for contact in queryset.select_related("company"):
            services.contact_delete(contact=contact, actor=request.user)
