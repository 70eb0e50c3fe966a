"""Personal API tokens: made on the profile page or by a command, shown once, stored hashed, revoked at once."""

import html
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken, api_token_digest
from accounts.services import api_token_create
from prospects.models import FollowUp
from tests.api.conftest import TokenClient
from tests.prospects.factories import CompanyFactory, FollowUpFactory

pytestmark = pytest.mark.django_db

COMPANIES = "/api/v1/entreprises/"


def test_the_command_prints_a_token_that_opens_the_api_and_only_its_hash_is_stored(mission):
    out = io.StringIO()
    call_command("api_token", mission.username, "--name", "Tableau de bord", stdout=out)
    raw = out.getvalue().strip()

    token = ApiToken.objects.get()
    assert token.name == "Tableau de bord" and token.user == mission
    assert token.digest == api_token_digest(raw) and raw not in (token.digest, token.prefix)
    assert raw.startswith(token.prefix)
    assert TokenClient(raw).get(COMPANIES).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_command_refuses_an_account_without_a_role(no_role_user):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("api_token", no_role_user.username, stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_the_profile_page_shows_a_new_token_once_then_revokes_it(mission, mission_client):
    response = mission_client.post(reverse("accounts:profile_api_token_create"), {"name": "Emailing"}, follow=True)
    page = response.content.decode()
    raw = re.search(r'id="new-api-token" value="(lzd_[\w-]+)"', page)[1]
    assert "Emailing" in page

    again = mission_client.get(reverse("accounts:profile")).content.decode()
    assert raw not in again and ApiToken.objects.get().prefix in again

    api = TokenClient(raw)
    assert api.get(COMPANIES).status_code == 200
    token = ApiToken.objects.get()
    mission_client.post(reverse("accounts:profile_api_token_revoke", args=[token.pk]))

    response = api.get(COMPANIES)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_token_needs_a_name(mission_client):
    response = mission_client.post(reverse("accounts:profile_api_token_create"), {"name": " "}, follow=True)
    assert "Donnez un nom au jeton." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_nobody_revokes_someone_else_s_token(mission, teammate_client):
    token, raw = api_token_create(user=mission, name="Script")
    response = teammate_client.post(reverse("accounts:profile_api_token_revoke", args=[token.pk]), follow=True)
    assert "Ce jeton n'est pas le vôtre." in html.unescape(response.content.decode())
    token.refresh_from_db()
    assert token.revoked_at is None and TokenClient(raw).get(COMPANIES).status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer lzd_" + "x" * 43, "Bearer", "Bearer a b", "Bearer not-a-token", "Bearer \u00e9t\u00e9"],
    ids=["unknown", "empty", "two-words", "malformed", "non-ascii"],
)
def test_a_wrong_token_is_401_with_a_json_error(header):
    response = Client(headers={"authorization": header}).get(COMPANIES)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed" and response.json()["message"]


def test_no_credentials_is_401_with_the_bearer_challenge():
    response = Client().get(COMPANIES)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_deactivated_account_s_token_stops_working(mission):
    _token, raw = api_token_create(user=mission, name="Script")
    mission.is_active = False
    mission.save(update_fields=["is_active"])
    assert TokenClient(raw).get(COMPANIES).status_code == 401


def test_an_account_without_a_role_is_refused(no_role_user):
    _token, raw = api_token_create(user=no_role_user, name="Script")
    response = TokenClient(raw).get(COMPANIES)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_the_session_works_too_and_its_writes_need_the_csrf_token(mission):
    followup = FollowUpFactory(company=CompanyFactory(), assignee=mission)
    client = Client(enforce_csrf_checks=True)
    client.force_login(mission)
    assert client.get(COMPANIES).status_code == 200

    response = client.post(
        f"/api/v1/relances/{followup.pk}/snooze/", {"due_on": "2099-01-05"}, content_type="application/json"
    )
    assert response.status_code == 403 and "CSRF" in response.json()["message"]
    followup.refresh_from_db()
    assert followup.due_on.year != 2099


def test_a_write_by_token_is_recorded_in_the_history_with_the_token_s_owner(mission, mission_api):
    followup = FollowUpFactory(company=CompanyFactory(), assignee=mission)
    response = mission_api.post_json(f"/api/v1/relances/{followup.pk}/snooze/", {"due_on": "2099-01-05"})
    assert response.status_code == 200, response.content
    latest = FollowUp.history.filter(id=followup.pk).latest("history_id")
    assert latest.due_on.isoformat() == "2099-01-05" and latest.history_user == mission
