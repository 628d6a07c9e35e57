"""``/api/v1/emulation``: blocks, terms, members and covenants four ways, and what they do."""

import io
import json
from datetime import date

import pytest
from docx import Document

from congdoan.emulation import services
from congdoan.emulation.models import BlockTerm, Covenant, CovenantStatus, EmulationBlock

BASE = "/api/v1/emulation"


def send(client, method: str, url: str, body=None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def test_setting_up_a_block_and_its_years(tree, alice, bob, api_client):
    client = api_client(alice)
    body = {
        "organiser": tree.kh.pk,
        "name": "Khối các CĐCS số 2",
        "decision_number": "15/QĐ-LĐLĐ",
        "decision_date": "2026-01-05",
        "units": [tree.may.pk, tree.cang.pk],
    }
    made = send(client, "post", f"{BASE}/blocks", body)
    assert made.status_code == 201, made.content
    block = made.json()
    assert [m["unit"] for m in block["members"]] == [tree.may.pk, tree.cang.pk]
    url = f"{BASE}/blocks/{block['id']}"
    term = send(client, "post", f"{url}/terms", {"year": 2026, "leader": tree.cang.pk})
    assert term.status_code == 201 and term.json()["leader"] == tree.cang.pk
    joined = {"unit": tree.le_loi.pk, "date": "2026-03-01", "decision": "16/QĐ"}
    assert send(client, "post", f"{url}/members", joined).status_code == 201
    left = {"unit": tree.may.pk, "date": "2026-09-30", "decision": "17/QĐ"}
    assert send(client, "post", f"{url}/members/leave", left).json()["left_on"] == "2026-09-30"
    again = send(client, "post", f"{url}/terms", {"year": 2026, "leader": tree.may.pk})
    assert again.status_code == 400 and again.json()["field"] == "year"
    renamed = send(client, "patch", url, {"version": 1, "name": "Khối số 2"})
    assert renamed.json()["name"] == "Khối số 2" and renamed.json()["version"] == 2
    stale = send(client, "patch", url, {"version": 1, "name": "Cũ"})
    assert stale.status_code == 409
    mine = api_client(bob).get(f"{BASE}/blocks", {"unit": tree.le_loi.pk, "year": 2026}).json()
    assert [b["id"] for b in mine["items"]] == [block["id"]]
    assert (
        api_client(bob)
        .get(f"{BASE}/blocks", {"unit": tree.le_loi.pk, "year": 2025})
        .json()["count"]
        == 0
    )


def test_a_block_of_units_outside_the_organiser_is_refused(tree, dana, api_client):
    body = {
        "organiser": tree.nha_trang.pk,
        "name": "Khối sai",
        "decision_number": "1",
        "decision_date": "2026-01-05",
        "units": [tree.le_loi.pk, tree.cang.pk],  # Cảng is under Cam Ranh
    }
    refused = send(api_client(dana), "post", f"{BASE}/blocks", body)
    assert refused.status_code == 400 and refused.json()["field"] == "units"
    assert tree.cang.name in refused.json()["message"]
    assert not EmulationBlock.objects.exists()


@pytest.fixture
def covenant(tree, block, alice, charlie):
    services.set_term(actor=alice, block=block, year=2026, leader=tree.may)
    return services.create_covenant(
        actor=charlie,
        block=block,
        year=2026,
        theme="Thi đua lao động giỏi",
        targets=[{"text": "Kết nạp 30 đoàn viên", "indicator": "admitted", "target": 30}],
    )


def test_preparing_and_signing_a_covenant(tree, block, covenant, alice, charlie, api_client):
    client = api_client(charlie)
    url = f"{BASE}/covenants/{covenant.pk}"
    edited = {
        "version": 1,
        "theme": "Thi đua lao động giỏi, sáng tạo",
        "targets": [
            {"text": "Kết nạp 30 đoàn viên", "indicator": "admitted", "target": "30"},
            {"text": "Mọi đơn vị tổ chức hội nghị người lao động"},
        ],
    }
    assert send(client, "patch", url, edited).json()["version"] == 2
    names = ["Trần Văn Bình", "Lê Minh Châu", "Nguyễn Văn Cảng"]
    units = [tree.le_loi, tree.may, tree.cang]
    signing = {
        "version": 2,
        "signed_on": "2026-02-10",
        "place": "Nha Trang",
        "signatories": [
            {"unit": u.pk, "name": n, "title": "Chủ tịch CĐCS"}
            for u, n in zip(units, names, strict=True)
        ],
    }
    short = {**signing, "signatories": signing["signatories"][:2]}
    missing = send(client, "post", f"{url}/sign", short)
    assert missing.status_code == 400 and missing.json()["code"] == "missing"
    signed = send(client, "post", f"{url}/sign", signing)
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    assert Covenant.objects.get().status == CovenantStatus.SIGNED
    document = client.get(f"{url}/docx")
    assert document.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(document.content)).paragraphs)
    assert "GIAO ƯỚC THI ĐUA" in text
    listed = client.get(f"{BASE}/covenants", {"block": block.pk, "year": 2026}).json()
    assert [c["id"] for c in listed["items"]] == [covenant.pk]


def routes(tree, block, covenant):
    b, c = f"{BASE}/blocks/{block.pk}", f"{BASE}/covenants/{covenant.pk}"
    return [
        ("get", b, None),
        ("patch", b, {"version": block.version, "name": "Đổi"}),
        ("post", f"{b}/terms", {"year": 2027, "leader": tree.le_loi.pk}),
        (
            "post",
            f"{b}/members",
            {"unit": tree.nha_trang.pk, "date": "2026-05-01", "decision": "x"},
        ),
        (
            "post",
            f"{b}/members/leave",
            {"unit": tree.cang.pk, "date": "2026-05-01", "decision": "x"},
        ),
        ("get", c, None),
        ("patch", c, {"version": 1, "theme": "Đổi", "targets": [{"text": "x"}]}),
        ("get", f"{c}/docx", None),
        (
            "post",
            f"{c}/sign",
            {
                "version": 1,
                "signed_on": "2026-02-10",
                "place": "Nha Trang",
                "signatories": [{"unit": tree.le_loi.pk, "name": "A", "title": "B"}],
            },
        ),
    ]


@pytest.mark.parametrize("index", range(9))
def test_emulation_routes_scope(index, tree, block, covenant, hanoi, nobody, api_client):
    method, url, body = routes(tree, block, covenant)[index]
    assert send(api_client(), method, url, body).status_code == 401
    for outsider in (nobody, hanoi):  # no role; a unit outside the block and its organiser
        assert send(api_client(outsider), method, url, body).status_code == 404
    assert EmulationBlock.objects.get().version == 1
    assert not BlockTerm.objects.filter(year=2027).exists()
    assert Covenant.objects.get().version == 1


def test_members_read_but_do_not_run_the_block(tree, block, covenant, bob, api_client):
    client = api_client(bob)  # Lê Lợi: a member, not the organiser, not the year's leader
    assert client.get(f"{BASE}/blocks/{block.pk}").status_code == 200
    assert client.get(f"{BASE}/covenants/{covenant.pk}").status_code == 200
    patch = {"version": 1, "name": "Đổi"}
    assert send(client, "patch", f"{BASE}/blocks/{block.pk}", patch).status_code == 403
    edit = {"version": 1, "theme": "Đổi", "targets": [{"text": "x"}]}
    assert send(client, "patch", f"{BASE}/covenants/{covenant.pk}", edit).status_code == 403
    listed = client.get(f"{BASE}/blocks").json()
    assert [b["id"] for b in listed["items"]] == [block.pk]


def test_anonymous_and_outsiders_list_nothing(tree, block, covenant, hanoi, api_client):
    assert api_client().get(f"{BASE}/blocks").status_code == 401
    assert api_client(hanoi).get(f"{BASE}/blocks").json()["count"] == 0
    assert api_client(hanoi).get(f"{BASE}/covenants").json()["count"] == 0
    assert date(2026, 1, 1)  # the fixtures' year


CRITERIA = [
    {"group": "Tổ chức", "text": "Phát triển đoàn viên", "points": "40"},
    {"group": "Chăm lo", "text": "Thăm hỏi đoàn viên", "points": "60"},
]


def test_scoring_a_year_through_the_api(tree, block, covenant, bob, charlie, api_client):
    leader = api_client(charlie)  # May leads the block in 2026 (the covenant fixture)
    made = send(
        leader,
        "post",
        f"{BASE}/scorecards",
        {"block": block.pk, "year": 2026, "criteria": CRITERIA},
    )
    assert made.status_code == 201, made.content
    card = made.json()
    first, second = (c["id"] for c in card["criteria"])
    url = f"{BASE}/scorecards/{card['id']}"
    own = {
        "unit": tree.le_loi.pk,
        "kind": "self",
        "points": [{"criterion": first, "points": "35", "evidence": "Kết nạp 15 đoàn viên"}],
    }
    assert send(api_client(bob), "post", f"{url}/scores", own).status_code == 200
    not_bobs = {**own, "unit": tree.may.pk}
    assert send(api_client(bob), "post", f"{url}/scores", not_bobs).status_code == 403
    too_many = {**own, "points": [{"criterion": first, "points": "41"}]}
    refused = send(api_client(bob), "post", f"{url}/scores", too_many)
    assert refused.status_code == 400 and refused.json()["code"] == "out_of_range"
    agreed = {
        "unit": tree.le_loi.pk,
        "kind": "agreed",
        "points": [{"criterion": first, "points": "30"}, {"criterion": second, "points": "50"}],
    }
    ranked = send(leader, "post", f"{url}/scores", agreed).json()["ranking"]
    assert ranked[0]["unit"] == tree.le_loi.pk and ranked[0]["total"] == "80.00"
    assert ranked[0]["own"] == "35.00" and not ranked[0]["provisional"]
    vote = {
        "held_on": "2026-12-15",
        "voters": 3,
        "minutes": "Biên bản suy tôn",
        "results": [{"unit": tree.le_loi.pk, "votes": 3}, {"unit": tree.cang.pk, "votes": 0}],
    }
    voted = send(leader, "post", f"{url}/vote", vote).json()["vote"]
    assert voted["voters"] == 3 and voted["results"][0] == {"unit": tree.le_loi.pk, "votes": 3}
    listed = api_client(bob).get(f"{BASE}/scorecards", {"block": block.pk}).json()
    assert [c["id"] for c in listed["items"]] == [card["id"]]


def test_scorecard_routes_scope(tree, block, covenant, charlie, hanoi, nobody, api_client):
    card = send(
        api_client(charlie),
        "post",
        f"{BASE}/scorecards",
        {"block": block.pk, "year": 2026, "criteria": CRITERIA},
    ).json()
    url = f"{BASE}/scorecards/{card['id']}"
    first = card["criteria"][0]["id"]
    attempts = [
        ("get", url, None),
        (
            "post",
            f"{url}/scores",
            {"unit": tree.may.pk, "kind": "self", "points": [{"criterion": first, "points": "1"}]},
        ),
        (
            "post",
            f"{url}/vote",
            {
                "held_on": "2026-12-15",
                "voters": 1,
                "minutes": "x",
                "results": [{"unit": tree.may.pk, "votes": 1}],
            },
        ),
        ("post", f"{BASE}/scorecards", {"block": block.pk, "year": 2027, "criteria": CRITERIA}),
    ]
    for method, target, body in attempts:
        assert send(api_client(), method, target, body).status_code == 401
        for outsider in (nobody, hanoi):
            assert send(api_client(outsider), method, target, body).status_code == 404
    assert api_client(hanoi).get(f"{BASE}/scorecards").json()["count"] == 0
    from congdoan.emulation.models import Score, Scorecard

    assert not Score.objects.exists() and Scorecard.objects.count() == 1
