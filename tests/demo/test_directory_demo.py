"""The demo ships a small SIRENE directory, loaded once, so « Annuaire » and its suggestions have rows."""

import pytest

from demo import directory as directory_demo
from directory.models import DirectoryLoad, Establishment

pytestmark = pytest.mark.django_db


def test_the_demo_directory_is_loaded_once_through_the_loader():
    assert directory_demo.seed() == directory_demo.DEMO_ESTABLISHMENTS
    assert DirectoryLoad.objects.count() == 1
    assert Establishment.objects.filter(department="48").exists()
    assert Establishment.objects.filter(name__icontains="fromagerie", department__in=["48", "12"]).exists()
    assert directory_demo.seed() == 0
    assert Establishment.objects.count() == directory_demo.DEMO_ESTABLISHMENTS
    assert DirectoryLoad.objects.count() == 1


def test_the_annuaire_shows_the_demo_rows(mission_client):
    directory_demo.seed()
    page = mission_client.get("/annuaire/", {"departements": "48"}).content.decode()
    assert "Aucun établissement" not in page
