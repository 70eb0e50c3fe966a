"""Communes and postcodes from La Poste's base (shipped in prospects/data)."""

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .identifiers import fold

DATA_FILE = Path(__file__).resolve().parent / "data" / "laposte_hexasmal.csv"


@dataclass(frozen=True)
class Commune:
    insee_code: str
    name: str
    postcode: str
    latitude: float | None
    longitude: float | None

    @property
    def department(self):
        return department_of_insee(self.insee_code)


def department_of_insee(insee_code):
    """``48095`` → ``48``; Corsica ``2A``/``2B``; overseas ``971``…"""
    if insee_code.startswith("97") or insee_code.startswith("98"):
        return insee_code[:3]
    return insee_code[:2]


@lru_cache(maxsize=1)
def _index():
    by_postcode = defaultdict(list)
    by_insee = {}
    seen = set()
    with DATA_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            key = (row["Code_commune_INSEE"], row["Code_postal"])
            if key in seen:
                continue
            seen.add(key)
            lat = lng = None
            if row["coordonnees_gps"]:
                lat_text, lng_text = row["coordonnees_gps"].split(",")
                lat, lng = float(lat_text), float(lng_text)
            commune = Commune(row["Code_commune_INSEE"], row["Nom_commune"], row["Code_postal"], lat, lng)
            by_postcode[commune.postcode].append(commune)
            by_insee.setdefault(commune.insee_code, commune)
    return by_postcode, by_insee


def communes_for_postcode(postcode):
    return list(_index()[0].get(postcode or "", []))


def commune_by_insee(insee_code):
    return _index()[1].get(insee_code)


def find_commune(postcode, city=""):
    """The commune for a postcode, picking by name when several share it."""
    candidates = communes_for_postcode(postcode)
    if not candidates:
        return None
    wanted = fold(city).replace("-", " ").replace("'", " ")
    if wanted:
        for commune in candidates:
            if fold(commune.name).replace("-", " ") == wanted:
                return commune
        for commune in candidates:
            if fold(commune.name).startswith(wanted) or wanted.startswith(fold(commune.name)):
                return commune
    return candidates[0]


def department_for(postcode, city=""):
    commune = find_commune(postcode, city)
    if commune:
        return commune.department
    return ""
