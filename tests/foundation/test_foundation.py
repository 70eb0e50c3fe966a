import json

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.roles import GROUP_NAMES

pytestmark = pytest.mark.django_db


def test_it_runs_with_test_settings():
    assert settings.DJANGO_ENV == "test"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.LANGUAGE_CODE == "fr"


def test_role_groups_exist_with_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(GROUP_NAMES.values()) <= names
    mission = Group.objects.get(name="Chargé de mission")
    assert mission.permissions.filter(codename="change_company").exists()
    assert not mission.permissions.filter(codename="delete_company").exists()
    assert Group.objects.get(name="Direction").permissions.filter(codename="delete_company").exists()
    assert not Group.objects.get(name="Observateur").permissions.exists()


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_tells_strangers_the_status_only(client, settings):
    settings.HEALTHZ_DETAIL_FROM = []
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


def test_healthz_is_served_over_plain_http_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/entreprises/").status_code == 301


def test_healthz_answers_503_when_the_broker_is_down(client, settings):
    from lozdev.celery import app

    previous = app.conf.broker_url, app.conf.broker_write_url
    app.conf.broker_url = app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url, app.conf.broker_write_url = previous
    assert response.status_code == 503
    assert json.loads(response.content)["broker"] == "error"


def test_login_page_is_in_french(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "Connexion" in response.content.decode()
    assert '<html lang="fr">' in response.content.decode()


def test_anonymous_home_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_switching_to_english_sticks(client, mission):
    client.force_login(mission)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Dashboard" in page
    assert '<html lang="en">' in client.get("/").content.decode()


def test_each_demo_role_can_log_in(client):
    call_command("seed_demo", verbosity=0)
    for username in ["admin", "direction", "mission", "observateur"]:
        client.logout()
        response = client.post(reverse("accounts:login"), {"username": username, "password": "lozdev-demo"})
        assert response.status_code == 302, username
        assert client.get("/").status_code == 200, username


def test_seed_demo_is_idempotent(django_user_model):
    from prospects.models import Company

    call_command("seed_demo", verbosity=0)
    counts = (django_user_model.objects.count(), Company.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (django_user_model.objects.count(), Company.objects.count()) == counts


def test_seed_demo_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")


def test_a_wrong_password_is_refused_in_french(client, mission):
    response = client.post(reverse("accounts:login"), {"username": "camille", "password": "nope"})
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()


def _manage(*args, **env):
    import os
    import subprocess
    import sys

    full_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ENV"}}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key_and_hosts(tmp_path):
    result = _manage("check", DJANGO_ENV="production", VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY and ALLOWED_HOSTS" in result.stderr


def test_development_generates_a_secret_key_once(tmp_path):
    assert _manage("check", DJANGO_ENV="development", VAR_DIR=str(tmp_path)).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 40
    assert _manage("check", DJANGO_ENV="development", VAR_DIR=str(tmp_path)).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_every_entry_point_reads_dotenv_and_the_environment_wins(tmp_path):
    dotenv = tmp_path / "env"
    # Variables `make test` does not export itself (it sets PORT and SITE_URL).
    dotenv.write_text("DEFAULT_FROM_EMAIL=dotenv@example.org\nEXPORT_MAX_ROWS=1234\n")
    show = "from django.conf import settings; print(settings.DEFAULT_FROM_EMAIL, settings.EXPORT_MAX_ROWS)"
    common = {"DJANGO_ENV": "development", "VAR_DIR": str(tmp_path), "LOZDEV_ENV_FILE": str(dotenv)}
    result = _manage("shell", "--no-imports", "-c", show, **common)
    assert result.stdout.split() == ["dotenv@example.org", "1234"], result.stderr
    result = _manage("shell", "--no-imports", "-c", show, DEFAULT_FROM_EMAIL="env@example.org", **common)
    assert result.stdout.split() == ["env@example.org", "1234"], result.stderr


def test_direction_can_manage_imports_and_reminders_in_the_admin():
    direction = Group.objects.get(name="Direction")
    codenames = set(direction.permissions.values_list("codename", flat=True))
    assert {"view_importbatch", "view_reminder", "change_yeartarget"} <= codenames
    assert not Group.objects.get(name="Chargé de mission").permissions.filter(codename="view_importbatch").exists()


@pytest.mark.parametrize(
    ("client_fixture", "expected", "hidden"),
    [
        ("observer_client", ["/", "/rapport-annuel/"], ["/entreprises/", "/import/"]),
        ("mission_client", ["/", "/entreprises/", "/relances/", "/salons/", "/offre/"], ["/import/"]),
        ("direction_client", ["/", "/entreprises/", "/import/", "/rgpd/"], []),
    ],
)
def test_navigation_shows_each_role_its_areas(request, client_fixture, expected, hidden):
    page = request.getfixturevalue(client_fixture).get("/").content.decode()
    nav = page.split('class="mainnav"')[1].split("</nav>")[0]
    for url in expected:
        assert f'href="{url}"' in nav, url
    for url in hidden:
        assert f'href="{url}"' not in nav, url


def test_a_kept_database_connection_is_checked_before_it_is_reused(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
