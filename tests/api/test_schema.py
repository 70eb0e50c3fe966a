"""The OpenAPI description: valid, and the committed file is what the code describes (``make api-schema``)."""

import io
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from openapi_spec_validator import validate

COMMITTED = Path(__file__).resolve().parents[2] / "api" / "openapi.yaml"


def _generated():
    out = io.StringIO()
    # The committed file is written in the site's language, as `make api-schema` writes it.
    with translation.override(settings.LANGUAGE_CODE):
        call_command("spectacular", "--fail-on-warn", stdout=out)
    return out.getvalue()


def test_the_committed_schema_is_the_generated_one():
    assert COMMITTED.read_text(encoding="utf-8") == _generated(), "run `make api-schema` and commit api/openapi.yaml"


def test_the_schema_is_valid_openapi_3():
    spec = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    assert spec["openapi"].startswith("3.")
    validate(spec)


@pytest.mark.django_db
def test_the_schema_and_its_documentation_are_served_to_every_role(observer_client, client):
    schema = observer_client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/entreprises/" in schema.content
    page = observer_client.get("/api/docs/")
    assert page.status_code == 200
    text = page.content.decode()
    # From our own static files (drf-spectacular-sidecar), no CDN; the start-up script is a file too.
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in text
    assert "cdn" not in text.lower() and "<script>" not in text
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" in policy.split("style-src")[1].split(";")[0]
    script = observer_client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    # Everywhere else, inline styles stay refused.
    assert "'unsafe-inline'" not in observer_client.get("/compte/profil/")["Content-Security-Policy"]
    assert client.get("/api/docs/").status_code == 302
