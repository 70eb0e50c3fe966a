"""Trade shows and appearances, created through events.appearances."""

import datetime

import factory

from events import appearances
from events.models import Appearance, Scope, TradeShow
from prospects.models import Sector


class TradeShowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TradeShow

    name = factory.Sequence(lambda n: f"Salon d'essai {n}")
    scope = Scope.NATIONAL

    @classmethod
    def _create(cls, model_class, *args, sectors=None, **kwargs):
        if sectors is None:
            sectors = [Sector.objects.get(slug="agroalimentaire")]
        return appearances.tradeshow_create(sectors=sectors, **kwargs)


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance

    trade_show = factory.SubFactory(TradeShowFactory)
    starts_on = datetime.date(2012, 10, 21)
    ends_on = datetime.date(2012, 10, 25)
    city = "Paris"
    cost = 12000

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return appearances.appearance_create(**kwargs)
