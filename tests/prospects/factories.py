"""Factories for the prospect records.

Companies, contacts, interactions, projects and follow-ups are created through
prospects.services, like every other write, so derived fields (sector,
département, search text, last contact date) are what the application would
have stored. Keyword arguments a service does not take (a follow-up's status,
say) are written afterwards with a plain UPDATE.
"""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from stdnum.luhn import calc_check_digit

from accounts.roles import GROUP_NAMES
from prospects import services
from prospects.models import (
    Company,
    Contact,
    FollowUp,
    Interaction,
    InteractionKind,
    NafCode,
    Project,
    Sector,
    YearTarget,
)

_siren_numbers = itertools.count(100000)


def make_siren(number=None):
    """A valid, unique SIREN (9 digits, Luhn key)."""
    body = f"{next(_siren_numbers) if number is None else number:08d}"
    return body + calc_check_digit(body)


def make_siret(siren=None, nic_number=1):
    """A valid SIRET for ``siren`` (a new SIREN when omitted) and an establishment number."""
    siren = siren or make_siren()
    body = siren + f"{nic_number:04d}"
    return body + calc_check_digit(body)


class UserFactory(factory.django.DjangoModelFactory):
    """A user; ``role=Role.MISSION`` (or DIRECTION, OBSERVER) puts them in the role's group."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("lozdev-test-pass")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=GROUP_NAMES[extracted]))


class SectorFactory(factory.django.DjangoModelFactory):
    """The seeded sectors, looked up by slug: ``SectorFactory(slug="agroalimentaire")``.

    Slugs seeded by the migration: bois, agroalimentaire, metallurgie,
    numerique, e-commerce, aeronautique, materiaux, autre. Another slug
    creates a new sector.
    """

    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    slug = "bois"
    name = factory.LazyAttribute(lambda sector: sector.slug.capitalize())
    naf_prefixes = ""


def naf(code):
    """A NafCode loaded by the migration, from ``16.10A`` or ``1610A``."""
    from core.identifiers import normalize_naf

    return NafCode.objects.get(code=normalize_naf(code))


class _ServiceFactory(factory.django.DjangoModelFactory):
    """Creates through a service; extra model fields are written after."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        accepted = cls._service_fields()
        extra = {name: kwargs.pop(name) for name in list(kwargs) if name not in accepted}
        instance = cls._call_service(**kwargs)
        if extra:
            model_class.objects.filter(pk=instance.pk).update(**extra)
            instance.refresh_from_db()
        return instance


class CompanyFactory(factory.django.DjangoModelFactory):
    """A company entered through ``company_create``.

    ``naf_code`` takes ``"16.10A"``, ``"1610A"`` or a NafCode; the sector then
    follows from it (pass ``sector=`` to set it by hand).
    """

    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Scierie Exemple {n}")
    siret = factory.LazyFunction(make_siret)
    naf_code = "16.10A"
    postcode = "48000"
    city = "Mende"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.company_create(**kwargs)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    company = factory.SubFactory(CompanyFactory)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    job_title = "Directeur général"
    email = factory.Sequence(lambda n: f"contact{n}@exemple.fr")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.contact_create(**kwargs)


class InteractionFactory(_ServiceFactory):
    """An interaction logged through ``interaction_log`` (``contacts=[...]`` allowed)."""

    class Meta:
        model = Interaction

    @classmethod
    def _service_fields(cls):
        return {"company", "kind", "occurred_at", "summary", "logged_by", "contacts", "appearance", "lead_grade"}

    company = factory.SubFactory(CompanyFactory)
    kind = InteractionKind.PHONE
    occurred_at = factory.LazyFunction(timezone.now)
    summary = "Échange sur un projet d'extension."
    logged_by = factory.SubFactory(UserFactory)
    lead_grade = "B"

    @classmethod
    def _call_service(cls, **kwargs):
        return services.interaction_log(**kwargs)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project opened through ``project_create``; ``actor`` defaults to its owner."""

    class Meta:
        model = Project

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Extension atelier {n}")
    opened_on = factory.LazyFunction(timezone.localdate)
    jobs_planned = 12
    investment_planned = 1_500_000

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs.setdefault("actor", kwargs.get("owner"))
        return services.project_create(**kwargs)


class FollowUpFactory(_ServiceFactory):
    """A follow-up created through ``followup_create``.

    ``status``, ``done_at`` and other fields the service does not take are
    written after creation, e.g. ``FollowUpFactory(status=FollowUpStatus.DONE)``.
    ``created_by`` defaults to the assignee (no assignment notice).
    """

    class Meta:
        model = FollowUp

    @classmethod
    def _service_fields(cls):
        return {"company", "title", "due_on", "assignee", "created_by", "project", "interaction", "notes"}

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Rappeler pour le projet {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=2))
    assignee = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("assignee")

    @classmethod
    def _call_service(cls, **kwargs):
        return services.followup_create(**kwargs)


class YearTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearTarget
        django_get_or_create = ("year",)

    year = 2012
    implantations_target = 10
    projects_target = 25
