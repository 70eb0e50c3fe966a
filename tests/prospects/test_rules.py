"""The rules on prospect records, checked through the services against the real database."""

import pytest
from django.core.exceptions import ValidationError

from core.identifiers import fold, normalize_company_name, normalize_naf, validate_siren, validate_siret
from prospects import selectors, services
from prospects.models import Company, Project, ProjectStage, Sector

from .factories import CompanyFactory, ProjectFactory, make_siren, make_siret

pytestmark = pytest.mark.django_db


def _errors(excinfo):
    return excinfo.value.message_dict


# SIREN / SIRET -------------------------------------------------------------------------


def test_the_same_siret_twice_is_refused():
    first = CompanyFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.company_create(name="Autre nom", siret=first.siret)
    assert "Une entreprise avec ce SIRET existe déjà." in str(excinfo.value)
    assert Company.objects.count() == 1


def test_the_same_siret_typed_with_spaces_is_still_the_same():
    first = CompanyFactory()
    spaced = " ".join([first.siret[:3], first.siret[3:6], first.siret[6:9], first.siret[9:]])
    with pytest.raises(ValidationError):
        services.company_create(name="Autre nom", siret=spaced)
    assert Company.objects.count() == 1


def test_the_same_siren_with_another_nic_is_another_establishment():
    siren = make_siren()
    head_office = services.company_create(name="Bois du Gévaudan", siret=make_siret(siren, 1))
    branch = services.company_create(name="Bois du Gévaudan", siret=make_siret(siren, 2))
    assert head_office.siren == branch.siren == siren
    assert Company.objects.filter(siren=siren).count() == 2


def test_companies_without_siret_do_not_clash():
    services.company_create(name="Projet sans SIRET")
    services.company_create(name="Autre projet sans SIRET")
    assert Company.objects.filter(siret="").count() == 2


@pytest.mark.parametrize("siren", ["732829320", "552100554", "356000000"])
def test_valid_sirens_pass_the_luhn_check(siren):
    validate_siren(siren)


@pytest.mark.parametrize(
    "siren, message",
    [
        ("732829321", "clé de contrôle"),
        ("12345678", "9 chiffres"),
        ("73282932A", "9 chiffres"),
    ],
)
def test_invalid_sirens_are_refused_in_french(siren, message):
    with pytest.raises(ValidationError) as excinfo:
        validate_siren(siren)
    assert message in excinfo.value.messages[0]


@pytest.mark.parametrize(
    "siret",
    [
        "73282932000074",
        # La Poste: establishments whose digit sum is a multiple of 5, and the head office, Luhn-valid.
        "35600000049837",
        "35600000000048",
    ],
)
def test_valid_sirets_pass(siret):
    validate_siret(siret)


@pytest.mark.parametrize("siret", ["73282932000075", "35600000000000", "35600000049838"])
def test_invalid_sirets_are_refused(siret):
    with pytest.raises(ValidationError) as excinfo:
        validate_siret(siret)
    assert excinfo.value.messages == ["Ce SIRET n'est pas valide (clé de contrôle incorrecte)."]


def _siret_with_a_bad_siren():
    from stdnum.luhn import calc_check_digit

    body = "732829321" + "0001"  # 732 829 321: its key is wrong, yet the 14 digits pass Luhn
    return body + calc_check_digit(body)


def test_a_siret_whose_siren_is_invalid_is_refused_by_its_siren():
    siret = _siret_with_a_bad_siren()
    with pytest.raises(ValidationError) as excinfo:
        validate_siret(siret)
    assert excinfo.value.messages == [
        "Ce SIRET n'est pas valide : son SIREN (les 9 premiers chiffres) a une clé de contrôle incorrecte."
    ]


def test_the_company_form_gives_the_siren_s_fault_on_the_siret_field(mission_client):
    from django.urls import reverse

    response = mission_client.post(
        reverse("prospects:company_create"), {"name": "Scierie au SIREN faux", "siret": _siret_with_a_bad_siren()}
    )
    assert response.status_code in (200, 400)
    assert "son SIREN (les 9 premiers chiffres)" in response.content.decode()
    assert not Company.objects.filter(name="Scierie au SIREN faux").exists()


def test_an_invalid_siret_saves_nothing():
    with pytest.raises(ValidationError) as excinfo:
        services.company_create(name="Clé fausse", siret="73282932000075")
    assert "clé de contrôle" in _errors(excinfo)["siret"][0]
    assert not Company.objects.exists()


def test_a_siret_must_start_with_its_siren():
    with pytest.raises(ValidationError) as excinfo:
        services.company_create(name="Mauvais SIREN", siren=make_siren(), siret=make_siret())
    assert _errors(excinfo)["siret"] == ["Le SIRET doit commencer par le SIREN de l'entreprise."]
    assert not Company.objects.exists()


def test_the_siren_follows_from_the_siret():
    siret = make_siret()
    company = services.company_create(name="Scierie", siret=f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}")
    assert (company.siret, company.siren) == (siret, siret[:9])


# Probable duplicates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["SCIERIE DU GEVAUDAN", "Scierie du Gévaudan SAS", "S.A.R.L. Scierie du Gevaudan", "scierie  du gévaudan"],
)
def test_probable_duplicates_ignore_case_accents_and_legal_form_words(typed):
    existing = CompanyFactory(name="SARL Scierie du Gévaudan", postcode="48000", city="Mende")
    found = list(selectors.company_probable_duplicates(name=typed, postcode="48000"))
    assert found == [existing]


def test_the_same_name_elsewhere_is_not_a_probable_duplicate():
    CompanyFactory(name="SARL Scierie du Gévaudan", postcode="48000", city="Mende")
    assert not selectors.company_probable_duplicates(name="Scierie du Gévaudan", postcode="48200").exists()
    assert not selectors.company_probable_duplicates(name="Scierie de l'Aubrac", postcode="48000").exists()


def test_a_probable_duplicate_does_not_prevent_saving():
    CompanyFactory(name="SARL Scierie du Gévaudan", postcode="48000", city="Mende")
    services.company_create(name="Scierie du Gévaudan", postcode="48000", city="Mende")
    assert Company.objects.filter(normalized_name="scierie du gevaudan").count() == 2


def test_normalised_names():
    assert normalize_company_name("Ets Martin & Fils SAS") == "martin fils"
    # A name made only of legal-form words is kept rather than emptied.
    assert normalize_company_name("SAS") == "sas"


# NAF codes and sectors ---------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["1610A", "16.10A", "16.10a", " 16 10 A "])
def test_naf_codes_are_accepted_with_or_without_the_dot_and_stored_with_it(typed):
    company = services.company_create(name="Scierie", naf_code=typed)
    company.refresh_from_db()
    assert company.naf_code_id == "16.10A"
    assert normalize_naf(typed) == "16.10A"


@pytest.mark.parametrize(
    "typed, message",
    [("99.99Z", "Le code NAF 99.99Z n'existe pas."), ("bois", "« bois » n'est pas un code NAF")],
)
def test_an_unknown_naf_code_is_refused_and_nothing_saved(typed, message):
    with pytest.raises(ValidationError) as excinfo:
        services.company_create(name="Scierie", naf_code=typed)
    assert message in _errors(excinfo)["naf_code"][0]
    assert not Company.objects.exists()


@pytest.mark.parametrize(
    "naf, slug",
    [
        ("02.20Z", "bois"),
        ("16.10A", "bois"),
        ("16.23Z", "bois"),
        ("43.91A", "bois"),
        ("10.51A", "agroalimentaire"),
        ("11.02A", "agroalimentaire"),
        ("25.62A", "metallurgie"),
        ("62.01Z", "numerique"),
    ],
)
def test_the_sector_follows_from_the_naf_code(naf, slug):
    assert services.company_create(name="Entreprise", naf_code=naf).sector.slug == slug


def test_a_code_in_no_sector_leaves_the_sector_empty():
    assert services.company_create(name="Banque", naf_code="64.19Z").sector is None


def test_a_sector_set_by_hand_is_kept_even_when_the_naf_code_changes():
    agrifood = Sector.objects.get(slug="agroalimentaire")
    company = services.company_create(name="Charpente et fromages", naf_code="16.10A", sector=agrifood)
    assert (company.sector, company.sector_set_manually) == (agrifood, True)
    services.company_update(company=company, naf_code="25.62A")
    company.refresh_from_db()
    assert company.sector == agrifood


def test_the_derived_sector_follows_a_new_naf_code():
    company = services.company_create(name="Scierie", naf_code="16.10A")
    services.company_update(company=company, naf_code="1051A")
    company.refresh_from_db()
    assert (company.naf_code_id, company.sector.slug) == ("10.51A", "agroalimentaire")


def test_the_most_precise_prefix_wins():
    Sector.objects.create(name="Lamellé-collé", slug="lamelle", naf_prefixes="16.23")
    assert services.company_create(name="Lamellé", naf_code="16.23Z").sector.slug == "lamelle"
    assert services.company_create(name="Scierie", naf_code="16.10A").sector.slug == "bois"


# Postcodes and départements ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "postcode, city, department, commune_code",
    [
        ("48000", "Mende", "48", "48095"),
        ("20000", "Ajaccio", "2A", "2A004"),
        ("48200", "Saint-Chély-d'Apcher", "48", "48140"),
        ("97400", "Saint-Denis", "974", "97411"),
    ],
)
def test_the_department_follows_from_the_postcode(postcode, city, department, commune_code):
    company = services.company_create(name="Entreprise", postcode=postcode, city=city)
    assert (company.department, company.commune_code) == (department, commune_code)


def test_a_shared_postcode_without_a_city_gives_the_department_but_not_a_commune():
    company = services.company_create(name="Entreprise", postcode="48000")
    assert (company.department, company.commune_code, company.city) == ("48", "", "")


def test_a_postcode_of_one_commune_fills_the_city():
    company = services.company_create(name="Entreprise", postcode="20000")
    assert (company.city, company.department) == ("Ajaccio", "2A")


@pytest.mark.parametrize(
    "postcode, message",
    [
        ("4800", "Un code postal compte 5 chiffres."),
        ("48A00", "Un code postal compte 5 chiffres."),
        ("48999", "Le code postal 48999 n'existe pas."),
    ],
)
def test_a_malformed_or_unknown_postcode_is_refused_and_nothing_saved(postcode, message):
    with pytest.raises(ValidationError) as excinfo:
        services.company_create(name="Entreprise", postcode=postcode)
    assert _errors(excinfo)["postcode"] == [message]
    assert not Company.objects.exists()


def test_a_bad_postcode_on_update_leaves_the_row_as_it_was():
    company = CompanyFactory(postcode="48000", city="Mende")
    with pytest.raises(ValidationError):
        services.company_update(company=company, postcode="48999")
    company.refresh_from_db()
    assert (company.postcode, company.department) == ("48000", "48")


# Projects ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value",
    [("jobs_planned", -1), ("investment_planned", -5), ("budget", -1), ("max_interchange_km", -2)],
)
def test_negative_jobs_or_amounts_are_refused_and_nothing_saved(mission, field, value):
    company = CompanyFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.project_create(company=company, title="Extension", actor=mission, **{field: value})
    assert field in _errors(excinfo)
    assert "supérieure ou égale à 0" in _errors(excinfo)[field][0]
    assert not Project.objects.exists()


def test_a_negative_fit_score_or_above_five_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        services.company_create(name="Entreprise", fit_score=6)
    assert "fit_score" in _errors(excinfo)
    assert not Company.objects.exists()


def test_a_won_project_needs_jobs_created_and_investment_realised(mission):
    project = ProjectFactory(owner=mission)
    with pytest.raises(ValidationError) as excinfo:
        services.project_move_stage(project=project, stage=ProjectStage.WON, actor=mission)
    assert "emplois créés" in str(excinfo.value)
    project.refresh_from_db()
    assert project.stage == ProjectStage.LEAD
    assert project.stage_changes.count() == 1


def test_a_won_project_cannot_be_created_without_figures(mission):
    with pytest.raises(ValidationError):
        services.project_create(company=CompanyFactory(), title="Déjà fait", actor=mission, stage=ProjectStage.WON)
    assert not Project.objects.exists()


def test_a_lost_project_needs_a_reason(mission):
    project = ProjectFactory(owner=mission)
    with pytest.raises(ValidationError) as excinfo:
        services.project_move_stage(project=project, stage=ProjectStage.LOST, actor=mission)
    assert _errors(excinfo)["lost_reason"] == ["Indiquez pourquoi le projet a été perdu."]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("  Sciérie   du\tGévaudan ", "scierie du gevaudan"),
        ("SCIERIE DU GEVAUDAN", "scierie du gevaudan"),
        ("Cœur de Lozère", "coeur de lozere"),
        ("Ｍende", "mende"),  # full-width letters, as pasted from some PDFs
        ("Saint-Chély-d'Apcher\n", "saint-chely-d'apcher"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_lowers_strips_accents_and_collapses_spaces(text, folded):
    assert fold(text) == folded


def test_an_exchange_being_entered_without_a_date_has_a_name():
    # The admin names the blank exchange rows of a company's form (the fuzzer found a 500 there).
    from prospects.models import Interaction, InteractionKind

    company = CompanyFactory(name="Scierie du Causse")
    assert str(Interaction(company=company, kind=InteractionKind.PHONE)) == "Scierie du Causse – Téléphone"
