"""The accent-insensitive search, on SQLite (a LIKE scan) and on PostgreSQL (trigram indexes)."""

import pytest
from django.db import connection
from django.urls import reverse

from core.identifiers import fold
from prospects import gdpr, services
from prospects.models import Company, Contact
from prospects.selectors import company_text_search
from tests.prospects.factories import CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only (SQLite scans)"
)


@pytest.fixture
def companies():
    wanted = CompanyFactory(name="Sciérie du Gévaudan", naf_code="16.10A")
    other = CompanyFactory(name="Fromagerie des Causses", naf_code="10.51C")
    return wanted, other


def test_search_finds_accented_name_typed_without_accents(companies):
    wanted, _other = companies
    found = company_text_search(Company.objects.all(), "scierie gevaudan")
    assert list(found) == [wanted]


def test_search_finds_it_typed_with_other_accents_and_case(companies):
    wanted, _other = companies
    assert list(company_text_search(Company.objects.all(), "SCIÉRIE")) == [wanted]


def test_search_finds_a_company_by_its_contact(companies):
    _wanted, other = companies
    ContactFactory(company=other, first_name="Hélène", last_name="Séguin")
    assert list(company_text_search(Company.objects.all(), "seguin")) == [other]


def test_a_contacts_new_name_finds_the_company_and_the_old_one_no_longer(companies):
    _wanted, other = companies
    contact = ContactFactory(company=other, first_name="Hélène", last_name="Séguin")
    services.contact_update(contact=contact, last_name="Bonnal")
    assert list(company_text_search(Company.objects.all(), "bonnal")) == [other]
    assert list(company_text_search(Company.objects.all(), "seguin")) == []


def test_a_contacts_email_does_not_find_the_company(companies):
    _wanted, other = companies
    ContactFactory(company=other, first_name="Hélène", last_name="Séguin", email="direction@causses.fr")
    assert list(company_text_search(Company.objects.all(), "direction@causses")) == []


def test_a_deleted_or_erased_contact_no_longer_finds_the_company(companies):
    _wanted, other = companies
    deleted = ContactFactory(company=other, first_name="Hélène", last_name="Séguin")
    erased = ContactFactory(company=other, first_name="Paul", last_name="Bonnal")
    services.contact_delete(contact=deleted)
    gdpr.contact_erase(contact=erased)
    for word in ("seguin", "bonnal", "anonymisee"):
        assert list(company_text_search(Company.objects.all(), word)) == []
    assert list(company_text_search(Company.objects.all(), "causses")) == [other]


def test_company_list_search_is_accent_insensitive(companies, mission_client):
    response = mission_client.get(reverse("prospects:company_list"), {"q": "scierie"})
    assert response.status_code == 200
    assert "Sciérie du Gévaudan" in response.content.decode()
    assert "Fromagerie des Causses" not in response.content.decode()


@postgresql_only
@pytest.mark.parametrize(
    ("model", "index"), [(Company, "company_search_trgm_idx"), (Contact, "contact_search_trgm_idx")]
)
def test_contains_search_can_use_the_trigram_index(companies, model, index):
    with connection.cursor() as cursor:
        # With a handful of rows a scan of the table (or of a whole B-tree) is
        # cheaper; forbid both to see which index serves the LIKE.
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        queryset = model.objects.filter(search_text__contains=fold("Sciérie"))
        sql, params = queryset.values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan


@postgresql_only
def test_page_queries_run_without_jit_compilation():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
