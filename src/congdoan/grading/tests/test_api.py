"""``/api/v1/grading`` four ways, and the flow an outside system drives: issue and copy
a table, open a round, score a union, decide, publish and correct — every refusal a
4xx JSON naming its field."""

import pytest

from congdoan.core.models import AuditLog
from congdoan.grading import services
from congdoan.grading.models import Grading, Scheme, Status

from .conftest import YEAR


def test_every_route_four_ways(tree, api_client, alice, bob, charlie, nobody, sent):
    found = sent.round
    default = services.scheme_for(tree.le_loi, YEAR)
    bobs = [
        f"/api/v1/grading/gradings/{sent.pk}",
        f"/api/v1/grading/tables/for?unit={tree.le_loi.pk}&year={YEAR}",
    ]
    alices = [
        f"/api/v1/grading/rounds/{found.pk}",
        f"/api/v1/grading/rounds/{found.pk}/results.xlsx",
    ]
    lists = ["/api/v1/grading/tables", "/api/v1/grading/rounds", "/api/v1/grading/gradings"]
    for url in bobs + alices + lists + [f"/api/v1/grading/tables/{default.pk}"]:
        assert api_client().get(url).status_code == 401, url
    for owner, urls, outsiders in (
        (bob, bobs, (charlie, nobody)),
        (alice, alices, (bob, charlie, nobody)),
    ):
        for url in urls:
            assert api_client(owner).get(url).status_code == 200, url
            for outsider in outsiders:
                response = api_client(outsider).get(url)
                assert response.status_code == 404, (url, outsider)
                assert set(response.json()) >= {"code", "message", "field"}
    # the level above reads the grading of a union it manages
    assert api_client(alice).get(f"/api/v1/grading/gradings/{sent.pk}").status_code == 200
    assert [g["id"] for g in api_client(bob).get("/api/v1/grading/gradings").json()] == [sent.pk]
    assert api_client(charlie).get("/api/v1/grading/gradings").json() == []
    assert api_client(bob).get("/api/v1/grading/rounds").json() == []
    assert len(api_client(alice).get("/api/v1/grading/rounds").json()) == 1
    # the shipped defaults are read by anyone logged in
    assert api_client(nobody).get(f"/api/v1/grading/tables/{default.pk}").status_code == 200


def test_the_whole_flow_through_the_api(tree, api_client, alice, bob, charlie):
    a, b = api_client(alice), api_client(bob)
    default = b.get(f"/api/v1/grading/tables/for?unit={tree.le_loi.pk}&year={YEAR}").json()
    assert default["total"] == 100 and default["unit"] is None
    copied = a.post(
        f"/api/v1/grading/tables/{default['id']}/copy",
        {"unit": tree.kh.pk, "year": YEAR},
        content_type="application/json",
    )
    assert copied.status_code == 201
    table = copied.json()
    body = {
        **{
            k: table[k]
            for k in (
                "year",
                "name",
                "sector",
                "excellent_from",
                "good_from",
                "done_from",
                "group_floor",
                "top_share_cap",
                "source",
            )
        }
    }
    body |= {
        "unit": tree.kh.pk,
        "version": table["version"],
        "criteria": [
            {k: c[k] for k in ("group", "text", "points", "figure", "detail", "target")}
            for c in table["criteria"]
        ],
    }
    body["good_from"] = 90  # above the top tier's threshold
    refused = a.put(f"/api/v1/grading/tables/{table['id']}", body, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == "excellent_from"
    body["good_from"] = 70
    body["name"] = "Bảng của tỉnh"
    changed = a.put(f"/api/v1/grading/tables/{table['id']}", body, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = a.put(f"/api/v1/grading/tables/{table['id']}", body, content_type="application/json")
    assert stale.status_code == 409
    assert (
        b.put(
            f"/api/v1/grading/tables/{table['id']}",
            {**body, "version": 2},
            content_type="application/json",
        ).status_code
        == 403
    )
    opened = a.post(
        "/api/v1/grading/rounds",
        {"unit": tree.nha_trang.pk, "year": YEAR, "self_by": "2026-12-20"},
        content_type="application/json",
    )
    assert opened.status_code == 201
    assert (
        b.post(
            "/api/v1/grading/rounds",
            {"unit": tree.nha_trang.pk, "year": YEAR, "self_by": "2026-12-20"},
            content_type="application/json",
        ).status_code
        == 404
    )
    started = b.post(
        "/api/v1/grading/gradings",
        {"unit": tree.le_loi.pk, "year": YEAR},
        content_type="application/json",
    )
    assert started.status_code == 201
    grading = started.json()
    assert grading["scheme"] == table["id"]  # the province's table, the nearest above
    assert (
        api_client(charlie)
        .post(
            "/api/v1/grading/gradings",
            {"unit": tree.le_loi.pk, "year": YEAR},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    scores = [
        {"criterion": s["criterion"], "points": s["max_points"], "evidence": "Hồ sơ"}
        for s in grading["scores"]
    ]
    sent = b.put(
        f"/api/v1/grading/gradings/{grading['id']}/self",
        {"version": grading["version"], "scores": scores, "send": True},
        content_type="application/json",
    )
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"
    sent = sent.json()
    lower = [{"criterion": s["criterion"], "points": 0} for s in sent["scores"]]
    refused = a.post(
        f"/api/v1/grading/gradings/{sent['id']}/decide",
        {"version": sent["version"], "scores": lower},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["field"] == "reason"
    assert Grading.objects.get(pk=sent["id"]).status == Status.SUBMITTED
    decided = a.post(
        f"/api/v1/grading/gradings/{sent['id']}/decide",
        {"version": sent["version"], "scores": lower, "reason": "Không có hồ sơ minh chứng."},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["tier"] == "failed"
    published = a.post(f"/api/v1/grading/rounds/{opened.json()['id']}/publish")
    assert published.json() == {"published": 1}
    now = Grading.objects.get(pk=sent["id"])
    corrected = a.post(
        f"/api/v1/grading/gradings/{now.pk}/correct",
        {"version": now.version, "reason": "Đơn vị bổ sung hồ sơ sau công bố."},
        content_type="application/json",
    )
    assert corrected.status_code == 201 and corrected.json()["revision"] == 2
    history = a.get(f"/api/v1/grading/gradings?unit={tree.le_loi.pk}&history=true").json()
    assert sorted(g["status"] for g in history) == ["decided", "superseded"]
    assert AuditLog.objects.filter(action="grading.correct").count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"unit": 1, "year": 1999, "self_by": "2026-12-20"},
        {"unit": 1, "year": 2026, "self_by": "không phải ngày"},
        {"unit": 1, "year": 2026, "self_by": "2026-12-20", "note": "x" * 6000},
    ],
)
def test_a_bad_round_body_is_a_422_naming_the_field(tree, api_client, alice, body):
    response = api_client(alice).post(
        "/api/v1/grading/rounds", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert set(response.json()) >= {"code", "message", "field"}
    assert not Scheme.objects.filter(unit__isnull=False).exists()
