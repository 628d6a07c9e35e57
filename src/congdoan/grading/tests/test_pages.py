"""The grading pages four ways (anonymous, no role, in scope, the sibling union) and
the forms: open a round, score yourselves and send it, decide and publish, edit and copy
a table."""

import pytest
from django.urls import reverse

from congdoan.core.sheets import read_table
from congdoan.grading import services
from congdoan.grading.models import Grading, Round, Scheme, Status, Tier

from .conftest import YEAR


@pytest.fixture
def table(tree, alice):
    return services.copy_scheme(
        actor=alice, scheme=services.scheme_for(tree.le_loi, YEAR), unit=tree.kh, year=YEAR
    )


def test_every_page_four_ways(tree, client, client_for, alice, bob, charlie, nobody, sent, table):
    found = sent.round
    pages = {
        sent.get_absolute_url(): (bob, alice),
        found.get_absolute_url(): (alice,),
        reverse("grading:round_export", args=[found.pk]): (alice,),
        table.get_absolute_url(): (alice, bob),
    }
    outsiders = {
        sent.get_absolute_url(): (charlie, nobody),
        found.get_absolute_url(): (bob, charlie, nobody),
        reverse("grading:round_export", args=[found.pk]): (bob, charlie, nobody),
        table.get_absolute_url(): (nobody,),
    }
    home = reverse("grading:home")
    for url in [*pages, home]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url
    for url, insiders in pages.items():
        for user in insiders:
            assert client_for(user).get(url).status_code == 200, (url, user)
        for user in outsiders[url]:
            assert client_for(user).get(url).status_code == 404, (url, user)
    assert client_for(charlie).get(f"{home}?unit={tree.le_loi.pk}").status_code == 404
    assert client_for(nobody).get(home).status_code == 404
    html = client_for(bob).get(f"{home}?unit={tree.le_loi.pk}").content.decode()
    assert 'id="own-gradings"' in html and "Đã gửi cấp trên".lower() in html.lower()


def test_the_round_page_lists_each_union_and_the_sheet_matches(tree, client_for, alice, sent):
    html = client_for(alice).get(sent.round.get_absolute_url()).content.decode()
    assert "Trường THCS Lê Lợi" in html and "May Nha Trang" in html
    assert "chưa tự chấm" in html
    response = client_for(alice).get(reverse("grading:round_export", args=[sent.round.pk]))
    rows = read_table(response.content, "x.xlsx")
    by_name = {row[1]: row for row in rows[1:]}
    lelo = by_name["Công đoàn cơ sở Trường THCS Lê Lợi"]
    assert lelo[3] == 100 and lelo[4] == "Hoàn thành xuất sắc nhiệm vụ"
    assert by_name["Công đoàn cơ sở Công ty May Nha Trang"][7] == "chưa tự chấm"


def test_open_a_round_and_score_yourselves_on_the_pages(tree, client_for, alice, bob):
    page = client_for(alice)
    home = reverse("grading:home")
    bad = page.post(
        home, {"action": "open", "unit": tree.nha_trang.pk, "year": "2030", "self_by": "2030-12-01"}
    )
    assert bad.status_code == 400 and not Round.objects.exists()
    response = page.post(
        home, {"action": "open", "unit": tree.nha_trang.pk, "year": YEAR, "self_by": "2026-12-20"}
    )
    found = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == found.get_absolute_url()
    page = client_for(bob)
    html = page.get(f"{home}?unit={tree.le_loi.pk}").content.decode()
    assert f'id="start-{YEAR}"' in html
    response = page.post(home, {"action": "start", "unit": tree.le_loi.pk, "year": YEAR})
    grading = Grading.objects.get(unit=tree.le_loi)
    assert response["Location"] == grading.get_absolute_url()
    scores = list(grading.scores.select_related("criterion"))
    fields = {"version": grading.version, "action": "send"}
    for s in scores:
        fields[f"self_{s.criterion_id}"] = str(s.criterion.points)
        fields[f"evidence_{s.criterion_id}"] = "Biên bản"
    fields[f"self_{scores[0].criterion_id}"] = "nhiều"
    refused = page.post(grading.get_absolute_url(), fields)
    assert refused.status_code == 400 and "số nguyên" in refused.content.decode()
    assert Grading.objects.get(pk=grading.pk).status == Status.DRAFT
    fields[f"self_{scores[0].criterion_id}"] = "99"
    refused = page.post(grading.get_absolute_url(), fields)
    assert refused.status_code == 400 and "từ 0 đến" in refused.content.decode()
    fields[f"self_{scores[0].criterion_id}"] = str(scores[0].criterion.points)
    assert page.post(grading.get_absolute_url(), fields).status_code == 302
    grading.refresh_from_db()
    assert (grading.status, grading.self_total) == (Status.SUBMITTED, 100)
    # the level above decides lower, with the reason, and publishes
    page = client_for(alice)
    fields = {"version": grading.version, "action": "decide", "reason": ""}
    for s in scores:
        fields[f"points_{s.criterion_id}"] = str(int(s.criterion.points * 0.8))
    refused = page.post(grading.get_absolute_url(), fields)
    assert refused.status_code == 400 and "nêu lý do" in refused.content.decode().lower()
    fields["reason"] = "Thiếu minh chứng phong trào thi đua."
    assert page.post(grading.get_absolute_url(), fields).status_code == 302
    grading.refresh_from_db()
    assert (grading.status, grading.tier) == (Status.DECIDED, Tier.GOOD)
    assert page.post(found.get_absolute_url(), {"action": "publish"}).status_code == 302
    assert Grading.objects.get(pk=grading.pk).status == Status.PUBLISHED
    html = client_for(bob).get(grading.get_absolute_url()).content.decode()
    assert "Hoàn thành tốt nhiệm vụ" in html and "Thiếu minh chứng" in html


def test_a_stale_form_changes_nothing(tree, client_for, bob, round_2026):
    grading = services.start(actor=bob, unit=tree.le_loi, year=YEAR)
    s = grading.scores.first()
    page = client_for(bob)
    response = page.post(
        grading.get_absolute_url(),
        {"version": grading.version + 5, "action": "self", f"self_{s.criterion_id}": "1"},
    )
    assert response.status_code == 400
    assert Grading.objects.get(pk=grading.pk).version == grading.version


def test_edit_and_copy_a_table_on_its_page(tree, client_for, alice, bob, table):
    page = client_for(alice)
    url = table.get_absolute_url() + f"?unit={tree.kh.pk}"
    html = page.get(url).content.decode()
    assert 'id="scheme-form"' in html and 'id="copy-form"' in html
    criteria = list(table.criteria.all())
    data = {
        "action": "edit",
        "version": table.version,
        "unit": tree.kh.pk,
        "name": "Bảng chấm điểm của tỉnh",
        "year": YEAR,
        "sector": "public_service",
        "excellent_from": 80,
        "good_from": 65,
        "done_from": 50,
        "group_floor": 50,
        "top_share_cap": "",
        "source": "HD của LĐLĐ tỉnh",
        "c-TOTAL_FORMS": len(criteria) + 1,
        "c-INITIAL_FORMS": len(criteria),
        "c-MIN_NUM_FORMS": 0,
        "c-MAX_NUM_FORMS": 200,
    }
    for n, c in enumerate(criteria):
        data |= {
            f"c-{n}-group": c.group,
            f"c-{n}-text": c.text,
            f"c-{n}-points": c.points,
            f"c-{n}-figure": c.figure,
            f"c-{n}-detail": c.detail,
            f"c-{n}-target": c.target,
        }
    data[f"c-{len(criteria)}-group"] = "Nhóm mới"
    data[f"c-{len(criteria)}-text"] = "Chuyển đổi số"
    refused = page.post(url, data)  # the new criterion has no points
    assert refused.status_code == 400 and Scheme.objects.get(pk=table.pk).version == 1
    data[f"c-{len(criteria)}-points"] = 5
    data["c-0-DELETE"] = "on"
    assert page.post(url, data).status_code == 302
    table.refresh_from_db()
    assert table.name == "Bảng chấm điểm của tỉnh" and table.excellent_from == 80
    assert table.total == 100 - criteria[0].points + 5
    assert table.criteria.filter(text="Chuyển đổi số").exists()
    # bob sees the table his union is graded on, and may not edit it
    html = client_for(bob).get(table.get_absolute_url()).content.decode()
    assert "Chuyển đổi số" in html and 'id="scheme-form"' not in html
    assert client_for(bob).post(table.get_absolute_url(), data).status_code == 404
    page = client_for(alice)  # the one test client: alice again
    response = page.post(url, {"action": "copy", "unit": tree.kh.pk, "year": YEAR + 1, "own": "on"})
    copy = Scheme.objects.get(unit=tree.kh, year=YEAR + 1)
    assert response["Location"] == copy.get_absolute_url() and copy.total == table.total
