"""Generated requests against the OpenAPI schema: the API never answers with a 5xx.

Every operation is called with generated path, query and body values, by an
authenticated province officer so that requests reach the services, not just the
authentication layer.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from congdoan.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def keep_test_connection():
    """Requests here bypass Django's test client, so stop the end of each request from
    closing the connection that holds the test's transaction (as the test client does)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(tree, alice, bob, charlie, keep_test_connection):
    from congdoan.accounts.services import create_token

    _token, key = create_token(user=alice, name="fuzz")
    return {"Authorization": f"Bearer {key}"}


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_never_answers_a_server_error(case, bearer):
    response = case.call(headers=bearer)
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
