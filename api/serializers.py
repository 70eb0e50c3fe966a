"""What the API shows of each record (what its writes accept: api/writes.py).

Reads only: the querysets come from the views, through the selectors and
``visible_to``; writes go through the services (api/views.py). People who
objected to prospecting (GDPR art. 21) are given without their email and
phone, and free text leaving the CRM has them masked (prospects.gdpr.ObjectorMask),
as in exports and feeds.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.people import person_name
from events.models import Appearance, TradeShow
from prospects.models import Company, Contact, FollowUp, Interaction, Project
from sites.models import Programme, Site, Zone


class PersonField(serializers.Field):
    """A user of the CRM: their id and the name the screens show."""

    def to_representation(self, user):
        return {"id": user.pk, "name": person_name(user)}


PERSON_SCHEMA = {
    "type": "object",
    "nullable": True,
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}
PersonField = extend_schema_field(PERSON_SCHEMA)(PersonField)


class MaskedTextField(serializers.CharField):
    """Free text about a company, people under objection masked (the view puts an ObjectorMask in the context)."""

    def to_representation(self, value):
        return self.context["mask"](value, self.parent.instance_company_id)


class MaskingSerializer(serializers.ModelSerializer):
    def to_representation(self, instance):
        self.instance_company_id = instance.company_id
        return super().to_representation(instance)


class ContactSerializer(serializers.ModelSerializer):
    email = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = [
            "id",
            "company",
            "first_name",
            "last_name",
            "job_title",
            "email",
            "phone",
            "is_primary",
            "left_on",
            "objected",
            "updated_at",
        ]

    # How to reach someone who objected is not given out (their name stays, for the history).
    def get_email(self, contact) -> str:
        return "" if contact.objected else contact.email

    def get_phone(self, contact) -> str:
        return "" if contact.objected else contact.phone


class CompanyContactSerializer(ContactSerializer):
    class Meta(ContactSerializer.Meta):
        fields = [name for name in ContactSerializer.Meta.fields if name != "company"]


class CompanySerializer(serializers.ModelSerializer):
    sector = serializers.StringRelatedField()
    owner = PersonField(allow_null=True)
    contacts = CompanyContactSerializer(many=True, source="api_contacts")

    class Meta:
        model = Company
        fields = [
            "id",
            "name",
            "siren",
            "siret",
            "naf_code",
            "sector",
            "workforce_band",
            "legal_form",
            "address",
            "postcode",
            "city",
            "department",
            "website",
            "phone",
            "stage",
            "fit_score",
            "owner",
            "source",
            "do_not_contact",
            "last_contact_at",
            "created_at",
            "updated_at",
            "contacts",
        ]


class ProjectSummarySerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Project
        fields = ["id", "display_name", "confidential", "stage"]


class CompanyDetailSerializer(CompanySerializer):
    projects = ProjectSummarySerializer(many=True, source="api_projects")

    class Meta(CompanySerializer.Meta):
        fields = [*CompanySerializer.Meta.fields, "projects"]


class InteractionSerializer(MaskingSerializer):
    summary = MaskedTextField()
    logged_by = PersonField(allow_null=True)

    class Meta:
        model = Interaction
        fields = [
            "id",
            "company",
            "contacts",
            "occurred_at",
            "kind",
            "appearance",
            "summary",
            "lead_grade",
            "logged_by",
            "created_at",
        ]


class FollowUpSerializer(MaskingSerializer):
    title = MaskedTextField()
    notes = MaskedTextField()
    assignee = PersonField()
    project = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "company",
            "project",
            "interaction",
            "title",
            "notes",
            "due_on",
            "assignee",
            "status",
            "done_at",
            "created_at",
            "updated_at",
        ]


class ProjectSerializer(serializers.ModelSerializer):
    sector = serializers.StringRelatedField()
    owner = PersonField(allow_null=True)
    display_name = serializers.CharField(read_only=True)
    team = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "company",
            "title",
            "code_name",
            "display_name",
            "confidential",
            "sector",
            "stage",
            "stage_changed_at",
            "opened_on",
            "decided_on",
            "jobs_planned",
            "investment_planned",
            "building_m2",
            "land_m2",
            "fibre_needed",
            "max_interchange_km",
            "budget",
            "needed_by",
            "origin_appearance",
            "programme",
            "owner",
            "team",
            "jobs_created",
            "investment_realised",
            "description",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field({"type": "array", "items": PERSON_SCHEMA})
    def get_team(self, project):
        return [PersonField().to_representation(user) for user in project.team.all()]


class TradeShowSerializer(serializers.ModelSerializer):
    sectors = serializers.StringRelatedField(many=True)

    class Meta:
        model = TradeShow
        fields = ["id", "name", "scope", "organiser", "website", "sectors"]


class AppearanceSerializer(serializers.ModelSerializer):
    trade_show = TradeShowSerializer()

    class Meta:
        model = Appearance
        fields = [
            "id",
            "trade_show",
            "year",
            "starts_on",
            "ends_on",
            "city",
            "venue",
            "stand",
            "cost",
            "meetings_target",
            "objectives",
        ]


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["id", "name", "partners", "starts_on", "ends_on", "budget", "description"]


class ZoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Zone
        fields = [
            "id",
            "name",
            "kind",
            "commune_name",
            "commune_insee",
            "latitude",
            "longitude",
            "area_total_ha",
            "area_available_ha",
            "motorway",
            "interchange",
            "interchange_km",
            "has_fibre",
            "has_water",
            "has_sewer",
            "has_gas",
            "has_electricity",
            "has_rail",
            "state",
            "price_per_m2",
            "programme",
            "description",
        ]


PUBLIC_SITE_FIELDS = [
    "reference",
    "kind",
    "title",
    "postcode",
    "commune_name",
    "commune_insee",
    "latitude",
    "longitude",
    "building_m2",
    "land_m2",
    "clear_height_m",
    "loading_docks",
    "sale_price",
    "monthly_rent",
    "availability",
    "available_from",
    "has_fibre",
    "description",
]


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = [
            "id",
            *PUBLIC_SITE_FIELDS,
            "zone",
            "programme",
            "address",
            "contact_name",
            "contact_phone",
            "contact_email",
            "published_on_website",
            "updated_at",
        ]


class PublicZoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Zone
        fields = ["name", "kind", "commune_name", "motorway", "interchange", "interchange_km", "has_fibre"]


class PublicSiteSerializer(serializers.ModelSerializer):
    """A site as the agency's website shows it: the offer, not who sells it nor the projects it is proposed to."""

    zone = PublicZoneSerializer(allow_null=True)

    class Meta:
        model = Site
        fields = [*PUBLIC_SITE_FIELDS, "zone"]


class StageFiguresSerializer(serializers.Serializer):
    stage = serializers.CharField()
    count = serializers.IntegerField()
    jobs_planned = serializers.IntegerField()
    investment_planned = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    """Aggregates only: what observers may read."""

    projects_by_stage = StageFiguresSerializer(many=True)
    companies = serializers.IntegerField()
    open_followups = serializers.IntegerField()
    leads_this_year = serializers.IntegerField()
