"""The API's endpoints: thin views over the selectors (reads) and the services (writes).

Who sees what is decided where the screens decide it: ``visible_to`` for
projects, follow-ups and exchanges, the roles of accounts.roles, the
follow-ups of « Mes relances » (a chargé de mission's own; Direction's
everyone's), ObjectorMask for free text.
"""

import datetime

from django.conf import settings
from django.db.models import Count, Prefetch, Sum
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import defaults
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import is_direction
from accounts.selectors import staff_users
from events import selectors as event_selectors
from events.models import Appearance, TradeShow
from prospects import selectors as prospect_selectors
from prospects import services as prospect_services
from prospects.gdpr import ObjectorMask
from prospects.models import Company, Contact, FollowUp, Interaction, InteractionKind, Project
from sites.models import Programme, Site, Zone

from . import filters, writes
from . import serializers as api_serializers
from .exceptions import json_error
from .permissions import HasRole

# A company in a list carries its first people; the contacts endpoint (?company=) gives them all.
CONTACTS_PER_COMPANY = 50


class ReadViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_converter = "int"
    filter_backends = [DjangoFilterBackend]

    def get_serializer_context(self):
        # Reads the people under objection once, on first use, for the whole response.
        return {**super().get_serializer_context(), "mask": ObjectorMask()}


def _contacts_shown():
    """A company's people as the API gives them: not the anonymised, main contact first."""
    return Contact.objects.filter(anonymised_at__isnull=True).order_by("-is_primary", "last_name", "first_name", "id")


@extend_schema(tags=["companies"])
class CompanyViewSet(ReadViewSet):
    """Companies, filtered and searched (``q``) as on the companies list, with their people."""

    filterset_class = filters.ApiCompanyFilter

    def get_queryset(self):
        contacts = _contacts_shown()
        if self.action == "list":
            contacts = contacts[:CONTACTS_PER_COMPANY]
        queryset = (
            Company.objects.select_related("sector", "owner")
            .defer("notes", "search_text", "normalized_name")
            .prefetch_related(Prefetch("contacts", queryset=contacts, to_attr="api_contacts"))
        )
        if self.action == "retrieve":
            visible = Project.objects.visible_to(self.request.user).order_by("-opened_on", "-id")
            queryset = queryset.prefetch_related(Prefetch("projects", queryset=visible, to_attr="api_projects"))
        return queryset.order_by("sort_name", "id")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return api_serializers.CompanyDetailSerializer
        return api_serializers.CompanySerializer

    @extend_schema(responses={200: api_serializers.CompanyDetailSerializer})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


@extend_schema(tags=["companies"])
class ContactViewSet(ReadViewSet):
    """People at the companies; those who objected come without email or phone, the anonymised not at all."""

    serializer_class = api_serializers.ContactSerializer
    filterset_class = filters.ContactFilter

    def get_queryset(self):
        return Contact.objects.filter(anonymised_at__isnull=True).order_by("id")


@extend_schema(tags=["exchanges"])
class InteractionViewSet(ReadViewSet):
    """Exchanges with the companies, but those behind a confidential project kept from you."""

    serializer_class = api_serializers.InteractionSerializer
    filterset_class = filters.InteractionFilter

    def get_queryset(self):
        return (
            Interaction.objects.visible_to(self.request.user)
            .select_related("logged_by")
            .prefetch_related(Prefetch("contacts", queryset=Contact.objects.only("id")))
            .order_by("-occurred_at", "-id")
        )


def _followups_for(user):
    """« Mes relances »: a chargé de mission's own follow-ups; Direction's, everyone's. None kept from them."""
    queryset = FollowUp.objects.visible_to(user).select_related("assignee")
    if not is_direction(user):
        queryset = queryset.filter(assignee=user)
    return queryset


@extend_schema(tags=["follow-ups"])
class FollowUpViewSet(ReadViewSet):
    """Follow-ups: yours (Direction: everyone's), and the actions of « Mes relances »."""

    serializer_class = api_serializers.FollowUpSerializer
    filterset_class = filters.FollowUpFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # Describing the API: no one is signed in.
            return FollowUp.objects.none()
        return _followups_for(self.request.user).order_by("due_on", "id")

    def _answer(self, followup):
        followup = _followups_for(self.request.user).filter(pk=followup.pk).first() or followup
        return Response(self.get_serializer(followup).data)

    @extend_schema(
        request=writes.FollowUpCompleteSerializer,
        responses={200: api_serializers.FollowUpSerializer},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Done; a note is logged as an exchange with whom the follow-up is about; a date schedules the next one."""
        followup = self.get_object()
        form = writes.FollowUpCompleteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        fields = form.validated_data
        person = prospect_selectors.followup_card(followup.pk, user=request.user).call_person
        done = prospect_services.followup_complete(
            followup=followup,
            actor=request.user,
            contacts=[person.contact_id] if person and fields["note"].strip() else (),
            **{**fields, "kind": fields["kind"] or InteractionKind.PHONE},
        )
        return self._answer(done)

    @extend_schema(
        request=writes.FollowUpSnoozeSerializer,
        responses={200: api_serializers.FollowUpSerializer},
    )
    @action(detail=True, methods=["post"])
    def snooze(self, request, pk=None):
        """A new due date."""
        followup = self.get_object()
        form = writes.FollowUpSnoozeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        snoozed = prospect_services.followup_snooze(
            followup=followup, due_on=form.validated_data["due_on"], actor=request.user
        )
        return self._answer(snoozed)

    @extend_schema(
        request=writes.FollowUpReassignSerializer,
        responses={200: api_serializers.FollowUpSerializer},
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        """To someone else of the team (staff_users); not to someone a confidential project is kept from."""
        followup = self.get_object()
        form = writes.FollowUpReassignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        assignee = staff_users().filter(pk=form.validated_data["assignee"]).first()
        if assignee is None:
            return json_error(
                "invalid",
                _("Choisissez une personne de l'équipe."),
                fields={"assignee": [_("Choisissez une personne de l'équipe.")]},
            )
        reassigned = prospect_services.followup_reassign(followup=followup, assignee=assignee, actor=request.user)
        # The follow-up may have left « Mes relances »: answer what it is now.
        return Response(self.get_serializer(reassigned).data)


@extend_schema(tags=["projects"])
class ProjectViewSet(ReadViewSet):
    """Implantation projects you may see: a confidential one only by its owner, its team and Direction."""

    serializer_class = api_serializers.ProjectSerializer
    filterset_class = filters.ApiProjectFilter

    def get_queryset(self):
        return (
            Project.objects.visible_to(self.request.user)
            .select_related("sector", "owner")
            .prefetch_related("team")
            .order_by("-opened_on", "-id")
        )


@extend_schema(tags=["shows"])
class TradeShowViewSet(ReadViewSet):
    serializer_class = api_serializers.TradeShowSerializer

    def get_queryset(self):
        return TradeShow.objects.prefetch_related("sectors").order_by("name", "id")


@extend_schema(tags=["shows"])
class AppearanceViewSet(ReadViewSet):
    """The agency's appearances at shows, and the leads logged at each."""

    serializer_class = api_serializers.AppearanceSerializer

    def get_queryset(self):
        return (
            Appearance.objects.select_related("trade_show")
            .prefetch_related("trade_show__sectors")
            .order_by("-starts_on", "-id")
        )

    @extend_schema(responses={200: api_serializers.InteractionSerializer(many=True)})
    @action(detail=True, methods=["get"], serializer_class=api_serializers.InteractionSerializer)
    def leads(self, request, pk=None):
        """The leads you may see (not one behind a confidential project kept from you), newest first."""
        appearance = get_object_or_404(Appearance, pk=pk)
        leads = event_selectors.appearance_leads(appearance, request.user)
        page = self.paginate_queryset(leads)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["offer"])
class SiteViewSet(ReadViewSet):
    serializer_class = api_serializers.SiteSerializer
    filterset_class = filters.SiteFilter

    def get_queryset(self):
        return Site.objects.order_by("reference", "id")


@extend_schema(tags=["offer"])
class ZoneViewSet(ReadViewSet):
    serializer_class = api_serializers.ZoneSerializer

    def get_queryset(self):
        return Zone.objects.order_by("name", "id")


@extend_schema(tags=["offer"])
class ProgrammeViewSet(ReadViewSet):
    serializer_class = api_serializers.ProgrammeSerializer

    def get_queryset(self):
        return Programme.objects.order_by("name", "id")


@extend_schema(tags=["public"], auth=[])
class PublicOfferViewSet(ReadViewSet):
    """The sites on offer that are marked for the agency's website: no sign-in, no seller's contact."""

    serializer_class = api_serializers.PublicSiteSerializer
    permission_classes = [permissions.AllowAny]
    # A wrong token sent here is not an error: nothing here needs one.
    authentication_classes = []
    lookup_field = "reference"
    lookup_value_converter = "str"

    def get_queryset(self):
        return Site.objects.on_public_offer().select_related("zone").order_by("reference", "id")


class FiguresView(APIView):
    """Aggregates every role may read, observers included: no person, company or project is named."""

    permission_classes = [HasRole]

    @extend_schema(tags=["figures"], responses={200: api_serializers.FiguresSerializer})
    def get(self, request):
        user = request.user
        year = timezone.localdate().year
        by_stage = (
            Project.objects.visible_to(user)
            .order_by("stage")
            .values("stage")
            .annotate(count=Count("id"), jobs=Sum("jobs_planned"), investment=Sum("investment_planned"))
        )
        year_start = timezone.make_aware(datetime.datetime(year, 1, 1))
        figures = {
            "projects_by_stage": [
                {
                    "stage": row["stage"],
                    "count": row["count"],
                    "jobs_planned": row["jobs"] or 0,
                    "investment_planned": int(row["investment"] or 0),
                }
                for row in by_stage
            ],
            "companies": Company.objects.count(),
            "open_followups": FollowUp.objects.visible_to(user).open().count(),
            "leads_this_year": Interaction.objects.visible_to(user)
            .filter(appearance__isnull=False, occurred_at__gte=year_start)
            .count(),
        }
        return Response(api_serializers.FiguresSerializer(figures).data)


def page_not_found(request, exception):
    """The site's 404 page, but a JSON error under the API's paths (JSON_ERROR_PATHS), where clients read JSON."""
    if any(request.path.startswith(prefix) for prefix in settings.JSON_ERROR_PATHS):
        return JsonResponse({"code": "not_found", "message": _("Cette adresse n'existe pas dans l'API.")}, status=404)
    return defaults.page_not_found(request, exception)
