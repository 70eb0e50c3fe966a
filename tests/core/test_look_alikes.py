"""Look-alike letters of other scripts fold to the Latin ones: duplicates and searches see through them."""

import pytest

from core.identifiers import fold, normalize_company_name
from prospects.selectors import company_probable_duplicates
from tests.prospects.factories import CompanyFactory

CYRILLIC_ES, CYRILLIC_A, GREEK_IOTA = "\u0441", "\u0430", "\u0399"


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        (f"S{CYRILLIC_ES}ierie Chabert", "scierie chabert"),
        ("\u0405CIERIE CHABERT", "scierie chabert"),
        (f"{GREEK_IOTA}ndustrie du Bois", "industrie du bois"),
        (f"Ch{CYRILLIC_A}rpentes", "charpentes"),
        ("Éco-Habitat", "eco-habitat"),
        ("Cœur de Lozère", "coeur de lozere"),
        ("Straße", "strasse"),
        ("\uff33\uff21\uff32\uff2c Mende", "sarl mende"),
    ],
)
def test_fold_sees_through_accents_and_look_alike_letters(typed, folded):
    assert fold(typed) == folded


def test_french_punctuation_is_left_alone():
    assert fold("Bois & Fils – l’atelier") == "bois & fils – l’atelier"


@pytest.mark.django_db
def test_a_name_typed_with_cyrillic_letters_is_a_probable_duplicate():
    existing = CompanyFactory(name="Scierie Chabert", postcode="48000")
    look_alike = f"S{CYRILLIC_ES}ierie Ch{CYRILLIC_A}bert SAS"

    assert normalize_company_name(look_alike) == existing.normalized_name
    assert list(company_probable_duplicates(name=look_alike, postcode="48000")) == [existing]


@pytest.mark.django_db
def test_the_migration_refolds_what_was_stored_with_the_old_fold():
    import importlib

    from django.apps import apps

    from prospects.models import Company

    migration = importlib.import_module("prospects.migrations.0009_refold_look_alikes")
    company = CompanyFactory(name=f"Cœur de S{CYRILLIC_ES}ierie", postcode="48000")
    untouched = CompanyFactory(name="Scierie Chabert")
    # As the previous fold stored it: lower case, the œ and the Cyrillic letter kept.
    Company.objects.filter(pk=company.pk).update(search_text="cœur de sсierie 48000", normalized_name="cœur de s ierie")

    migration.refold(apps, None)

    company.refresh_from_db()
    assert company.search_text == "coeur de scierie 48000"
    assert company.normalized_name == "coeur de scierie"
    assert Company.objects.get(pk=untouched.pk).normalized_name == "scierie chabert"
