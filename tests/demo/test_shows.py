import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.identifiers import validate_siret
from events.models import Appearance, TradeShow
from prospects.models import Company, Contact, FollowUp, Interaction, Project, ProjectStage

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (TradeShow, Appearance, Company, Contact, Interaction, FollowUp, Project)
    }


def test_seed_demo_loads_the_2012_programme_and_is_idempotent():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = _snapshot()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert _snapshot() == first

    assert Appearance.objects.filter(year=2012).count() == 10
    assert not Appearance.objects.filter(is_demo=False).exists()
    bois = Appearance.objects.get(trade_show__name="Carrefour International du Bois", year=2012)
    assert (bois.city, bois.starts_on, bois.ends_on) == ("Nantes", datetime.date(2012, 6, 6), datetime.date(2012, 6, 8))
    assert bois.partner_companies.count() >= 3
    assert all(company.department == "48" for company in bois.partner_companies.all())
    sial = Appearance.objects.get(trade_show__name="SIAL Paris", year=2012)
    assert (sial.starts_on, sial.ends_on) == (datetime.date(2012, 10, 21), datetime.date(2012, 10, 25))
    assert "Antrenas" in sial.objectives

    demo_companies = Company.objects.filter(is_demo=True)
    assert demo_companies.count() >= 40 and Company.objects.filter(name="Sciérie du Gévaudan").exists()
    for company in demo_companies:
        validate_siret(company.siret)
        assert company.naf_code_id and company.department
    assert Project.objects.filter(is_demo=True).count() >= 12
    won = Project.objects.filter(stage=ProjectStage.WON, decided_on__year=2012)
    assert won.count() >= 3 and won.filter(origin_appearance__isnull=False).exists()
    assert Project.objects.filter(confidential=True).exclude(code_name="").exists()
    forge = Project.objects.get(title="Atelier de forge du bassin de Saint-Chély")
    assert forge.programme.name == "Convention de revitalisation du bassin de Malzieu"
    assert forge.origin_appearance.trade_show.name == "Midest"
    today = timezone.localdate()
    assert FollowUp.objects.filter(status="open", due_on=today).exists()
    assert FollowUp.objects.filter(status="open", due_on__lt=today).exists()
    assert Interaction.objects.filter(appearance=sial).count() >= 5
