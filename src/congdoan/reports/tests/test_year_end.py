"""The year-end report as Word: NĐ 30 layout, the figures written the Vietnamese way, the
charts, and the template an officer downloads, edits and uploads back; scoped."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from congdoan.core.docx import text_of
from congdoan.core.models import AuditLog, DocumentTemplate
from congdoan.reports import services
from congdoan.reports.models import ReturnTemplate

from .conftest import admit

URL = "/api/v1/reports/year-end"


@pytest.fixture
def filed(tree, people, alice, bob, charlie, period):  # noqa: F811  (a fixture)
    """2025 and 2026 returns of Lê Lợi and May with typed figures; Lê Lợi's 2026 return
    carries the unit's own assessment."""
    earlier = services.open_period(
        actor=alice,
        template=ReturnTemplate.objects.get(code="tong-ket-nam", year=2025),
        unit=tree.kh,
        deadline=date(2026, 1, 15),
    )
    typed = {
        (earlier, "le_loi"): {"care_visits": 1500, "care_amount": 90_000_000},
        (earlier, "may"): {"care_visits": 200, "care_amount": 10_000_000},
        (period, "le_loi"): {
            "care_visits": 1613,
            "care_amount": 100_000_000,
            "cbccvc_conference": True,
            "notes": "Hoàn thành tốt nhiệm vụ & vượt chỉ tiêu <đề ra>.",
        },
        (period, "may"): {"care_visits": 200, "care_amount": 63_600_000},
    }
    for chosen in (earlier, period):
        if chosen is period:
            admit(tree.le_loi, "Đỗ Văn Năm", "male")
        for actor, name in [(bob, "le_loi"), (charlie, "may")]:
            unit = getattr(tree, name)
            ret = services.return_for(actor=actor, period=chosen, unit=unit)
            ret = services.save_values(
                actor=actor, ret=ret, values=typed[chosen, name], version=ret.version
            )
            services.submit(actor=actor, ret=ret)
    return earlier, period


def fetch(client, unit, **params):
    return client.get(URL, {"unit": unit.pk, "year": 2026, **params})


def test_the_report_has_the_nd30_header_and_states_the_figures(tree, filed, alice, api_client):
    response = fetch(
        api_client(alice),
        tree.nha_trang,
        number=5,
        place="Nha Trang",
        date="2027-01-05",
        signer="Nguyễn Thị Ánh",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "bao-cao-tong-ket-2026-LDLD-NT.docx" in response["Content-Disposition"]
    text = text_of(response.content)
    # NĐ 30: parent and issuing body, number, place and date, type, signature block
    for line in [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH KHÁNH HÒA",
        "LIÊN ĐOÀN LAO ĐỘNG NHA TRANG",
        "Số: 05/BC-LĐLĐ",
        "CÔNG ĐOÀN VIỆT NAM",
        "Nha Trang, ngày 05 tháng 01 năm 2027",
        "BÁO CÁO",
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
        "Nguyễn Thị Ánh",
        "- LĐLĐ Khánh Hòa (để báo cáo);",
    ]:
        assert line in text.splitlines(), line
    # figures the Vietnamese way, with the change from last year
    assert "có 6 đoàn viên (tăng 1 so với năm 2025)" in text
    assert "Thăm hỏi, hỗ trợ 1.813 lượt đoàn viên" in text
    assert "tổng kinh phí 163,6 triệu đồng" in text
    assert "1 đơn vị tổ chức hội nghị cán bộ, công chức, viên chức" in text
    assert "2 công đoàn cơ sở đã báo cáo, trong đó khu vực hành chính, sự nghiệp 1;" in text
    assert "Trong năm được khen thưởng: 0 chiến sĩ thi đua cơ sở, 0 lao động tiên tiến" in text
    assert "Hoàn thành tốt nhiệm vụ & vượt chỉ tiêu <đề ra>." not in text  # own notes only
    # the annex lists the units under it with their figures
    lines = text.splitlines()
    annex = lines[lines.index("PHỤ LỤC") :]
    assert tree.le_loi.display_name in annex and tree.may.display_name in annex
    document = Document(io.BytesIO(response.content))
    assert len(document.inline_shapes) == 2  # the two charts
    page = document.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    assert (round(page.left_margin.mm), round(page.right_margin.mm)) == (30, 15)
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_a_grassroots_report_carries_its_own_assessment(tree, filed, bob, api_client):
    text = text_of(fetch(api_client(bob), tree.le_loi, header="state").content)
    assert "Hoàn thành tốt nhiệm vụ & vượt chỉ tiêu <đề ra>." in text  # escaped, not lost
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "CÔNG ĐOÀN VIỆT NAM" not in text.splitlines()
    assert "TM. BAN CHẤP HÀNH" in text
    assert "Số:      /BC-CĐCS" in text  # no number yet: left for the clerk
    assert "PHỤ LỤC" not in text  # no unit reports under it


def test_a_year_without_a_period_is_refused_in_vietnamese(tree, filed, alice, api_client):
    response = api_client(alice).get(URL, {"unit": tree.nha_trang.pk, "year": 2024})
    assert response.status_code == 400
    assert response.json()["field"] == "year"
    assert "2024" in response.json()["message"]


def test_year_end_api_scope(tree, filed, bob, charlie, nobody, api_client):
    assert fetch(api_client(), tree.le_loi).status_code == 401
    assert fetch(api_client(nobody), tree.le_loi).status_code == 404
    assert fetch(api_client(charlie), tree.le_loi).status_code == 404  # sibling union
    assert fetch(api_client(bob), tree.nha_trang).status_code == 404  # above bob's scope
    assert fetch(api_client(bob), tree.le_loi).status_code == 200


def test_the_page_offers_the_report_and_downloads_it(tree, filed, alice, client_for):
    client = client_for(alice)
    url = reverse("reports:year_end", args=[tree.nha_trang.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["years"] and 2026 in page.context["years"]
    assert 'id="year-end-form"' in page.content.decode()
    download = client.get(url, {"download": 1, "year": 2026, "number": 12, "place": "Nha Trang"})
    assert download.status_code == 200
    assert "Số: 12/BC-LĐLĐ" in text_of(download.content)


def test_year_end_page_scope(tree, filed, bob, charlie, nobody, client, client_for):
    url = reverse("reports:year_end", args=[tree.le_loi.pk])
    assert client.get(url).status_code == 302
    assert client_for(nobody).get(url).status_code == 404
    assert client_for(charlie).get(url).status_code == 404
    assert client_for(charlie).get(url, {"download": 1, "year": 2026}).status_code == 404
    mine = client_for(bob).get(url)
    assert mine.status_code == 200 and "year-end-empty" not in mine.content.decode()


def test_a_unit_without_a_period_sees_why(tree, charlie, client_for):
    page = client_for(charlie).get(reverse("reports:year_end", args=[tree.may.pk]))
    assert page.status_code == 200 and "year-end-empty" in page.content.decode()


# --- the Word template -----------------------------------------------------------------


def template_url(unit):
    return reverse("document_template", args=["year-end-report", unit.pk])


def edited(content: bytes, line: str) -> bytes:
    """The template as an officer changes it in Word: a paragraph added."""
    document = Document(io.BytesIO(content))
    document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client, unit, content: bytes, name: str = "mau-moi.docx", action: str = "upload"):
    file = io.BytesIO(content)
    file.name = name
    back = reverse("reports:year_end", args=[unit.pk])
    return client.post(
        template_url(unit), {"file": file, "next": back, "action": action}, follow=True
    )


def test_an_edited_template_serves_the_unit_and_those_under_it(tree, filed, alice, bob, client_for):
    client = client_for(alice)
    standard = client.get(template_url(tree.kh))
    assert standard.status_code == 200 and "{{ f.members }}" in text_of(standard.content)
    response = upload(client, tree.kh, edited(standard.content, "Ghi chú của tỉnh: {{ year }}"))
    assert [str(m) for m in response.context["messages"]] == [
        "Mẫu đã được dùng cho Liên đoàn Lao động tỉnh Khánh Hòa và các đơn vị trực thuộc."
    ]
    stored = DocumentTemplate.objects.get(unit=tree.kh, kind="year-end-report")
    assert stored.retired_at is None and stored.uploaded_by == alice
    assert AuditLog.objects.filter(action="documents.upload", unit=tree.kh).count() == 1
    # a union under the province writes from the province's template
    page = client_for(bob).get(
        reverse("reports:year_end", args=[tree.le_loi.pk]), {"download": 1, "year": 2026}
    )
    assert "Ghi chú của tỉnh: 2026" in text_of(page.content)
    info = client_for(bob).get(reverse("reports:year_end", args=[tree.le_loi.pk]))
    assert info.context["in_use"] == stored and not info.context["own"]


def test_a_template_with_a_broken_tag_or_not_word_is_refused(tree, filed, alice, client_for):
    client = client_for(alice)
    standard = client.get(template_url(tree.kh)).content
    broken = upload(client, tree.kh, edited(standard, "Số liệu {{ f.members "))
    message = str(list(broken.context["messages"])[0])
    assert message.startswith("Mẫu có một thẻ trường bị hỏng (")
    not_word = upload(client, tree.kh, b"Ho ten;Ngay sinh\n", name="danh-sach.csv")
    assert ".docx" in str(list(not_word.context["messages"])[0])
    fake = upload(client, tree.kh, b"not a zip at all", name="mau.docx")
    assert ".docx" in str(list(fake.context["messages"])[0])
    assert not DocumentTemplate.objects.exists()
    assert not AuditLog.objects.filter(action="documents.upload").exists()


def test_going_back_keeps_the_uploaded_template_in_history(tree, filed, alice, client_for):
    client = client_for(alice)
    standard = client.get(template_url(tree.kh)).content
    upload(client, tree.kh, edited(standard, "Bản một"))
    upload(client, tree.kh, edited(standard, "Bản hai"))
    assert DocumentTemplate.objects.filter(unit=tree.kh).count() == 2
    assert DocumentTemplate.objects.current().get(unit=tree.kh).filename == "mau-moi.docx"
    upload(client, tree.kh, b"", action="reset")
    assert not DocumentTemplate.objects.current().exists()
    assert DocumentTemplate.objects.filter(unit=tree.kh).count() == 2  # kept, retired
    assert "Bản hai" not in text_of(client.get(template_url(tree.kh)).content)
    assert AuditLog.objects.filter(action="documents.reset", unit=tree.kh).count() == 1


def test_template_scope(tree, filed, alice, bob, charlie, nobody, client, client_for):
    assert client.get(template_url(tree.le_loi)).status_code == 302
    standard = client_for(alice).get(template_url(tree.kh)).content
    assert client_for(nobody).get(template_url(tree.le_loi)).status_code == 404
    assert client_for(charlie).get(template_url(tree.le_loi)).status_code == 404
    assert client_for(bob).get(template_url(tree.le_loi)).status_code == 200
    # an officer below cannot change the province's template (it is not in their scope)
    assert upload(client_for(bob), tree.kh, edited(standard, "x")).status_code == 404
    assert upload(client_for(charlie), tree.le_loi, edited(standard, "x")).status_code == 404
    assert not DocumentTemplate.objects.exists()


def test_templates_through_the_api(tree, filed, alice, charlie, api_client):
    client = api_client(alice)
    url = "/api/v1/reports/templates/year-end-report"
    standard = client.get(url, {"unit": tree.kh.pk})
    assert standard.status_code == 200
    file = io.BytesIO(edited(standard.content, "Qua API {{ year }}"))
    file.name = "mau-api.docx"
    made = client.post(f"{url}?unit={tree.kh.pk}", {"file": file})
    assert made.status_code == 201 and made.json()["filename"] == "mau-api.docx"
    assert "Qua API {{ year }}" in text_of(client.get(url, {"unit": tree.nha_trang.pk}).content)
    assert "Qua API" not in text_of(client.get(url, {"unit": tree.kh.pk, "default": 1}).content)
    assert api_client(charlie).get(url, {"unit": tree.kh.pk}).status_code == 404
    assert api_client().get(url, {"unit": tree.kh.pk}).status_code == 401
    assert client.get("/api/v1/reports/templates/no-such", {"unit": tree.kh.pk}).status_code == 404


def test_a_chart_is_drawn_once_for_the_same_figures_and_again_when_they_change():
    from congdoan.reports import charts

    first = charts.bars_by_unit(["CĐCS A", "CĐCS B"], [12, 30], "Đoàn viên")
    again = charts.bars_by_unit(["CĐCS A", "CĐCS B"], [12, 30], "Đoàn viên")
    changed = charts.bars_by_unit(["CĐCS A", "CĐCS B"], [13, 30], "Đoàn viên")
    assert first.startswith(b"\x89PNG") and again is first
    assert changed != first
    years = charts.bars_by_year([2025, 2026], [40, 42], "Số đoàn viên")
    assert charts.bars_by_year([2025, 2026], [40, 42], "Số đoàn viên") is years
    assert charts.bars_by_year([2025, 2026], [40, 43], "Số đoàn viên") != years


def test_units_whose_names_are_shortened_alike_keep_a_bar_each():
    from congdoan.reports import charts

    long = "Công đoàn cơ sở Công ty TNHH Một thành viên Cơ khí"
    names = [f"{long} số {n}" for n in range(1, 4)] + ["CĐCS A"]
    figure = charts._unit_figure(names, [30, 20, 10, 5], "Đoàn viên", 15)
    (axes,) = figure.axes
    bars = axes.patches
    assert len(bars) == 4 and len({bar.get_y() for bar in bars}) == 4
    assert sorted(bar.get_width() for bar in bars) == [5, 10, 20, 30]
    labels = [label.get_text() for label in axes.get_yticklabels()]
    assert labels[0] == "CĐCS A" and len(labels) == 4
    assert all(label.endswith("…") and len(label) == 38 for label in labels[1:])
    # the axes leave the names their room: they start right of the widest name
    left = axes.get_position().x0 * figure.get_size_inches()[0]
    assert left > charts._text_width(figure, labels, 8)
