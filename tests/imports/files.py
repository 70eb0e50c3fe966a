"""Building the files a user would upload."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from stdnum.luhn import calc_check_digit


def siret(number, nic=1):
    siren = f"{number:08d}"
    siren += calc_check_digit(siren)
    body = siren + f"{nic:04d}"
    return body + calc_check_digit(body)


def bad_siret(number):
    good = siret(number)
    return good[:-1] + str((int(good[-1]) + 1) % 10)


def csv_bytes(header, rows, delimiter=",", encoding="utf-8"):
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(header, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


TEMPLATE_HEADER = ["Raison sociale", "SIRET", "Code NAF", "Tranche d'effectifs", "Code postal", "Commune", "Adresse"]

SIRENE_HEADER = [
    "siren",
    "nic",
    "siret",
    "statutDiffusionEtablissement",
    "etatAdministratifEtablissement",
    "denominationUniteLegale",
    "nomUniteLegale",
    "prenom1UniteLegale",
    "categorieJuridiqueUniteLegale",
    "enseigne1Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "trancheEffectifsEtablissement",
    "numeroVoieEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
]


def sirene_row(number, *, name="", last="", first="", legal="5710", status="O", state="A", naf="16.10A", **extra):
    value = siret(number)
    row = {
        "siren": value[:9],
        "nic": value[9:],
        "siret": value,
        "statutDiffusionEtablissement": status,
        "etatAdministratifEtablissement": state,
        "denominationUniteLegale": name,
        "nomUniteLegale": last,
        "prenom1UniteLegale": first,
        "categorieJuridiqueUniteLegale": legal,
        "enseigne1Etablissement": "",
        "denominationUsuelleEtablissement": "",
        "activitePrincipaleEtablissement": naf,
        "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
        "trancheEffectifsEtablissement": "12",
        "numeroVoieEtablissement": "12",
        "typeVoieEtablissement": "RTE",
        "libelleVoieEtablissement": "DE MENDE",
        "codePostalEtablissement": "48000",
        "libelleCommuneEtablissement": "MENDE",
    }
    row.update(extra)
    return [row[column] for column in SIRENE_HEADER]
