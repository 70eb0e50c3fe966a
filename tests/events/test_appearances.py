import datetime

import pytest
from django.core.exceptions import ValidationError

from events.appearances import appearance_create, appearance_update
from events.models import Appearance, TradeShow
from tests.events.factories import AppearanceFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_an_appearance_at_a_new_show_creates_both():
    appearance = appearance_create(
        new_trade_show={"name": "Salon Bois Énergie", "scope": "regional", "sectors": []},
        starts_on=D(2012, 3, 15),
        ends_on=D(2012, 3, 18),
        city="Saint-Étienne",
    )
    assert appearance.trade_show.name == "Salon Bois Énergie" and appearance.year == 2012


def test_a_show_is_attended_once_a_year_and_ends_after_it_starts():
    sial = AppearanceFactory(starts_on=D(2012, 10, 21), ends_on=D(2012, 10, 25))
    with pytest.raises(ValidationError) as raised:
        appearance_create(trade_show=sial.trade_show, starts_on=D(2012, 11, 1), ends_on=D(2012, 11, 2), city="Paris")
    assert raised.value.message_dict["starts_on"] == ["L'agence a déjà une participation à ce salon en 2012."]

    with pytest.raises(ValidationError) as raised:
        appearance_update(appearance=sial, starts_on=D(2012, 10, 21), ends_on=D(2012, 10, 19))
    assert raised.value.message_dict["ends_on"] == ["La date de fin ne peut pas précéder la date de début."]
    sial.refresh_from_db()
    assert sial.ends_on == D(2012, 10, 25)

    with pytest.raises(ValidationError) as raised:
        appearance_create(
            new_trade_show={"name": "", "scope": "national"},
            starts_on=D(2012, 1, 1),
            ends_on=D(2012, 1, 2),
            city="Paris",
        )
    assert "new_show_name" in raised.value.message_dict
    assert TradeShow.objects.count() == 1 and Appearance.objects.count() == 1


def test_a_partner_company_id_too_large_for_the_database_is_refused(direction_client):
    # The fuzzer found SQLite's OverflowError behind a 500 here.
    from django.urls import reverse

    appearance = AppearanceFactory()
    response = direction_client.post(
        reverse("events:appearance_update", args=[appearance.pk]),
        {"trade_show": appearance.trade_show_id, "partner_companies": ["99999999999999999999"]},
    )
    assert response.status_code == 200
    assert "partner_companies" in response.context["form"].errors
    assert Appearance.objects.get(pk=appearance.pk).partner_companies.count() == 0
