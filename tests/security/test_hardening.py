import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.prospects.factories import CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(django_settings.BASE_DIR)


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "lozdev.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "crm.example.org",
        "VAR_DIR": str(tmp_path),
    }
    for name in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # set by the test run itself
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_login_is_locked_after_repeated_failures(client, mission, settings):
    url = reverse("accounts:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "camille", "password": "wrong-password"})
        assert response.status_code == 200
    assert client.post(url, {"username": "camille", "password": "wrong-password"}).status_code == 429
    locked = client.post(url, {"username": "camille", "password": "lozdev-test-pass"})
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Trop de tentatives" in page
    assert "quinze minutes" in page
    assert "_auth_user_id" not in client.session


def test_a_login_after_fewer_failures_still_works(client, mission, settings):
    url = reverse("accounts:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "camille", "password": "wrong-password"})
    assert client.post(url, {"username": "camille", "password": "lozdev-test-pass"}).status_code == 302


def test_password_validators_refuse_weak_passwords(mission):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["camille2012", "motdepasse", "12345678901", "Court1!"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user=mission)
    validate_password("Scierie-du-Causse-48", user=mission)


def test_oversized_uploads_are_refused_with_a_french_page(mission_client, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    upload = SimpleUploadedFile("cibles.csv", b"x" * 4096, content_type="text/csv")
    response = mission_client.post(reverse("gdpr:register"), {"file": upload})
    assert response.status_code == 413
    page = response.content.decode()
    assert "Fichier trop volumineux" in page
    assert "2,0\xa0Kio" in page or "2,0 Kio" in page


def test_bodies_under_the_limit_go_through(client, mission, settings):
    settings.UPLOAD_MAX_BYTES = 64 * 1024
    response = client.post(reverse("accounts:login"), {"username": "camille", "password": "lozdev-test-pass"})
    assert response.status_code == 302


def test_error_pages_render_in_french(client, mission_client, observer_client):
    not_found = mission_client.get("/cette-page-n-existe-pas/")
    assert not_found.status_code == 404
    assert "Page introuvable" in not_found.content.decode()

    forbidden = observer_client.get(reverse("gdpr:register"))
    assert forbidden.status_code == 403
    assert "Accès refusé" in forbidden.content.decode()

    error = server_error(RequestFactory().get("/"))
    assert error.status_code == 500
    assert "Une erreur est survenue" in error.content.decode()


def test_a_csrf_failure_gets_a_french_page(mission):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "camille", "password": "lozdev-test-pass"})
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()


def test_html_typed_into_text_fields_is_shown_escaped(mission_client):
    company = CompanyFactory(name="<script>alert('x')</script> SARL")
    contact = ContactFactory(company=company, last_name="<b>Gras</b>", job_title='"><img src=x onerror=alert(1)>')
    page = mission_client.get(reverse("gdpr:contact_object", args=[contact.pk])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; SARL" in page
    assert "<b>Gras</b>" not in page and "&lt;b&gt;Gras&lt;/b&gt;" in page
    assert "<img src=x" not in page


def test_logs_carry_no_personal_data(client, mission_client, mission, caplog):
    company = CompanyFactory(name="Fromagerie Bonnal")
    ContactFactory(company=company, first_name="Lucie", last_name="Bonnal", email="lucie.bonnal@exemple.fr")
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("accounts:login"), {"username": "lucie.bonnal@exemple.fr", "password": "secret-Bonnal"})
        mission_client.get("/page-inconnue/", {"q": "Bonnal"})
        mission_client.get(reverse("gdpr:register"), {"q": "Lucie Bonnal"})
    text = caplog.text.lower()
    assert "bonnal" not in text
    assert "secret" not in text
    assert "127.0.0.1" not in text


def test_request_logs_are_kept_out_by_configuration():
    loggers = django_settings.LOGGING["loggers"]
    assert loggers["django.request"]["level"] == "ERROR"
    assert loggers["django.server"]["level"] == "WARNING"


def test_the_web_process_logs_requests_without_query_strings_or_addresses():
    web = next(line for line in (BASE_DIR / "Procfile").read_text().splitlines() if line.startswith("web:"))
    assert "--access-logformat" in web
    log_format = web.split("--access-logformat", 1)[1]
    for leaky in ("%(r)s", "%(q)s", "%(h)s", "%(f)s", "%(u)s"):
        assert leaky not in log_format
    assert "%(U)s" in log_format


@pytest.mark.parametrize("name", ["prospects:company_list", "prospects:company_detail", "prospects:project_pipeline"])
def test_html_in_a_company_name_is_escaped_on_the_prospecting_screens(mission_client, mission, name):
    from tests.prospects.factories import InteractionFactory, ProjectFactory

    company = CompanyFactory(name="<script>alert(1)</script> Bois", actor=mission)
    ProjectFactory(company=company, owner=mission, title="<img src=x onerror=alert(2)>")
    InteractionFactory(company=company, summary="<iframe src=//evil.example></iframe>", logged_by=mission)
    url = reverse(name, args=[company.pk]) if name == "prospects:company_detail" else reverse(name)
    page = mission_client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bois" in page
    for raw in ("<script>alert(1)", "<img src=x", "<iframe src=//evil"):
        assert raw not in page


def test_the_admin_login_is_throttled_too(client, admin_user, settings):
    url = reverse("admin:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "root", "password": "wrong-password"})
    locked = client.post(url, {"username": "root", "password": "lozdev-test-pass"})
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.content.decode()


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("admin:prospects_company_changelist", {"stage": "\x00"}),
        ("admin:prospects_company_changelist", {"q": "scierie\x00"}),
        ("prospects:company_list", {"department": "4\x008"}),
        ("sites:site_list", {"q\x00": "1"}),
    ],
)
def test_a_nul_character_in_the_address_is_a_400_page_not_a_500(admin_client_user, url_name, params):
    response = admin_client_user.get(reverse(url_name), params)
    assert response.status_code == 400
    assert "Requête invalide" in response.content.decode()


def test_addresses_without_nul_go_through(admin_client_user):
    response = admin_client_user.get(reverse("admin:prospects_company_changelist"), {"stage": "identified"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url_name", "parameter"),
    [
        ("admin:prospects_company_changelist", "owner__id__exact"),
        ("admin:prospects_company_changelist", "note"),
        ("admin:prospects_project_changelist", "owner__id__exact"),
        ("admin:prospects_interaction_changelist", "logged_by__id__exact"),
        ("admin:prospects_followup_changelist", "assignee__id__exact"),
    ],
)
@pytest.mark.parametrize("value", ["abc", "1.5", "' OR 1=1", "9"])
def test_admin_list_filters_send_junk_back_to_the_list_not_to_a_500(admin_client_user, url_name, parameter, value):
    response = admin_client_user.get(reverse(url_name), {parameter: value})
    if value == "9" and parameter != "note":
        assert response.status_code == 200  # a person's id, even one that does not exist, filters to nothing
    else:
        assert response.status_code == 302 and response["Location"].endswith("?e=1")


def test_behind_the_proxy_an_attacker_locks_out_only_their_own_address(mission, settings):
    """Every request reaches gunicorn from the proxy's address; the client is what the proxy appended."""
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("accounts:login")
    attacker = Client(REMOTE_ADDR="10.0.0.2", headers={"x-forwarded-for": "203.0.113.66"})
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(url, {"username": "camille", "password": "wrong-password"})
    assert attacker.post(url, {"username": "camille", "password": "lozdev-test-pass"}).status_code == 429
    # A forged first entry does not let the attacker pass for someone else.
    forged = Client(REMOTE_ADDR="10.0.0.2", headers={"x-forwarded-for": "198.51.100.7, 203.0.113.66"})
    assert forged.post(url, {"username": "camille", "password": "lozdev-test-pass"}).status_code == 429

    camille = Client(REMOTE_ADDR="10.0.0.2", headers={"x-forwarded-for": "198.51.100.7"})
    assert camille.post(url, {"username": "camille", "password": "lozdev-test-pass"}).status_code == 302


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(mission, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    url = reverse("accounts:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR="192.0.2.1", headers={"x-forwarded-for": "203.0.113.1"}).post(
            url, {"username": "camille", "password": "wrong-password"}
        )
    other_header = Client(REMOTE_ADDR="192.0.2.1", headers={"x-forwarded-for": "203.0.113.2"})
    assert other_header.post(url, {"username": "camille", "password": "lozdev-test-pass"}).status_code == 429


def test_every_page_refuses_camera_microphone_and_location(client):
    policy = client.get(reverse("accounts:login"))["Permissions-Policy"]
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= set(policy.split(", "))


def test_gunicorn_listens_only_where_the_proxy_reaches_it():
    """Django trusts the proxy's X-Forwarded-Proto and X-Forwarded-For: no client may talk to gunicorn directly."""
    web = next(line for line in (BASE_DIR / "Procfile").read_text().splitlines() if line.startswith("web:"))
    assert "--bind ${GUNICORN_BIND:-127.0.0.1:$PORT}" in web and "0.0.0.0" not in web
    readme = (BASE_DIR / "README.md").read_text()
    production = readme.split("## Production set-up", 1)[1].split("\n## ", 1)[0]
    assert "--bind 127.0.0.1:" in production and "0.0.0.0" not in production
    for setting in ("SECURE_PROXY_SSL_HEADER", "TRUSTED_PROXY_COUNT", "X-Forwarded-Proto", "X-Forwarded-For"):
        assert setting in production
