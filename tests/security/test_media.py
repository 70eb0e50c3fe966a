"""Uploads: stored under names we make, read only through views that check the role (issue #19, H1)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.files import generated_name, safe_extension
from imports.models import ImportBatch
from imports.services import batch_create
from sites.models import SitePhoto
from tests.sites.factories import SiteFactory, image_upload, photo_for

pytestmark = pytest.mark.django_db

CONTENT = b"siret,raison_sociale\r\n12345678900011,Scierie Dupont\r\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = ""
    return tmp_path


@pytest.fixture
def batch(direction):
    upload = SimpleUploadedFile("Extrait Jean Dupont.csv", CONTENT, content_type="text/csv")
    return batch_create(uploaded_file=upload, created_by=direction, source="SIRENE")


def _file_url(batch):
    return reverse("imports:batch_file", args=[batch.pk])


def test_the_stored_name_says_nothing_of_the_uploaded_one(batch):
    assert batch.original_name == "Extrait Jean Dupont.csv"
    assert "Dupont" not in batch.file.name and "Extrait" not in batch.file.name
    assert batch.file.name.startswith("imports/") and batch.file.name.endswith(".csv")


def test_a_site_photo_is_stored_under_a_generated_name_too():
    site = SiteFactory()
    photo = SitePhoto.objects.create(site=site, image=image_upload("Façade M. Roux.png"))
    assert photo.image.name.startswith(f"sites/{site.pk}/") and photo.image.name.endswith(".png")
    assert "Roux" not in photo.image.name and "Façade" not in photo.image.name


@pytest.mark.parametrize(
    ("filename", "extension"),
    [
        ("liste.XLSX", ".xlsx"),
        ("../../etc/passwd", ""),
        ("photo.php.jpg", ".jpg"),
        ("rapport.c$v", ""),
        ("nom sans extension", ""),
        ("a\\b\\c.csv", ".csv"),
    ],
)
def test_only_a_plain_extension_is_kept(filename, extension):
    assert safe_extension(filename) == extension
    name = generated_name("imports/2026/12", filename)
    assert name.startswith("imports/2026/12/") and name.count("/") == 3 and ".." not in name
    assert name.endswith(extension)


def test_an_import_file_is_for_direction_only(client, mission_client, observer_client, direction_client, batch):
    url = _file_url(batch)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    assert mission_client.get(url).status_code == 403
    assert observer_client.get(url).status_code == 403

    response = direction_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "Extrait Jean Dupont.csv" in disposition
    assert "no-store" in response["Cache-Control"]


def test_the_batch_page_links_the_file_under_its_original_name(direction_client, batch):
    page = direction_client.get(batch.get_absolute_url()).content.decode()
    assert _file_url(batch) in page
    assert "Extrait Jean Dupont.csv" in page and batch.file.name not in page


def test_nginx_sends_the_file_when_the_prefix_is_set(settings, direction_client, mission_client, batch):
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = "/protected-media/"
    response = direction_client.get(_file_url(batch))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + batch.file.name
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;") and "Extrait" in response["Content-Disposition"]

    photo = photo_for(SiteFactory())
    photo_response = mission_client.get(photo.get_file_url())
    assert photo_response.status_code == 200 and photo_response.content == b""
    assert photo_response["X-Accel-Redirect"] == "/protected-media/" + photo.image.name
    assert photo_response["Content-Type"] == "image/png"
    assert photo_response["Content-Disposition"].startswith("inline;")
    # A refused request gets no redirect to the file either.
    assert "X-Accel-Redirect" not in mission_client.get(_file_url(batch))


def test_a_file_stored_under_its_old_uploaded_name_is_still_served(direction_client, direction):
    batch = ImportBatch(original_name="extrait sirène.csv", source="SIRENE", created_by=direction)
    old_name = batch.file.storage.save("imports/2026/11/extrait sirène.csv", ContentFile(CONTENT))
    batch.file.name = old_name
    batch.save()
    response = direction_client.get(_file_url(batch))
    assert response.status_code == 200 and b"".join(response.streaming_content) == CONTENT


def test_a_purged_or_missing_file_is_not_found(direction_client, batch):
    batch.file.storage.delete(batch.file.name)
    assert direction_client.get(_file_url(batch)).status_code == 404
    ImportBatch.objects.filter(pk=batch.pk).update(file="")
    assert direction_client.get(_file_url(batch)).status_code == 404


def test_nothing_under_media_answers(client, direction_client, batch):
    photo = photo_for(SiteFactory())
    for name in (batch.file.name, photo.image.name):
        assert client.get("/media/" + name).status_code == 404
        assert direction_client.get("/media/" + name).status_code == 404
