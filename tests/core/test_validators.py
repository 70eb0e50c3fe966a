import datetime

import pytest
from django.core.exceptions import ValidationError

from core.validators import single_line
from prospects.models import Company, FollowUp
from prospects.services import company_create, followup_create
from tests.events.factories import TradeShowFactory
from tests.prospects.factories import CompanyFactory

pytestmark = pytest.mark.django_db

BROKEN = ["Relancer\nla scierie", "Relancer\r\nBcc: x@example.org", "Nul\x00", "Ligne\u2028suivante", "Tab\tulé"]


@pytest.mark.parametrize("value", BROKEN)
def test_a_line_break_or_a_control_character_is_refused(value):
    with pytest.raises(ValidationError) as caught:
        single_line(value)
    assert "une seule ligne" in caught.value.messages[0]


@pytest.mark.parametrize("value", ["", "Scierie Chabert & fils – Mende", "Éco-Habitat 48 (SAS)", "Société Générale"])
def test_ordinary_names_pass(value):
    single_line(value)


@pytest.mark.parametrize("value", BROKEN[:2])
def test_a_follow_up_title_on_two_lines_is_refused_and_nothing_is_saved(value, mission):
    company = CompanyFactory()
    with pytest.raises(ValidationError) as caught:
        followup_create(
            company=company, title=value, due_on=datetime.date(2026, 12, 14), assignee=mission, created_by=mission
        )
    assert "title" in caught.value.message_dict
    assert not FollowUp.objects.exists()


def test_a_company_name_on_two_lines_is_refused(mission):
    with pytest.raises(ValidationError) as caught:
        company_create(name="Scierie\nChabert", actor=mission)
    assert "name" in caught.value.message_dict
    assert not Company.objects.exists()


def test_a_show_name_on_two_lines_is_refused():
    show = TradeShowFactory.build(name="SIAL\nParis")
    with pytest.raises(ValidationError) as caught:
        show.full_clean()
    assert "name" in caught.value.message_dict


@pytest.mark.django_db
def test_a_person_whose_account_was_closed_is_refused_by_that_name(mission, teammate):
    from accounts.selectors import staff_users
    from core.forms import PersonChoiceField

    field = PersonChoiceField(queryset=staff_users())
    assert field.clean(str(teammate.pk)) == teammate
    teammate.is_active = False
    teammate.save()
    field = PersonChoiceField(queryset=staff_users())
    with pytest.raises(ValidationError, match="n'a plus de compte actif"):
        field.clean(str(teammate.pk))
    with pytest.raises(ValidationError, match="Choisissez une personne de la liste"):
        field.clean("999999")
