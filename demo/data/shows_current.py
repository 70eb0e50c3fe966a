"""Data tables of this year's demo programme, every date an offset in days from the day of the seed.

The 2012 programme is the agency's history; this one keeps the demo alive
whatever the day: shows a few weeks past with their leads still being worked,
shows coming in the next weeks, follow-ups due this week and a few late,
projects that moved recently, one implantation already won this year.

This module is over 400 lines because it holds data tables, not code; the
code that seeds them lives in demo/current.py.
"""

from decimal import Decimal

from events.models import Scope
from prospects.models import InteractionKind, ProjectStage, WorkforceBand

from .shows_2012 import MALZIEU_PROGRAMME

# The year's targets, set once by Direction (a target already set is kept).
YEAR_TARGET = {"implantations_target": 6, "projects_target": 18}

# name, scope, organiser, website, sector slugs
TRADE_SHOWS = [
    (
        "Global Industrie",
        Scope.INTERNATIONAL,
        "GL events",
        "https://www.global-industrie.com",
        ["metallurgie", "materiaux"],
    ),
    ("SIMA", Scope.INTERNATIONAL, "RX France", "https://www.simaonline.com", ["agroalimentaire", "metallurgie"]),
    ("Batimat", Scope.INTERNATIONAL, "RX France", "https://www.batimat.com", ["bois", "materiaux"]),
    (
        "Salon des maires et des collectivités locales",
        Scope.NATIONAL,
        "Groupe Moniteur",
        "https://www.salondesmaires.com",
        [],
    ),
    ("Eurobois", Scope.NATIONAL, "GL events", "https://www.eurobois.net", ["bois"]),
    ("VivaTech", Scope.INTERNATIONAL, "Publicis et Les Echos", "https://vivatechnology.com", ["numerique"]),
]

# show, first day (days from today), length in days, city, venue, stand, cost, meetings targeted,
# objectives, staff, Lozère wood firms as partners on the stand?
APPEARANCES = [
    (
        "Global Industrie",
        -68,
        4,
        "Lyon",
        "Eurexpo",
        "Hall 6, stand Occitanie",
        Decimal("9800"),
        20,
        "Présenter aux sous-traitants de la mécanique le parc d'activités de Saint-Chély-d'Apcher "
        "et les aides de la convention de revitalisation.",
        ["mission", "malzieu"],
        False,
    ),
    (
        "SIMA",
        -33,
        5,
        "Villepinte",
        "Paris Nord Villepinte",
        "Hall 5a, pavillon Massif central",
        Decimal("7400"),
        15,
        "Rencontrer les constructeurs de matériel d'élevage et les transformateurs laitiers du Massif central.",
        ["mission", "malzieu"],
        False,
    ),
    (
        "Batimat",
        -11,
        4,
        "Paris",
        "Paris Expo Porte de Versailles",
        "Hall 1, stand Lozère construction bois",
        Decimal("11200"),
        25,
        "Faire connaître la filière bois lozérienne avec les entreprises partenaires ; "
        "attirer une unité de préfabrication ou d'isolants biosourcés le long de l'A75.",
        ["mission", "direction"],
        True,
    ),
    (
        "Salon des maires et des collectivités locales",
        8,
        3,
        "Paris",
        "Paris Expo Porte de Versailles",
        "Pavillon Lozère, hall 2.2",
        Decimal("5200"),
        12,
        "Présenter l'offre foncière des communes lozériennes et la fibre du parc POLeN aux élus et aux "
        "entreprises de services aux collectivités.",
        ["direction", "malzieu"],
        False,
    ),
    (
        "Eurobois",
        36,
        4,
        "Lyon",
        "Eurexpo",
        "",
        Decimal("6100"),
        15,
        "Relancer les industriels rencontrés à Batimat ; rencontrer les fabricants de machines à bois.",
        ["mission"],
        True,
    ),
    (
        "VivaTech",
        64,
        4,
        "Paris",
        "Paris Expo Porte de Versailles",
        "Village Occitanie",
        Decimal("8600"),
        20,
        "Convaincre des éditeurs de logiciels et des studios de s'installer au parc POLeN.",
        ["mission", "direction"],
        False,
    ),
]

# name, NAF, postcode, commune, workforce band, (first name, last name, job), show where met (None: by phone)
COMPANIES = [
    (
        "Mécanique de Précision Forézienne",
        "25.62B",
        "42000",
        "Saint-Étienne",
        WorkforceBand.B21,
        ("Sylvie", "Chambon", "Directrice générale"),
        "Global Industrie",
    ),
    (
        "Fonderie Roannaise",
        "24.51Z",
        "42300",
        "Roanne",
        WorkforceBand.B22,
        ("Thierry", "Dumas", "Directeur industriel"),
        "Global Industrie",
    ),
    (
        "Tôlerie Fine du Velay",
        "25.11Z",
        "43000",
        "Le Puy-en-Velay",
        WorkforceBand.B12,
        ("Nadia", "Boyer", "Gérante"),
        "Global Industrie",
    ),
    (
        "Plastiques Techniques de l'Ain",
        "22.21Z",
        "01100",
        "Oyonnax",
        WorkforceBand.B21,
        ("Éric", "Perret", "Président"),
        "Global Industrie",
    ),
    (
        "Agri-Équipements du Ségala",
        "28.30Z",
        "12200",
        "Villefranche-de-Rouergue",
        WorkforceBand.B12,
        ("Laurent", "Costes", "Directeur"),
        "SIMA",
    ),
    (
        "Salaisons de l'Aubrac",
        "10.13A",
        "12500",
        "Espalion",
        WorkforceBand.B11,
        ("Martine", "Bousquet", "Directrice"),
        "SIMA",
    ),
    (
        "Fromagerie des Causses",
        "10.51C",
        "12100",
        "Millau",
        WorkforceBand.B21,
        ("Pierre", "Lacan", "Directeur de site"),
        "SIMA",
    ),
    (
        "Matériel d'Élevage Cantalien",
        "28.30Z",
        "15000",
        "Aurillac",
        WorkforceBand.B11,
        ("Jérôme", "Vermenouze", "Gérant"),
        "SIMA",
    ),
    (
        "Ossature Bois Ligérienne",
        "16.23Z",
        "44300",
        "Nantes",
        WorkforceBand.B21,
        ("Claire", "Guérin", "Directrice du développement"),
        "Batimat",
    ),
    (
        "Isolants Biosourcés de Bourgogne",
        "16.21Z",
        "21000",
        "Dijon",
        WorkforceBand.B12,
        ("Marc", "Lemoine", "Président"),
        "Batimat",
    ),
    (
        "Menuiseries Bois du Limousin",
        "16.23Z",
        "87000",
        "Limoges",
        WorkforceBand.B12,
        ("Sophie", "Dufour", "Responsable industrielle"),
        "Batimat",
    ),
    (
        "Charpentes et Structures Alpines",
        "43.91A",
        "38000",
        "Grenoble",
        WorkforceBand.B11,
        ("Antoine", "Gaillard", "Gérant"),
        "Batimat",
    ),
    (
        "Bétons Bas Carbone du Rhône",
        "23.61Z",
        "69007",
        "Lyon",
        WorkforceBand.B21,
        ("Isabelle", "Moreau", "Directrice RSE"),
        "Batimat",
    ),
    (
        "Parquets de l'Ouest",
        "16.22Z",
        "49000",
        "Angers",
        WorkforceBand.B11,
        ("Yann", "Le Gall", "Gérant"),
        "Batimat",
    ),
    (
        "Conseil Numérique Rhodanien",
        "62.01Z",
        "69003",
        "Lyon",
        WorkforceBand.B11,
        ("Julien", "Roche", "Associé"),
        None,
    ),
]

# company, grade, day of the show (0 = first), what was said, follow-up:
# ("done", days after the show it was due, days late) / ("open", due in days from today) / None
LEADS = {
    "Mécanique de Précision Forézienne": (
        "A",
        0,
        "Cherche un second atelier d'usinage de 3 000 m² ; intéressée par la convention de revitalisation.",
        ("done", 5, 0),
    ),
    "Fonderie Roannaise": (
        "B",
        1,
        "Envisage la reprise d'un bâtiment industriel près de l'A75 pour sa finition.",
        ("done", 6, 2),
    ),
    "Tôlerie Fine du Velay": ("C", 2, "Extension d'atelier à l'étude, plutôt sur place.", ("done", 11, 1)),
    "Plastiques Techniques de l'Ain": ("D", 3, "Simple prise de contact.", None),
    "Agri-Équipements du Ségala": (
        "A",
        1,
        "Atelier de montage de matériel d'élevage : 2 500 m², proximité de ses clients du Massif central.",
        ("done", 2, 0),
    ),
    "Salaisons de l'Aubrac": (
        "B",
        2,
        "Séchoir de salaisons en altitude ; attend les prix des terrains de Marvejols.",
        ("open", -16),
    ),
    "Fromagerie des Causses": ("B", 3, "Cave d'affinage en Margeride à l'étude.", ("done", 4, 1)),
    "Matériel d'Élevage Cantalien": ("C", 4, "Dépôt régional possible en 2027.", ("open", -9)),
    "Ossature Bois Ligérienne": (
        "A",
        0,
        "Unité de préfabrication de murs ossature bois : 3 ha, douglas local, accès A75.",
        ("open", 0),
    ),
    "Isolants Biosourcés de Bourgogne": (
        "A",
        1,
        "Usine d'isolants en fibre de bois, 35 emplois ; demande la confidentialité.",
        ("open", 1),
    ),
    "Menuiseries Bois du Limousin": ("B", 1, "Cherche un bâtiment de 1 500 m² pour ses menuiseries.", ("open", 2)),
    "Charpentes et Structures Alpines": ("C", 2, "Veille ; rappeler après son salon de printemps.", ("open", -4)),
    "Bétons Bas Carbone du Rhône": (
        "B",
        3,
        "Centrale de béton bas carbone pour le sud du Massif central.",
        ("open", 3),
    ),
    "Parquets de l'Ouest": ("D", 3, "Visite de courtoisie.", None),
}

# company, title, show of origin, [(stage, days from today)], extra fields
PROJECTS = [
    (
        "Mécanique de Précision Forézienne",
        "Atelier d'usinage à Saint-Chély-d'Apcher",
        "Global Industrie",
        [
            (ProjectStage.LEAD, -62),
            (ProjectStage.ACTIVE, -50),
            (ProjectStage.SITE_VISIT, -30),
            (ProjectStage.PROPOSAL, -15),
            (ProjectStage.DECISION, -4),
        ],
        {
            "jobs_planned": 22,
            "investment_planned": 2800000,
            "building_m2": 3000,
            "programme": MALZIEU_PROGRAMME,
        },
    ),
    (
        "Fonderie Roannaise",
        "Atelier de finition sur l'A75",
        "Global Industrie",
        [(ProjectStage.LEAD, -58), (ProjectStage.ACTIVE, -41)],
        {"jobs_planned": 30, "building_m2": 5000, "max_interchange_km": Decimal("5")},
    ),
    (
        "Tôlerie Fine du Velay",
        "Extension de l'atelier de tôlerie",
        "Global Industrie",
        [(ProjectStage.LEAD, -56), (ProjectStage.ACTIVE, -45), (ProjectStage.LOST, -25)],
        {"jobs_planned": 8, "lost_reason": "S'agrandit finalement sur son site du Puy-en-Velay."},
    ),
    (
        "Agri-Équipements du Ségala",
        "Atelier de montage de matériel d'élevage",
        "SIMA",
        [(ProjectStage.LEAD, -28), (ProjectStage.ACTIVE, -21), (ProjectStage.SITE_VISIT, -7)],
        {"jobs_planned": 15, "investment_planned": 1600000, "building_m2": 2500},
    ),
    (
        "Fromagerie des Causses",
        "Cave d'affinage en Margeride",
        "SIMA",
        [(ProjectStage.LEAD, -20)],
        {"jobs_planned": 6, "building_m2": 1200},
    ),
    (
        "Ossature Bois Ligérienne",
        "Unité de préfabrication de murs ossature bois",
        "Batimat",
        [(ProjectStage.LEAD, -6), (ProjectStage.ACTIVE, -3)],
        {"jobs_planned": 25, "investment_planned": 4500000, "land_m2": 30000, "max_interchange_km": Decimal("3")},
    ),
    (
        "Isolants Biosourcés de Bourgogne",
        "Usine d'isolants en fibre de bois",
        "Batimat",
        [(ProjectStage.LEAD, -5)],
        {
            "code_name": "Projet Épicéa",
            "confidential": True,
            "jobs_planned": 35,
            "investment_planned": 9000000,
            "land_m2": 40000,
        },
    ),
    (
        "Conseil Numérique Rhodanien",
        "Antenne de développeurs au parc POLeN",
        None,
        [
            (ProjectStage.LEAD, -120),
            (ProjectStage.ACTIVE, -95),
            (ProjectStage.SITE_VISIT, -60),
            (ProjectStage.PROPOSAL, -40),
            (ProjectStage.DECISION, -20),
            (ProjectStage.WON, -9),
        ],
        {
            "jobs_planned": 5,
            "investment_planned": 200000,
            "fibre_needed": True,
            "jobs_created": 5,
            "investment_realised": 180000,
        },
    ),
]

# Exchanges after the shows: company, kind, days from today, what was said, who.
INTERACTIONS = [
    (
        "Conseil Numérique Rhodanien",
        InteractionKind.PHONE,
        -122,
        "Appel entrant : cherche des bureaux fibrés pour une équipe de cinq développeurs.",
        "mission",
    ),
    (
        "Mécanique de Précision Forézienne",
        InteractionKind.SITE_VISIT,
        -30,
        "Visite du bâtiment de la ZA de la Garde avec la directrice générale et son directeur technique.",
        "malzieu",
    ),
    (
        "Mécanique de Précision Forézienne",
        InteractionKind.MEETING,
        -4,
        "Réunion à Saint-Étienne : le dossier passe au conseil d'administration du mois prochain.",
        "mission",
    ),
    (
        "Agri-Équipements du Ségala",
        InteractionKind.SITE_VISIT,
        -7,
        "Visite de la zone Lozère Sud : le lot de 20 000 m² convient, reste le prix.",
        "mission",
    ),
    (
        "Ossature Bois Ligérienne",
        InteractionKind.VIDEO,
        -3,
        "Visioconférence avec la directrice du développement : plan du terrain et approvisionnement en douglas.",
        "mission",
    ),
]

# Follow-ups on the projects: company, title, due in days from today, assignee.
FOLLOWUPS = [
    ("Mécanique de Précision Forézienne", "Envoyer l'offre de bâtiment de la ZA de la Garde", -13, "mission"),
    ("Mécanique de Précision Forézienne", "Préparer le comité de la convention de revitalisation", 0, "malzieu"),
    ("Fonderie Roannaise", "Relancer pour la visite de la zone Lozère Sud", -2, "mission"),
    ("Agri-Équipements du Ségala", "Envoyer le compte rendu de la visite et le prix du lot", 0, "mission"),
    ("Isolants Biosourcés de Bourgogne", "Point avec la direction sur le projet Épicéa", 1, "direction"),
    ("Fromagerie des Causses", "Proposer une visite de caves en Margeride", 3, "malzieu"),
    ("Ossature Bois Ligérienne", "Chiffrer le terrain de 3 ha le long de l'A75", 6, "mission"),
    ("Conseil Numérique Rhodanien", "Organiser l'inauguration de l'antenne au parc POLeN", 12, "direction"),
]
