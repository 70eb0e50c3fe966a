"""Sentry gets no person's email or phone; logs can be JSON; ADMINS is read from the environment."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core.observability import parse_admins, scrub_event


def _event():
    return {
        "message": "Échec de l'envoi à jean.dupont@example.org",
        "user": {"id": "7", "email": "direction@agence.fr"},
        "request": {"url": "/entreprises/", "data": {"email": "a@b.fr"}, "cookies": {"sessionid": "x"}},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": "numéro refusé : +33 (0)6 12 34 56 78",
                    "stacktrace": {
                        "frames": [
                            {"vars": {"phone": "06.12.34.56.78", "names": ["Zoé Martin <zoe.martin@scierie.fr>"]}},
                        ]
                    },
                }
            ]
        },
        "breadcrumbs": {"values": [{"message": "SELECT … WHERE email = 'marc@ex.fr'"}]},
        "extra": {"siret": "73282932000074", "count": 3},
    }


def test_an_event_leaves_with_no_email_or_phone_in_it():
    scrubbed = scrub_event(_event())
    text = json.dumps(scrubbed, ensure_ascii=False)
    for secret in ("jean.dupont", "direction@", "zoe.martin", "marc@ex.fr", "06 12 34", "06.12.34", "sessionid"):
        assert secret not in text
    assert "user" not in scrubbed
    assert "data" not in scrubbed["request"] and "cookies" not in scrubbed["request"]
    assert scrubbed["message"] == "Échec de l'envoi à [email]"
    assert scrubbed["exception"]["values"][0]["value"] == "numéro refusé : [téléphone]"
    assert scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]["vars"]["names"] == ["Zoé Martin <[email]>"]
    # Values other than text are left as they are.
    assert scrubbed["extra"]["count"] == 3


def test_admins_are_read_as_names_and_addresses():
    assert parse_admins("Alice Roux <alice@agence.fr>, bob@agence.fr,") == [
        ("Alice Roux", "alice@agence.fr"),
        ("bob@agence.fr", "bob@agence.fr"),
    ]
    assert parse_admins("") == []
    with pytest.raises(ImproperlyConfigured):
        parse_admins("not an address")


def _python(code, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    full_env.update({"DJANGO_ENV": "development", "DJANGO_SETTINGS_MODULE": "lozdev.settings", **env})
    prelude = "import django; django.setup(); "
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        cwd=settings.BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_sentry_starts_only_with_a_dsn_and_sends_no_personal_data(tmp_path):
    code = (
        "import sentry_sdk; client = sentry_sdk.get_client(); o = client.options; "
        "print(client.is_active(), o.get('send_default_pii'), o.get('max_request_body_size'), "
        "o.get('before_send').__name__ if o.get('before_send') else None)"
    )
    result = _python(code, VAR_DIR=str(tmp_path), SENTRY_DSN="https://public@127.0.0.1:9/1")
    assert result.stdout.split() == ["True", "False", "never", "scrub_event"], result.stderr
    result = _python(code, VAR_DIR=str(tmp_path), SENTRY_DSN="")
    assert result.stdout.split()[0] == "False", result.stderr


def test_json_logs_carry_the_level_logger_and_message(tmp_path):
    code = "import logging; logging.getLogger('reminders').warning('digest sent to %s users', 3)"
    result = _python(code, VAR_DIR=str(tmp_path), LOG_FORMAT="json")
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING"
    assert line["logger"] == "reminders"
    assert line["message"] == "digest sent to 3 users"
    assert "time" in line and "task_id" in line


def test_an_unknown_log_format_is_refused(tmp_path):
    result = _python("pass", VAR_DIR=str(tmp_path), LOG_FORMAT="xml")
    assert result.returncode != 0 and "LOG_FORMAT must be plain or json" in result.stderr
