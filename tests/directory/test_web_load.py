"""A géo-SIRENE extract sent by Direction from the web: checked on upload, loaded by the worker, its page shows progress."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory import tasks
from directory.fake import fake_rows, write_rows
from directory.models import DirectoryLoad, Establishment, LoadStatus

pytestmark = pytest.mark.django_db
START = reverse("directory:load_start")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _extract(tmp_path, count=50, name="geo_siret_48.zip"):
    path = tmp_path / name
    write_rows(fake_rows(count), path, geo=True)
    return SimpleUploadedFile(name, path.read_bytes())


def test_direction_sends_an_extract_and_the_worker_loads_it_once(
    direction_client, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = direction_client.post(START, {"file": _extract(tmp_path)})
    load = DirectoryLoad.objects.get()
    assert response["Location"] == reverse("directory:load_detail", args=[load.pk])
    assert load.status == LoadStatus.QUEUED and len(callbacks) == 1
    page = direction_client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page

    tasks.directory_load_task(load.pk)
    tasks.directory_load_task(load.pk)
    load.refresh_from_db()
    assert load.status == LoadStatus.DONE and load.rows_kept == 50 and load.created_count == 50
    assert Establishment.objects.count() == 50 and not load.uploaded_file
    status = direction_client.get(reverse("directory:load_status", args=[load.pk])).json()
    assert status["percent"] == 100 and not status["running"]
    assert 'http-equiv="refresh"' not in direction_client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("liste.csv", b"nom,ville\r\nA,B\r\n", "n&#x27;est pas un fichier d&#x27;établissements SIRENE"),
        ("liste.xlsx", b"PK\x03\x04", "Envoyez un fichier .csv ou .zip"),
        ("vide.zip", b"PK\x05\x06" + b"\x00" * 18, "ne contient aucun fichier CSV"),
        ("casse.zip", b"PK\x03\x04 pas une archive", "n&#x27;est pas un fichier"),
    ],
)
def test_a_file_that_is_not_an_extract_is_refused_in_french(direction_client, name, content, message):
    response = direction_client.post(START, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200 and message in response.content.decode()
    assert not DirectoryLoad.objects.exists()


def test_chargés_and_observers_may_not_load(mission_client, observer_client, tmp_path):
    for client in (mission_client, observer_client):
        assert client.get(START).status_code == 403
        assert client.post(START, {"file": SimpleUploadedFile("a.csv", io.BytesIO(b"x").read())}).status_code == 403
    assert not DirectoryLoad.objects.exists()
