"""Property-based API testing (schemathesis): every operation, generated input, 0 server errors, 0 schema violations.

The Django WSGI application is called in-process (schemathesis's WSGI
transport), inside the test's transaction, with a chargé de mission's
token and some data to find. A bounded run: a few examples per operation,
well under a minute; ``SCHEMATHESIS_EXAMPLES`` asks for more.
"""

import os
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from prospects.models import InteractionKind
from tests.api.conftest import token_client
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import (
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    ProjectFactory,
)
from tests.sites.factories import ProgrammeFactory, SiteFactory

SCHEMA = Path(__file__).resolve().parents[2] / "api" / "openapi.yaml"
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))

schema = schemathesis.openapi.from_path(SCHEMA)
schema.app = get_wsgi_application()


def not_a_server_error(ctx, response, case):
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"


@pytest.fixture
def wsgi_in_the_test_transaction():
    """Keep the test's connection across calls, as Django's test client does.

    Django closes a connection at each request's start and end when its
    autocommit is not the configured one, which is the case inside the
    test's transaction: on PostgreSQL the next query would find it closed.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_token(db, wsgi_in_the_test_transaction, mission, teammate):
    """Data to find, and the chargé de mission's token."""
    show = AppearanceFactory()
    company = CompanyFactory(name="Scierie du Causse", actor=mission)
    contact = ContactFactory(company=company)
    project = ProjectFactory(company=company, owner=mission, programme=ProgrammeFactory())
    lead = InteractionFactory(company=company, contacts=[contact], appearance=show, kind=InteractionKind.STAND)
    FollowUpFactory(company=company, project=project, interaction=lead, assignee=mission)
    ProjectFactory(company=company, owner=teammate, confidential=True)
    SiteFactory(published_on_website=True)
    return token_client(mission).raw_token


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_within_its_schema(case, api_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {api_token}"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
