"""GDPR end to end through the screens: an objection takes the person out of
every export; erasure keeps the counts; an oversized import is refused."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.prospects.factories import CompanyFactory, ContactFactory, InteractionFactory

pytestmark = pytest.mark.django_db


def _export_text(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            ";".join(str(value) for value in row if value is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return body.decode("utf-8-sig")


@pytest.fixture
def people():
    company = CompanyFactory(name="Charpentes du Gévaudan")
    return {
        "stays": ContactFactory(company=company, first_name="Marc", last_name="Rouvière", email="m.rouviere@cg.fr"),
        "objects": ContactFactory(company=company, first_name="Anne", last_name="Chapelle", email="a.chapelle@cg.fr"),
    }


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_objection_takes_the_person_out_of_the_contacts_export(mission_client, people, fmt):
    url = reverse("contacts_export", kwargs={"fmt": fmt})
    before = _export_text(mission_client.get(url))
    assert "Chapelle" in before and "a.chapelle@cg.fr" in before

    response = mission_client.post(reverse("gdpr:contact_object", args=[people["objects"].pk]), {"next": "/"})
    assert response.status_code == 302

    after = _export_text(mission_client.get(url))
    assert "Rouvière" in after
    assert "Chapelle" not in after and "a.chapelle@cg.fr" not in after


def test_an_erased_person_is_out_of_the_export_and_still_counted(direction_client, people):
    InteractionFactory(company=people["objects"].company, contacts=[people["objects"]], summary="Stand bois")
    direction_client.post(reverse("gdpr:contact_erase", args=[people["objects"].pk]), {"next": "/"})
    text = _export_text(direction_client.get(reverse("contacts_export", kwargs={"fmt": "csv"})))
    assert "Chapelle" not in text and "Personne anonymisée" not in text
    assert people["objects"].company.contacts.count() == 2
    assert people["objects"].interactions.count() == 1


def test_the_company_export_holds_no_person(mission_client, people):
    text = _export_text(mission_client.get(reverse("prospects:company_export"), {"format": "csv"}))
    assert "Charpentes du Gévaudan" in text
    for personal in ("Rouvière", "Chapelle", "m.rouviere@cg.fr", "a.chapelle@cg.fr"):
        assert personal not in text


def test_an_oversized_import_is_refused_before_anything_is_stored(direction_client, settings, tmp_path):
    from imports.models import ImportBatch

    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = 10 * 1024
    upload = SimpleUploadedFile("cibles.csv", b"siret,raison_sociale\r\n" + b"x" * 20 * 1024, content_type="text/csv")
    response = direction_client.post(reverse("imports:import_start"), {"file": upload, "source": "Salon 2012"})
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.content.decode()
    assert ImportBatch.objects.count() == 0
    assert not any(tmp_path.rglob("*.csv"))
