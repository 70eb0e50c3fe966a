"""The public « Recherche d'entreprises » API provider, against a fake server on this machine (no internet in tests)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.urls import reverse

from directory.providers import API_PAUSED_KEY, ApiProvider
from tests.prospects.factories import CompanyFactory, make_siret

pytestmark = pytest.mark.django_db

SIRET = make_siret("552100554")
ANSWER = {
    "results": [
        {
            "siren": SIRET[:9],
            "nom_complet": "FROMAGERIE DES CAUSSES (FDC)",
            "nom_raison_sociale": "FROMAGERIE DES CAUSSES",
            "activite_principale": "10.51C",
            "tranche_effectif_salarie": "12",
            "siege": {
                "siret": SIRET,
                "activite_principale": "10.51C",
                "tranche_effectif_salarie": "12",
                "adresse": "4 ROUTE DE SEVERAC 12100 MILLAU",
                "code_postal": "12100",
                "libelle_commune": "MILLAU",
                "commune": "12145",
                "etat_administratif": "A",
                "liste_enseignes": None,
            },
            "matching_etablissements": [],
        },
        {"siren": "bad", "siege": "not a place"},
    ],
    "total_results": 2,
}


class FakeApi(BaseHTTPRequestHandler):
    mode = "answer"
    requests = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        FakeApi.requests.append(self.path)
        if FakeApi.mode == "slow":
            # Twice the client's timeout; server_close() waits for this thread.
            time.sleep(1.0)
        if FakeApi.mode in ("429", "500"):
            self.send_response(int(FakeApi.mode))
            self.end_headers()
            return
        body = json.dumps(ANSWER).encode() if FakeApi.mode != "garbage" else b"<html>"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def api(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeApi.mode, FakeApi.requests = "answer", []
    settings.SIRENE_API_ENABLED = True
    settings.SIRENE_API_URL = f"http://127.0.0.1:{server.server_address[1]}/search"
    settings.SIRENE_API_TIMEOUT = 0.5
    cache.clear()
    yield FakeApi
    server.shutdown()
    server.server_close()
    cache.clear()


def test_an_answer_becomes_suggestions_and_is_cached(api):
    answer = ApiProvider().search("fromagerie causses", 5)
    [suggestion] = answer.suggestions
    assert answer.note == ""
    assert (suggestion.siret, suggestion.name, suggestion.naf) == (SIRET, "FROMAGERIE DES CAUSSES", "10.51C")
    assert (suggestion.address, suggestion.postcode, suggestion.city) == ("4 ROUTE DE SEVERAC", "12100", "Millau")
    assert suggestion.workforce_band == "12" and suggestion.department == "12" and suggestion.source == "api"
    ApiProvider().search("fromagerie causses", 5)
    assert len(api.requests) == 1
    assert "q=fromagerie+causses" in api.requests[0]


def test_a_company_already_followed_is_not_offered_again(api):
    CompanyFactory(siret=SIRET, name="Fromagerie des Causses")
    assert ApiProvider().search("fromagerie causses", 5).suggestions == []


def test_the_lead_form_lookup_asks_the_api_when_the_directory_has_nothing(api, mission_client):
    data = mission_client.get(reverse("directory:lookup_json"), {"q": "fromagerie causses"}).json()
    assert [row["siret"] for row in data["directory"]] == [SIRET] and data["note"] == ""


@pytest.mark.parametrize(
    ("mode", "note"),
    [
        ("slow", "L'annuaire en ligne ne répond pas"),
        ("500", "L'annuaire en ligne ne répond pas"),
        ("garbage", "L'annuaire en ligne ne répond pas"),
        ("429", "trop de demandes"),
    ],
)
def test_a_failure_leaves_the_form_usable_with_a_french_note(api, mission_client, mode, note):
    api.mode = mode
    started = time.monotonic()
    response = mission_client.get(reverse("directory:lookup_json"), {"q": "fromagerie causses"})
    assert time.monotonic() - started < 1.4
    data = response.json()
    assert response.status_code == 200 and data["directory"] == [] and note in data["note"]


def test_after_a_429_the_api_is_left_alone_for_a_while(api):
    api.mode = "429"
    ApiProvider().search("scierie", 5)
    assert cache.get(API_PAUSED_KEY)
    answer = ApiProvider().search("menuiserie", 5)
    assert "trop de demandes" in answer.note and len(api.requests) == 1


def test_off_by_default(settings, mission_client, api):
    settings.SIRENE_API_ENABLED = False
    assert mission_client.get(reverse("directory:lookup_json"), {"q": "fromagerie"}).json()["directory"] == []
    assert api.requests == []
