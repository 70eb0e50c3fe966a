"""Demo data for this app, loaded only by ``manage.py seed_demo``.

The agency's 2012 offer: the Malzieu basin revitalisation convention, the
business parks along the A75 ready to sell, the fibre-connected lots of the
POLeN technology park in Mende, and about ten available industrial buildings.
Every function is idempotent: rows are looked up by name or reference first.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from prospects.models import Project, ProjectStage
from sites import selectors, services
from sites.models import Availability, Programme, ProposalStatus, Site, SiteKind, Zone, ZoneKind, ZoneState

MALZIEU = "Convention de revitalisation du bassin de Malzieu"

# name, kind, commune name, INSEE, total ha, available ha, interchange, km, fibre, rail, €/m², developer, Malzieu?
ZONES = [
    (
        "Parc d'activités du Causse d'Auge",
        ZoneKind.BUSINESS_PARK,
        "Mende",
        "48095",
        "22.00",
        "6.50",
        "Échangeur du Monastier (A75 – N88)",
        "27.0",
        True,
        False,
        "18.00",
        "Communauté de communes du Pays de Mende",
        False,
    ),
    (
        "Parc technologique POLeN",
        ZoneKind.TECHNOLOGY_PARK,
        "Mende",
        "48095",
        "12.00",
        "4.20",
        "Échangeur du Monastier (A75 – N88)",
        "28.5",
        True,
        False,
        "25.00",
        "Conseil général de la Lozère",
        False,
    ),
    (
        "ZA du Gévaudan",
        ZoneKind.BUSINESS_PARK,
        "Marvejols",
        "48092",
        "15.00",
        "5.00",
        "Échangeur de Marvejols",
        "2.5",
        True,
        False,
        "12.00",
        "Communauté de communes du Gévaudan",
        False,
    ),
    (
        "ZA de la Garde",
        ZoneKind.BUSINESS_PARK,
        "Saint-Chély-d'Apcher",
        "48140",
        "30.00",
        "9.00",
        "Échangeur de Saint-Chély-d'Apcher",
        "1.2",
        True,
        True,
        "10.00",
        "Communauté de communes des Terres d'Apcher",
        False,
    ),
    (
        "Zone Lozère Sud",
        ZoneKind.BUSINESS_PARK,
        "Le Monastier-Pin-Moriès",
        "48099",
        "40.00",
        "18.00",
        "Échangeur du Monastier (A75 – N88)",
        "0.8",
        False,
        False,
        "9.00",
        "Syndicat mixte de la zone Lozère Sud",
        False,
    ),
    (
        "ZA du Pré Long",
        ZoneKind.BUSINESS_PARK,
        "La Canourgue",
        "48034",
        "10.00",
        "3.20",
        "Échangeur de La Canourgue",
        "1.5",
        False,
        False,
        "11.00",
        "Communauté de communes Aubrac-Lot-Causses",
        False,
    ),
    (
        "ZA du Malzieu",
        ZoneKind.CRAFT_ZONE,
        "Le Malzieu-Ville",
        "48090",
        "6.00",
        "2.80",
        "Échangeur de Saint-Chély-d'Apcher",
        "14.0",
        True,
        False,
        "8.00",
        "Communauté de communes de la Margeride Est",
        True,
    ),
]

# reference, kind, title, zone name (or commune, INSEE), building m², land m², height, docks,
# sale price, monthly rent, availability, fibre, Malzieu?, description
SITES = [
    (
        "BAT-MEN-01",
        SiteKind.BUILDING,
        "Bâtiment industriel de 1 200 m²",
        "Parc d'activités du Causse d'Auge",
        1200,
        4000,
        "7.00",
        2,
        480000,
        None,
        Availability.AVAILABLE,
        True,
        False,
        "Structure métallique, pont roulant de 5 t, bureaux de 150 m² à l'étage, cour goudronnée.",
    ),
    (
        "BAT-MEN-02",
        SiteKind.BUILDING,
        "Entrepôt de 900 m²",
        "Parc d'activités du Causse d'Auge",
        900,
        2500,
        "6.50",
        1,
        None,
        None,
        Availability.SOLD,
        True,
        False,
        "Vendu en 2011 à un transporteur local.",
    ),
    (
        "BAT-MAR-01",
        SiteKind.BUILDING,
        "Atelier de mécanique de 850 m²",
        "ZA du Gévaudan",
        850,
        3000,
        "6.00",
        1,
        None,
        3200,
        Availability.AVAILABLE,
        True,
        False,
        "Atelier chauffé, fosse, compresseur, 60 m² de bureaux. À louer, bail commercial.",
    ),
    (
        "BAT-STC-01",
        SiteKind.BUILDING,
        "Bâtiment industriel embranché de 2 500 m²",
        "ZA de la Garde",
        2500,
        9000,
        "9.00",
        4,
        950000,
        None,
        Availability.AVAILABLE,
        True,
        False,
        "Embranchement ferroviaire, dalle 5 t/m², transformateur 630 kVA.",
    ),
    (
        "BAT-STC-02",
        SiteKind.BUILDING,
        "Bâtiment industriel de 1 800 m²",
        "ZA de la Garde",
        1800,
        6000,
        "8.00",
        2,
        620000,
        None,
        Availability.UNDER_OPTION,
        True,
        False,
        "Sous option jusqu'à la fin du trimestre : à reproposer si l'option tombe.",
    ),
    (
        "BAT-MAL-01",
        SiteKind.BUILDING,
        "Ancienne fromagerie de 3 200 m²",
        "ZA du Malzieu",
        3200,
        15000,
        "6.00",
        3,
        600000,
        None,
        Availability.AVAILABLE,
        True,
        True,
        "Ancien site laitier : chambres froides, quais réfrigérés, station de traitement des eaux. "
        "Reprise accompagnée par la convention de revitalisation.",
    ),
    (
        "BAT-MAL-02",
        SiteKind.BUILDING,
        "Atelier relais de 600 m²",
        "ZA du Malzieu",
        600,
        1800,
        "6.00",
        1,
        None,
        1500,
        Availability.AVAILABLE,
        True,
        True,
        "Atelier relais porté par la communauté de communes : loyer progressif la première année.",
    ),
    (
        "BAT-CAN-01",
        SiteKind.BUILDING,
        "Bâtiment agroalimentaire de 1 500 m²",
        "ZA du Pré Long",
        1500,
        5000,
        "5.50",
        2,
        700000,
        None,
        Availability.AVAILABLE,
        False,
        False,
        "Salles blanches, chambres froides positives et négatives, agrément sanitaire récent.",
    ),
    (
        "BAT-MON-01",
        SiteKind.BUILDING,
        "Plateforme logistique de 4 000 m²",
        "Zone Lozère Sud",
        4000,
        16000,
        "10.00",
        8,
        1900000,
        None,
        Availability.AVAILABLE,
        False,
        False,
        "À 800 m de l'échangeur de l'A75 : huit quais niveleurs, aire de manœuvre pour semi-remorques.",
    ),
    (
        "BAT-LAN-01",
        SiteKind.BUILDING,
        "Bâtiment de stockage de 1 000 m²",
        ("Langogne", "48080"),
        1000,
        3500,
        "7.00",
        1,
        250000,
        None,
        Availability.AVAILABLE,
        False,
        False,
        "Près de la gare de Langogne (ligne Clermont-Ferrand – Nîmes).",
    ),
    (
        "BAT-FLO-01",
        SiteKind.BUILDING,
        "Atelier bois de 700 m²",
        ("Florac", "48061"),
        700,
        2000,
        "6.00",
        0,
        None,
        1800,
        Availability.AVAILABLE,
        False,
        False,
        "Ancienne menuiserie : aspiration centralisée, séchoir, à louer.",
    ),
    (
        "BAT-CHA-01",
        SiteKind.BUILDING,
        "Bâtiment artisanal de 450 m²",
        ("Chanac", "48039"),
        450,
        1500,
        "5.00",
        1,
        180000,
        None,
        Availability.AVAILABLE,
        True,
        False,
        "Libéré par son occupant actuel dans trois mois.",
    ),
    ("LOT-POL-01", SiteKind.LOT, "Lot viabilisé n° 1 (2 000 m²)", "Parc technologique POLeN", None, 2000, None, None, 50000, None, Availability.AVAILABLE, True, False, "Raccordé à la fibre optique."),
    ("LOT-POL-02", SiteKind.LOT, "Lot viabilisé n° 2 (3 500 m²)", "Parc technologique POLeN", None, 3500, None, None, 87500, None, Availability.AVAILABLE, True, False, "Raccordé à la fibre optique."),
    ("LOT-POL-03", SiteKind.LOT, "Lot viabilisé n° 3 (5 000 m²)", "Parc technologique POLeN", None, 5000, None, None, 125000, None, Availability.AVAILABLE, True, False, "Raccordé à la fibre optique, divisible."),
    ("BUR-POL-01", SiteKind.OFFICE, "Bureaux de 120 m² à la pépinière", "Parc technologique POLeN", 120, None, None, None, None, 900, Availability.AVAILABLE, True, False, "Pépinière d'entreprises : accueil, salles de réunion partagées, fibre."),
    ("LOT-MAR-01", SiteKind.LOT, "Lot de 5 000 m²", "ZA du Gévaudan", None, 5000, None, None, None, None, Availability.AVAILABLE, False, False, ""),
    ("LOT-STC-01", SiteKind.LOT, "Lot de 10 000 m²", "ZA de la Garde", None, 10000, None, None, None, None, Availability.AVAILABLE, False, False, "Embranchement ferroviaire possible."),
    ("LOT-MON-01", SiteKind.LOT, "Lot de 20 000 m²", "Zone Lozère Sud", None, 20000, None, None, None, None, Availability.AVAILABLE, False, False, "Divisible à partir de 5 000 m²."),
    ("LOT-CAN-01", SiteKind.LOT, "Lot de 8 000 m²", "ZA du Pré Long", None, 8000, None, None, None, None, Availability.AVAILABLE, False, False, ""),
    ("LOT-MAL-01", SiteKind.LOT, "Lot de 4 000 m²", "ZA du Malzieu", None, 4000, None, None, None, None, Availability.AVAILABLE, True, True, "Prix aidé par la convention de revitalisation."),
]  # fmt: skip


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
