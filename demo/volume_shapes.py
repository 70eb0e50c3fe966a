"""The shape of the volume data: how many of each thing, in what proportions, with which names.

Read by ``seed_volume``: weights of départements, sectors, workforce bands and
legal forms as they are found in the SIRENE register, and the lists of names,
titles and summaries its rows are drawn from.
"""

from events.models import Scope
from prospects.models import CompanyStage, InteractionKind, LeadGrade, LegalForm, WorkforceBand

VOLUME_SOURCE = "volume"
VOLUME_PASSWORD = "lozdev-demo"
YEARS = 5
MISSION_USERS = 42
DIRECTION_USERS = 8
APPEARANCES = 40
ZONES = 60
SITES = 2000
COMPANIES_PER_PROJECT = 100
# Share of interactions logged on a stand: a few hundred leads per show at
# 200,000 companies, what a busy national show brings a small team.
STAND_SHARE = 0.015

# Lozère and its neighbours are where the agency's own companies and partners
# are; the large economic départements are where most prospects come from.
DEPARTMENT_WEIGHTS = {
    "48": 30,
    "15": 8,
    "43": 8,
    "07": 8,
    "30": 8,
    "12": 8,
    "34": 10,
    "63": 6,
    "75": 12,
    "69": 10,
    "13": 8,
    "31": 8,
    "33": 6,
    "44": 6,
    "59": 6,
    "92": 6,
    "67": 4,
    "38": 4,
}
OTHER_DEPARTMENT_WEIGHT = 1

# (sector slug or None for NAF codes outside every sector, weight, activity words)
SECTOR_SHAPES = [
    ("bois", 12, ["Scierie", "Menuiserie", "Charpentes", "Ébénisterie", "Parqueterie", "Bois Énergie", "Scieries"]),
    ("agroalimentaire", 15, ["Fromagerie", "Salaisons", "Biscuiterie", "Brasserie", "Laiterie", "Conserverie"]),
    ("metallurgie", 8, ["Métallerie", "Chaudronnerie", "Fonderie", "Mécanique de précision", "Usinage"]),
    ("numerique", 12, ["Informatique", "Logiciels", "Web Services", "Données", "Numérique"]),
    ("e-commerce", 6, ["Boutique en ligne", "Vente à distance", "Distribution"]),
    ("aeronautique", 3, ["Aéro Composites", "Aéronautique", "Maintenance aéronautique"]),
    ("materiaux", 6, ["Carrières", "Béton", "Plasturgie", "Céramiques"]),
    (None, 38, ["Transports", "Conseil", "Bâtiment", "Nettoyage", "Garage", "Hôtellerie", "Services", "Négoce"]),
]

WORKFORCE_WEIGHTS = {
    WorkforceBand.UNKNOWN: 10,
    WorkforceBand.NONE: 20,
    WorkforceBand.B01: 18,
    WorkforceBand.B02: 14,
    WorkforceBand.B03: 10,
    WorkforceBand.B11: 10,
    WorkforceBand.B12: 8,
    WorkforceBand.B21: 4,
    WorkforceBand.B22: 3,
    WorkforceBand.B31: 1,
    WorkforceBand.B32: 1,
    WorkforceBand.B41: 0.5,
    WorkforceBand.B42: 0.3,
    WorkforceBand.B51: 0.15,
    WorkforceBand.B52: 0.05,
    WorkforceBand.B53: 0.02,
}
LEGAL_FORM_WEIGHTS = {
    LegalForm.SAS: 30,
    LegalForm.SARL: 30,
    LegalForm.SASU: 12,
    LegalForm.SOLE_TRADER: 10,
    LegalForm.SA: 5,
    LegalForm.SCI: 3,
    LegalForm.ASSOCIATION: 3,
    LegalForm.SCOP: 2,
    LegalForm.COOP: 2,
    LegalForm.SNC: 1,
    LegalForm.OTHER: 2,
}
LEGAL_FORM_WORD = {LegalForm.SAS: "SAS", LegalForm.SARL: "SARL", LegalForm.SASU: "SASU", LegalForm.SA: "SA"}
# Stage of a company never contacted, then of one that was.
UNTOUCHED_STAGES = {CompanyStage.IDENTIFIED: 80, CompanyStage.TARGETED: 20}
TOUCHED_STAGES = {
    CompanyStage.CONTACTED: 55,
    CompanyStage.IN_DISCUSSION: 15,
    CompanyStage.PROJECT: 3,
    CompanyStage.ESTABLISHED: 2,
    CompanyStage.LOST: 10,
    CompanyStage.DORMANT: 15,
}
GRADE_WEIGHTS = {LeadGrade.A: 10, LeadGrade.B: 25, LeadGrade.C: 35, LeadGrade.D: 30}
KIND_WEIGHTS = {
    InteractionKind.PHONE: 35,
    InteractionKind.EMAIL: 30,
    InteractionKind.MEETING: 10,
    InteractionKind.VIDEO: 8,
    InteractionKind.SITE_VISIT: 3,
    InteractionKind.LETTER: 4,
}
# Counts per company whose means are the asked-for proportions (×2, ×5, ×1).
CONTACT_COUNTS = [0, 1, 1, 2, 2, 2, 3, 3, 4]
INTERACTION_COUNTS = [0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 18]
FOLLOWUP_COUNTS = [0, 0, 0, 1, 1, 1, 2, 2, 2]

PLACES = [
    "Gévaudan",
    "Aubrac",
    "Margeride",
    "Cévennes",
    "Causses",
    "Mont Lozère",
    "Vivarais",
    "Velay",
    "Rouergue",
    "Auvergne",
    "Languedoc",
    "Massif Central",
    "Lot",
    "Tarn",
    "l'Allier",
    "Sud",
    "Plateau",
]
SURNAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Chabert",
    "Bérard",
    "Séguin",
    "Pagès",
    "Boyer",
    "Rouvière",
    "Brunel",
    "Vidal",
    "Fabre",
    "Astruc",
    "Malet",
    "Mazel",
    "Bonnet",
    "Gauthier",
    "Lefèvre",
    "Mercier",
    "Girard",
    "André",
    "Roux",
    "Fournier",
    "Morel",
    "Chevalier",
    "Rousseau",
    "Hébrard",
    "Plantier",
    "Delmas",
    "Couderc",
    "Rivière",
    "Bastide",
    "Caussé",
    "Amblard",
    "Teissèdre",
    "Prouhèze",
    "Valentin",
    "Noël",
    "Périé",
    "Maurin",
]
FIRST_NAMES = [
    "Camille",
    "Julie",
    "Hélène",
    "Jérôme",
    "Frédéric",
    "Léa",
    "Anaïs",
    "Noël",
    "Thomas",
    "Nicolas",
    "Isabelle",
    "Sébastien",
    "Céline",
    "Mathieu",
    "Sophie",
    "Élodie",
    "Pierre",
    "Marie",
    "Benoît",
    "Aurélie",
    "François",
    "Chloé",
    "Loïc",
    "Émilie",
    "Antoine",
    "Inès",
]
JOB_TITLES = [
    "Gérant",
    "Gérante",
    "Président",
    "Directrice générale",
    "Directeur administratif et financier",
    "Responsable de production",
    "Directeur du développement",
    "Responsable immobilier",
    "Assistante de direction",
    "Directeur industriel",
    "",
]
SUMMARIES = [
    "Premier contact, intérêt pour une implantation dans le sud du Massif Central.",
    "Cherche un bâtiment de 1 500 m² proche de l'A75, fibre indispensable.",
    "Envoi de la plaquette des zones d'activités et des aides régionales.",
    "Rendez-vous avec la direction : projet d'extension à deux ans.",
    "Pas de projet à court terme, à relancer l'an prochain.",
    "Intéressé par le parc technologique et le foncier disponible.",
    "Demande de chiffrage pour un terrain viabilisé de 5 000 m².",
    "Visite du site avec le dirigeant et l'expert-comptable.",
    "Recrutement difficile : questions sur le bassin d'emploi.",
    "Relance téléphonique, dossier transmis au conseil d'administration.",
]
FOLLOWUP_TITLES = [
    "Rappeler le dirigeant",
    "Envoyer la plaquette des zones",
    "Proposer une visite de site",
    "Transmettre le chiffrage du terrain",
    "Relancer après le salon",
    "Préparer le rendez-vous",
    "Envoyer les aides mobilisables",
]
PROJECT_TITLES = [
    "Création d'une unité de production",
    "Extension de l'atelier",
    "Plateforme logistique",
    "Relocalisation du siège",
    "Agence commerciale",
    "Centre de services numériques",
    "Atelier de transformation",
]
CODE_NAMES = ["Aubrac", "Lot", "Truyère", "Tarn", "Colagne", "Bès", "Jonte", "Altier", "Chassezac", "Bramont"]
LOST_REASONS = ["Site retenu dans une autre région.", "Projet abandonné.", "Financement non obtenu."]
# Trade shows: name, scope, month, length in days, city, sector slugs.
SHOWS = [
    ("SIAL Paris (volume)", Scope.INTERNATIONAL, 10, 5, "Paris", ["agroalimentaire"]),
    ("Carrefour International du Bois (volume)", Scope.INTERNATIONAL, 6, 3, "Nantes", ["bois"]),
    ("Batimat (volume)", Scope.INTERNATIONAL, 11, 5, "Paris", ["bois", "materiaux"]),
    ("Global Industrie (volume)", Scope.NATIONAL, 3, 4, "Lyon", ["metallurgie", "materiaux"]),
    ("E-commerce Paris (volume)", Scope.NATIONAL, 9, 3, "Paris", ["e-commerce", "numerique"]),
    ("Salon du Bourget (volume)", Scope.INTERNATIONAL, 6, 7, "Le Bourget", ["aeronautique"]),
    ("JEC World (volume)", Scope.INTERNATIONAL, 3, 3, "Paris", ["materiaux", "aeronautique"]),
    ("VivaTech (volume)", Scope.INTERNATIONAL, 5, 4, "Paris", ["numerique"]),
    ("Sommet de l'Élevage (volume)", Scope.NATIONAL, 10, 4, "Cournon-d'Auvergne", ["agroalimentaire"]),
    ("Euro Bois Lyon (volume)", Scope.REGIONAL, 2, 3, "Lyon", ["bois"]),
]
ZONE_PREFIXES = ["ZA", "ZAE", "Parc d'activités", "Zone artisanale", "Parc technologique"]
