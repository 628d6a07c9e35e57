"""The article drafts itself from what was recorded: each number in it is one of the
figures it names (change a figure, the article changes), only figures recorded are
stated, a block's article tells the hand-over, the covenant and next year's theme; the
officer's edit is kept; Word and HTML read back, as the minutes do."""

import io
import re
from datetime import date

import pytest
from docx import Document

from congdoan.core.docx import text_of
from congdoan.emulation import services as emulation
from congdoan.meetings import article, services
from congdoan.meetings.documents import minutes_docx
from congdoan.reports import services as returns

from .conftest import admit


@pytest.fixture
def period(tree, alice, democracy_template):
    return returns.open_period(
        actor=alice, template=democracy_template, unit=tree.kh, deadline=date(2027, 1, 15)
    )


@pytest.fixture
def review(tree, alice, kind):
    """Khánh Hòa's year-end review (tổng kết) with its guests."""
    return services.record_meeting(
        actor=alice,
        unit=tree.kh,
        spec=services.MeetingSpec(
            kind=kind("tong-ket"),
            held_on=date(2026, 12, 5),
            title="Hội nghị tổng kết công tác công đoàn năm 2026",
            place="Hội trường LĐLĐ tỉnh",
            guests=[("Trần Văn Nam", "Phó Chủ tịch", "Tổng Liên đoàn Lao động Việt Nam")],
            next_theme="Đoàn kết, đổi mới, hướng về cơ sở",
        ),
    )


def _numbers(text: str) -> list[str]:
    """The numbers the text states, leaving out dates and years (facts of the meeting)."""
    text = re.sub(r"\d{2}/\d{2}/\d{4}", "", text)
    text = re.sub(r"\b(19|20)\d{2}\b", "", text)
    return re.findall(r"\d[\d.,]*\d|\d", text)


def _report(bob, charlie, root_user, period, tree):
    for actor, unit in ((bob, tree.le_loi), (charlie, tree.may), (root_user, tree.cang)):
        returns.submit(actor=actor, ret=returns.return_for(actor=actor, period=period, unit=unit))


def test_every_number_of_the_article_is_a_recorded_figure(
    tree, people, bob, charlie, alice, root_user, conference, agreement, period, review
):
    _report(bob, charlie, root_user, period, tree)
    drafted = article.draft(review)
    assert drafted.title == "Liên đoàn Lao động tỉnh Khánh Hòa tổng kết hoạt động năm 2026"
    assert drafted.paragraphs[0] == (
        "Ngày 05/12/2026, Liên đoàn Lao động tỉnh Khánh Hòa tổ chức hội nghị tổng kết công "
        "tác công đoàn năm 2026 tại Hội trường LĐLĐ tỉnh. Tham dự hội nghị có đồng chí Trần "
        "Văn Nam – Phó Chủ tịch Tổng Liên đoàn Lao động Việt Nam."
    )
    figures = {f.code: f for f in drafted.figures}
    # 5 members, 3 of them women (60 %); one conference of each kind; one agreement
    assert figures["members"].text == "05" and figures["female"].text == "03"
    assert figures["female_share"].text == "60"
    assert figures["cbccvc_conference"].text == "01"
    assert figures["collective_agreement"].text == "01"
    written = {f.text for f in drafted.figures}
    for number in _numbers(drafted.text):
        assert number in written, number
    # nothing recorded, nothing said: no care, no awards, no new union
    assert "chăm lo" not in drafted.text and "khen thưởng" not in drafted.text
    assert "thành lập mới" not in drafted.text
    assert drafted.paragraphs[-1].endswith("“Đoàn kết, đổi mới, hướng về cơ sở”.")
    # a figure changes (a correction of Lê Lợi's return with one more member): so does
    # the article
    ret = returns.return_for(actor=bob, period=period, unit=tree.le_loi)
    returns.approve(actor=root_user, ret=ret)
    revision = returns.correct(actor=bob, ret=ret)
    admit(tree.le_loi, "Đoàn viên Mới", "male", "079099000999")
    returns.submit(actor=bob, ret=revision)
    again = article.draft(review)
    assert {f.code: f.text for f in again.figures}["members"] == "06"
    assert "có 06 đoàn viên" in again.text and "có 05 đoàn viên" not in again.text


def test_without_a_reported_return_the_article_states_no_figure(tree, review, period):
    drafted = article.draft(review)
    assert drafted.reported == 0 and drafted.figures == []
    assert _numbers(drafted.text) == []


def test_a_blocks_article_tells_the_hand_over_and_the_covenant(tree, alice, kind, people):
    block = emulation.create_block(
        actor=alice,
        organiser=tree.nha_trang,
        name="Khối thi đua các CĐCS Nha Trang",
        decision_number="05/QĐ-LĐLĐ",
        decision_date=date(2025, 1, 5),
        units=[tree.le_loi, tree.may],
    )
    emulation.set_term(actor=alice, block=block, year=2026, leader=tree.le_loi, deputy=tree.may)
    emulation.set_term(actor=alice, block=block, year=2027, leader=tree.may, deputy=tree.le_loi)
    covenant = emulation.create_covenant(
        actor=alice,
        block=block,
        year=2027,
        theme="Lao động giỏi, lao động sáng tạo",
        targets=[{"text": "Kết nạp đoàn viên mới"}],
    )
    covenant = emulation.sign_covenant(
        actor=alice,
        covenant=covenant,
        version=covenant.version,
        signed_on=date(2026, 12, 1),
        place="Nha Trang",
        signatories=[
            {"unit": tree.le_loi, "name": "Nguyễn Thị Hoa", "title": "Chủ tịch"},
            {"unit": tree.may, "name": "Phạm Văn Minh", "title": "Chủ tịch"},
        ],
    )
    meeting = services.record_meeting(
        actor=alice,
        unit=tree.nha_trang,
        spec=services.MeetingSpec(
            kind=kind("tong-ket"), held_on=date(2026, 12, 1), block=block, covenant=covenant
        ),
    )
    drafted = article.draft(meeting)
    assert drafted.title == (
        "Khối thi đua các CĐCS Nha Trang tổng kết hoạt động năm 2026 và ký kết giao ước thi "
        "đua năm 2027"
    )
    assert (
        "Tại hội nghị, Công đoàn cơ sở Trường THCS Lê Lợi – đơn vị khối trưởng năm 2026 đã "
        "bàn giao nhiệm vụ khối trưởng cho Công đoàn cơ sở Công ty May Nha Trang (khối trưởng "
        "năm 2027); Công đoàn cơ sở Trường THCS Lê Lợi là đơn vị khối phó."
    ) in drafted.paragraphs
    signing = next(p for p in drafted.paragraphs if p.startswith("Các đơn vị trong khối"))
    assert "“Lao động giỏi, lao động sáng tạo”" in signing
    assert "Công đoàn cơ sở Công ty May Nha Trang (đồng chí Phạm Văn Minh, Chủ tịch)" in signing


def test_an_edit_is_kept_and_exports_read_back(tree, alice, review):
    services.save_article(
        actor=alice,
        meeting=review,
        title="Tổng kết năm 2026",
        text="Đoạn một.\n\nĐoạn <hai> & ba.",
        version=review.version,
    )
    review.refresh_from_db()
    current = article.current(review)
    assert current.paragraphs == ["Đoạn một.", "Đoạn <hai> & ba."]
    html = article.as_html(current)
    assert "<h1>Tổng kết năm 2026</h1>" in html and "<p>Đoạn &lt;hai&gt; &amp; ba.</p>" in html
    document = Document(io.BytesIO(article.as_docx(current)))
    assert [p.text for p in document.paragraphs if p.text] == [
        "Tổng kết năm 2026",
        "Đoạn một.",
        "Đoạn <hai> & ba.",
    ]
    # empty both: drafted afresh from the records
    services.save_article(actor=alice, meeting=review, title="", text="", version=review.version)
    review.refresh_from_db()
    assert article.current(review).title.endswith("tổng kết hoạt động năm 2026")


def test_the_minutes_read_back(tree, conference):
    text = text_of(minutes_docx(conference))
    assert "BIÊN BẢN" in text and "Hội nghị cán bộ, công chức, viên chức năm 2026" in text
    assert "Có mặt 45/48 người được triệu tập" in text
    assert "Nguyễn Văn Hùng, Phó Chủ tịch, LĐLĐ Nha Trang" in text
    assert "1. Thực hiện quy chế chi tiêu nội bộ" in text
    assert "2. Tổ chức tham quan hè" in text
    assert "CÔNG ĐOÀN CƠ SỞ TRƯỜNG THCS LÊ LỢI" in text
