"""Demo data for trade shows, loaded only by ``manage.py seed_demo``.

The agency's 2012 programme: Carrefour International du Bois (Nantes, with
Lozère firms on the CCI stand), SIAL (Paris, promoting the departmental
abattoir at Antrenas) and eight other national or regional shows; about forty
companies met there, their contacts, the leads and follow-ups, and a dozen
implantation projects. Everything is marked ``is_demo`` where the model has
the flag, found again by its natural key, and written through the services,
so running the command twice changes nothing.

Follow-ups of 2012 are long done or overdue; a handful are dated relative to
today so that "my follow-ups" and the reminders have something to show.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from core.identifiers import luhn_key
from events import services
from events.models import Appearance, Scope, TradeShow
from prospects import services as prospect_services
from prospects.models import (
    Company,
    Contact,
    FollowUp,
    Interaction,
    InteractionKind,
    Project,
    ProjectStage,
    Sector,
    WorkforceBand,
)

D = datetime.date
MALZIEU_PROGRAMME = "Convention de revitalisation du bassin de Malzieu"
LOZERE_PREFIX = "48"

# name, scope, organiser, website, sector slugs
TRADE_SHOWS = [
    ("Carrefour International du Bois", Scope.INTERNATIONAL, "Atlanbois", "https://www.timbershow.com", ["bois"]),
    ("SIAL Paris", Scope.INTERNATIONAL, "Comexposium", "https://www.sialparis.fr", ["agroalimentaire"]),
    ("JEC Europe", Scope.INTERNATIONAL, "JEC Group", "https://www.jeccomposites.com", ["materiaux"]),
    ("Salon des Entrepreneurs", Scope.NATIONAL, "Les Echos Events", "", ["numerique", "e-commerce"]),
    ("Solutions Linux & Open Source", Scope.NATIONAL, "Tarsus France", "", ["numerique"]),
    ("E-commerce Paris", Scope.NATIONAL, "Reed Expositions", "", ["e-commerce"]),
    (
        "Sommet de l'Élevage",
        Scope.NATIONAL,
        "Sommet de l'Élevage",
        "https://www.sommet-elevage.fr",
        ["agroalimentaire"],
    ),
    ("SIANE", Scope.REGIONAL, "GL events", "", ["metallurgie", "aeronautique", "materiaux"]),
    ("Midest", Scope.INTERNATIONAL, "Reed Expositions", "", ["metallurgie", "materiaux"]),
    ("Aeromart Toulouse", Scope.INTERNATIONAL, "Advanced Business Events", "", ["aeronautique"]),
]

# show, start, end, city, venue, stand, cost, meetings targeted, objectives, staff, notes
APPEARANCES = [
    (
        "Carrefour International du Bois",
        D(2012, 6, 6),
        D(2012, 6, 8),
        "Nantes",
        "Parc des expositions de la Beaujoire",
        "Stand CCI Lozère, hall 3",
        Decimal("14500"),
        25,
        "Présenter la filière bois et éco-construction lozérienne avec les entreprises partenaires ; "
        "rencontrer les industriels de l'ossature bois et du panneau.",
        ["mission", "direction"],
        "Stand partagé avec la CCI de Lozère et cinq entreprises de la filière.",
    ),
    (
        "SIAL Paris",
        D(2012, 10, 21),
        D(2012, 10, 25),
        "Paris",
        "Paris Nord Villepinte",
        "Hall 2, allée F",
        Decimal("18200"),
        30,
        "Faire connaître le nouvel abattoir départemental d'Antrenas et les zones d'activités le long de l'A75 "
        "aux transformateurs de viande et aux industriels de l'agroalimentaire.",
        ["mission", "malzieu"],
        "Plaquette abattoir d'Antrenas tirée à 500 exemplaires.",
    ),
    (
        "JEC Europe",
        D(2012, 3, 27),
        D(2012, 3, 29),
        "Paris",
        "Paris Expo Porte de Versailles",
        "",
        Decimal("6200"),
        10,
        "",
        ["mission"],
        "",
    ),
    (
        "Salon des Entrepreneurs",
        D(2012, 2, 1),
        D(2012, 2, 2),
        "Paris",
        "Palais des Congrès",
        "Espace Régions",
        Decimal("3800"),
        12,
        "",
        ["mission"],
        "",
    ),
    (
        "Solutions Linux & Open Source",
        D(2012, 6, 19),
        D(2012, 6, 21),
        "Paris",
        "CNIT La Défense",
        "",
        Decimal("4100"),
        8,
        "Promouvoir le parc technologique POLeN et sa fibre.",
        ["mission"],
        "",
    ),
    (
        "E-commerce Paris",
        D(2012, 9, 18),
        D(2012, 9, 20),
        "Paris",
        "Paris Expo Porte de Versailles",
        "",
        Decimal("5600"),
        12,
        "Logistique du e-commerce le long de l'A75.",
        ["mission"],
        "",
    ),
    (
        "Sommet de l'Élevage",
        D(2012, 10, 3),
        D(2012, 10, 5),
        "Cournon-d'Auvergne",
        "Grande Halle d'Auvergne",
        "",
        Decimal("2900"),
        10,
        "",
        ["malzieu"],
        "",
    ),
    (
        "SIANE",
        D(2012, 10, 23),
        D(2012, 10, 25),
        "Toulouse",
        "Parc des expositions",
        "",
        Decimal("3300"),
        8,
        "",
        ["direction"],
        "",
    ),
    (
        "Midest",
        D(2012, 11, 6),
        D(2012, 11, 9),
        "Villepinte",
        "Paris Nord Villepinte",
        "",
        Decimal("7400"),
        15,
        "Sous-traitance industrielle : le bassin de Saint-Chély et du Malzieu.",
        ["malzieu", "mission"],
        "",
    ),
    (
        "Aeromart Toulouse",
        D(2012, 12, 4),
        D(2012, 12, 6),
        "Toulouse",
        "Centre de congrès Pierre Baudis",
        "",
        Decimal("5200"),
        20,
        "",
        ["direction"],
        "",
    ),
]

# name, NAF, postcode, city, workforce band, (first name, last name, job title), show met at (None: partner)
COMPANIES = [
    # Lozère firms, partners on the CCI stand at Nantes and at SIAL.
    ("Sciérie du Gévaudan", "16.10A", "48100", "Marvejols", WorkforceBand.B12, ("Bernard", "Pagès", "Gérant"), None),
    (
        "Bois et Charpentes de Margeride",
        "16.23Z",
        "48200",
        "Saint-Chély-d'Apcher",
        WorkforceBand.B11,
        ("Sylvie", "Boyer", "Directrice"),
        None,
    ),
    ("Menuiserie Causse et Lot", "16.23Z", "48000", "Mende", WorkforceBand.B03, ("Alain", "Rouvière", "Gérant"), None),
    ("Granulés de Lozère", "16.29Z", "48300", "Langogne", WorkforceBand.B11, ("Hélène", "Vidal", "Présidente"), None),
    (
        "Maisons Ossature Aubrac",
        "43.32A",
        "48260",
        "Nasbinals",
        WorkforceBand.B02,
        ("Julien", "Astruc", "Gérant"),
        None,
    ),
    (
        "Salaisons de la Margeride",
        "10.13A",
        "48200",
        "Saint-Chély-d'Apcher",
        WorkforceBand.B12,
        ("Marc", "Chabrol", "Directeur général"),
        None,
    ),
    (
        "Fromagerie des Monts de Lozère",
        "10.51C",
        "48000",
        "Mende",
        WorkforceBand.B11,
        ("Claire", "Bonnal", "Directrice"),
        None,
    ),
    # Met at Carrefour International du Bois.
    (
        "Atlantique Ossature Bois",
        "16.23Z",
        "44300",
        "Nantes",
        WorkforceBand.B21,
        ("Thomas", "Le Goff", "Directeur industriel"),
        "Carrefour International du Bois",
    ),
    (
        "Charpentes Vendéennes",
        "43.91A",
        "85000",
        "La Roche-sur-Yon",
        WorkforceBand.B12,
        ("Nicolas", "Guilbaud", "PDG"),
        "Carrefour International du Bois",
    ),
    (
        "Parquets du Nivernais",
        "16.22Z",
        "58000",
        "Nevers",
        WorkforceBand.B11,
        ("Isabelle", "Moreau", "Directrice commerciale"),
        "Carrefour International du Bois",
    ),
    (
        "Panneaux Bretagne Isolation",
        "16.21Z",
        "29200",
        "Brest",
        WorkforceBand.B22,
        ("Yann", "Kerhervé", "Directeur du développement"),
        "Carrefour International du Bois",
    ),
    (
        "Scierie Ardennaise Lambert",
        "16.10A",
        "08000",
        "Charleville-Mézières",
        WorkforceBand.B12,
        ("Pierre", "Lambert", "Gérant"),
        "Carrefour International du Bois",
    ),
    (
        "Éco-Habitat Limousin",
        "43.32A",
        "87000",
        "Limoges",
        WorkforceBand.B11,
        ("Sophie", "Faure", "Cogérante"),
        "Carrefour International du Bois",
    ),
    # Met at SIAL.
    (
        "Conserverie Les Délices d'Auvergne",
        "10.39A",
        "63000",
        "Clermont-Ferrand",
        WorkforceBand.B21,
        ("François", "Chassaing", "Directeur général"),
        "SIAL Paris",
    ),
    (
        "Biscuiterie de l'Aveyron",
        "10.72Z",
        "12000",
        "Rodez",
        WorkforceBand.B12,
        ("Anne", "Costes", "Directrice"),
        "SIAL Paris",
    ),
    (
        "Laiterie du Haut-Languedoc",
        "10.51C",
        "81200",
        "Mazamet",
        WorkforceBand.B21,
        ("Laurent", "Bories", "Directeur des achats"),
        "SIAL Paris",
    ),
    (
        "Charcuterie Fine Rhodanienne",
        "10.13A",
        "69007",
        "Lyon",
        WorkforceBand.B22,
        ("Catherine", "Perrin", "Directrice industrielle"),
        "SIAL Paris",
    ),
    (
        "Plats Cuisinés Bordelais",
        "10.85Z",
        "33000",
        "Bordeaux",
        WorkforceBand.B21,
        ("Éric", "Lafon", "Président"),
        "SIAL Paris",
    ),
    (
        "Viandes Bovines du Massif",
        "10.11Z",
        "15000",
        "Aurillac",
        WorkforceBand.B22,
        ("Didier", "Delmas", "Directeur général"),
        "SIAL Paris",
    ),
    (
        "Confiturerie de Provence",
        "10.39B",
        "84000",
        "Avignon",
        WorkforceBand.B12,
        ("Marion", "Roux", "Gérante"),
        "SIAL Paris",
    ),
    (
        "Boulangerie Industrielle Normande",
        "10.71A",
        "14000",
        "Caen",
        WorkforceBand.B32,
        ("Olivier", "Lemoine", "Directeur des opérations"),
        "SIAL Paris",
    ),
    # Met at the other shows.
    (
        "Colis Express Logistique",
        "47.91B",
        "75011",
        "Paris",
        WorkforceBand.B21,
        ("Karim", "Benali", "Directeur logistique"),
        "E-commerce Paris",
    ),
    (
        "ModeEnLigne",
        "47.91B",
        "59100",
        "Roubaix",
        WorkforceBand.B22,
        ("Julie", "Vandamme", "Directrice des opérations"),
        "E-commerce Paris",
    ),
    (
        "Terroir Direct",
        "47.91A",
        "31000",
        "Toulouse",
        WorkforceBand.B11,
        ("Mathieu", "Cazals", "Fondateur"),
        "Salon des Entrepreneurs",
    ),
    (
        "Aéro Composites Occitanie",
        "30.30Z",
        "31700",
        "Blagnac",
        WorkforceBand.B22,
        ("Philippe", "Mercadier", "Directeur technique"),
        "Aeromart Toulouse",
    ),
    (
        "Maintenance Aéronautique du Sud-Ouest",
        "33.16Z",
        "65000",
        "Tarbes",
        WorkforceBand.B21,
        ("Christine", "Abadie", "Responsable développement"),
        "Aeromart Toulouse",
    ),
    (
        "Usinage de Précision Auvergnat",
        "25.62B",
        "63000",
        "Clermont-Ferrand",
        WorkforceBand.B12,
        ("Patrick", "Vialatte", "Gérant"),
        "SIANE",
    ),
    (
        "Plasturgie Jurassienne",
        "22.29A",
        "39100",
        "Dole",
        WorkforceBand.B21,
        ("Emmanuel", "Jacquet", "Directeur général"),
        "JEC Europe",
    ),
    (
        "Céramiques Techniques du Limousin",
        "23.44Z",
        "87000",
        "Limoges",
        WorkforceBand.B12,
        ("Valérie", "Dumas", "Directrice R&D"),
        "JEC Europe",
    ),
    (
        "Bétons Préfabriqués du Centre",
        "23.61Z",
        "18000",
        "Bourges",
        WorkforceBand.B21,
        ("Gilles", "Renard", "Directeur d'usine"),
        "JEC Europe",
    ),
    (
        "Logiciels Métier Alpins",
        "58.29C",
        "38000",
        "Grenoble",
        WorkforceBand.B12,
        ("Aurélie", "Girard", "Présidente"),
        "Salon des Entrepreneurs",
    ),
    (
        "DataCentre Vert",
        "63.11Z",
        "67000",
        "Strasbourg",
        WorkforceBand.B11,
        ("Stéphane", "Muller", "Directeur général"),
        "Solutions Linux & Open Source",
    ),
    (
        "Agence Web Méditerranée",
        "62.01Z",
        "13002",
        "Marseille",
        WorkforceBand.B03,
        ("Nadia", "Haddad", "Gérante"),
        "Salon des Entrepreneurs",
    ),
    (
        "Studio 3D Atlantique",
        "62.01Z",
        "35000",
        "Rennes",
        WorkforceBand.B11,
        ("Kevin", "Le Bihan", "Cofondateur"),
        "Solutions Linux & Open Source",
    ),
    (
        "Hébergeur Cévenol",
        "63.11Z",
        "30100",
        "Alès",
        WorkforceBand.B02,
        ("Fabien", "Pellet", "Gérant"),
        "Salon des Entrepreneurs",
    ),
    (
        "Forges de la Loire",
        "25.50A",
        "42000",
        "Saint-Étienne",
        WorkforceBand.B22,
        ("Jean-Luc", "Bonnefoy", "Directeur général"),
        "Midest",
    ),
    (
        "Chaudronnerie Bourguignonne",
        "25.29Z",
        "21000",
        "Dijon",
        WorkforceBand.B21,
        ("Sandrine", "Morel", "Directrice"),
        "Midest",
    ),
    (
        "Tôlerie Industrielle Picarde",
        "25.11Z",
        "80000",
        "Amiens",
        WorkforceBand.B12,
        ("Franck", "Leroy", "Gérant"),
        "Midest",
    ),
    (
        "Menuiseries Aluminium Tarnaises",
        "25.12Z",
        "81000",
        "Albi",
        WorkforceBand.B11,
        ("David", "Carayon", "Gérant"),
        "SIANE",
    ),
    (
        "Viandes et Salaisons du Cantal",
        "10.13A",
        "15000",
        "Aurillac",
        WorkforceBand.B12,
        ("Michel", "Fabre", "Directeur"),
        "Sommet de l'Élevage",
    ),
]

# company, grade, day of the show (0 = first), what was said, follow-up: ("done", days late) / ("open",) / None
LEADS = {
    "Atlantique Ossature Bois": (
        "A",
        0,
        "Cherche un second site de préfabrication de murs ossature bois, 4 000 m², bois local.",
        ("done", 0),
    ),
    "Charpentes Vendéennes": (
        "A",
        1,
        "Projet d'unité de lamellé-collé ; intéressé par le douglas de Margeride.",
        ("done", 2),
    ),
    "Parquets du Nivernais": ("C", 1, "Veille ; pas de projet avant 2014.", ("done", 0)),
    "Panneaux Bretagne Isolation": (
        "A",
        2,
        "Usine de panneaux en fibre de bois : 40 emplois, terrain de 5 ha embranché ou proche A75.",
        ("done", 0),
    ),
    "Scierie Ardennaise Lambert": (
        "B",
        2,
        "Reprise d'une scierie envisagée ; demande la liste des bâtiments disponibles.",
        ("done", 1),
    ),
    "Éco-Habitat Limousin": ("D", 0, "Visite de courtoisie.", None),
    "Conserverie Les Délices d'Auvergne": (
        "B",
        0,
        "Cherche un atelier de conserverie ; l'abattoir d'Antrenas l'intéresse pour l'approvisionnement.",
        ("done", 0),
    ),
    "Biscuiterie de l'Aveyron": ("C", 1, "Extension possible, plutôt sur place.", ("open",)),
    "Laiterie du Haut-Languedoc": ("B", 1, "Collecte de lait en Margeride ; voir un site de séchage.", ("done", 3)),
    "Charcuterie Fine Rhodanienne": (
        "A",
        2,
        "Séchoir à jambons d'altitude : cherche 2 500 m² en Margeride.",
        ("done", 0),
    ),
    "Plats Cuisinés Bordelais": ("C", 3, "Pas de projet immédiat.", ("open",)),
    "Viandes Bovines du Massif": (
        "A",
        3,
        "Atelier de découpe à côté de l'abattoir d'Antrenas : 18 emplois.",
        ("done", 0),
    ),
    "Confiturerie de Provence": ("B", 4, "Cherche un bâtiment agroalimentaire aux normes, 1 200 m².", ("done", 0)),
    "Boulangerie Industrielle Normande": ("D", 4, "Simple curiosité.", None),
    "Colis Express Logistique": (
        "A",
        1,
        "Plateforme de préparation de commandes près de l'A75, 6 000 m².",
        ("done", 1),
    ),
    "ModeEnLigne": ("C", 2, "Service client délocalisé à l'étude.", ("open",)),
    "Terroir Direct": (
        "B",
        0,
        "Vente en ligne de produits du terroir ; cherche des producteurs lozériens.",
        ("done", 0),
    ),
    "Aéro Composites Occitanie": ("B", 1, "Sous-traitance de pièces composites ; main-d'œuvre qualifiée ?", ("open",)),
    "Maintenance Aéronautique du Sud-Ouest": ("C", 2, "Pas de besoin foncier.", None),
    "Usinage de Précision Auvergnat": ("B", 1, "Usinage pour l'aéronautique ; bâtiment de 800 m².", ("done", 0)),
    "Plasturgie Jurassienne": ("C", 0, "Veille sur les coûts de l'énergie.", ("done", 5)),
    "Céramiques Techniques du Limousin": (
        "B",
        1,
        "Matériaux réfractaires ; visite du parc de Saint-Chély à prévoir.",
        ("done", 0),
    ),
    "Bétons Préfabriqués du Centre": ("D", 2, "Aucun projet.", None),
    "Logiciels Métier Alpins": ("A", 0, "Agence de développeurs à Mende, fibre indispensable.", ("done", 0)),
    "DataCentre Vert": (
        "A",
        1,
        "Centre de données refroidi à l'air libre : le climat de Lozère l'intéresse.",
        ("done", 0),
    ),
    "Agence Web Méditerranée": ("C", 0, "Télétravail de deux salariés.", ("open",)),
    "Studio 3D Atlantique": ("B", 2, "Studio de rendu 3D ; besoin de très haut débit.", ("done", 4)),
    "Hébergeur Cévenol": ("C", 1, "Petit hébergeur, voir POLeN.", None),
    "Forges de la Loire": ("A", 0, "Atelier de forge près de Saint-Chély ; convention de revitalisation.", ("done", 0)),
    "Chaudronnerie Bourguignonne": ("B", 2, "Atelier de chaudronnerie, projet suspendu.", ("done", 2)),
    "Tôlerie Industrielle Picarde": ("C", 3, "Sans suite pour l'instant.", ("open",)),
    "Menuiseries Aluminium Tarnaises": ("B", 1, "Dépôt régional vers le Massif central.", ("done", 0)),
    "Viandes et Salaisons du Cantal": ("A", 1, "Découpe et salaison à Antrenas.", ("done", 1)),
}

# company, title, show of origin, stage, extra fields
PROJECTS = [
    (
        "Atlantique Ossature Bois",
        "Atelier de préfabrication ossature bois",
        "Carrefour International du Bois",
        ProjectStage.WON,
        {
            "jobs_planned": 12,
            "investment_planned": 1800000,
            "building_m2": 4000,
            "jobs_created": 12,
            "investment_realised": 1750000,
            "decided_on": D(2012, 11, 15),
        },
    ),
    (
        "Charpentes Vendéennes",
        "Unité de lamellé-collé",
        "Carrefour International du Bois",
        ProjectStage.PROPOSAL,
        {"jobs_planned": 15, "investment_planned": 2500000, "land_m2": 20000},
    ),
    (
        "Panneaux Bretagne Isolation",
        "Usine de panneaux en fibre de bois",
        "Carrefour International du Bois",
        ProjectStage.SITE_VISIT,
        {
            "code_name": "Projet Mélèze",
            "confidential": True,
            "jobs_planned": 40,
            "investment_planned": 12000000,
            "land_m2": 50000,
            "max_interchange_km": Decimal("5"),
        },
    ),
    (
        "Viandes Bovines du Massif",
        "Atelier de découpe à Antrenas",
        "SIAL Paris",
        ProjectStage.WON,
        {
            "jobs_planned": 18,
            "investment_planned": 2400000,
            "building_m2": 2200,
            "jobs_created": 18,
            "investment_realised": 2350000,
            "decided_on": D(2012, 12, 10),
        },
    ),
    (
        "Charcuterie Fine Rhodanienne",
        "Séchoir à jambons en Margeride",
        "SIAL Paris",
        ProjectStage.DECISION,
        {"jobs_planned": 10, "investment_planned": 1500000, "building_m2": 2500},
    ),
    (
        "Conserverie Les Délices d'Auvergne",
        "Atelier de conserverie",
        "SIAL Paris",
        ProjectStage.LEAD,
        {"jobs_planned": 8, "building_m2": 1500},
    ),
    (
        "Confiturerie de Provence",
        "Bâtiment agroalimentaire de 1 200 m²",
        "SIAL Paris",
        ProjectStage.LOST,
        {"jobs_planned": 6, "lost_reason": "A choisi un bâtiment dans le Vaucluse, plus près de ses vergers."},
    ),
    (
        "Colis Express Logistique",
        "Plateforme logistique e-commerce sur l'A75",
        "E-commerce Paris",
        ProjectStage.ACTIVE,
        {"jobs_planned": 35, "investment_planned": 4000000, "building_m2": 6000, "max_interchange_km": Decimal("2")},
    ),
    (
        "Aéro Composites Occitanie",
        "Atelier de pièces composites",
        "Aeromart Toulouse",
        ProjectStage.LEAD,
        {"jobs_planned": 20},
    ),
    (
        "DataCentre Vert",
        "Centre de données au parc POLeN",
        "Solutions Linux & Open Source",
        ProjectStage.WON,
        {
            "jobs_planned": 6,
            "investment_planned": 3500000,
            "fibre_needed": True,
            "jobs_created": 6,
            "investment_realised": 3600000,
            "decided_on": D(2012, 9, 20),
        },
    ),
    (
        "Forges de la Loire",
        "Atelier de forge du bassin de Saint-Chély",
        "Midest",
        ProjectStage.PROPOSAL,
        {"jobs_planned": 25, "investment_planned": 3000000, "building_m2": 3500, "programme": MALZIEU_PROGRAMME},
    ),
    (
        "Logiciels Métier Alpins",
        "Agence de développement à Mende",
        None,
        ProjectStage.WON,
        {
            "jobs_planned": 4,
            "investment_planned": 150000,
            "fibre_needed": True,
            "jobs_created": 4,
            "investment_realised": 120000,
            "decided_on": D(2012, 6, 30),
        },
    ),
    ("Chaudronnerie Bourguignonne", "Atelier de chaudronnerie", "Midest", ProjectStage.DORMANT, {"jobs_planned": 12}),
]

# Follow-ups dated from today for "my follow-ups": company, title, days from today, assignee.
CURRENT_FOLLOWUPS = [
    ("Charpentes Vendéennes", "Envoyer la proposition de terrain à Saint-Chély", -9, "mission"),
    ("Colis Express Logistique", "Relancer pour la visite de la zone de Mende-Ouest", -2, "mission"),
    ("Charcuterie Fine Rhodanienne", "Appeler la directrice industrielle : décision du conseil", 0, "mission"),
    ("Conserverie Les Délices d'Auvergne", "Envoyer le dossier de l'abattoir d'Antrenas", 0, "malzieu"),
    ("Forges de la Loire", "Préparer le comité de la convention de revitalisation", 0, "malzieu"),
    ("Panneaux Bretagne Isolation", "Point avec la direction sur le projet Mélèze", 1, "direction"),
    ("Aéro Composites Occitanie", "Organiser une rencontre avec le lycée technique", 3, "mission"),
    ("Biscuiterie de l'Aveyron", "Proposer un rendez-vous à Rodez", 6, "mission"),
]


def demo_siret(index):
    """A valid, stable SIRET for the index-th demo company (head office, NIC 0001x)."""
    siren_body = f"{41_720_000 + index * 3_137:08d}"
    siren = siren_body + luhn_key(siren_body)
    nic_body = siren + "0001"
    return nic_body + luhn_key(nic_body)


def _slug(name):
    from django.utils.text import slugify

    return slugify(name).replace("-", "")[:20]


def _aware(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _trade_shows():
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    shows = {}
    for name, scope, organiser, website, slugs in TRADE_SHOWS:
        show = TradeShow.objects.filter(name=name).first()
        if show is None:
            show = services.tradeshow_create(
                name=name,
                scope=scope,
                organiser=organiser,
                website=website,
                sectors=[sectors[slug] for slug in slugs if slug in sectors],
                is_demo=True,
            )
        shows[name] = show
    return shows


def _companies(users):
    companies = {}
    for index, (name, naf, postcode, city, band, person, _show) in enumerate(COMPANIES):
        siret = demo_siret(index)
        company = Company.objects.filter(siret=siret).first()
        if company is None:
            company = prospect_services.company_create(
                name=name,
                siret=siret,
                naf_code=naf,
                postcode=postcode,
                city=city,
                workforce_band=band,
                legal_form="5710" if band >= WorkforceBand.B21 else "5499",
                website=f"https://www.{_slug(name)}.fr",
                owner=users["malzieu"] if postcode.startswith(LOZERE_PREFIX) else users["mission"],
                source="Démonstration",
                is_demo=True,
            )
        first_name, last_name, job_title = person
        if not Contact.objects.filter(company=company, last_name=last_name).exists():
            prospect_services.contact_create(
                company=company,
                first_name=first_name,
                last_name=last_name,
                job_title=job_title,
                email=f"{_slug(first_name)}.{_slug(last_name)}@{_slug(name)}.fr",
                phone=f"0{4 + index % 2} {66 + index % 30:02d} {10 + index:02d} {20 + index:02d} {30 + index:02d}",
                is_primary=True,
            )
        companies[name] = company
    return companies


def _appearances(users, shows, companies):
    appearances = {}
    lozere_wood = [
        c for c in companies.values() if c.postcode.startswith(LOZERE_PREFIX) and c.naf_code_id[:2] in ("16", "43")
    ]
    lozere_food = [c for c in companies.values() if c.postcode.startswith(LOZERE_PREFIX) and c.naf_code_id[:2] == "10"]
    partners = {"Carrefour International du Bois": lozere_wood, "SIAL Paris": lozere_food}
    for show_name, starts_on, ends_on, city, venue, stand, cost, target, objectives, staff, notes in APPEARANCES:
        show = shows[show_name]
        appearance = Appearance.objects.filter(trade_show=show, year=starts_on.year).first()
        if appearance is None:
            appearance = services.appearance_create(
                trade_show=show,
                starts_on=starts_on,
                ends_on=ends_on,
                city=city,
                venue=venue,
                stand=stand,
                cost=cost,
                meetings_target=target,
                objectives=objectives,
                notes=notes,
                staff=[users[name] for name in staff],
                partner_companies=partners.get(show_name, []),
                is_demo=True,
            )
        appearances[show_name] = appearance
    return appearances


def _leads(users, companies, appearances):
    from events.workdays import due_on_for_grade

    shows_by_company = {name: show for name, *_rest, show in COMPANIES}
    for name, (grade, day, summary, followup) in LEADS.items():
        company = companies[name]
        appearance = appearances[shows_by_company[name]]
        if Interaction.objects.filter(company=company, appearance=appearance).exists():
            continue
        met_on = appearance.starts_on + datetime.timedelta(days=day)
        staff = list(appearance.staff.all())
        logged_by = staff[len(name) % len(staff)]
        interaction = prospect_services.interaction_log(
            company=company,
            kind=InteractionKind.STAND,
            occurred_at=_aware(met_on, 10 + len(name) % 7),
            summary=summary,
            logged_by=logged_by,
            contacts=list(company.contacts.all()[:1]),
            appearance=appearance,
            lead_grade=grade,
        )
        if followup is None:
            continue
        due_on = due_on_for_grade(grade, met_on)
        created = prospect_services.followup_create(
            company=company,
            title=f"Relance après {appearance}",
            due_on=due_on,
            assignee=logged_by,
            created_by=logged_by,
            interaction=interaction,
        )
        if followup[0] == "done":
            prospect_services.followup_complete(followup=created, actor=logged_by)
            # Done in 2012, not today: the on-time share depends on it.
            done_on = due_on + datetime.timedelta(days=followup[1])
            FollowUp.objects.filter(pk=created.pk).update(done_at=_aware(done_on, 16))


def _programme(name):
    model = Project._meta.get_field("programme").related_model
    return model.objects.filter(name=name).first()


def _projects(users, companies, appearances):
    for company_name, title, show_name, stage, extra in PROJECTS:
        company = companies[company_name]
        if Project.objects.filter(company=company, title=title).exists():
            continue
        extra = dict(extra)
        won_fields = {
            key: extra.pop(key)
            for key in ("jobs_created", "investment_realised", "decided_on", "lost_reason")
            if key in extra
        }
        if "programme" in extra:
            extra["programme"] = _programme(extra["programme"])
        appearance = appearances.get(show_name)
        opened_on = appearance.ends_on + datetime.timedelta(days=10) if appearance else D(2012, 3, 12)
        owner = users["malzieu"] if extra.get("programme") else users["mission"]
        project = prospect_services.project_create(
            company=company,
            title=title,
            actor=owner,
            stage=ProjectStage.ACTIVE if stage in (ProjectStage.WON, ProjectStage.LOST) else stage,
            opened_on=opened_on,
            origin_appearance=appearance,
            team=[users["direction"]] if extra.get("confidential") else [],
            is_demo=True,
            **extra,
        )
        if stage in (ProjectStage.WON, ProjectStage.LOST):
            prospect_services.project_move_stage(project=project, stage=stage, actor=owner, **won_fields)


def _current_followups(users, companies):
    today = timezone.localdate()
    for company_name, title, days, username in CURRENT_FOLLOWUPS:
        company = companies[company_name]
        if FollowUp.objects.filter(company=company, title=title).exists():
            continue
        project = Project.objects.filter(company=company).first()
        prospect_services.followup_create(
            company=company,
            title=title,
            due_on=today + datetime.timedelta(days=days),
            assignee=users[username],
            created_by=users[username],
            project=project,
        )


def seed(users):
    shows = _trade_shows()
    companies = _companies(users)
    appearances = _appearances(users, shows, companies)
    _leads(users, companies, appearances)
    _projects(users, companies, appearances)
    _current_followups(users, companies)
    return appearances
