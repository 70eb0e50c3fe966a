"""Realistic generated SIRENE establishment files, for tests and the bench: INSEE's columns, valid SIRETs.

Rows follow the stock file's shape: several establishments per SIREN, one of
them the head office, some closed, some of partial diffusion, sole traders
among them, postcodes with their leading zeros (01…, 04…), dotted NAF codes.
"""

import csv
import datetime
import io
import random
import zipfile

from stdnum.luhn import calc_check_digit

COLUMNS = [
    "siren",
    "nic",
    "siret",
    "statutDiffusionEtablissement",
    "dateCreationEtablissement",
    "trancheEffectifsEtablissement",
    "anneeEffectifsEtablissement",
    "etablissementSiege",
    "categorieJuridiqueUniteLegale",
    "denominationUniteLegale",
    "nomUniteLegale",
    "prenom1UniteLegale",
    "complementAdresseEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "codeCommuneEtablissement",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
]
GEO_COLUMNS = [*COLUMNS, "longitude", "latitude"]

# (commune code, postcode, name, latitude, longitude)
COMMUNES = [
    ("48095", "48000", "MENDE", 44.518, 3.501),
    ("12145", "12100", "MILLAU", 44.098, 3.078),
    ("12202", "12000", "RODEZ", 44.350, 2.575),
    ("01053", "01000", "BOURG-EN-BRESSE", 46.205, 5.226),
    ("04070", "04000", "DIGNE-LES-BAINS", 44.092, 6.236),
    ("2A004", "20000", "AJACCIO", 41.919, 8.738),
    ("69123", "69001", "LYON", 45.764, 4.835),
    ("31555", "31000", "TOULOUSE", 43.604, 1.444),
    ("97411", "97400", "SAINT-DENIS", -20.882, 55.450),
    ("75056", "75011", "PARIS", 48.857, 2.352),
]
NAF = ["10.51C", "10.13A", "16.10A", "16.23Z", "24.10Z", "25.62B", "28.30Z", "47.11B", "62.01Z", "71.12B", "01.41Z"]
BANDS = ["NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41"]
WORDS = ["Fromagerie", "Scierie", "Menuiserie", "Fonderie", "Atelier", "Laiterie", "Ateliers", "Mécanique", "Bois"]
PLACES = ["des Causses", "du Gévaudan", "de l'Aubrac", "du Lot", "des Cévennes", "du Rouergue", "Occitane"]
FIRST = ["Marie", "Jean", "Lucie", "Pierre", "Élodie", "Thomas"]
LAST = ["Dupont", "Martin", "Bernard", "Roux", "Fabre", "Vidal"]
LEGAL = ["5499", "5710", "5720", "5498", "1000", "9220", "5599"]
STREETS = [("RTE", "DE MILLAU"), ("AV", "DU MARECHAL FOCH"), ("RUE", "DE LA REPUBLIQUE"), ("ZA", "DU CHAPITRE")]


def siren_for(number):
    digits = str(number).zfill(8)
    return digits + calc_check_digit(digits)


def siret_for(siren, nic_number):
    body = siren + str(nic_number).zfill(4)
    return body + calc_check_digit(body)


def fake_rows(count, *, seed=17, first_siren=100_000):
    """``count`` rows as dicts of the stock file's columns, the same for the same seed."""
    rng = random.Random(seed)
    made, number = 0, first_siren
    while made < count:
        siren = siren_for(number)
        number += 1
        legal = rng.choice(LEGAL)
        person = legal == "1000"
        denomination = "" if person else f"{rng.choice(WORDS)} {rng.choice(PLACES)}".upper()
        last, first = (rng.choice(LAST).upper(), rng.choice(FIRST).upper()) if person else ("", "")
        partial = person and rng.random() < 0.3
        for nic in range(1, min(rng.choice([1, 1, 1, 2, 3]), count - made) + 1):
            commune = rng.choice(COMMUNES)
            street_type, street = rng.choice(STREETS)
            yield {
                "siren": siren,
                "nic": str(nic).zfill(4) + calc_check_digit(siren + str(nic).zfill(4)),
                "siret": siret_for(siren, nic),
                "statutDiffusionEtablissement": "P" if partial else "O",
                "dateCreationEtablissement": (
                    datetime.date(1970, 1, 1) + datetime.timedelta(days=rng.randrange(20_000))
                ).isoformat(),
                "trancheEffectifsEtablissement": rng.choice(BANDS),
                "anneeEffectifsEtablissement": str(rng.choice([2021, 2022, 2023])),
                "etablissementSiege": "true" if nic == 1 else "false",
                "categorieJuridiqueUniteLegale": legal,
                "denominationUniteLegale": denomination,
                "nomUniteLegale": last,
                "prenom1UniteLegale": first,
                "complementAdresseEtablissement": "",
                "numeroVoieEtablissement": str(rng.randrange(1, 120)),
                "indiceRepetitionEtablissement": "",
                "typeVoieEtablissement": street_type,
                "libelleVoieEtablissement": street,
                "codePostalEtablissement": commune[1],
                "libelleCommuneEtablissement": commune[2],
                "codeCommuneEtablissement": commune[0],
                "etatAdministratifEtablissement": "F" if rng.random() < 0.15 else "A",
                "enseigne1Etablissement": f"{rng.choice(WORDS)} {last.title()}".upper() if person else "",
                "denominationUsuelleEtablissement": "",
                "activitePrincipaleEtablissement": rng.choice(NAF),
                "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
                "latitude": f"{commune[3] + rng.uniform(-0.05, 0.05):.6f}",
                "longitude": f"{commune[4] + rng.uniform(-0.05, 0.05):.6f}",
            }
            made += 1


def write_rows(rows, path, *, geo=False):
    """Write rows as INSEE does (UTF-8, comma, quoted when needed), zipped when ``path`` ends in .zip."""
    columns = GEO_COLUMNS if geo else COLUMNS
    if str(path).endswith(".zip"):
        member = "geo_siret.csv" if geo else "StockEtablissement_utf8.csv"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            with archive.open(member, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
                _write(text, columns, rows)
    else:
        with open(path, "w", encoding="utf-8", newline="") as text:
            _write(text, columns, rows)


def _write(text, columns, rows):
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
