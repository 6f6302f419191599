"""Schemathesis against the OpenAPI schema, in-process through the WSGI app, with a token: a few generated
requests per operation (bounded), and none may end in a server error."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings

from khuyencong.accounts.services.tokens import token_create

pytestmark = pytest.mark.django_db

# The schema /api/schema/ serves, generated in-process (no database needed), sent to the WSGI app.
SPEC = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
schema = schemathesis.openapi.from_dict(SPEC)
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes database connections when a request ends; the test's transaction lives on its
    connection, so (as Django's test client does) the closing is held off during the test."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(make_user):
    user = make_user("fuzz", role="centre_staff", unit="10030")
    return token_create(actor=user, user=user, name="schemathesis").secret


@schema.parametrize()
@settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_error(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (case.method, case.formatted_path, case.body, response.text[:500])
