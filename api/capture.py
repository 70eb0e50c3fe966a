"""Lead capture in one call, once per client-made key: the offline stand app's outbox and any other client."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import staff_users
from events.models import Appearance
from events.services import ProbableDuplicates, ProbablePersonDuplicates, lead_capture
from prospects.models import Company, Contact

from . import writes
from .exceptions import json_error


def _candidates(error):
    if isinstance(error, ProbableDuplicates):
        return "probable_duplicate", [
            {"id": company.pk, "name": company.name, "siret": company.siret, "postcode": company.postcode}
            for company in error.companies
        ]
    return "probable_person_duplicate", [
        {"id": contact.pk, "name": contact.full_name, "job_title": contact.job_title} for contact in error.contacts
    ]


CANDIDATES = inline_serializer(
    "ProbableDuplicates",
    {
        "code": serializers.ChoiceField(choices=["probable_duplicate", "probable_person_duplicate"]),
        "message": serializers.CharField(),
        "candidates": inline_serializer(
            "Candidate", {"id": serializers.IntegerField(), "name": serializers.CharField()}, many=True
        ),
    },
)


class LeadCaptureView(APIView):
    """One conversation at the stand in one call: company, person, exchange, follow-up (events.services.lead_capture).

    The client makes ``capture_key`` (a UUID) once per capture and sends it
    with every retry: a capture received already answers 200 with its lead and
    ``repeated``, and writes nothing, even when two copies arrive at once.
    """

    @extend_schema(
        tags=["shows"],
        request=writes.LeadCaptureSerializer,
        responses={
            201: writes.CapturedLeadSerializer,
            200: writes.CapturedLeadSerializer,
            409: OpenApiResponse(CANDIDATES, description="The new company or person may be known: pick or confirm."),
        },
    )
    def post(self, request):
        form = writes.LeadCaptureSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        errors = {}
        data["appearance"] = Appearance.objects.filter(pk=data["appearance"]).first()
        if data["appearance"] is None:
            errors["appearance"] = [_("Ce salon n'existe pas.")]
        if data.get("company") is not None:
            data["company"] = Company.objects.filter(pk=data["company"]).first()
            if data["company"] is None:
                errors["company"] = [_("Cette entreprise n'existe pas.")]
        if data.get("contact") is not None:
            data["contact"] = Contact.objects.filter(pk=data["contact"]).first()
            if data["contact"] is None:
                errors["contact"] = [_("Cette personne ne fait pas partie de l'entreprise choisie.")]
        if data.get("assignee") is not None:
            data["assignee"] = staff_users().filter(pk=data["assignee"]).first()
            if data["assignee"] is None:
                errors["assignee"] = [_("Choisissez une personne de l'équipe.")]
        if errors:
            return json_error("invalid", " ".join(m for ms in errors.values() for m in ms), fields=errors)
        try:
            lead = lead_capture(actor=request.user, **data)
        except (ProbableDuplicates, ProbablePersonDuplicates) as error:
            code, candidates = _candidates(error)
            return json_error(code, error.messages[0], status_code=status.HTTP_409_CONFLICT, candidates=candidates)
        return Response(
            writes.CapturedLeadSerializer(lead).data,
            status=status.HTTP_200_OK if lead.repeated else status.HTTP_201_CREATED,
        )
