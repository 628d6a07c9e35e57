"""``/api/v1/members``: scope four ways on every route, masking, versions, export log."""

import io
import json

import pytest
from python_calamine import CalamineWorkbook

from congdoan.core.models import AuditLog
from congdoan.members.models import Member, MemberStatus


def send(client, method, url, body=None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def routes(tree, people):
    hoa = people["hoa"]
    return [
        ("get", f"/api/v1/members/{hoa.pk}", None, 200),
        (
            "patch",
            f"/api/v1/members/{hoa.pk}",
            {"version": hoa.version, "phone": "0912000111"},
            200,
        ),
        ("post", f"/api/v1/members/{hoa.pk}/transfer", {"to_unit": tree.to_van.pk}, 200),
        ("post", f"/api/v1/members/{hoa.pk}/leave", {"reason": "Nghỉ hưu"}, 200),
        (
            "post",
            "/api/v1/members",
            {
                "unit": tree.le_loi.pk,
                "full_name": "Đinh Văn Nam",
                "gender": "male",
                "id_number": "079099000999",
            },
            201,
        ),
    ]


@pytest.mark.parametrize("index", range(5))
def test_member_route_scope(index, tree, bob, charlie, nobody, people, api_client):
    method, url, body, ok = routes(tree, people)[index]
    assert send(api_client(), method, url, body).status_code == 401
    for outsider in (nobody, charlie):
        response = send(api_client(outsider), method, url, body)
        assert response.status_code == 404, (url, response.content)
        assert response.json()["code"] == "not_found"
    assert Member.objects.get(pk=people["hoa"].pk).status == MemberStatus.ACTIVE
    response = send(api_client(bob), method, url, body)
    assert response.status_code == ok, response.content


def test_list_is_scoped_masked_and_in_vietnamese_order(tree, bob, charlie, people, api_client):
    body = api_client(bob).get("/api/v1/members").json()
    assert [m["full_name"] for m in body["items"]] == [
        "Lê Thị An",
        "Trần Văn Bình",
        "Nguyễn Thị Hoa",
    ]
    hoa = body["items"][2]
    assert hoa["id_number"] == "079******123" and hoa["phone"] == "090*****56"
    sibling = api_client(charlie).get("/api/v1/members?q=hoa").json()
    assert sibling == {"items": [], "count": 0}
    assert api_client().get("/api/v1/members").status_code == 401


def test_detail_shows_full_personal_data_in_scope(tree, bob, people, api_client):
    body = api_client(bob).get(f"/api/v1/members/{people['hoa'].pk}").json()
    assert body["id_number"] == "079190000123" and body["phone"] == "0905123456"
    assert (body["family_name"], body["middle_name"], body["given_name"]) == (
        "Nguyễn",
        "Thị",
        "Hoa",
    )


def test_filters(tree, alice, people, api_client):
    client = api_client(alice)
    women = client.get("/api/v1/members?gender=female").json()
    assert {m["full_name"] for m in women["items"]} == {"Nguyễn Thị Hoa", "Lê Thị An", "Võ Thị Lan"}
    under = client.get(f"/api/v1/members?subtree={tree.le_loi.pk}").json()
    assert under["count"] == 3
    own = client.get(f"/api/v1/members?unit={tree.le_loi.pk}").json()
    assert own["count"] == 2
    assert client.get("/api/v1/members?age=30-39").json()["count"] >= 1
    assert client.get("/api/v1/members?q=079190000123").json()["count"] == 1


def test_stale_version_answers_409_and_changes_nothing(tree, bob, people, api_client):
    client, hoa = api_client(bob), people["hoa"]
    url = f"/api/v1/members/{hoa.pk}"
    assert send(client, "patch", url, {"version": hoa.version, "phone": "0911"}).status_code == 200
    stale = send(client, "patch", url, {"version": hoa.version, "phone": "0922"})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert Member.objects.get(pk=hoa.pk).phone == "0911"


def test_admission_errors_name_the_field(tree, bob, people, api_client):
    response = send(
        api_client(bob),
        "post",
        "/api/v1/members",
        {"unit": tree.le_loi.pk, "full_name": "X Y", "gender": "male", "id_number": "079190000123"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "id_number" and body["code"] == "id_number_taken"
    assert "Nguyễn Thị Hoa" in body["message"]


def test_transfer_out_of_scope_waits_for_the_receiver(tree, bob, people, api_client):
    cang = type(bob).objects.create_user("cang", password="x")
    cang.roles.create(unit=tree.cang, role="officer")
    released = send(
        api_client(bob),
        "post",
        f"/api/v1/members/{people['hoa'].pk}/transfer",
        {"to_unit": tree.cang.pk},
    )
    assert released.json()["status"] == "transferring"
    incoming = api_client(cang).get("/api/v1/members/transfers/incoming").json()
    assert incoming["count"] == 1
    transfer_id = incoming["items"][0]["id"]
    assert (
        send(
            api_client(bob), "post", f"/api/v1/members/transfers/{transfer_id}/receive"
        ).status_code
        == 404
    )
    received = send(api_client(cang), "post", f"/api/v1/members/transfers/{transfer_id}/receive")
    assert received.status_code == 200 and received.json()["unit"] == tree.cang.pk


def test_export_is_scoped_logged_and_in_the_import_layout(tree, bob, people, api_client):
    response = api_client(bob).get("/api/v1/members/export")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    header = rows[2]
    assert header[:5] == ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD"]
    names = {row[1] for row in rows[3:]}
    assert names == {"Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Thị An"}
    entry = AuditLog.objects.get(action="members.export")
    assert entry.actor == bob and entry.data["rows"] == 3 and entry.unit == tree.le_loi


def test_list_query_count_is_flat(tree, alice, people, api_client, django_assert_max_num_queries):
    # two of them set and reset the planner's settings for the page's own query (PostgreSQL)
    with django_assert_max_num_queries(12):
        assert api_client(alice).get("/api/v1/members?limit=100").json()["count"] == 5
