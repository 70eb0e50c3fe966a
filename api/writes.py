"""What the API's writes accept, checked here for shape; the services check the rest, with their own messages."""

from rest_framework import serializers

from prospects.models import InteractionKind, LeadGrade

from .filters import MAX_ID


class FollowUpCompleteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10_000)
    kind = serializers.ChoiceField(choices=InteractionKind.choices, required=False, default=InteractionKind.PHONE)
    lead_grade = serializers.ChoiceField(choices=LeadGrade.choices, required=False, allow_blank=True, default="")
    next_due_on = serializers.DateField(required=False, allow_null=True, default=None)
    next_title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class FollowUpSnoozeSerializer(serializers.Serializer):
    due_on = serializers.DateField()


class FollowUpReassignSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class NewCompanySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    siret = serializers.CharField(required=False, allow_blank=True, max_length=20)
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10)
    city = serializers.CharField(required=False, allow_blank=True, max_length=100)
    website = serializers.CharField(required=False, allow_blank=True, max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)


class PersonSerializer(serializers.Serializer):
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    job_title = serializers.CharField(required=False, allow_blank=True, max_length=150)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)


class LeadCaptureSerializer(serializers.Serializer):
    """One conversation at the stand: the company (known or new), the person, the exchange, the follow-up."""

    capture_key = serializers.UUIDField(
        help_text="Made by the client (a UUID) for this capture: sent again, it finds the first lead."
    )
    appearance = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    company = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    new_company = NewCompanySerializer(required=False, allow_null=True)
    confirm_new_company = serializers.BooleanField(required=False, default=False)
    contact = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    person = PersonSerializer(required=False, allow_null=True)
    confirm_new_person = serializers.BooleanField(required=False, default=False)
    summary = serializers.CharField(max_length=10_000, allow_blank=True)
    lead_grade = serializers.ChoiceField(choices=LeadGrade.choices)
    met_on = serializers.DateField(required=False, allow_null=True)
    assignee = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    due_on = serializers.DateField(required=False, allow_null=True)
    open_project = serializers.BooleanField(required=False, default=False)
    project_title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class CapturedLeadSerializer(serializers.Serializer):
    repeated = serializers.BooleanField(help_text="True when this capture key had been received: nothing was written.")
    company = serializers.IntegerField()
    company_created = serializers.BooleanField()
    contact = serializers.IntegerField(allow_null=True)
    interaction = serializers.IntegerField()
    followup = serializers.IntegerField(allow_null=True)
    project = serializers.IntegerField(allow_null=True)

    def to_representation(self, lead):
        return {
            "repeated": lead.repeated,
            "company": lead.company.pk,
            "company_created": lead.company_created,
            "contact": lead.contact.pk if lead.contact else None,
            "interaction": lead.interaction.pk,
            "followup": lead.followup.pk if lead.followup else None,
            "project": lead.project.pk if lead.project else None,
        }
