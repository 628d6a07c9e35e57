"""``/api/v1/returns``: every route four ways, and what it does."""

import io
import json

import pytest

from congdoan.reports import services
from congdoan.reports.models import Return, ReturnStatus, ReturnTemplate


def send(client, method: str, url: str, body=None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def bobs_return(tree, people, period, bob):
    return services.return_for(actor=bob, period=period, unit=tree.le_loi)


def routes(tree, period, ret):
    base = "/api/v1/returns"
    return [
        ("get", f"{base}?unit={tree.le_loi.pk}&period={period.pk}", None, 200),
        ("get", f"{base}/{ret.pk}", None, 200),
        ("patch", f"{base}/{ret.pk}", {"version": ret.version, "values": {"care_visits": 2}}, 200),
        ("post", f"{base}/{ret.pk}/submit", None, 200),
        ("get", f"{base}/rollup?unit={tree.le_loi.pk}&period={period.pk}", None, 200),
    ]


@pytest.mark.parametrize("index", range(5))
def test_return_routes_scope(index, tree, period, bobs_return, bob, charlie, nobody, api_client):
    method, url, body, ok = routes(tree, period, bobs_return)[index]
    assert send(api_client(), method, url, body).status_code == 401
    for outsider in (nobody, charlie):
        assert send(api_client(outsider), method, url, body).status_code == 404
    assert Return.objects.get(pk=bobs_return.pk).values == {}
    response = send(api_client(bob), method, url, body)
    assert response.status_code == ok, response.content


def test_filling_submitting_and_approving_through_the_api(
    tree, people, period, bobs_return, bob, dana, api_client
):
    client = api_client(bob)
    url = f"/api/v1/returns/{bobs_return.pk}"
    answer = send(client, "patch", url, {"version": 1, "values": {"cbccvc_conference": True}})
    assert answer.json()["values"]["cbccvc_conference"] is True
    assert answer.json()["values"]["members"] == 3  # computed, live in a draft
    stale = send(client, "patch", url, {"version": 1, "values": {"care_visits": 5}})
    assert stale.status_code == 409
    bad = send(client, "patch", url, {"version": 2, "values": {"care_visits": "nhiều"}})
    assert bad.status_code == 400 and bad.json()["field"] == "care_visits"
    assert "không phải là số" in bad.json()["message"]
    assert send(client, "post", f"{url}/submit").json()["status"] == "submitted"
    assert send(client, "post", f"{url}/approve").status_code == 403  # not the level above
    refused = send(api_client(dana), "post", f"{url}/send-back", {"reason": ""})
    assert refused.status_code == 400 and refused.json()["field"] == "reason"
    assert send(api_client(dana), "post", f"{url}/approve").json()["status"] == "approved"
    rollup = (
        api_client(dana).get(f"/api/v1/returns/rollup?unit={tree.kh.pk}&period={period.pk}").json()
    )
    assert rollup["reported"] == 1 and rollup["values"]["cbccvc_conference"] == 1
    corrected = send(client, "post", f"{url}/correct")
    assert corrected.status_code == 201 and corrected.json()["revision"] == 2
    assert Return.objects.get(pk=bobs_return.pk).status == ReturnStatus.APPROVED


def test_opening_a_period_needs_a_role_over_the_unit(tree, year_end, alice, charlie, api_client):
    body = {"template": year_end.pk, "unit": tree.kh.pk, "deadline": "2027-01-15"}
    assert send(api_client(charlie), "post", "/api/v1/returns/periods", body).status_code == 404
    opened = send(api_client(alice), "post", "/api/v1/returns/periods", body)
    assert opened.status_code == 201, opened.content
    assert opened.json()["starts_on"] == "2026-01-01" and opened.json()["ends_on"] == "2026-12-31"
    again = send(api_client(alice), "post", "/api/v1/returns/periods", body)
    assert again.status_code == 400


def test_templates_are_listed_and_added_by_operators(tree, bob, root_user, api_client):
    listed = api_client(bob).get("/api/v1/returns/templates").json()
    year_end = next(t for t in listed if t["code"] == "tong-ket-nam" and t["year"] == 2026)
    assert {"members", "female", "cbccvc_conference"} <= {i["code"] for i in year_end["indicators"]}
    body = {
        "code": "cham-lo",
        "name": "Báo cáo chăm lo",
        "year": 2026,
        "period_kind": "quarter",
        "indicators": [
            {"code": "visits", "label": "Lượt thăm hỏi", "kind": "count", "rollup": "sum"},
            {"code": "sick", "label": "Lượt thăm ốm", "kind": "count", "rollup": "sum"},
        ],
        "checks": [{"part": "sick", "whole": "visits"}],
    }
    assert send(api_client(bob), "post", "/api/v1/returns/templates", body).status_code == 403
    made = send(api_client(root_user), "post", "/api/v1/returns/templates", body)
    assert made.status_code == 201, made.content
    assert ReturnTemplate.objects.get(code="cham-lo").checks.get().whole == "visits"
    body["code"], body["checks"] = "khac", [{"part": "sick", "whole": "nope"}]
    assert send(api_client(root_user), "post", "/api/v1/returns/templates", body).status_code == 400


def test_the_excel_has_a_row_per_unit_and_totals_equal_to_the_rollup(
    tree, people, period, alice, bob, charlie, api_client
):
    from python_calamine import CalamineWorkbook

    for actor, unit, values in [
        (bob, tree.le_loi, {"care_amount": 1_500_000, "cbccvc_conference": True}),
        (charlie, tree.may, {"care_amount": 700_000}),
        (alice, tree.nha_trang, {"care_amount": 300_000}),
    ]:
        ret = services.return_for(actor=actor, period=period, unit=unit)
        ret = services.save_values(actor=actor, ret=ret, values=values, version=ret.version)
        services.submit(actor=actor, ret=ret)
    district = Return.objects.get(unit=tree.nha_trang)
    response = api_client(alice).get(f"/api/v1/returns/{district.pk}/xlsx")
    assert response.status_code == 200
    assert api_client(charlie).get(f"/api/v1/returns/{district.pk}/xlsx").status_code == 404
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    header = rows[2]
    names = [row[0] for row in rows[3:]]
    assert names[:2] == [tree.le_loi.name, tree.may.name] and "riêng" in names[2]
    assert names[3].startswith("Tổng cộng")
    total = dict(zip(header, rows[-1], strict=False))
    rolled = services.rollup(unit=tree.nha_trang, period=period)["values"]
    assert total["Kinh phí thăm hỏi, hỗ trợ (đồng)"] == rolled["care_amount"] == 2_500_000
    assert total["Tổng số đoàn viên"] == rolled["members"] == 5
    column = header.index("Kinh phí thăm hỏi, hỗ trợ (đồng)")
    assert sum(row[column] for row in rows[3:-1]) == rolled["care_amount"]
