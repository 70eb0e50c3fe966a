"""sirene_load on generated files: rows right field by field, partial diffusion without the person, reruns, signals."""

import io
import tracemalloc

import pytest
from django.core.management import CommandError, call_command

from directory.fake import COLUMNS, fake_rows, siret_for, write_rows
from directory.models import ChangeKind, DirectoryChange, Establishment
from tests.prospects.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def row(siren_number, nic=1, **fields):
    base = next(fake_rows(1, seed=siren_number, first_siren=siren_number))
    siret = siret_for(base["siren"], nic)
    base.update(siret=siret, nic=siret[9:], etatAdministratifEtablissement="A", statutDiffusionEtablissement="O")
    base.update(fields)
    return base


def load(tmp_path, rows, name="stock.csv", *args, geo=False):
    path = tmp_path / name
    write_rows(rows, path, geo=geo)
    out, err = io.StringIO(), io.StringIO()
    call_command("sirene_load", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_fields_are_read_as_insee_writes_them(tmp_path):
    source = row(
        200_001,
        denominationUniteLegale="FROMAGERIE DES CAUSSES",
        categorieJuridiqueUniteLegale="5499",
        enseigne1Etablissement="LA CAVE",
        codePostalEtablissement="01000",
        codeCommuneEtablissement="01053",
        libelleCommuneEtablissement="BOURG-EN-BRESSE",
        activitePrincipaleEtablissement="10.51C",
        trancheEffectifsEtablissement="12",
        anneeEffectifsEtablissement="2022",
        dateCreationEtablissement="1998-04-01",
        etablissementSiege="true",
        numeroVoieEtablissement="12",
        typeVoieEtablissement="AV",
        libelleVoieEtablissement="DE LA GARE",
        latitude="46.2",
        longitude="5.22",
    )
    out, err = load(tmp_path, [source], "geo.zip", geo=True)
    establishment = Establishment.objects.get()
    assert establishment.siret == source["siret"]
    assert establishment.siren == source["siren"]
    assert establishment.name == "FROMAGERIE DES CAUSSES"
    assert establishment.sign == "LA CAVE"
    assert establishment.legal_category == "5499"
    assert establishment.naf == "10.51C"
    assert establishment.workforce_band == "12"
    assert establishment.workforce_year == 2022
    assert establishment.created_on.isoformat() == "1998-04-01"
    assert establishment.head_office and establishment.active
    assert establishment.address == "12 avenue DE LA GARE"
    assert establishment.postcode == "01000"
    assert establishment.commune_code == "01053"
    assert establishment.department == "01"
    assert (establishment.latitude, establishment.longitude) == (46.2, 5.22)
    assert establishment.diffusion == "O"
    assert establishment.search_name == "fromagerie des causses la cave bourg-en-bresse"
    assert "1 lignes lues, 1 retenues, 1 établissements nouveaux, 0 signaux" in out
    assert "lignes/s" in err


def test_partial_diffusion_keeps_no_personal_data(tmp_path):
    source = row(
        200_002,
        statutDiffusionEtablissement="P",
        categorieJuridiqueUniteLegale="1000",
        denominationUniteLegale="",
        nomUniteLegale="DUPONT",
        prenom1UniteLegale="MARIE",
        enseigne1Etablissement="FROMAGERIE DUPONT",
        denominationUsuelleEtablissement="MARIE DUPONT FROMAGES",
        latitude="44.5",
        longitude="3.5",
    )
    load(tmp_path, [source], geo=True)
    establishment = Establishment.objects.get()
    stored = " ".join(str(getattr(establishment, f.attname)) for f in Establishment._meta.fields).lower()
    assert "dupont" not in stored and "marie" not in stored
    assert establishment.name == f"Entrepreneur individuel {source['siret']}"
    assert establishment.address == "" and establishment.latitude is None
    assert establishment.naf == source["activitePrincipaleEtablissement"]
    assert establishment.postcode == source["codePostalEtablissement"]
    assert establishment.diffusion == "P"


def test_a_public_sole_trader_is_named_after_the_person(tmp_path):
    load(
        tmp_path,
        [
            row(
                200_003,
                categorieJuridiqueUniteLegale="1000",
                denominationUniteLegale="",
                nomUniteLegale="ROUX",
                prenom1UniteLegale="LUCIE",
            )
        ],
    )
    assert Establishment.objects.get().name == "LUCIE ROUX"


def test_filters_keep_departments_naf_prefixes_and_active_rows(tmp_path):
    rows = [
        row(200_010, codeCommuneEtablissement="48095", activitePrincipaleEtablissement="16.10A"),
        row(200_011, codeCommuneEtablissement="12145", activitePrincipaleEtablissement="10.13A"),
        row(200_012, codeCommuneEtablissement="12145", activitePrincipaleEtablissement="10.51C"),
        row(200_013, codeCommuneEtablissement="69123", activitePrincipaleEtablissement="16.10A"),
        row(
            200_014,
            codeCommuneEtablissement="48095",
            activitePrincipaleEtablissement="24.10Z",
            etatAdministratifEtablissement="F",
        ),
    ]
    load(tmp_path, rows, "stock.csv", "--departements", "48,12", "--naf", "16,10.1,24", "--actifs")
    assert sorted(Establishment.objects.values_list("naf", flat=True)) == ["10.13A", "16.10A"]


def test_a_spreadsheet_resaved_in_windows_1252_with_semicolons_is_read(tmp_path):
    source = row(200_020, denominationUniteLegale="SCIERIE DU GÉVAUDAN", codePostalEtablissement="04000")
    path = tmp_path / "resaved.csv"
    with open(path, "w", encoding="cp1252", newline="") as handle:
        handle.write(";".join(COLUMNS) + "\r\n")
        handle.write(";".join(source[column] for column in COLUMNS) + "\r\n")
    call_command("sirene_load", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    establishment = Establishment.objects.get()
    assert establishment.name == "SCIERIE DU GÉVAUDAN"
    assert establishment.postcode == "04000"


def test_a_file_that_is_not_sirene_is_refused_in_french(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("nom,ville\nA,B\n", encoding="utf-8")
    with pytest.raises(CommandError, match="n'est pas un fichier d'établissements SIRENE"):
        call_command("sirene_load", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="introuvable"):
        call_command("sirene_load", str(tmp_path / "missing.zip"), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Establishment.objects.exists()


def test_rerun_updates_in_place_and_records_exactly_the_signals_of_followed_sirens(tmp_path):
    followed = [row(300_000 + n, trancheEffectifsEtablissement="11") for n in range(6)]
    others = [row(400_000 + n, trancheEffectifsEtablissement="11") for n in range(4)]
    for source in followed:
        CompanyFactory(siret=source["siret"], name=source["denominationUniteLegale"] or "X")
    load(tmp_path, followed + others, "month1.csv")
    assert Establishment.objects.count() == 10
    assert not DirectoryChange.objects.exists()

    month2 = [dict(source) for source in followed + others]
    for source in month2[:3]:
        source["etatAdministratifEtablissement"] = "F"
    month2[3]["trancheEffectifsEtablissement"] = "12"
    # Changes of SIRENs nobody follows are not signals.
    month2[6]["etatAdministratifEtablissement"] = "F"
    month2[7]["trancheEffectifsEtablissement"] = "21"
    new_ones = [row(300_004, nic=2), row(300_005, nic=3), row(400_001, nic=2)]
    out, _err = load(tmp_path, month2 + new_ones, "month2.zip")

    assert Establishment.objects.count() == 13
    assert Establishment.objects.filter(active=False).count() == 4
    kinds = sorted(DirectoryChange.objects.values_list("kind", flat=True))
    assert kinds == sorted([ChangeKind.CLOSED] * 3 + [ChangeKind.BAND_UP] + [ChangeKind.NEW_ESTABLISHMENT] * 2)
    band = DirectoryChange.objects.get(kind=ChangeKind.BAND_UP)
    assert (band.before, band.after, band.company.siret) == ("11", "12", followed[3]["siret"])
    assert "6 signaux" in out

    load(tmp_path, month2 + new_ones, "month2-again.csv")
    assert DirectoryChange.objects.count() == 6


def test_a_closure_and_a_new_establishment_of_one_siren_are_one_move(tmp_path):
    first = row(500_001, codeCommuneEtablissement="48095", codePostalEtablissement="48000")
    CompanyFactory(siret=first["siret"], name="Scierie")
    load(tmp_path, [first], "m1.csv")
    moved = dict(first, etatAdministratifEtablissement="F")
    elsewhere = row(
        500_001,
        nic=2,
        codeCommuneEtablissement="12145",
        codePostalEtablissement="12100",
        libelleCommuneEtablissement="MILLAU",
    )
    load(tmp_path, [moved, elsewhere], "m2.csv")
    change = DirectoryChange.objects.get()
    assert change.kind == ChangeKind.MOVED
    assert change.establishment.siret == elsewhere["siret"]
    assert "12100 MILLAU" in change.after and "48000" in change.before


def test_memory_stays_flat_while_reading(tmp_path):
    small, large = tmp_path / "small.zip", tmp_path / "large.zip"
    write_rows(fake_rows(2_000), small)
    write_rows(fake_rows(20_000), large)

    def peak(path):
        tracemalloc.start()
        call_command("sirene_load", str(path), stdout=io.StringIO(), stderr=io.StringIO())
        peak_bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak_bytes

    peak(small)
    assert peak(large) < 3 * peak(small) + 4_000_000


def _legal_units(tmp_path, rows):
    columns = [
        "siren",
        "statutDiffusionUniteLegale",
        "categorieJuridiqueUniteLegale",
        "denominationUniteLegale",
        "nomUniteLegale",
        "prenom1UniteLegale",
        "prenomUsuelUniteLegale",
        "nomUsageUniteLegale",
    ]
    path = tmp_path / "StockUniteLegale_utf8.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(columns) + "\n")
        for row in rows:
            handle.write(",".join(row.get(column, "") for column in columns) + "\n")
    out = io.StringIO()
    call_command("sirene_load", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_legal_unit_file_names_the_establishments_of_the_stock(tmp_path):
    company = row(600_001, denominationUniteLegale="", categorieJuridiqueUniteLegale="", enseigne1Etablissement="")
    person = row(600_002, denominationUniteLegale="", categorieJuridiqueUniteLegale="", enseigne1Etablissement="")
    objector = row(
        600_003,
        denominationUniteLegale="",
        categorieJuridiqueUniteLegale="",
        statutDiffusionEtablissement="P",
        enseigne1Etablissement="",
    )
    load(tmp_path, [company, person, objector], "StockEtablissement.csv")
    assert Establishment.objects.get(siret=company["siret"]).name == company["siret"]

    out = _legal_units(
        tmp_path,
        [
            {
                "siren": company["siren"],
                "statutDiffusionUniteLegale": "O",
                "categorieJuridiqueUniteLegale": "5710",
                "denominationUniteLegale": "LAITERIE DU LOT",
            },
            {
                "siren": person["siren"],
                "statutDiffusionUniteLegale": "O",
                "categorieJuridiqueUniteLegale": "1000",
                "nomUniteLegale": "FABRE",
                "prenom1UniteLegale": "JEAN",
            },
            {
                "siren": objector["siren"],
                "statutDiffusionUniteLegale": "P",
                "categorieJuridiqueUniteLegale": "1000",
                "nomUniteLegale": "ROUX",
                "prenom1UniteLegale": "LUCIE",
            },
            # A SIREN the directory does not hold is not kept.
            {
                "siren": "552100554",
                "statutDiffusionUniteLegale": "O",
                "denominationUniteLegale": "AILLEURS",
                "categorieJuridiqueUniteLegale": "5499",
            },
        ],
    )
    assert "3 retenues" in out
    named = Establishment.objects.get(siret=company["siret"])
    assert (named.name, named.legal_category) == ("LAITERIE DU LOT", "5710")
    assert named.search_name.startswith("laiterie du lot")
    assert Establishment.objects.get(siret=person["siret"]).name == "JEAN FABRE"
    hidden = Establishment.objects.get(siret=objector["siret"])
    assert "roux" not in hidden.name.lower() and "lucie" not in hidden.search_name

    # Next month's establishment file keeps the names its legal units gave.
    load(tmp_path, [company, person, objector], "StockEtablissement-next.csv")
    assert Establishment.objects.get(siret=company["siret"]).name == "LAITERIE DU LOT"
    assert "roux" not in Establishment.objects.get(siret=objector["siret"]).name.lower()
