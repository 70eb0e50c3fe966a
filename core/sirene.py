"""How INSEE's SIRENE files spell an address, shared by the import and the directory."""

STREET_TYPES = {
    "AV": "avenue",
    "BD": "boulevard",
    "CHE": "chemin",
    "IMP": "impasse",
    "PL": "place",
    "QUA": "quartier",
    "RTE": "route",
    "ALL": "allée",
    "LD": "lieu-dit",
    "ZA": "ZA",
    "ZI": "ZI",
    "ZAC": "ZAC",
}


def street_address(number, repetition, street_type, street):
    """« 12 bis avenue de la Gare » from SIRENE's four address columns (the type as its code, « AV »)."""
    kind = STREET_TYPES.get(street_type.upper(), street_type.lower())
    return " ".join(part for part in [number, repetition, kind, street] if part)
