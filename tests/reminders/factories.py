import datetime

import factory
from django.utils import timezone

from events.models import Appearance, TradeShow
from prospects.models import Company, Contact, FollowUp, Interaction, InteractionKind, Project


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Scierie {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    company = factory.SubFactory(CompanyFactory)
    first_name = "Paul"
    last_name = factory.Sequence(lambda n: f"Durand{n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Projet {n}")
    opened_on = datetime.date(2026, 1, 5)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Rappeler {n}")
    due_on = factory.LazyFunction(timezone.localdate)


class TradeShowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TradeShow

    name = factory.Sequence(lambda n: f"Salon {n}")


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance
        skip_postgeneration_save = True

    trade_show = factory.SubFactory(TradeShowFactory)
    year = factory.LazyAttribute(lambda o: o.starts_on.year)
    starts_on = datetime.date(2026, 6, 10)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=2))
    city = "Nantes"
    stand = "B12"

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.staff.set(extracted)


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    occurred_at = factory.LazyFunction(timezone.now)
    kind = InteractionKind.STAND
    summary = "Rencontré sur le stand."
    lead_grade = "A"

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.set(extracted)
