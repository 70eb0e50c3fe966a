"""The admin: the data-entry and correction tool for prospect records.

Every write goes through prospects.services, like the screens and the import:
forms validate with the services' own checks (so errors show next to their
field), then save_model/save_formset call the service instead of ``save()``.
Change lists are built for hundreds of thousands of companies: no full COUNT,
sorting on indexed columns only, filters whose choices cost one small query.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core import communes
from core.identifiers import digits_only, fold, is_naf_code, normalize_naf

from . import selectors, services
from .models import (
    Company,
    Contact,
    FollowUp,
    FollowUpStatus,
    Interaction,
    NafCode,
    Project,
    ProjectStageChange,
    RetentionNotice,
    Sector,
    YearTarget,
)

User = get_user_model()

# Below this many rows an exact COUNT is cheap, and PostgreSQL's estimate of a
# small or never-analysed table is unreliable.
ESTIMATE_FROM_ROWS = 10_000


# Pagination ------------------------------------------------------------------------


class EstimatedCountPaginator(Paginator):
    """Takes PostgreSQL's row estimate for an unfiltered list instead of a COUNT over every row."""

    @cached_property
    def count(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is not None and not query.where and connections[queryset.db].vendor == "postgresql":
            with connections[queryset.db].cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table]
                )
                row = cursor.fetchone()
            if row and row[0] >= ESTIMATE_FROM_ROWS:
                return row[0]
        return super().count


class FastChangeListMixin:
    """The list settings every large table shares."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    # Facet counts are one COUNT per filter choice: too many on large tables.
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 50


# Filters ------------------------------------------------------------------------


class DepartmentFilter(admin.SimpleListFilter):
    """Départements from the shipped postcode base: no DISTINCT over the companies."""

    title = _("département")
    parameter_name = "departement"

    def lookups(self, request, model_admin):
        return [(code, code) for code in communes.departments()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(department=self.value())
        return queryset


class FitScoreFilter(admin.SimpleListFilter):
    """Scores 1 to 5 offered as such: no DISTINCT over the companies."""

    title = _("note de pertinence")
    parameter_name = "note"

    def lookups(self, request, model_admin):
        return [(str(score), str(score)) for score in range(1, 6)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if self.value() not in {"1", "2", "3", "4", "5"}:
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(fit_score=int(self.value()))


def staff_people():
    """The people records can be given to: active users of a working role, or superusers."""
    from accounts.roles import GROUP_NAMES, Role

    groups = [GROUP_NAMES[Role.MISSION], GROUP_NAMES[Role.DIRECTION]]
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=groups))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def person_label(user):
    return user.get_full_name() or user.get_username()


def person_filter(field_name, title):
    """A list filter on a user foreign key, offering the working staff (one query)."""

    class PersonFilter(admin.SimpleListFilter):
        parameter_name = f"{field_name}__id__exact"

        def lookups(self, request, model_admin):
            return [(str(user.pk), person_label(user)) for user in staff_people()]

        def queryset(self, request, queryset):
            if not self.value():
                return queryset
            if not self.value().isdigit():
                # The admin sends the user back to the unfiltered list ("?e=1").
                raise IncorrectLookupParameters(self.value())
            return queryset.filter(**{f"{field_name}_id": int(self.value())})

    PersonFilter.title = title
    return PersonFilter


# Form fields --------------------------------------------------------------------


class IdentifierField(forms.CharField):
    """SIREN/SIRET as users paste them (``123 456 789 00012``), digits kept."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        return digits_only(super().to_python(value))


class NafCodeChoiceField(forms.ModelChoiceField):
    """A NAF code typed ``1610A`` or ``16.10A``."""

    default_error_messages = {"invalid_choice": _("Le code NAF %(value)s n'existe pas.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_naf(value)
        return super().to_python(value)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


def _cache_choices(request, key, field):
    """Evaluate a select's choices once per request, not once per inline row."""
    cache = request.__dict__.setdefault("_prospects_admin_choices", {})
    if key not in cache:
        # Iterated rather than list()-ed: list() would first ask the queryset for a COUNT.
        cache[key] = [choice for choice in field.choices]  # noqa: C416
    field.choices = cache[key]
    return field


class PeopleFieldsMixin:
    """User foreign keys as a select of the working staff, labelled with full names."""

    person_fields = ()
    plain_select_fields = ("appearance", "origin_appearance", "programme", "project", "contacts")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # No add/edit/delete buttons beside people, shows and programmes: they are chosen, not edited, here.
        if isinstance(getattr(field, "widget", None), RelatedFieldWidgetWrapper) and (
            db_field.name in self.person_fields or db_field.name in self.plain_select_fields
        ):
            widget = field.widget
            widget.can_add_related = widget.can_change_related = widget.can_delete_related = False
            widget.can_view_related = False
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.person_fields:
            kwargs.setdefault("queryset", staff_people())
            kwargs["form_class"] = PersonChoiceField
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            return _cache_choices(request, ("person", db_field.name), field)
        if db_field.name in ("appearance", "origin_appearance"):
            kwargs.setdefault("queryset", db_field.remote_field.model.objects.select_related("trade_show"))
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            return _cache_choices(request, ("appearance", db_field.name), field)
        if db_field.name == "programme":
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            return _cache_choices(request, ("programme", db_field.name), field)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "team":
            kwargs.setdefault("queryset", staff_people())
            kwargs["form_class"] = PeopleChoiceField
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# Saving through the services --------------------------------------------------------


def _form_values(form, exclude=()):
    """The model fields a form edits, read from its instance (already cleaned and normalised)."""
    model = form._meta.model
    names = {
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.many_to_many and not field.primary_key
    }
    return {name: getattr(form.instance, name) for name in form.cleaned_data if name in names and name not in exclude}


def _adopt(target, saved):
    """Make the admin's instance the row a service saved (the admin goes on using it)."""
    for field in saved._meta.concrete_fields:
        setattr(target, field.attname, getattr(saved, field.attname))
    target._state.adding = False
    target._state.db = saved._state.db


def _admin_change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


class ServiceFormsetMixin:
    """Inline rows saved through the services; admin change messages kept."""

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields of the main form were written by its service.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        parent = formset.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() and not inline_form.cleaned_data.get("DELETE"):
                continue
            instance = inline_form.instance
            if inline_form.cleaned_data.get("DELETE"):
                if instance.pk:
                    if isinstance(instance, Contact):
                        services.contact_delete(contact=instance, actor=request.user)
                    else:
                        instance.delete()
                    formset.deleted_objects.append(instance)
                continue
            is_new = instance.pk is None
            saved = _save_inline(request, parent, formset.fk.name, inline_form)
            if is_new:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, inline_form.changed_data))


def _save_inline(request, parent, fk_name, form):
    model = form._meta.model
    values = _form_values(form, exclude=(fk_name,))
    company = parent if isinstance(parent, Company) else parent.company
    instance = form.instance
    if model is Contact:
        if instance.pk is None:
            return services.contact_create(company=company, actor=request.user, **values)
        return services.contact_update(contact=instance, actor=request.user, **values)
    if model is Interaction:
        contacts = form.cleaned_data.get("contacts", [])
        if instance.pk is None:
            return services.interaction_log(company=company, logged_by=request.user, contacts=contacts, **values)
        return services.interaction_update(interaction=instance, actor=request.user, contacts=contacts, **values)
    if model is FollowUp:
        if isinstance(parent, Project):
            values["project"] = parent
        if instance.pk is None:
            values.pop("status", None)
            return services.followup_create(company=company, created_by=request.user, **values)
        return services.followup_update(followup=instance, actor=request.user, **values)
    raise TypeError(f"No service saves {model.__name__} rows")


# Inlines --------------------------------------------------------------------------


class ContactInline(admin.TabularInline):
    model = Contact
    fields = ("first_name", "last_name", "job_title", "email", "phone", "is_primary", "objected")
    extra = 1
    verbose_name = _("contact")
    verbose_name_plural = _("contacts")


class RecentInteractionInline(admin.TabularInline):
    """The latest interactions, read-only: corrections happen on the interaction's own page."""

    model = Interaction
    fields = ("occurred_at", "kind", "lead_grade", "summary", "contacts", "logged_by")
    readonly_fields = fields
    show_change_link = True
    extra = 0
    shown = 10
    verbose_name_plural = _("derniers échanges")

    def get_queryset(self, request):
        object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        queryset = super().get_queryset(request).select_related("company", "logged_by").prefetch_related("contacts")
        if not object_id:
            return queryset.none()
        latest = Interaction.objects.filter(company_id=object_id).order_by("-occurred_at", "-id").values("pk")
        return queryset.filter(pk__in=latest[: self.shown]).order_by("-occurred_at", "-id")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NewInteractionInline(PeopleFieldsMixin, admin.StackedInline):
    """Log a new interaction with the company, as on the screens."""

    model = Interaction
    fields = (("occurred_at", "kind", "lead_grade"), "appearance", "contacts", "summary")
    extra = 1
    verbose_name = _("nouvel échange")
    verbose_name_plural = _("nouvel échange")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "contacts":
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Contact.objects.filter(company_id=object_id) if object_id else Contact.objects.none()
            kwargs["widget"] = forms.CheckboxSelectMultiple
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            return _cache_choices(request, ("contacts", object_id), field)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class FollowUpInline(PeopleFieldsMixin, admin.TabularInline):
    """Open follow-ups; closed ones stay on the follow-ups list."""

    model = FollowUp
    fk_name = "company"
    fields = ("title", "due_on", "assignee", "project", "status")
    person_fields = ("assignee",)
    extra = 1
    show_change_link = True
    verbose_name_plural = _("relances en cours")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=FollowUpStatus.OPEN).select_related("assignee", "project")

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "project":
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Project.objects.filter(company_id=object_id) if object_id else Project.objects.none()
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            return _cache_choices(request, ("projects", object_id), field)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProjectFollowUpInline(FollowUpInline):
    fk_name = "project"
    fields = ("title", "due_on", "assignee", "status")


class StageChangeInline(admin.TabularInline):
    model = ProjectStageChange
    fields = ("stage", "entered_at", "changed_by")
    readonly_fields = fields
    extra = 0
    verbose_name_plural = _("étapes franchies")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")

    def has_view_permission(self, request, obj=None):
        # Part of the project: whoever may see the project sees its stages.
        return request.user.has_perm("prospects.view_project")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Actions --------------------------------------------------------------------------


class ChoosePersonForm(forms.Form):
    person = PersonChoiceField(label=_("Personne"), queryset=staff_people())


def _choose_person_then(modeladmin, request, queryset, *, title, apply):
    """An action in two steps: a page to choose the person, then ``apply(person)``."""
    if "apply" in request.POST:
        form = ChoosePersonForm(request.POST)
        if form.is_valid():
            apply(form.cleaned_data["person"])
            return None
    else:
        form = ChoosePersonForm()
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "opts": modeladmin.model._meta,
        "objects": queryset[:20],
        "count": queryset.count(),
        "action": request.POST.get("action"),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    return TemplateResponse(request, "admin/prospects/choose_person.html", context)


# Companies ------------------------------------------------------------------------


def _company_search(queryset, search_term):
    """Accent-insensitive search on name, identifiers, city and contact names."""
    if re.fullmatch(r"[\d\s.]+", search_term.strip()):
        digits = digits_only(search_term)
        if len(digits) > 9:
            return queryset.filter(siren=digits[:9], siret__startswith=digits)
        if len(digits) == 9:
            return queryset.filter(siren=digits)
        return queryset.filter(Q(siren__startswith=digits) | Q(postcode__startswith=digits))
    for word in fold(search_term).split():
        contact_match = Exists(Contact.objects.filter(company=OuterRef("pk"), search_text__contains=word))
        queryset = queryset.filter(Q(search_text__contains=word) | contact_match)
    return queryset


class CompanyAdminForm(forms.ModelForm):
    # No maxlength: the browser would cut a SIRET pasted with spaces; the model checks the digits.
    siren = IdentifierField(label=_("SIREN"), required=False)
    siret = IdentifierField(label=_("SIRET"), required=False)

    # The admin builds the form for Company with the fields of its fieldsets.
    class Meta:
        field_classes = {"naf_code": NafCodeChoiceField}

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
            self._update_errors(error)


@admin.register(Company)
class CompanyAdmin(ServiceFormsetMixin, FastChangeListMixin, PeopleFieldsMixin, SimpleHistoryAdmin):
    form = CompanyAdminForm
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
        person_filter("owner", _("responsable")),
        DepartmentFilter,
        "workforce_band",
        FitScoreFilter,
        "do_not_contact",
    )
    search_fields = ("name", "siren", "siret", "city", "contacts__last_name")
    search_help_text = _("Nom, SIREN ou SIRET, commune, nom d'un contact.")
    ordering = ("name", "id")
    # Each sort has an index on (column, name).
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

    def get_inlines(self, request, obj):
        if obj is None:
            return [inline for inline in self.inlines if inline is not RecentInteractionInline]
        return self.inlines

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return _company_search(queryset, search_term), False

    def save_model(self, request, obj, form, change):
        values = _form_values(form)
        if change:
            company = services.company_update(company=Company.objects.get(pk=obj.pk), actor=request.user, **values)
        else:
            company = services.company_create(actor=request.user, **values)
        _adopt(obj, company)
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
                    _admin_change_url(duplicate),
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
                % {"count": count, "person": person_label(person)},
                messages.SUCCESS,
            )

        return _choose_person_then(self, request, queryset, title=_("Attribuer à un responsable"), apply=apply)


# Contacts ------------------------------------------------------------------------------


@admin.register(Contact)
class ContactAdmin(FastChangeListMixin, SimpleHistoryAdmin):
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
        for word in fold(search_term).split():
            company_match = Exists(Company.objects.filter(pk=OuterRef("company_id"), search_text__contains=word))
            queryset = queryset.filter(Q(search_text__contains=word) | company_match)
        return queryset, False

    def save_model(self, request, obj, form, change):
        values = _form_values(form)
        if change:
            contact = services.contact_update(contact=Contact.objects.get(pk=obj.pk), actor=request.user, **values)
        else:
            contact = services.contact_create(actor=request.user, **values)
        _adopt(obj, contact)

    def delete_model(self, request, obj):
        services.contact_delete(contact=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for contact in queryset.select_related("company"):
            services.contact_delete(contact=contact, actor=request.user)


# Interactions ------------------------------------------------------------------------


class InteractionAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        company = cleaned.get("company")
        strangers = [c for c in cleaned.get("contacts") or [] if company and c.company_id != company.pk]
        if strangers:
            self.add_error(
                "contacts",
                _("Ces contacts travaillent dans une autre entreprise : %(names)s.")
                % {"names": ", ".join(str(c) for c in strangers)},
            )
        return cleaned


@admin.register(Interaction)
class InteractionAdmin(ServiceFormsetMixin, FastChangeListMixin, PeopleFieldsMixin, admin.ModelAdmin):
    form = InteractionAdminForm
    list_display = ("occurred_at", "company", "kind", "lead_grade", "appearance", "logged_by")
    list_select_related = ("company", "appearance__trade_show", "logged_by")
    list_filter = ("kind", "lead_grade", "appearance", person_filter("logged_by", _("saisi par")))
    search_fields = ("company__name", "summary")
    search_help_text = _("Entreprise ou mots du résumé.")
    date_hierarchy = "occurred_at"
    ordering = ("-occurred_at", "-id")
    sortable_by = ("occurred_at",)
    autocomplete_fields = ("company", "contacts")
    person_fields = ("logged_by",)
    readonly_fields = ("logged_by", "created_at")
    fields = (
        "company",
        ("occurred_at", "kind", "lead_grade"),
        "appearance",
        "contacts",
        "summary",
        ("logged_by", "created_at"),
    )

    def get_search_results(self, request, queryset, search_term):
        for word in fold(search_term).split():
            company_match = Exists(Company.objects.filter(pk=OuterRef("company_id"), search_text__contains=word))
            queryset = queryset.filter(Q(summary__icontains=word) | company_match)
        return queryset, False

    def save_model(self, request, obj, form, change):
        values = _form_values(form)
        contacts = form.cleaned_data.get("contacts", [])
        if change:
            interaction = services.interaction_update(
                interaction=Interaction.objects.get(pk=obj.pk), actor=request.user, contacts=contacts, **values
            )
        else:
            interaction = services.interaction_log(logged_by=request.user, contacts=contacts, **values)
        _adopt(obj, interaction)


# Projects --------------------------------------------------------------------------------


class ProjectAdminForm(forms.ModelForm):
    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            services.project_validate(project=self.instance)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Project)
class ProjectAdmin(ServiceFormsetMixin, FastChangeListMixin, PeopleFieldsMixin, SimpleHistoryAdmin):
    form = ProjectAdminForm
    list_display = (
        "display_name",
        "company",
        "stage",
        "sector",
        "owner",
        "jobs_planned",
        "investment_planned",
        "opened_on",
        "decided_on",
        "confidential",
    )
    list_select_related = ("company", "sector", "owner")
    list_filter = ("stage", "sector", person_filter("owner", _("responsable")), "confidential", "origin_appearance")
    search_fields = ("title", "code_name", "company__name")
    search_help_text = _("Intitulé, nom de code ou entreprise.")
    ordering = ("-opened_on", "-id")
    sortable_by = ("opened_on", "decided_on")
    autocomplete_fields = ("company",)
    person_fields = ("owner",)
    readonly_fields = ("stage_changed_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("company", "title", ("code_name", "confidential"), "sector", "description")}),
        (_("Avancement"), {"fields": (("stage", "stage_changed_at"), ("opened_on", "decided_on"), "lost_reason")}),
        (
            _("Emplois et investissement"),
            {"fields": (("jobs_planned", "investment_planned"), ("jobs_created", "investment_realised"))},
        ),
        (
            _("Besoins immobiliers"),
            {"fields": (("building_m2", "land_m2"), ("fibre_needed", "max_interchange_km"), ("budget", "needed_by"))},
        ),
        (_("Suivi"), {"fields": ("origin_appearance", "programme", "owner", "team", ("created_at", "updated_at"))}),
    )
    inlines = (ProjectFollowUpInline, StageChangeInline)

    @admin.display(description=_("projet"), ordering="title")
    def display_name(self, obj):
        return obj.display_name

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def save_model(self, request, obj, form, change):
        values = _form_values(form)
        team = form.cleaned_data.get("team")
        if change:
            project = services.project_update(
                project=Project.objects.get(pk=obj.pk), actor=request.user, team=team, **values
            )
        else:
            project = services.project_create(actor=request.user, team=team or (), **values)
        _adopt(obj, project)


@admin.register(ProjectStageChange)
class ProjectStageChangeAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ("project", "stage", "entered_at", "changed_by")
    list_select_related = ("project", "changed_by")
    list_filter = ("stage",)
    date_hierarchy = "entered_at"
    search_fields = ("project__title", "project__code_name")
    ordering = ("-entered_at", "-id")
    sortable_by = ("entered_at",)

    def get_queryset(self, request):
        visible = Project.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(project__in=visible)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("prospects.view_project")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Follow-ups --------------------------------------------------------------------------------


class FollowUpAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        company = cleaned.get("company")
        if company:
            project, interaction = cleaned.get("project"), cleaned.get("interaction")
            if project and project.company_id != company.pk:
                self.add_error("project", _("Ce projet concerne une autre entreprise."))
            if interaction and interaction.company_id != company.pk:
                self.add_error("interaction", _("Cet échange concerne une autre entreprise."))
        return cleaned


@admin.register(FollowUp)
class FollowUpAdmin(FastChangeListMixin, PeopleFieldsMixin, SimpleHistoryAdmin):
    form = FollowUpAdminForm
    list_display = ("title", "company", "project", "due_on", "assignee", "status", "done_at")
    list_select_related = ("company", "project", "assignee")
    list_filter = ("status", person_filter("assignee", _("attribuée à")), "due_on")
    search_fields = ("title", "company__name")
    search_help_text = _("Objet de la relance ou entreprise.")
    ordering = ("due_on", "id")
    sortable_by = ("due_on",)
    autocomplete_fields = ("company", "project", "interaction")
    person_fields = ("assignee",)
    readonly_fields = ("created_by", "assigned_by", "assigned_at", "done_at", "created_at", "updated_at")
    fields = (
        "company",
        "project",
        "interaction",
        "title",
        "notes",
        ("due_on", "assignee", "status"),
        ("created_by", "assigned_by", "assigned_at"),
        ("done_at", "created_at", "updated_at"),
    )
    actions = ("mark_done", "reassign")

    def get_search_results(self, request, queryset, search_term):
        for word in fold(search_term).split():
            company_match = Exists(Company.objects.filter(pk=OuterRef("company_id"), search_text__contains=word))
            queryset = queryset.filter(Q(title__icontains=word) | company_match)
        return queryset, False

    def save_model(self, request, obj, form, change):
        values = _form_values(form)
        if change:
            followup = services.followup_update(followup=FollowUp.objects.get(pk=obj.pk), actor=request.user, **values)
        else:
            values.pop("status", None)
            followup = services.followup_create(created_by=request.user, **values)
        _adopt(obj, followup)

    @admin.action(description=_("Marquer les relances sélectionnées comme faites"), permissions=["change"])
    def mark_done(self, request, queryset):
        count = services.followups_bulk_complete(followups=queryset, actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d relance marquée comme faite.", "%(count)d relances marquées comme faites.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Réattribuer les relances sélectionnées"), permissions=["change"])
    def reassign(self, request, queryset):
        def apply(person):
            count = services.followups_bulk_reassign(followups=queryset, assignee=person, actor=request.user)
            self.message_user(
                request,
                ngettext(
                    "%(count)d relance réattribuée à %(person)s.",
                    "%(count)d relances réattribuées à %(person)s.",
                    count,
                )
                % {"count": count, "person": person_label(person)},
                messages.SUCCESS,
            )

        return _choose_person_then(self, request, queryset, title=_("Réattribuer des relances"), apply=apply)


# Reference data ------------------------------------------------------------------------------

NAF_PREFIX_RE = re.compile(r"^(\d{2})(?:\.?(\d{1,2})([A-Z])?)?$")


class SectorAdminForm(forms.ModelForm):
    def clean_naf_prefixes(self):
        prefixes, wrong = [], []
        for raw in self.cleaned_data["naf_prefixes"].split(","):
            text = raw.strip().upper().replace(" ", "")
            if not text:
                continue
            match = NAF_PREFIX_RE.match(text)
            if not match:
                wrong.append(raw.strip())
                continue
            division, group, letter = match.groups()
            prefixes.append(division + (f".{group}{letter or ''}" if group else ""))
        if wrong:
            raise ValidationError(
                _("Préfixes NAF incompris : %(wrong)s. Écrivez par exemple « 16, 02.20, 43.91 ».")
                % {"wrong": ", ".join(wrong)}
            )
        return ", ".join(prefixes)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    form = SectorAdminForm
    list_display = ("name", "naf_prefixes", "is_priority", "position")
    list_editable = ("naf_prefixes", "is_priority", "position")
    list_filter = ("is_priority",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("position", "name")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "naf_prefixes" in form.changed_data:
            count = services.sectors_apply_naf_prefixes()
            self.message_user(
                request,
                ngettext(
                    "%(count)d entreprise a changé de secteur.", "%(count)d entreprises ont changé de secteur.", count
                )
                % {"count": count},
                messages.INFO,
            )


@admin.register(NafCode)
class NafCodeAdmin(admin.ModelAdmin):
    """The nomenclature, read-only: it is data loaded from INSEE's file."""

    list_display = ("code", "label", "nomenclature")
    list_filter = ("nomenclature",)
    search_fields = ("code", "label")
    search_help_text = _("Code (16.10A ou 1610A) ou mots de l'intitulé.")
    ordering = ("code",)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        code = normalize_naf(term)
        if is_naf_code(code):
            return queryset.filter(code=code), False
        compact = term.replace(".", "").replace(" ", "")
        if re.fullmatch(r"\d{2,4}", compact):
            prefix = compact[:2] + ("." + compact[2:] if len(compact) > 2 else "")
            return queryset.filter(code__startswith=prefix), False
        return super().get_search_results(request, queryset, search_term)

    def has_view_permission(self, request, obj=None):
        # Anyone who enters companies needs to look codes up.
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(YearTarget)
class YearTargetAdmin(admin.ModelAdmin):
    list_display = ("year", "implantations_target", "projects_target")
    ordering = ("-year",)


@admin.register(RetentionNotice)
class RetentionNoticeAdmin(admin.ModelAdmin):
    """People listed for review after three years without contact; written only by the retention task."""

    list_display = ("contact", "company", "listed_at", "anonymise_from")
    list_select_related = ("contact__company",)
    date_hierarchy = "listed_at"
    search_fields = ("contact__last_name", "contact__first_name", "contact__company__name")
    readonly_fields = ("contact", "listed_at")

    @admin.display(description=_("entreprise"), ordering="contact__company__name")
    def company(self, notice):
        return notice.contact.company

    @admin.display(description=_("anonymisable à partir du"))
    def anonymise_from(self, notice):
        return notice.anonymise_from

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
