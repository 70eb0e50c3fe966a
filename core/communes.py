"""Communes and postcodes from La Poste's base (shipped in core/data)."""

import csv
import re
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


@lru_cache(maxsize=1)
def departments():
    """Every département code in the base, in order (``01`` … ``2A``, ``2B`` … ``976``)."""
    return tuple(sorted({commune.department for commune in _index()[1].values()}))


def communes_for_postcode(postcode):
    return list(_index()[0].get(postcode or "", []))


def commune_by_insee(insee_code):
    return _index()[1].get(insee_code)


@lru_cache(maxsize=65_536)
def _comparable(name):
    """A commune name as La Poste writes it: ``Saint-Chély-d'Apcher`` → ``st chely d apcher``."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(name)).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


_ABBREVIATIONS = {"saint": "st", "sainte": "ste"}


def match_commune(postcode, city=""):
    """The commune for a postcode and a city name, or the postcode's only commune; None when unsure."""
    candidates = communes_for_postcode(postcode)
    if len(candidates) == 1:
        return candidates[0]
    wanted = _comparable(city)
    if not wanted:
        return None
    for commune in candidates:
        if _comparable(commune.name) == wanted:
            return commune
    for commune in candidates:
        name = _comparable(commune.name)
        if name.startswith(wanted) or wanted.startswith(name):
            return commune
    return None


def find_commune(postcode, city=""):
    """The commune for a postcode, picking by name when several share it (else the first listed)."""
    candidates = communes_for_postcode(postcode)
    if not candidates:
        return None
    return match_commune(postcode, city) or candidates[0]


def department_for(postcode, city=""):
    commune = find_commune(postcode, city)
    if commune:
        return commune.department
    return ""
