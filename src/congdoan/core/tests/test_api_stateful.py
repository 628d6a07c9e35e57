"""Generated sequences of API calls: create → read → act with the ids the answers give.

The links between operations are inferred from the schema (an operation's answer holds
the ``id`` another operation's path takes). Each sequence runs as a superuser and as a
province officer over the shared tree; no answer is a 5xx, and every refusal is the
API's JSON error body.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings

from .test_api_fuzz import (  # noqa: F401  (fixtures)
    assert_answer,
    block,
    hoa_card,
    keep_test_connection,  # noqa: F811
    people,
    period,
    real_ids,  # noqa: F811  (the imported fixture)
    schema,
    year_end,
)

Workflow = schema.as_state_machine()


class Calls(Workflow):
    headers: dict = {}

    def setup(self):
        # each sequence starts from the same records: its writes are undone after it,
        # so a failing sequence replays as it ran
        self._sequence = transaction.atomic()
        self._sequence.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self._sequence.__exit__(None, None, None)

    def get_call_kwargs(self, case):
        return {"headers": self.headers}

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        assert_answer(response, case)


@pytest.mark.parametrize("role", ["officer", "superuser"])
def test_call_sequences_never_answer_a_server_error(
    role,
    alice,
    root_user,
    real_ids,  # noqa: F811  (the imported fixture)
    keep_test_connection,  # noqa: F811
):
    from congdoan.accounts.services import create_token

    _token, key = create_token(user=alice if role == "officer" else root_user, name="fuzz")
    Calls.headers = {"Authorization": f"Bearer {key}"}
    Calls.run(
        settings=settings(
            max_examples=40,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )
