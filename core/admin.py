"""Admin pieces every app's admin shares; core imports none of our apps.

Where a piece needs the working staff (a person filter, a person select, the
"choose a person" action), the caller passes them in: ``people`` is a callable
returning the users' queryset, typically ``accounts.selectors.staff_users``.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections, models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .forms import (
    LooseDecimalField,
    LooseIntegerField,
    PeopleChoiceField,
    PersonChoiceField,
    RecordChoiceField,
    RecordsChoiceField,
    apply_service_errors,
    is_possible_key,
)
from .people import person_name

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


# As prospects.pagination.COUNT_CAP: past this many matches a count stops.
COUNT_CAP = 1_000


class CappedCountPaginator(EstimatedCountPaginator):
    """A filtered or searched list counted up to COUNT_CAP + 1 rows, like the companies list.

    Counting every match of a broad search costs more than its page; past the
    cap the list shows that many pages, which is more than anyone reads.
    """

    @cached_property
    def count(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is None or not query.where:
            return super().count
        return queryset.order_by().values("pk")[: COUNT_CAP + 1].count()


class FastChangeListMixin:
    """The list settings every large table shares."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    # Facet counts are one COUNT per filter choice: too many on large tables.
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 50


# Filters ------------------------------------------------------------------------


def person_filter(field_name, title, people):
    """A list filter on a user foreign key, offering ``people()`` (one query)."""

    class PersonFilter(admin.SimpleListFilter):
        parameter_name = f"{field_name}__id__exact"

        def lookups(self, request, model_admin):
            return [(str(user.pk), person_name(user)) for user in people()]

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


def cache_choices(request, key, field):
    """Evaluate a select's choices once per request, not once per inline row."""
    cache = request.__dict__.setdefault("_admin_choices", {})
    if key not in cache:
        # Iterated rather than list()-ed: list() would first ask the queryset for a COUNT.
        cache[key] = [choice for choice in field.choices]  # noqa: C416
    field.choices = cache[key]
    return field


class PeopleFieldsMixin:
    """User foreign keys as a select of the working staff, labelled with full names.

    ``people`` is set by the app: a callable returning the users to offer.
    """

    people = None
    person_fields = ()
    plain_select_fields = ("appearance", "origin_appearance", "programme", "project", "contacts")

    def get_people(self):
        return type(self).people()

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
            kwargs.setdefault("queryset", self.get_people())
            kwargs["form_class"] = PersonChoiceField
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            # Keyed by the query, not the field: the owner's select and every
            # assignee's on the same page share one read of the staff.
            key = ("person", str(field.queryset.query), field.empty_label)
            return cache_choices(request, key, field)
        if db_field.name in ("appearance", "origin_appearance"):
            kwargs.setdefault("queryset", db_field.remote_field.model.objects.select_related("trade_show"))
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            return cache_choices(request, ("appearance", db_field.name), field)
        if db_field.name == "programme":
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            return cache_choices(request, ("programme", db_field.name), field)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "team":
            kwargs.setdefault("queryset", self.get_people())
            kwargs["form_class"] = PeopleChoiceField
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LooseNumbersMixin:
    """Amounts, jobs and areas typed as people write them (« 2 500 000 », « 1,5 »), in text boxes.

    The admin's own number boxes are type="number", which refuse a space or a
    comma in the browser, before the form can read them.
    """

    formfield_overrides = {
        models.DecimalField: {
            "form_class": LooseDecimalField,
            "widget": forms.TextInput(attrs={"class": "vBigIntegerField", "inputmode": "decimal"}),
        },
        models.IntegerField: {
            "form_class": LooseIntegerField,
            "widget": forms.TextInput(attrs={"class": "vBigIntegerField", "inputmode": "numeric"}),
        },
    }


# Pickers narrowed to the chosen company ----------------------------------------------------

COMPANY_CHOICE_JS = "js/admin_company_choice.js"
# The order Django's autocomplete widgets load in, then ours, which re-opens their pickers.
COMPANY_CHOICE_MEDIA = (
    "admin/js/vendor/jquery/jquery.js",
    "admin/js/vendor/select2/select2.full.js",
    "admin/js/jquery.init.js",
    "admin/js/autocomplete.js",
    COMPANY_CHOICE_JS,
)


def narrow_to_chosen(request, queryset, lookups):
    """An autocomplete's choices limited by values the form sends along (``?company=12``).

    ``lookups`` maps a parameter to the lookup it filters on, e.g.
    ``{"company": "company_id"}``. A parameter sent empty (nothing chosen yet)
    or not a number leaves no choice; one not sent changes nothing.
    """
    match = request.resolver_match
    if match is None or match.url_name != "autocomplete":
        return queryset
    for parameter, lookup in lookups.items():
        if parameter in request.GET:
            value = request.GET[parameter].strip()
            queryset = queryset.filter(**{lookup: int(value)}) if value.isdigit() else queryset.none()
    return queryset


class CompanyChoiceMixin:
    """Autocomplete pickers (``company_choice_fields``) offering only the chosen company's rows.

    The page's script sends the company chosen on the form with each search;
    the remote ModelAdmin's ``get_search_results`` applies it with
    ``narrow_to_chosen``. Choosing another company empties those pickers.
    """

    company_choice_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.company_choice_fields:
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs["data-company-choice"] = "company"
        return field

    @property
    def media(self):
        return super().media + forms.Media(js=COMPANY_CHOICE_MEDIA)


# Ids typed into related fields ---------------------------------------------------------


class _PossibleKeysOnly:
    """Shows a refused choice again without looking up an id no record could have."""

    def optgroups(self, name, value, attr=None):
        model = self.field.remote_field.model
        to_field = getattr(self.field.remote_field, "field_name", None)
        value = [key for key in value if is_possible_key(model, key, to_field, self.db or "default")]
        return super().optgroups(name, value, attr)


class RecordAutocompleteSelect(_PossibleKeysOnly, AutocompleteSelect):
    pass


class RecordAutocompleteSelectMultiple(_PossibleKeysOnly, AutocompleteSelectMultiple):
    pass


class RecordFieldsMixin:
    """Foreign keys and many-to-many fields that refuse, in French, an id no record could have.

    Django's own fields and autocomplete widgets pass such an id ("<script>",
    99999999999999999999) to the database and answer 500.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RecordAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        kwargs.setdefault("form_class", RecordChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RecordAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        kwargs.setdefault("form_class", RecordsChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# Saving through the services --------------------------------------------------------


def form_values(form, exclude=()):
    """The model fields a form edits, read from its instance (already cleaned and normalised)."""
    model = form._meta.model
    names = {
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.many_to_many and not field.primary_key
    }
    return {name: getattr(form.instance, name) for name in form.cleaned_data if name in names and name not in exclude}


def adopt(target, saved):
    """Make the admin's instance the row a service saved (the admin goes on using it)."""
    for field in saved._meta.concrete_fields:
        setattr(target, field.attname, getattr(saved, field.attname))
    target._state.adding = False
    target._state.db = saved._state.db


def admin_change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


class ServiceFormsetMixin:
    """Inline rows saved through the services; admin change messages kept.

    The app says how a row is saved (``save_inline``) and deleted (``delete_inline``).
    """

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields of the main form were written by its service.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_inline(self, request, instance):
        instance.delete()

    def save_inline(self, request, parent, fk_name, form):
        raise NotImplementedError

    def save_formset(self, request, form, formset, change):
        parent = formset.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() and not inline_form.cleaned_data.get("DELETE"):
                continue
            instance = inline_form.instance
            if inline_form.cleaned_data.get("DELETE"):
                if instance.pk:
                    self.delete_inline(request, instance)
                    formset.deleted_objects.append(instance)
                continue
            is_new = instance.pk is None
            saved = self.save_inline(request, parent, formset.fk.name, inline_form)
            if is_new:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, inline_form.changed_data))


# Actions --------------------------------------------------------------------------


def choose_person_then(modeladmin, request, queryset, *, title, apply, people):
    """An action in two steps: a page to choose one of ``people()``, then ``apply(person)``.

    A refusal of the service (``ValidationError``) is shown on the choice page,
    and nothing is changed: the services run in one transaction.
    """

    class ChoosePersonForm(forms.Form):
        person = PersonChoiceField(label=_("Personne"), queryset=people())

    if "apply" in request.POST:
        form = ChoosePersonForm(request.POST)
        if form.is_valid():
            try:
                apply(form.cleaned_data["person"])
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
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
    return TemplateResponse(request, "admin/choose_person.html", context)
