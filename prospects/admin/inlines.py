"""The rows entered on a company's or a project's page."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.db.models import Count, IntegerField, Subquery
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.admin import RecordFieldsMixin, cache_choices

from ..models import Contact, FollowUp, FollowUpStatus, Interaction, Project, ProjectStageChange
from .common import StaffFieldsMixin

# Inlines --------------------------------------------------------------------------

# Rows an inline shows at most: a company with 10,000 contacts (a federation's
# directory) took 83 s to open with every one as a form row; the model's own
# list, filtered by the parent, pages through the rest.
INLINE_ROWS = 20
# The people a new exchange's checkboxes offer at most.
NEW_INTERACTION_CONTACTS = 50


def _object_id(request):
    return request.resolver_match.kwargs.get("object_id") if request.resolver_match else None


class CappedFormSetMixin:
    """Knows how many of the parent's rows it leaves out, from the total the capped query carries."""

    @cached_property
    def hidden_count(self):
        rows = [form.instance for form in self.initial_forms]
        if not rows:
            return 0
        return max(getattr(rows[0], "inline_total", 0) - len(rows), 0)

    @cached_property
    def more_url(self):
        base = reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_changelist")
        query = {f"{self.fk.name}__id__exact": self.instance.pk, **self.more_filters}
        return f"{base}?{urlencode(query)}"


class CappedInlineMixin:
    """Only the first ``shown`` rows of the parent's (in ``capped_order``) become form rows.

    The rows left out are not in the formset at all: saving the page changes
    and deletes only the rows it showed. Their count comes with the shown rows
    (a scalar subquery, computed once), and a link leads to the model's list
    filtered by the parent.
    """

    shown = INLINE_ROWS
    capped_order = ("pk",)
    more_filters = {}
    template = "admin/edit_inline/capped_tabular.html"

    def narrow(self, request, queryset):
        """The parent's rows this inline is about (open ones, visible ones…)."""
        return queryset

    def get_queryset(self, request):
        queryset = self.narrow(request, super().get_queryset(request))
        object_id = _object_id(request)
        if not object_id:
            return queryset
        rows = queryset.filter(**{self.fk_name or "company": object_id})
        first = rows.order_by(*self.capped_order).values("pk")[: self.shown]
        total = rows.order_by().values(self.fk_name or "company").annotate(n=Count("pk")).values("n")
        return (
            queryset.filter(pk__in=first)
            .annotate(inline_total=Subquery(total[:1], output_field=IntegerField()))
            .order_by(*self.capped_order)
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (CappedFormSetMixin, formset), {"more_filters": self.more_filters})


class ContactInline(RecordFieldsMixin, CappedInlineMixin, admin.TabularInline):
    model = Contact
    fields = ("first_name", "last_name", "job_title", "email", "phone", "is_primary", "objected")
    extra = 1
    capped_order = ("-is_primary", "last_name", "first_name", "pk")
    verbose_name = _("contact")
    verbose_name_plural = _("contacts")


class RecentInteractionInline(RecordFieldsMixin, admin.TabularInline):
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
        latest = (
            Interaction.objects.visible_to(request.user)
            .filter(company_id=object_id)
            .order_by("-occurred_at", "-id")
            .values("pk")
        )
        return queryset.filter(pk__in=latest[: self.shown]).order_by("-occurred_at", "-id")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NewInteractionInline(RecordFieldsMixin, StaffFieldsMixin, admin.StackedInline):
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
            # The company's current people, as many as an inline shows: past
            # that, the exchange's own page picks anyone with its search box.
            current = Contact.objects.filter(company_id=object_id, left_on__isnull=True)
            kwargs["queryset"] = (
                Contact.objects.filter(pk__in=current.values("pk")[:NEW_INTERACTION_CONTACTS])
                if object_id
                else Contact.objects.none()
            )
            kwargs["widget"] = forms.CheckboxSelectMultiple
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            return cache_choices(request, ("contacts", object_id), field)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class FollowUpInline(RecordFieldsMixin, CappedInlineMixin, StaffFieldsMixin, admin.TabularInline):
    """Open follow-ups, the soonest due; closed ones stay on the follow-ups list."""

    model = FollowUp
    fk_name = "company"
    capped_order = ("due_on", "pk")
    fields = ("title", "due_on", "assignee", "project", "status")
    person_fields = ("assignee",)
    extra = 1
    show_change_link = True
    verbose_name_plural = _("relances en cours")
    more_filters = {"status__exact": FollowUpStatus.OPEN}

    def narrow(self, request, queryset):
        return (
            queryset.visible_to(request.user).filter(status=FollowUpStatus.OPEN).select_related("assignee", "project")
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "project":
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            projects = Project.objects.visible_to(request.user)
            kwargs["queryset"] = projects.filter(company_id=object_id) if object_id else projects.none()
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            return cache_choices(request, ("projects", object_id), field)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProjectFollowUpInline(FollowUpInline):
    fk_name = "project"
    fields = ("title", "due_on", "assignee", "status")


class StageChangeInline(RecordFieldsMixin, admin.TabularInline):
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
