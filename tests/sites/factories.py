"""Factories for the property offer, created through sites.services like every other write."""

import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sites import services
from sites.models import Programme, Site, SiteKind, SiteProposal, Zone
from tests.prospects.factories import ProjectFactory, UserFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Programme {n}")
    partners = "L'État, le Conseil général"


class ZoneFactory(factory.django.DjangoModelFactory):
    """A business park in Marvejols (INSEE 48092) unless told otherwise."""

    class Meta:
        model = Zone

    name = factory.Sequence(lambda n: f"ZA numéro {n}")
    commune_name = "Marvejols"
    commune_insee = "48092"
    area_total_ha = Decimal("10")
    area_available_ha = Decimal("4")
    motorway = "A75"
    interchange = "Échangeur de Marvejols"
    interchange_km = Decimal("3")
    has_fibre = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.zone_create(**kwargs)


class SiteFactory(factory.django.DjangoModelFactory):
    """An available building in a zone."""

    class Meta:
        model = Site

    reference = factory.Sequence(lambda n: f"SITE-{n:04d}")
    kind = SiteKind.BUILDING
    title = factory.Sequence(lambda n: f"Bâtiment {n}")
    zone = factory.SubFactory(ZoneFactory)
    building_m2 = 1000
    land_m2 = 3000
    sale_price = Decimal("400000")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.site_create(**kwargs)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteProposal

    project = factory.SubFactory(ProjectFactory)
    site = factory.SubFactory(SiteFactory)
    actor = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.proposal_create(**kwargs)


def image_upload(name="facade.png", image_format="PNG", size=(12, 8)):
    """A small real image, as a browser would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 110, 82)).save(buffer, image_format)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def photo_for(site, caption=""):
    return services.photo_add(site=site, image=image_upload(), caption=caption)
