import factory

from core.identifiers import fold
from directory.models import ChangeKind, DirectoryChange, DirectoryLoad, Establishment
from tests.prospects.factories import make_siren, make_siret


class EstablishmentFactory(factory.django.DjangoModelFactory):
    """A directory row as sirene_load writes it (its folded search name included)."""

    class Meta:
        model = Establishment

    class Params:
        nic_number = factory.Sequence(lambda n: n % 9000 + 1)

    siren = factory.LazyFunction(make_siren)
    siret = factory.LazyAttribute(lambda o: make_siret(o.siren, o.nic_number))
    name = factory.Sequence(lambda n: f"ATELIER EXEMPLE {n}")
    sign = ""
    naf = "16.10A"
    workforce_band = "11"
    address = "12 route DE MILLAU"
    postcode = "48000"
    city = "MENDE"
    commune_code = "48095"
    department = "48"
    search_name = factory.LazyAttribute(lambda o: fold(" ".join(filter(None, [o.name, o.sign, o.city]))))


class DirectoryChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectoryChange

    load = factory.LazyFunction(DirectoryLoad.objects.create)
    establishment = factory.SubFactory(EstablishmentFactory)
    kind = ChangeKind.NEW_ESTABLISHMENT
    after = "12 route DE MILLAU 48000 MENDE"
