"""Ids and return addresses a user can type or forge: refused in French, never a 500.

Found by the form fuzzer (tests/fuzz): the admin's related fields passed
"<script>" or 99999999999999999999 to the database, and a "next" of "-1" was
taken by redirect() for a view name.
"""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from core.forms import RecordChoiceField, RecordsChoiceField, is_possible_key
from core.web import local_url
from prospects.models import Company, FollowUp, Sector
from sites.models import Site
from tests.prospects.factories import CompanyFactory
from tests.sites.factories import SiteFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["<script>", "\x00", "99999999999999999999", "-99999999999999999999", "1e308"])
def test_an_id_no_record_could_have_is_not_a_possible_key(value):
    assert not is_possible_key(Company, value)


def test_an_ordinary_id_is_a_possible_key_even_without_a_record():
    assert is_possible_key(Company, "987654321")


@pytest.mark.parametrize("value", ["<script>", "99999999999999999999"])
def test_a_record_field_refuses_an_impossible_id_as_an_unknown_choice(value):
    CompanyFactory()
    field = RecordChoiceField(queryset=Company.objects.all())
    with pytest.raises(ValidationError) as refused:
        field.clean(value)
    assert refused.value.code == "invalid_choice"


def test_a_records_field_refuses_an_impossible_id_and_accepts_real_ones():
    sectors = list(Sector.objects.all()[:2])
    field = RecordsChoiceField(queryset=Sector.objects.all())
    assert set(field.clean([str(s.pk) for s in sectors])) == set(sectors)
    with pytest.raises(ValidationError) as refused:
        field.clean([str(sectors[0].pk), "99999999999999999999"])
    assert refused.value.code == "invalid_pk_value"


def test_the_admin_shows_a_site_form_again_when_its_zone_is_forged(admin_client_user):
    site = SiteFactory()
    before = Site.objects.count()
    response = admin_client_user.post(
        reverse("admin:offer_site_change", args=[site.pk]), {"name": "Zone forgée", "zone": "<script>"}
    )
    assert response.status_code == 200
    assert "zone" in response.context["adminform"].form.errors
    assert Site.objects.count() == before


def test_the_admin_refuses_a_follow_up_on_a_project_id_too_large_for_the_database(admin_client_user):
    company = CompanyFactory()
    response = admin_client_user.post(
        reverse("admin:prospects_followup_add"),
        {"company": company.pk, "project": "99999999999999999999", "title": "Rappeler", "due_on": "2027-01-04"},
    )
    assert response.status_code == 200
    assert "project" in response.context["adminform"].form.errors
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize("target", ["-1", "1e308", "😀", "99999999999999999999", "//evil.example/x"])
def test_a_return_address_that_is_not_a_path_of_this_site_falls_back(target):
    request = RequestFactory().get("/")
    assert local_url(request, target, "/relances/") == "/relances/"


@pytest.mark.parametrize("target", ["/entreprises/?page=2", "http://testserver/relances/"])
def test_a_path_or_an_address_of_this_site_is_kept(target):
    request = RequestFactory().get("/")
    assert local_url(request, target, "/") == target


def test_the_admin_refuses_a_group_permission_id_too_large_for_the_database(admin_client_user):
    from django.contrib.auth.models import Group

    before = Group.objects.count()
    response = admin_client_user.post(
        reverse("admin:auth_group_add"), {"name": "Stagiaires", "permissions": ["99999999999999999999"]}
    )
    assert response.status_code == 200
    assert "permissions" in response.context["adminform"].form.errors
    assert Group.objects.count() == before


def test_a_text_key_with_a_nul_is_no_record_s():
    from core.forms import is_possible_key
    from prospects.models import NafCode

    assert is_possible_key(NafCode, "16.10A")
    assert not is_possible_key(NafCode, "\x00")
    assert not is_possible_key(NafCode, "16.1\x000A")
