"""Generated requests against the OpenAPI schema: the API never answers with a 5xx.

Every operation is called with generated path, query and body values, by a province
officer and by a superuser, so that requests reach the services and not just the
authentication layer. Before the run one record of every kind an id in a path names is
made (create), and a generated id is swapped for a real one four times in five, so the
routes behind an id are read and acted on with real ids; the acts change the records
the later requests of the same run see (a card revoked, a member gone).
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from congdoan.cards.tests.conftest import hoa_card  # noqa: F401  (fixtures)
from congdoan.emulation.tests.conftest import block  # noqa: F401
from congdoan.members.tests.conftest import people  # noqa: F401
from congdoan.reports.tests.conftest import period, year_end  # noqa: F401
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
def real_ids(tree, alice, bob, charlie, root_user, people, hoa_card, block, period):  # noqa: F811
    """One record of every kind a path names: the apps' shared fixtures, and what they
    do not make, by the services as officers would make it."""
    from congdoan.accounts.models import Role
    from congdoan.awards import services as awards
    from congdoan.awards.models import AwardTitle
    from congdoan.emulation import services as emulation
    from congdoan.members import services as members
    from congdoan.reports import services as reports

    hoa, lan = people["hoa"], people["binh"]
    members.transfer_member(actor=bob, member=lan, to_unit=tree.hn_school)
    transfer = lan.transfers.get()
    ret = reports.return_for(actor=bob, period=period, unit=tree.le_loi)
    covenant = emulation.create_covenant(
        actor=alice,
        block=block,
        year=2026,
        theme="Đoàn kết, sáng tạo",
        targets=[{"text": "Phát triển đoàn viên"}],
    )
    nomination = awards.nominate(
        actor=bob,
        origin=tree.le_loi,
        year=2026,
        award=AwardTitle.objects.get(code="gk-ctcs"),
        member=hoa,
        achievements="Hoàn thành xuất sắc nhiệm vụ",
    )
    from datetime import date

    from congdoan.meetings import services as meetings
    from congdoan.meetings.models import MeetingKind
    from congdoan.reports.models import ReturnTemplate

    review = meetings.record_meeting(
        actor=alice,
        unit=tree.kh,
        spec=meetings.MeetingSpec(
            kind=MeetingKind.objects.get(code="tong-ket"), held_on=date(2026, 1, 5)
        ),
    )
    attached = meetings.attach(actor=alice, owner=review, name="bb.pdf", content=b"%PDF")
    agreement = meetings.record_agreement(
        actor=charlie,
        unit=tree.may,
        spec=meetings.AgreementSpec(
            employer="Công ty May",
            signed_on=date(2026, 1, 5),
            effective_from=date(2026, 1, 15),
            effective_to=date(2027, 1, 14),
        ),
    )
    from congdoan.grading import services as grading

    found = grading.open_round(
        actor=alice, unit=tree.nha_trang, year=2026, self_by=date(2026, 12, 20)
    )
    graded = grading.start(actor=bob, unit=tree.le_loi, year=2026)
    from congdoan.dues import services as dues

    dues.set_group(actor=bob, unit=tree.le_loi, group="3", effective_from=date(2026, 1, 1))
    sheet = dues.open_sheet(actor=bob, unit=tree.le_loi, month=date(2026, 6, 1))
    return {
        "sheet_id": [sheet.pk],
        "scheme_id": [grading.scheme_for(tree.le_loi, 2026).pk],
        "round_id": [found.pk],
        "grading_id": [graded.pk],
        "meeting_id": [review.pk],
        "agreement_id": [agreement.pk],
        "file_id": [attached.pk],
        "template_id": list(ReturnTemplate.objects.values_list("pk", flat=True)),
        "unit_id": [tree.le_loi.pk, tree.kh.pk, tree.hn_school.pk],
        "member_id": [hoa.pk, lan.pk],
        "card_id": [hoa_card.pk],
        "transfer_id": [transfer.pk],
        "return_id": [ret.pk],
        "block_id": [block.pk],
        "covenant_id": [covenant.pk],
        "nomination_id": [nomination.pk],
        "role_id": list(Role.objects.filter(user=bob).values_list("pk", flat=True)),
        "user_id": [bob.pk, charlie.pk],
    }


@pytest.fixture(params=["officer", "superuser"])
def bearer(request, alice, root_user, real_ids, keep_test_connection):
    from congdoan.accounts.services import create_token

    user = alice if request.param == "officer" else root_user
    _token, key = create_token(user=user, name="fuzz")
    return {"Authorization": f"Bearer {key}"}


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_never_answers_a_server_error(case, bearer, real_ids):
    for name, value in (case.path_parameters or {}).items():
        known = real_ids.get(name)
        if known and isinstance(value, int) and value % 5:
            # Four generated ids in five become a real one, picked by the generated value
            # (so a failing example shrinks and replays).
            case.path_parameters[name] = known[value % len(known)]
    assert_answer(case.call(headers=bearer), case)


def assert_answer(response, case) -> None:
    """No 5xx; a refusal is JSON with the API's error keys."""
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])[0]
        assert content_type.startswith("application/json"), (
            response.status_code,
            response.text[:300],
        )
        body = response.json()
        assert set(body) >= {"code", "message", "field"}, body
