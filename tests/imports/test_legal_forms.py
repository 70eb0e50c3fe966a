"""The legal form of a list typed by a person: a name (« SAS », « S.A.R.L. ») or INSEE's code; an unknown one warns."""

import html

import pytest
from django.urls import reverse

from imports.models import ImportBatch, ImportRow
from imports.rows import read_legal_form
from prospects.models import Company, LegalForm

from . import files

pytestmark = pytest.mark.django_db

HEADER = ["Raison sociale", "Forme juridique", "Code NAF", "Code postal", "Commune"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("SAS", LegalForm.SAS),
        ("S.A.S.", LegalForm.SAS),
        ("sas", LegalForm.SAS),
        ("Société par actions simplifiée", LegalForm.SAS),
        ("SOCIETE PAR ACTIONS SIMPLIFIEE", LegalForm.SAS),
        ("SASU", LegalForm.SASU),
        ("SAS unipersonnelle", LegalForm.SASU),
        ("SARL", LegalForm.SARL),
        ("Sarl", LegalForm.SARL),
        ("S.A.R.L.", LegalForm.SARL),
        ("Société à responsabilité limitée", LegalForm.SARL),
        ("EURL", LegalForm.EURL),
        ("E.U.R.L", LegalForm.EURL),
        ("SA", LegalForm.SA),
        ("S.A.", LegalForm.SA),
        ("société anonyme", LegalForm.SA),
        ("association", LegalForm.ASSOCIATION),
        ("Association loi 1901", LegalForm.ASSOCIATION),
        ("entrepreneur individuel", LegalForm.SOLE_TRADER),
        ("Auto-entrepreneur", LegalForm.SOLE_TRADER),
        ("EI", LegalForm.SOLE_TRADER),
        ("SCI", LegalForm.SCI),
        ("SCOP (SARL coopérative)", LegalForm.SCOP),
        ("5710", LegalForm.SAS),
        ("5499", LegalForm.SARL),
        ("1300", LegalForm.SOLE_TRADER),
        ("5785", LegalForm.OTHER),
        ("", ""),
        ("GIE des sapins", None),
        ("57", None),
    ],
)
def test_a_legal_form_is_read_from_its_name_or_its_code(written, code):
    assert read_legal_form(written) == code


def test_a_list_typed_by_a_person_imports_with_its_legal_forms(direction_client):
    rows = [
        ["Scierie du Gévaudan", "SAS", "16.10A", "48000", "Mende"],
        ["Salaisons de Lozère", "S.A.R.L.", "10.13B", "48100", "Marvejols"],
        ["Menuiserie Causse", "eurl", "16.23Z", "48000", "Mende"],
        ["Foyer rural", "Association", "", "48100", "Marvejols"],
        ["Transports Aubrac", "5710", "49.41A", "48000", "Mende"],
        ["Charpentes du Lot", "GIE", "16.10A", "48000", "Mende"],
    ]
    data = {
        "file": files.upload("liste.csv", files.csv_bytes(HEADER, rows)),
        "source": "Saisie",
        # Warnings do not count as errors: all or nothing still imports everything.
        "all_or_nothing": "on",
    }
    direction_client.post(reverse("imports:import_start"), data)
    batch = ImportBatch.objects.get()
    assert (batch.new_count, batch.error_count, batch.warning_count) == (6, 0, 1)
    warned = ImportRow.objects.get(batch=batch, line=7)
    assert warned.errors == []
    assert warned.warnings == [
        "Forme juridique : « GIE » inconnue, laissée vide. Écrivez par exemple SAS, SARL, EURL, association, "
        "entrepreneur individuel, ou le code INSEE à 4 chiffres (5710)."
    ]

    page = html.unescape(direction_client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode())
    assert "Forme juridique : « GIE » inconnue, laissée vide." in page
    assert "1 ligne a un avertissement : elle sera importée, la valeur incomprise laissée vide." in page
    assert "lignes avec avertissement" in page
    only_warned = direction_client.get(
        reverse("imports:batch_detail", args=[batch.pk]), {"statut": "avertissement"}
    ).content.decode()
    assert "Charpentes du Lot" in only_warned and "Scierie du Gévaudan" not in only_warned

    response = direction_client.post(reverse("imports:batch_confirm", args=[batch.pk]))
    assert response.status_code == 302
    forms = dict(Company.objects.values_list("name", "legal_form"))
    assert forms == {
        "Scierie du Gévaudan": LegalForm.SAS,
        "Salaisons de Lozère": LegalForm.SARL,
        "Menuiserie Causse": LegalForm.EURL,
        "Foyer rural": LegalForm.ASSOCIATION,
        "Transports Aubrac": LegalForm.SAS,
        "Charpentes du Lot": "",
    }


def test_the_template_shows_legal_forms_as_people_write_them(direction_client):
    response = direction_client.get(reverse("imports:template"), {"format": "csv"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert [line.split(";")[4] for line in lines] == ["Forme juridique", "SARL", "SAS"]
