"""Photos of a site, added and removed from its page."""

import html
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sites import services
from sites.models import SitePhoto

from .factories import SiteFactory, image_upload, photo_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _add(client, site, upload, caption=""):
    return client.post(reverse("sites:photo_add", args=[site.pk]), {"image": upload, "caption": caption})


def test_a_photo_added_on_the_site_page_shows_on_the_page_and_the_sheet(mission_client, media):
    site = SiteFactory()
    response = _add(mission_client, site, image_upload("façade nord.jpg", "JPEG"), caption="  Façade nord  ")
    assert response.status_code == 302 and response["Location"] == site.get_absolute_url()

    photo = SitePhoto.objects.get(site=site)
    assert photo.caption == "Façade nord"
    assert os.path.exists(photo.image.path) and photo.image.name.startswith(f"sites/{site.pk}/")
    page = mission_client.get(site.get_absolute_url()).content.decode()
    assert photo.get_file_url() in page and "Façade nord" in page
    sheet = mission_client.get(reverse("sites:site_sheet", args=[site.pk])).content.decode()
    assert photo.get_file_url() in sheet


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("plan.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg"),
        SimpleUploadedFile("vide.png", b"", content_type="image/png"),
        image_upload("anime.gif", "GIF"),
    ],
    ids=["pdf-named-jpg", "empty", "gif"],
)
def test_anything_but_a_readable_jpeg_png_or_webp_is_refused_with_a_message(mission_client, upload):
    site = SiteFactory()
    response = _add(mission_client, site, upload)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "n'est pas une image JPEG, PNG ou WebP lisible" in page or "Le fichier soumis est vide" in page
    assert not SitePhoto.objects.exists()


def test_no_file_at_all_says_so(mission_client):
    site = SiteFactory()
    response = mission_client.post(reverse("sites:photo_add", args=[site.pk]), {"caption": "Façade"})
    assert response.status_code == 400 and "Ce champ est obligatoire" in response.content.decode()


def test_an_oversized_photo_is_refused_before_it_is_read(mission_client, settings):
    settings.UPLOAD_MAX_BYTES = 100
    site = SiteFactory()
    response = _add(mission_client, site, image_upload(size=(200, 200)))
    assert response.status_code == 413
    assert not SitePhoto.objects.exists()


def test_the_service_refuses_an_oversized_photo_too(settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="dépasse la taille maximale"):
        services.photo_add(site=SiteFactory(), image=image_upload(size=(200, 200)))
    assert not SitePhoto.objects.exists()


def test_a_site_holds_twelve_photos_at_most(mission_client):
    site = SiteFactory()
    for _ in range(services.MAX_PHOTOS_PER_SITE):
        photo_for(site)
    page = mission_client.get(site.get_absolute_url()).content.decode()
    assert "Ajouter la photo" not in page and "12 photos au plus" in page
    response = _add(mission_client, site, image_upload())
    assert response.status_code == 400 and "a déjà 12 photos" in html.unescape(response.content.decode())
    assert site.photos.count() == services.MAX_PHOTOS_PER_SITE


def test_removing_a_photo_removes_its_file(mission_client, django_capture_on_commit_callbacks):
    site = SiteFactory()
    photo = photo_for(site, caption="Quai")
    path = photo.image.path
    with django_capture_on_commit_callbacks(execute=True):
        response = mission_client.post(reverse("sites:photo_delete", args=[photo.pk]))
    assert response.status_code == 302 and response["Location"] == site.get_absolute_url()
    assert not SitePhoto.objects.exists() and not os.path.exists(path)


def test_observers_may_not_add_photos(observer_client):
    site = SiteFactory()
    assert _add(observer_client, site, image_upload()).status_code == 403
    assert not SitePhoto.objects.exists()


def test_a_photo_is_served_to_staff_only(client, mission_client, observer_client):
    photo = photo_for(SiteFactory())
    url = photo.get_file_url()

    response = mission_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert b"".join(response.streaming_content) == photo.image.open("rb").read()
    assert observer_client.get(url).status_code == 403
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/compte/" in anonymous["Location"]


def test_a_photo_whose_file_is_gone_is_not_found(mission_client):
    photo = photo_for(SiteFactory())
    os.remove(photo.image.path)
    assert mission_client.get(photo.get_file_url()).status_code == 404


def test_uploads_are_never_published_under_media_url(settings):
    import importlib

    from django.urls import Resolver404, clear_url_caches, resolve

    import lozdev.urls

    settings.DEBUG = True
    try:
        importlib.reload(lozdev.urls)
        clear_url_caches()
        with pytest.raises(Resolver404):
            resolve(settings.MEDIA_URL + "imports/2026/12/extrait-sirene.csv")
    finally:
        settings.DEBUG = False
        importlib.reload(lozdev.urls)
        clear_url_caches()
