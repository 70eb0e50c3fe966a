"""Sector names follow the page's language: the programme's sectors have English names, shown on English pages."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from prospects.models import Sector
from tests.prospects.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_the_programme_sectors_have_english_names():
    assert dict(Sector.objects.values_list("slug", "name_en"))["agroalimentaire"] == "Food industry"
    assert not Sector.objects.filter(name_en="").exists()


def test_a_sector_is_named_in_the_active_language_and_in_french_without_an_english_name():
    wood = Sector.objects.get(slug="bois")
    unnamed = Sector.objects.create(name="Tourisme", slug="tourisme")
    with translation.override("en"):
        assert (str(wood), str(unnamed)) == ("Wood & eco-construction", "Tourisme")
    with translation.override("fr"):
        assert (str(wood), str(unnamed)) == ("Bois & éco-construction", "Tourisme")


def test_the_company_page_shows_the_sector_in_the_page_language(mission_client):
    company = CompanyFactory(sector=Sector.objects.get(slug="agroalimentaire"))
    url = reverse("prospects:company_detail", args=[company.pk])
    assert "Agroalimentaire" in mission_client.get(url).content.decode()
    mission_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = mission_client.get(url).content.decode()
    assert "Food industry" in page and "Agroalimentaire" not in page
