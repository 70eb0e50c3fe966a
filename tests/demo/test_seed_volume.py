"""seed_volume at a small scale: the shapes and proportions the benchmark relies on."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Max

from core import communes
from core.identifiers import fold, normalize_company_name, validate_siren, validate_siret
from events.models import Appearance
from prospects.models import Company, Contact, FollowUp, FollowUpStatus, Interaction, Project, Sector
from prospects.selectors import sector_for_naf
from sites.models import Site

pytestmark = pytest.mark.django_db

COMPANIES = 300


@pytest.fixture
def volume(db):
    call_command("seed_volume", companies=COMPANIES, seed=7, batch_size=120, stdout=open("/dev/null", "w"))
    return Company.objects.filter(source="volume")


def test_it_writes_the_asked_for_proportions(volume):
    assert volume.count() == COMPANIES
    assert 1.6 * COMPANIES <= Contact.objects.filter(company__in=volume).count() <= 2.4 * COMPANIES
    assert 4 * COMPANIES <= Interaction.objects.filter(company__in=volume).count() <= 6 * COMPANIES
    assert 0.7 * COMPANIES <= FollowUp.objects.filter(company__in=volume).count() <= 1.3 * COMPANIES
    assert Project.objects.filter(company__in=volume).count() == COMPANIES // 100
    assert Appearance.objects.filter(trade_show__name__endswith="(volume)").count() == 40
    assert Site.objects.filter(reference__startswith="VOL-").count() == 2000
    users = get_user_model().objects.filter(username__startswith="volume-")
    assert users.count() == 50
    assert users.filter(groups__name="Direction").count() == 8
    assert users.filter(groups__name="Chargé de mission").count() == 42


def test_sirets_are_valid_and_unique(volume):
    rows = list(volume.values_list("siren", "siret"))
    assert len({siret for _siren, siret in rows}) == COMPANIES
    for siren, siret in rows:
        validate_siren(siren)
        validate_siret(siret)
        assert siret.startswith(siren)


def test_companies_pass_model_validation_with_derived_fields_set(volume):
    sectors = list(Sector.objects.all())
    for company in volume.select_related("naf_code")[:60]:
        company.full_clean()
        # What the model would store: its own fields, then its contacts' names (read from the database).
        seeded = company.search_text
        company.refresh_search_fields()
        assert seeded == company.search_text
        assert fold(company.name) in seeded
        assert company.normalized_name == normalize_company_name(company.name)
        assert company.department == communes.department_for(company.postcode, company.city)
        expected = sector_for_naf(company.naf_code_id, sectors)
        assert company.sector_id == (expected.pk if expected else None)


def test_last_contact_is_the_latest_interaction(volume):
    latest = dict(
        Interaction.objects.filter(company__in=volume)
        .values("company")
        .annotate(last=Max("occurred_at"))
        .values_list("company", "last")
    )
    for company_id, last_contact_at in volume.values_list("id", "last_contact_at"):
        assert last_contact_at == latest.get(company_id)


def test_shapes_are_skewed_like_the_agency(volume):
    by_department = dict(volume.values_list("department").annotate(n=Count("id")))
    # Lozère alone outweighs any other département.
    assert by_department["48"] == max(by_department.values())
    assert len(by_department) > 20
    assert volume.values("sector").distinct().count() >= 6
    assert volume.values("workforce_band").distinct().count() >= 6
    open_followups = FollowUp.objects.filter(company__in=volume, status=FollowUpStatus.OPEN).count()
    assert 0 < open_followups < FollowUp.objects.filter(company__in=volume).count() / 2


def test_it_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_volume", companies=10)
    assert not Company.objects.exists()
