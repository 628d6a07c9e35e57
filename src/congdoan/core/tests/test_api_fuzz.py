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
def bearer(tree, alice, bob, charlie):
    from congdoan.accounts.services import create_token

    _token, key = create_token(user=alice, name="fuzz")
    return {"Authorization": f"Bearer {key}"}


@schema.parametrize()
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_never_answers_a_server_error(case, bearer):
    response = case.call(headers=bearer)
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
