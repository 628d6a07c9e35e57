"""Meeting and agreement pages four ways (anonymous, no role, in scope, the sibling
union), the forms that record them, the dashboard's reminders, the article's page and
exports, the approver seeing a corrected figure's reason, and the forms' page."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from congdoan.core.docx import text_of
from congdoan.meetings import services
from congdoan.meetings.models import Amendment, Attachment, CollectiveAgreement, Meeting
from congdoan.reports import services as returns
from congdoan.reports.models import ReturnTemplate


@pytest.fixture
def review(tree, bob, kind):
    return services.record_meeting(
        actor=bob,
        unit=tree.le_loi,
        spec=services.MeetingSpec(kind=kind("tong-ket"), held_on=date(2026, 12, 1)),
    )


@pytest.fixture
def files(bob, conference, review):
    return services.attach(
        actor=bob,
        owner=conference,
        name="biên bản.pdf",
        content=b"%PDF-1",
        content_type="application/pdf",
    )


def test_every_page_four_ways(
    tree, bob, charlie, nobody, client, client_for, conference, review, files, agreement
):
    bobs = [
        conference.get_absolute_url(),
        reverse("meetings:minutes", args=[conference.pk]),
        reverse("meetings:article", args=[review.pk]),
        reverse("meetings:article_export", args=[review.pk, "docx"]),
        reverse("meetings:article_export", args=[review.pk, "html"]),
        reverse("meetings:file", args=[files.pk]),
    ]
    charlies = [agreement.get_absolute_url()]
    home = reverse("meetings:home")
    for url in bobs + charlies + [home]:
        assert client.get(url).status_code == 302, url
    for owner, others, outsiders in (
        (bob, bobs, (charlie, nobody)),
        (charlie, charlies, (bob, nobody)),
    ):
        for url in others:
            assert client_for(owner).get(url).status_code == 200, url
            for outsider in outsiders:
                assert client_for(outsider).get(url).status_code == 404, url
                posted = client_for(outsider).post(url, {"action": "amend", "on": "2026-05-01"})
                assert posted.status_code in (404, 405), url
    assert not Amendment.objects.exists()
    assert client_for(nobody).get(home).status_code == 404
    assert client_for(charlie).get(home, {"unit": tree.le_loi.pk}).status_code == 404
    mine = client_for(bob).get(home)
    assert [m.pk for m in mine.context["page"]] == [review.pk, conference.pk]
    assert mine.context["agreements"] == []
    sibling = client_for(charlie).get(home)
    assert not sibling.context["page"].object_list
    assert [a for a, _status in sibling.context["agreements"]] == [agreement]
    downloaded = client_for(bob).get(reverse("meetings:file", args=[files.pk]))
    assert downloaded["Content-Disposition"] == 'attachment; filename="bien-ban.pdf"'
    # a meeting of a kind without an article has no article page
    assert client_for(bob).get(reverse("meetings:article", args=[conference.pk])).status_code == 404


def test_a_workers_conference_is_recorded_on_the_page(tree, charlie, kind, client_for):
    page = client_for(charlie)
    data = {
        "action": "meeting",
        "unit": tree.may.pk,
        "kind": kind("hn-nld").pk,
        "held_on": "2026-03-08",
        "form": "delegates",
        "expected": "120",
        "present": "115",
        "guests": "Lê Văn Tâm | Chủ tịch | LĐLĐ Nha Trang",
        "resolutions": "Tăng tiền ăn ca\nTổ chức khám sức khỏe",
    }
    response = page.post(reverse("meetings:home"), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.title == "Hội nghị người lao động năm 2026"
    assert [str(g) for g in meeting.guests.all()] == ["Lê Văn Tâm, Chủ tịch, LĐLĐ Nha Trang"]
    assert meeting.resolutions.count() == 2
    shown = page.get(meeting.get_absolute_url()).content.decode()
    assert "Tăng tiền ăn ca" in shown
    refused = page.post(reverse("meetings:home"), {**data, "present": "130"})
    assert refused.status_code == 400
    assert "nhiều hơn" in refused.content.decode() or "130" in refused.content.decode()
    assert Meeting.objects.count() == 1


def test_an_agreement_is_recorded_amended_graded_and_filed(
    tree, charlie, alice, client_for, agreement
):
    page = client_for(charlie)
    url = agreement.get_absolute_url()
    assert (
        page.post(url, {"action": "amend", "on": "2026-08-01", "summary": "Phụ cấp"}).status_code
        == 302
    )
    upload = io.BytesIO(b"signed")
    upload.name = "thoa-uoc.pdf"
    assert page.post(url, {"action": "file", "file": upload}).status_code == 302
    assert Attachment.objects.get().agreement == agreement
    # the union cannot grade its own agreement; the level above can
    assert page.post(url, {"action": "grade"}).status_code == 404
    criteria = services.criteria_for(date.today().year)
    graded = client_for(alice).post(
        url, {"action": "grade", **{f"c{c.pk}": c.points for c in criteria}}
    )
    assert graded.status_code == 302
    assert CollectiveAgreement.objects.get().grade == "A"
    stale = page.post(
        url,
        {"action": "save", "employer": "Tên mới", "workers": "5", "version": agreement.version},
    )
    assert stale.status_code == 400  # graded meanwhile: the version moved on
    assert CollectiveAgreement.objects.get().employer == agreement.employer


def test_the_dashboard_lists_what_is_owed_and_what_expires(
    tree, alice, client_for, agreement, root_user, democracy_template
):
    returns.open_period(
        actor=alice, template=democracy_template, unit=tree.kh, deadline=date(2027, 1, 15)
    )
    CollectiveAgreement.objects.filter(pk=agreement.pk).update(
        effective_to=date.fromordinal(date.today().toordinal() + 30)
    )
    shown = client_for(alice).get(reverse("reports:dashboard"), {"unit": tree.kh.pk})
    text = shown.content.decode()
    assert "Hội nghị người lao động" in text and "Công ty May Nha Trang" in text
    assert "expires" in text or "hết hạn" in text


def test_the_article_is_edited_on_its_page_and_exported(tree, bob, client_for, review):
    page = client_for(bob)
    url = reverse("meetings:article", args=[review.pk])
    saved = page.post(
        url,
        {
            "action": "save",
            "title": "Tin tổng kết",
            "text": "Một.\n\nHai.",
            "version": review.version,
        },
    )
    assert saved.status_code == 302
    exported = page.get(reverse("meetings:article_export", args=[review.pk, "docx"]))
    paragraphs = [p.text for p in Document(io.BytesIO(exported.content)).paragraphs if p.text]
    assert paragraphs == ["Tin tổng kết", "Một.", "Hai."]
    html = page.get(reverse("meetings:article_export", args=[review.pk, "html"])).content.decode()
    assert "<h1>Tin tổng kết</h1>" in html
    review.refresh_from_db()
    page.post(url, {"action": "redraft", "version": review.version})
    review.refresh_from_db()
    assert review.article_text == ""
    minutes = page.get(reverse("meetings:minutes", args=[review.pk]))
    assert "BIÊN BẢN" in text_of(minutes.content)


def test_the_approver_sees_a_corrected_figure_and_its_reason(
    tree, bob, alice, root_user, client_for, conference, democracy_template
):
    period = returns.open_period(
        actor=alice, template=democracy_template, unit=tree.kh, deadline=date(2027, 1, 15)
    )
    url = reverse("reports:return", args=[period.pk, tree.le_loi.pk])
    page = client_for(bob)
    page.get(url)
    ret = returns.return_for(actor=bob, period=period, unit=tree.le_loi)
    response = page.post(
        url,
        {
            "action": "correct_value",
            "version": ret.version,
            "code": "cbccvc_conference",
            "value": "0",
            "reason": "Ghi trùng với hội nghị của đơn vị khác",
        },
    )
    assert response.status_code == 302
    returns.submit(actor=bob, ret=returns.return_for(actor=bob, period=period, unit=tree.le_loi))
    seen = client_for(root_user).get(url).content.decode()
    assert "Ghi trùng với hội nghị của đơn vị khác" in seen and 'id="return-corrections"' in seen


def test_the_forms_page_copies_a_form_for_operators_only(
    tree, alice, root_user, client, client_for
):
    url = reverse("reports:templates")
    assert client.get(url).status_code == 302
    assert client_for(alice).get(url).status_code == 404
    assert client_for(alice).post(url, {"template": 1, "year": 2030}).status_code == 404
    form = ReturnTemplate.objects.get(code="tong-ket-nam", year=2027)
    operator = client_for(root_user)
    assert operator.get(url).status_code == 200
    assert operator.post(url, {"template": form.pk, "year": "2028"}).status_code == 302
    assert ReturnTemplate.objects.get(code="tong-ket-nam", year=2028).indicators.count() == (
        form.indicators.count()
    )
    again = operator.post(url, {"template": form.pk, "year": "2028"}, follow=True)
    assert "2028" in again.content.decode()
    assert ReturnTemplate.objects.filter(year=2028).count() == 1
