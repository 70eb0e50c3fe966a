"""The property offer in the admin; saves go through the services, so the rules hold here too."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import LooseNumbersMixin, RecordFieldsMixin
from core.admin_titles import FrenchTitlesMixin
from prospects.models import Project

from . import services
from .forms import SiteForm, ZoneForm
from .models import Programme, ProposalStatus, Site, SitePhoto, SiteProposal, Zone


@admin.register(Programme)
class ProgrammeAdmin(FrenchTitlesMixin, LooseNumbersMixin, admin.ModelAdmin):
    list_display = ("name", "partners", "starts_on", "ends_on", "budget")
    search_fields = ("name", "partners")
    list_filter = ("starts_on",)
    readonly_fields = ("is_demo",)


class SiteInline(RecordFieldsMixin, admin.TabularInline):
    model = Site
    fields = ("reference", "title", "kind", "building_m2", "land_m2", "availability")
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Sites are located and checked by their own form.
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Zone)
class ZoneAdmin(RecordFieldsMixin, FrenchTitlesMixin, LooseNumbersMixin, admin.ModelAdmin):
    feminine = True
    form = ZoneForm
    list_display = ("name", "kind", "commune_name", "state", "area_available_ha", "area_total_ha", "interchange_km")
    list_filter = ("kind", "state", "has_fibre", "motorway", "programme")
    search_fields = ("name", "commune_name", "commune_insee", "developer", "seller")
    list_select_related = ("programme",)
    autocomplete_fields = ("programme",)
    readonly_fields = ("is_demo",)
    inlines = [SiteInline]
    fieldsets = (
        (None, {"fields": ("name", "kind", "state", "programme", "description")}),
        (_("Localisation"), {"fields": ("postcode", "commune_name", "commune_insee", "latitude", "longitude")}),
        (_("Surfaces"), {"fields": ("area_total_ha", "area_available_ha", "price_per_m2")}),
        (_("Accès"), {"fields": ("motorway", "interchange", "interchange_km")}),
        (
            _("Réseaux"),
            {"fields": ("has_water", "has_sewer", "has_gas", "has_electricity", "has_fibre", "has_rail")},
        ),
        (_("Acteurs"), {"fields": ("developer", "seller", "is_demo")}),
    )

    def save_model(self, request, obj, form, change):
        services.zone_save(zone=obj, postcode=form.cleaned_data.get("postcode", ""))


class SitePhotoInline(RecordFieldsMixin, admin.TabularInline):
    model = SitePhoto
    extra = 0


class SiteProposalInline(RecordFieldsMixin, admin.TabularInline):
    """The projects the site was proposed to; proposals are made and moved on in their own form."""

    model = SiteProposal
    fields = ("project", "status", "proposed_by", "proposed_at")
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        visible = Project.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(project__in=visible).select_related("project", "proposed_by")


@admin.register(Site)
class SiteAdmin(RecordFieldsMixin, FrenchTitlesMixin, LooseNumbersMixin, admin.ModelAdmin):
    form = SiteForm
    list_display = ("reference", "title", "kind", "commune_name", "zone", "building_m2", "land_m2", "availability")
    list_filter = ("kind", "availability", "has_fibre", "zone", "programme")
    search_fields = ("reference", "title", "commune_name", "commune_insee", "address")
    list_select_related = ("zone", "programme")
    autocomplete_fields = ("zone", "programme")
    readonly_fields = ("is_demo", "created_at", "updated_at")
    inlines = [SitePhotoInline, SiteProposalInline]
    fieldsets = (
        (None, {"fields": ("reference", "title", "kind", "zone", "programme", "description")}),
        (
            _("Localisation"),
            {"fields": ("address", "postcode", "commune_name", "commune_insee", "latitude", "longitude")},
        ),
        (_("Surfaces"), {"fields": ("building_m2", "land_m2", "clear_height_m", "loading_docks", "has_fibre")}),
        (
            _("Prix et disponibilité"),
            {"fields": ("sale_price", "monthly_rent", "availability", "available_from", "published_on_website")},
        ),
        (_("Contact"), {"fields": ("contact_name", "contact_phone", "contact_email")}),
        (_("Suivi"), {"fields": ("is_demo", "created_at", "updated_at")}),
    )

    def save_model(self, request, obj, form, change):
        services.site_save(site=obj)


@admin.register(SitePhoto)
class SitePhotoAdmin(RecordFieldsMixin, FrenchTitlesMixin, admin.ModelAdmin):
    feminine = True
    list_display = ("__str__", "site")
    search_fields = ("caption", "site__reference", "site__title")
    list_select_related = ("site",)
    autocomplete_fields = ("site",)


class SiteProposalAdminForm(forms.ModelForm):
    """Checks what the services would refuse, so the admin shows it next to the field."""

    class Meta:
        model = SiteProposal
        fields = ("project", "site", "status", "notes")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            site = cleaned.get("site")
            if site and not Site.objects.offered().filter(pk=site.pk).exists():
                self.add_error("site", _("Ce site n'est plus disponible."))
            if cleaned.get("status") not in (None, ProposalStatus.PROPOSED):
                self.add_error("status", _("Une nouvelle proposition commence à l'état « Proposé »."))
        elif "status" in self.changed_data and cleaned.get("status"):
            current = self.instance.__class__.objects.get(pk=self.instance.pk)
            if cleaned["status"] not in current.next_statuses():
                self.add_error(
                    "status",
                    _("Une proposition « %(current)s » ne peut pas passer à « %(target)s ».")
                    % {"current": current.get_status_display(), "target": ProposalStatus(cleaned["status"]).label},
                )
        return cleaned


@admin.register(SiteProposal)
class SiteProposalAdmin(RecordFieldsMixin, FrenchTitlesMixin, admin.ModelAdmin):
    feminine = True
    form = SiteProposalAdminForm
    list_display = ("site", "project", "status", "proposed_by", "proposed_at")
    list_filter = ("status", "proposed_at")
    search_fields = ("site__reference", "site__title", "project__title", "project__code_name")
    list_select_related = ("site", "project", "proposed_by")
    autocomplete_fields = ("site", "project")
    readonly_fields = ("proposed_by", "proposed_at", "updated_at")
    date_hierarchy = "proposed_at"

    def get_queryset(self, request):
        visible = Project.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(project__in=visible)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "project":
            kwargs["queryset"] = Project.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return (*self.readonly_fields, "project", "site")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.proposal_create(project=obj.project, site=obj.site, actor=request.user, notes=obj.notes)
            obj.pk = created.pk
            return
        if "status" in form.changed_data:
            services.proposal_set_status(proposal=obj, status=obj.status, actor=request.user)
        if "notes" in form.changed_data:
            SiteProposal.objects.filter(pk=obj.pk).update(notes=obj.notes)
