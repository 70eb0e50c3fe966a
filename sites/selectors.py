"""The reads behind the property-offer screens, each with the queries it makes."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Prefetch, Q, QuerySet

from core.identifiers import sort_key
from prospects.models import Project

from .matching import Match, Needs, SiteFacts, rank
from .models import Programme, ProposalStatus, Site, SiteKind, SiteProposal, Zone


def site_catalogue() -> QuerySet[Site]:
    """Every site with its zone and whether a won project took it: two columns, one query."""
    return Site.objects.with_taken().select_related("zone", "programme")


def site_communes() -> list[str]:
    """The communes that have sites, for the catalogue's filter."""
    return list(Site.objects.order_by("commune_name").values_list("commune_name", flat=True).distinct())


def site_for_detail(pk: int) -> QuerySet[Site]:
    return (
        Site.objects.with_taken()
        .select_related("zone", "zone__programme", "programme")
        .prefetch_related("photos")
        .filter(pk=pk)
    )


def site_proposals_for(*, site: Site, user: User | AnonymousUser) -> tuple[list[SiteProposal], int]:
    """The site's proposals on projects the user may see, and how many others are hidden."""
    proposals = site.proposals.select_related("project", "project__company", "proposed_by")
    visible = Project.objects.visible_to(user).values("pk")
    shown = list(proposals.filter(project__in=visible))
    hidden = proposals.exclude(project__in=visible).count()
    return shown, hidden


def project_proposals(project: Project) -> list[SiteProposal]:
    return list(project.site_proposals.select_related("site", "site__zone", "proposed_by").order_by("-proposed_at"))


def zone_list() -> list[Zone]:
    """Every zone with its site counts, in alphabetical order whatever the accents.

    « Échangeur de Marvejols » among the E's: sorted here on the folded name,
    as an agency has a few dozen zones where it has a hundred thousand companies.
    """
    zones = Zone.objects.select_related("programme").annotate(
        site_count=Count("sites"),
        available_count=Count("sites", filter=Q(sites__availability="available")),
    )
    return sorted(zones, key=lambda zone: (sort_key(zone.name), zone.pk))


def zone_for_detail(pk: int) -> QuerySet[Zone]:
    return (
        Zone.objects.select_related("programme")
        .prefetch_related(Prefetch("sites", queryset=Site.objects.with_taken().order_by("reference")))
        .filter(pk=pk)
    )


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.annotate(
        zone_count=Count("zones", distinct=True), site_count=Count("sites", distinct=True)
    ).order_by("-starts_on", "name")


# What the ranking reads of each candidate site (see matching.SiteFacts).
FACT_FIELDS = {
    "key": "pk",
    "kind": "kind",
    "building_m2": "building_m2",
    "land_m2": "land_m2",
    "has_fibre": "has_fibre",
    "zone_has_fibre": "zone__has_fibre",
    "interchange_km": "zone__interchange_km",
    "sale_price": "sale_price",
    "monthly_rent": "monthly_rent",
    "zone_price_per_m2": "zone__price_per_m2",
    "availability": "availability",
    "available_from": "available_from",
}


def project_matches(
    project: Project, *, limit: int | None = None
) -> tuple[Needs, list[tuple[Site, Match, SiteProposal | None]], list[SiteProposal], int]:
    """The sites on offer ranked for the project's needs: (needs, best ``limit`` matches, proposals, candidates).

    Sites the project already turned down are left out; sites already proposed
    stay in the ranking, marked, so the list reads the same before and after.
    Every candidate is scored from a few columns; only the sites shown are
    then read whole.
    """
    proposals = {proposal.site_id: proposal for proposal in project_proposals(project)}
    rejected = [site_id for site_id, p in proposals.items() if p.status == ProposalStatus.REJECTED]
    needs = Needs.from_project(project)
    offered = candidate_sites(needs, Site.objects.offered().exclude(pk__in=rejected))
    facts = [
        SiteFacts(
            **{name: row[column] for name, column in FACT_FIELDS.items()}
            | {"zone_has_fibre": bool(row["zone__has_fibre"])}
        )
        for row in offered.values(*FACT_FIELDS.values())
    ]
    ranked = rank(needs, facts)
    shown = ranked if limit is None else ranked[:limit]
    sites = Site.objects.select_related("zone").in_bulk([match.key for match in shown])
    # A site deleted between the two reads is left out rather than failing the page.
    matches = [(sites[match.key], match, proposals.get(match.key)) for match in shown if match.key in sites]
    return needs, matches, list(proposals.values()), len(ranked)


def candidate_sites(needs: Needs, queryset: QuerySet[Site]) -> QuerySet[Site]:
    """matching.is_candidate's hard filters on surfaces, in SQL: only the candidates are read and scored."""
    for wanted, column in ((needs.building_m2, "building_m2"), (needs.land_m2, "land_m2")):
        if wanted:
            # "Under half the area asked for": for whole m², under ceil(wanted / 2).
            half = -(-wanted // 2)
            queryset = queryset.filter(
                Q(**{f"{column}__isnull": True}) | Q(**{column: 0}) | Q(**{f"{column}__gte": half})
            )
    if needs.building_m2:
        # No surface entered: only land to build on that holds the building's footprint.
        queryset = queryset.filter(
            Q(building_m2__gt=0) | Q(kind__in=[SiteKind.LOT, SiteKind.LAND], land_m2__gte=needs.building_m2)
        )
    return queryset


def open_projects_for(user: User | AnonymousUser) -> QuerySet[Project]:
    """Projects a site can still be proposed to, as the user may see them."""
    return Project.objects.visible_to(user).open().select_related("company").order_by("title")


def proposals_visible_to(user: User | AnonymousUser) -> QuerySet[SiteProposal]:
    """Proposals on the projects the user may see."""
    visible = Project.objects.visible_to(user).values("pk")
    return SiteProposal.objects.select_related("project", "site").filter(project__in=visible)
