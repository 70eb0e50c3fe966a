"""A database that stops answering gets a French 503 with Retry-After, not the generic 500 page."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_away(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    def cut():
        monkeypatch.setattr(CursorWrapper, "execute", refuse)
        monkeypatch.setattr(CursorWrapper, "executemany", refuse)

    return cut


def test_a_page_asked_during_a_database_outage_answers_503_with_retry_after(mission, database_away):
    client = Client(raise_request_exception=False)
    client.force_login(mission)
    database_away()

    response = client.get("/entreprises/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Service momentanément indisponible" in response.text
    assert "réessayez" in response.text


def test_any_other_fault_still_answers_the_500_page(mission, monkeypatch):
    from prospects.views import companies

    def broken(request):
        raise ZeroDivisionError

    monkeypatch.setattr(companies, "_company_filter", lambda request, queryset: broken(request))
    client = Client(raise_request_exception=False)
    client.force_login(mission)

    response = client.get("/entreprises/")

    assert response.status_code == 500
    assert "Une erreur est survenue" in response.text
    assert "Retry-After" not in response
