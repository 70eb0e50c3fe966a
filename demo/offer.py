"""Demo data for this app, loaded only by ``manage.py seed_demo``.

The agency's 2012 offer: the Malzieu basin revitalisation convention, the
business parks along the A75 ready to sell, the fibre-connected lots of the
POLeN technology park in Mende, and about ten available industrial buildings.
Every function is idempotent: rows are looked up by name or reference first.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from demo.data.offer import MALZIEU, SITES, ZONES
from prospects.models import Project, ProjectStage
from sites import selectors, services
from sites.models import Programme, ProposalStatus, Site, Zone, ZoneState


def _programme():
    programme = Programme.objects.filter(name=MALZIEU).first()
    if programme:
        return programme
    return services.programme_create(
        name=MALZIEU,
        partners="3A (Alliance Agro-Alimentaire), l'État, le Conseil général de la Lozère",
        starts_on=datetime.date(2011, 1, 1),
        ends_on=datetime.date(2014, 12, 31),
        budget=Decimal("900000"),
        description=(
            "Signée après la fermeture du site laitier de 3A au Malzieu : le groupe finance la revitalisation du "
            "bassin d'emploi avec l'État et le Conseil général. Une chargée de mission dédiée accompagne les "
            "projets qui créent des emplois dans le bassin et la reprise des bâtiments libérés."
        ),
        is_demo=True,
    )


def _zones(programme):
    zones = {}
    for name, kind, commune, insee, total, available, interchange, km, fibre, rail, price, developer, malzieu in ZONES:
        zone = Zone.objects.filter(name=name, commune_insee=insee).first()
        if zone is None:
            zone = services.zone_create(
                name=name,
                kind=kind,
                state=ZoneState.ON_SALE,
                commune_name=commune,
                commune_insee=insee,
                area_total_ha=Decimal(total),
                area_available_ha=Decimal(available),
                motorway="A75",
                interchange=interchange,
                interchange_km=Decimal(km),
                has_fibre=fibre,
                has_rail=rail,
                has_gas=commune in ("Mende", "Saint-Chély-d'Apcher", "Marvejols"),
                price_per_m2=Decimal(price),
                developer=developer,
                seller="Lozère Développement",
                programme=programme if malzieu else None,
                is_demo=True,
            )
        zones[name] = zone
    return zones


def _sites(zones, programme):
    soon = timezone.localdate() + datetime.timedelta(days=90)
    for row in SITES:
        reference, kind, title, where, built, land, height, docks, price, rent, availability, fibre, malzieu, text = row
        if Site.objects.filter(reference=reference).exists():
            continue
        location = (
            {"zone": zones[where]} if isinstance(where, str) else {"commune_name": where[0], "commune_insee": where[1]}
        )
        services.site_create(
            reference=reference,
            kind=kind,
            title=title,
            building_m2=built,
            land_m2=land,
            clear_height_m=Decimal(height) if height else None,
            loading_docks=docks,
            sale_price=Decimal(price) if price else None,
            monthly_rent=Decimal(rent) if rent else None,
            availability=availability,
            available_from=soon if reference == "BAT-CHA-01" else None,
            has_fibre=fibre,
            programme=programme if malzieu else None,
            contact_name="Lozère Développement",
            contact_email="offre@lozdev.localhost",
            description=text,
            is_demo=True,
            **location,
        )


def seed(users):
    programme = _programme()
    zones = _zones(programme)
    _sites(zones, programme)
    return programme


def seed_proposals(users):
    """Propose the best sites to the demo projects; a won project gets its chosen site."""
    projects = list(Project.objects.filter(is_demo=True).select_related("owner").order_by("opened_on", "pk"))
    actor = users.get("mission")
    for index, project in enumerate(projects):
        if project.site_proposals.exists():
            continue
        won = project.stage == ProjectStage.WON
        if not (won or project.stage in (ProjectStage.SITE_VISIT, ProjectStage.PROPOSAL, ProjectStage.DECISION)):
            continue
        needs, matches, _proposals, _count = selectors.project_matches(project, limit=2)
        if not needs.stated:
            # Without needs the ranking says nothing: nobody would propose at random.
            continue
        by = project.owner or actor
        for rank, (site, _match, _proposal) in enumerate(matches[: 1 if won else 2]):
            proposal = services.proposal_create(project=project, site=site, actor=by)
            if won or (rank == 0 and index % 2 == 0):
                services.proposal_set_status(proposal=proposal, status=ProposalStatus.VISITED, actor=by)
            if won:
                services.proposal_set_status(proposal=proposal, status=ProposalStatus.CHOSEN, actor=by)
