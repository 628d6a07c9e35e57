"""The year-end report (báo cáo tổng kết) of a unit as a Word document per NĐ 30/2020.

Its figures are the roll-up of the unit's subtree for the year-end period, beside last
year's; its text comes from a Word template the officer can download, edit and upload
back (``congdoan.core.documents``). The default template states the figures every level
reports (shared/RULES.md), a table of every indicator, two charts, and an annex with the
units directly under the unit.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congdoan.core import docx
from congdoan.core.documents import DocumentKind, fill, register
from congdoan.core.errors import invalid
from congdoan.organizations.models import Unit

from . import charts, services
from .models import IndicatorKind, Return, ReturnStatus

# How each kind of body abbreviates itself in a document number ("Số: 05/BC-CĐCS").
ISSUER_ABBREVIATIONS = {
    "federation": "TLĐ",
    "provincial": "LĐLĐ",
    "central_sector": "CĐN",
    "corporation": "CĐTCT",
    "district": "LĐLĐ",
    "local_sector": "CĐN",
    "civil_servants": "CĐVC",
    "industrial_zone": "CĐKCN",
    "grassroots": "CĐCS",
}


def formatted(kind: str, value) -> str:
    """An indicator's value as the report writes it."""
    if kind == IndicatorKind.TEXT:
        return value or ""
    if kind == IndicatorKind.MONEY:
        return docx.vn_money(value)
    if kind == IndicatorKind.PERCENT:
        return docx.vn_number(value, 1)
    return docx.vn_number(value)


def _change_phrase(now, before, kind: str, last_year: int) -> str:
    """ " (tăng 120 so với năm 2025)" for the body text; empty without last year."""
    if before is None or now is None or kind not in (IndicatorKind.COUNT, IndicatorKind.MONEY):
        return ""
    difference = now - before
    if difference == 0:
        return f" (không đổi so với năm {last_year})"
    word = "tăng" if difference > 0 else "giảm"
    amount = formatted(kind, abs(difference))
    return f" ({word} {amount} so với năm {last_year})"


def _own_text(unit: Unit, period) -> dict:
    """The text indicators the unit wrote in its own return (latest revision)."""
    own = (
        Return.objects.filter(period=period, unit=unit)
        .exclude(status=ReturnStatus.SUPERSEDED)
        .order_by("-revision")
        .first()
    )
    return dict(own.values) if own else {}


def year_end_data(unit: Unit, year: int) -> dict:
    """The figures of the report: this year's and last year's roll-up, the units under
    ``unit`` and the years before, read in a handful of grouped queries."""
    periods = services.year_end_periods(unit)
    if year not in periods:
        raise invalid(
            "year",
            _("No year-end period %(year)s covers %(unit)s yet: the level above opens it.")
            % {"year": year, "unit": unit.name},
            "no_period",
        )
    period = periods[year]
    indicators = services.indicators_of(period.template)
    by_year = {y: services.rollup(unit=unit, period=p) for y, p in periods.items() if y < year}
    by_year[year], by_child = services.rollup_with_children(unit=unit, period=period)
    children = [
        (child.display_name, by_child[child.pk])
        for child in services.reporting_children(unit).only("name", "short_name", "path")
    ]
    return {
        "period": period,
        "indicators": indicators,
        "now": by_year[year],
        "before": by_year.get(year - 1),
        "by_year": by_year,
        "children": children,
        "own": _own_text(unit, period),
    }


def year_end_context(
    unit: Unit,
    year: int,
    data: dict,
    *,
    number: int | None = None,
    place: str = "",
    day: date | None = None,
    signer: str = "",
    state_header: bool = False,
) -> dict:
    """What the template is filled with (its names are the template's field tags)."""
    now, before = data["now"]["values"], (data["before"] or {}).get("values")
    indicators = data["indicators"]
    values = {**data["own"], **now}
    f = {i.code: formatted(i.kind, values.get(i.code)) for i in indicators}
    change = {
        i.code: _change_phrase(values.get(i.code), (before or {}).get(i.code), i.kind, year - 1)
        for i in indicators
    }
    rows, group, number_in_group, groups_seen = [], None, 0, 0
    for indicator in indicators:
        if indicator.kind == IndicatorKind.TEXT:
            continue
        if indicator.group != group:
            group, number_in_group = indicator.group, 0
            groups_seen += 1
            rows.append({"no": _roman(groups_seen), "label": group.upper(), "head": True})
        number_in_group += 1
        last = (before or {}).get(indicator.code)
        difference = None
        if last is not None and values.get(indicator.code) is not None:
            difference = values[indicator.code] - last
        rows.append(
            {
                "no": str(number_in_group),
                "label": indicator.label,
                "before": formatted(indicator.kind, last) if before is not None else "",
                "now": f[indicator.code],
                "change": _signed(indicator.kind, difference) if before is not None else "",
                "head": False,
            }
        )
    parent = unit.parent
    abbreviation = ISSUER_ABBREVIATIONS.get(unit.kind.code, "CĐ")
    day = day or timezone.localdate()
    place = place.strip() or (unit.province.name if unit.province_id else "Hà Nội")
    grassroots = unit.kind.code == "grassroots"
    recipients = [f"{parent.display_name} (để báo cáo);"] if parent else []
    recipients += ["Các đơn vị trực thuộc;"] if data["children"] else []
    recipients += ["Lưu: VT."]
    return {
        "year": year,
        "last_year": year - 1,
        "next_year": year + 1,
        "parent_name": (parent.name if parent else "").upper(),
        "issuer_name": unit.name.upper(),
        "unit_name": unit.name,
        "number_line": docx.document_number(number, "BC", abbreviation),
        "state_header": state_header,
        "place_date": docx.place_and_date(place, day),
        "f": f,
        # counts under ten with a leading zero, as reports write them ("02 chiến sĩ …")
        "two": {
            code: f"{value:02d}" if isinstance(value, int) and 0 < value < 10 else f[code]
            for code, value in values.items()
            if code in f
        },
        "change": change,
        # the figures recorded and not nil: a clause of the text is written only for them
        "has": sorted(code for code in f if isinstance(values.get(code), int) and values[code]),
        "rows": rows,
        "has_last_year": before is not None,
        "reported": docx.vn_number(data["now"]["reported"]),
        "children": [
            {
                "no": str(index),
                "name": name,
                "members": docx.vn_number(rolled["values"].get("members")),
                "female": docx.vn_number(rolled["values"].get("female")),
                "admitted": docx.vn_number(rolled["values"].get("admitted")),
                "reported": docx.vn_number(rolled["reported"]),
            }
            for index, (name, rolled) in enumerate(data["children"], start=1)
        ],
        "notes": values.get("notes") or "",
        "recipients": recipients,
        "signing_for": "TM. BAN CHẤP HÀNH" if grassroots else "TM. BAN THƯỜNG VỤ",
        "signer_title": "CHỦ TỊCH",
        "signer": signer.strip(),
    }


def _signed(kind: str, difference) -> str:
    """A change in the figures table: "+121", "-63,2 triệu đồng", "+3,9"."""
    if difference is None:
        return ""
    if difference == 0:
        return "0"
    return ("+" if difference > 0 else "-") + formatted(kind, abs(difference))


def _roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    text = ""
    for value, numeral in numerals:
        while number >= value:
            text, number = text + numeral, number - value
    return text


def year_end_charts(data: dict) -> dict[str, tuple[bytes, float]]:
    """The chart images: members across the years, and by unit under this one."""
    years = sorted(data["by_year"])
    images = {
        "chart_trend": (
            charts.bars_by_year(
                years,
                [data["by_year"][y]["values"].get("members") or 0 for y in years],
                "Số đoàn viên qua các năm",
            ),
            150,
        )
    }
    if data["children"]:
        images["chart_children"] = (
            charts.bars_by_unit(
                [name for name, _rolled in data["children"]],
                [rolled["values"].get("members") or 0 for _name, rolled in data["children"]],
                f"Đoàn viên theo đơn vị trực thuộc năm {data['period'].year}",
            ),
            150,
        )
    return images


def year_end_report(unit: Unit, year: int, **options) -> bytes:
    """The year-end report of ``unit``'s subtree for ``year`` as .docx bytes."""
    data = year_end_data(unit, year)
    context = year_end_context(unit, year, data, **options)
    images = year_end_charts(data)
    context.setdefault("chart_children", "")
    return fill(unit, YEAR_END_REPORT, context, images)


# --- the default template --------------------------------------------------------------


def default_template() -> bytes:
    """The default year-end report, with docxtpl field tags, laid out per NĐ 30."""
    d = docx
    document = d.new_document()
    d.header(document)
    d.title(document, "BÁO CÁO", "Tổng kết hoạt động công đoàn năm {{ year }}")
    d.body(
        document,
        "Thực hiện chương trình công tác năm {{ year }}, {{ unit_name }} báo cáo kết quả "
        "hoạt động công đoàn năm {{ year }} như sau:",
    )
    d.paragraph(document, "I. KẾT QUẢ HOẠT ĐỘNG NĂM {{ year }}", bold=True, after=6)
    d.paragraph(document, "1. Phát triển đoàn viên, xây dựng tổ chức công đoàn", bold=True, after=6)
    d.body(
        document,
        "Đến hết năm {{ year }}, toàn đơn vị có {{ f.members }} đoàn viên{{ change.members }}, "
        "trong đó {{ f.female }} đoàn viên nữ (chiếm {{ f.female_share }}%). Trong năm đã "
        "kết nạp {{ f.admitted }} đoàn viên mới{{ change.admitted }}; thành lập mới "
        "{{ f.new_grassroots }} công đoàn cơ sở; {{ f.left }} đoàn viên ra khỏi tổ chức "
        "hoặc từ trần. Số đoàn viên đã có thẻ đoàn viên là {{ f.with_card }}. "
        "{{ f.grassroots }} công đoàn cơ sở đã báo cáo, trong đó khu vực hành chính, sự nghiệp "
        "{{ f.grassroots_public }}; doanh nghiệp nhà nước {{ f.grassroots_state }}; doanh "
        "nghiệp ngoài nhà nước {{ f.grassroots_private }}; doanh nghiệp có vốn đầu tư nước "
        "ngoài {{ f.grassroots_fdi }}."
        # the grading the level above published, when the form counts it
        "{% if 'graded' in has %} Kết quả xếp loại {{ f.graded }} công đoàn cơ sở: "
        "{{ two.graded_excellent }} CĐCS hoàn thành xuất sắc nhiệm vụ, chiếm "
        "{{ f.graded_excellent_share }}%; {{ two.graded_good }} hoàn thành tốt nhiệm vụ; "
        "{{ two.graded_done }} hoàn thành nhiệm vụ"
        "{% if 'graded_failed' in has %}; {{ two.graded_failed }} không hoàn thành nhiệm vụ"
        "{% endif %}.{% endif %}",
    )
    d.paragraph(document, "2. Thực hiện quy chế dân chủ ở cơ sở", bold=True, after=6)
    d.body(
        document,
        "{{ f.cbccvc_conference }} đơn vị tổ chức hội nghị cán bộ, công chức, viên chức; "
        "{{ f.worker_conference }} đơn vị tổ chức hội nghị người lao động"
        "{% if 'dialogue' in has %}; {{ f.dialogue }} đơn vị tổ chức đối thoại định kỳ"
        "{% endif %}; "
        # from 2027 the agreements are counted from the records, by state and grade
        "{% if 'agreements_new' in f %}{{ f.collective_agreement }} thỏa ước lao động tập "
        "thể đang có hiệu lực{% if 'agreements_new' in has %}, trong đó ký mới "
        "{{ two.agreements_new }}{% endif %}{% if 'agreements_amended' in has %}, sửa đổi, "
        "bổ sung {{ two.agreements_amended }}{% endif %}{% if 'agreements_a' in has %}; "
        "{{ two.agreements_a }} thỏa ước xếp loại A{% endif %}{% if 'agreements_b' in has %}"
        ", {{ two.agreements_b }} thỏa ước xếp loại B{% endif %}"
        "{% if 'enterprise_grassroots' in has %}; {{ f.covered_grassroots }}/"
        "{{ f.enterprise_grassroots }} công đoàn cơ sở doanh nghiệp có thỏa ước còn hiệu lực "
        "(đạt {{ f.agreement_coverage }}%){% endif %}"
        "{% else %}{{ f.collective_agreement }} đơn vị ký kết thỏa ước lao động tập thể"
        "{% endif %}.",
    )
    d.paragraph(document, "3. Chăm lo đời sống đoàn viên, người lao động", bold=True, after=6)
    d.body(
        document,
        "Thăm hỏi, hỗ trợ {{ f.care_visits }} lượt đoàn viên với tổng kinh phí "
        "{{ f.care_amount }}"
        "{% if 'care_gifts' in has %}; tặng {{ two.care_gifts }} phần quà, trị giá "
        "{{ f.care_gifts_amount }}{% endif %}"
        "{% if 'houses' in has %}; xây mới, sửa chữa {{ two.houses }} Mái ấm công đoàn "
        "với kinh phí {{ f.houses_amount }}{% endif %}"
        "{% if 'blood_donors' in has %}; {{ two.blood_donors }} lượt đoàn viên hiến máu "
        "tình nguyện{% endif %}; vận động các nguồn quỹ được {{ f.funds_raised }}"
        "{% if 'sponsored' in has %}, trong đó xã hội hóa {{ f.sponsored }}{% endif %}"
        "{% if 'savings_total' in has %}; mô hình góp vốn xoay vòng với tổng số tiền "
        "{{ f.savings_total }}{% endif %}.",
    )
    d.paragraph(document, "4. Thi đua, khen thưởng", bold=True, after=6)
    d.body(
        document,
        "Trong năm được khen thưởng: {{ two.awards_cstdcs }} chiến sĩ thi đua cơ sở, "
        "{{ two.awards_ldtt }} lao động tiên tiến, {{ two.awards_ttldxs }} tập thể lao động "
        "xuất sắc, {{ two.awards_ttldtt }} tập thể lao động tiên tiến.",
    )
    d.paragraph(document, "5. Số liệu tổng hợp", bold=True, after=6)
    d.body(document, "Tổng hợp từ báo cáo của {{ reported }} đơn vị:")
    table = d.grid_table(
        document,
        ["STT", "Chỉ tiêu", "Năm {{ last_year }}", "Năm {{ year }}", "Tăng, giảm"],
        [12, 78, 27, 27, 21],
    )
    d.loop_rows(
        table,
        "{%tr for row in rows %}",
        [
            "{{ row.no }}",
            "{{ row.label }}",
            "{{ row.before }}",
            "{{ row.now }}",
            "{{ row.change }}",
        ],
        align=["center", "left", "right", "right", "right"],
    )
    d.paragraph(document, "", after=6)
    d.paragraph(document, "{{ chart_trend }}", align="center")
    d.paragraph(
        document,
        "Biểu đồ 1. Số đoàn viên qua các năm",
        size=12,
        italic=True,
        align="center",
        after=6,
    )
    d.paragraph(document, "{%p if chart_children %}", align="center")
    d.paragraph(document, "{{ chart_children }}", align="center")
    d.paragraph(
        document,
        "Biểu đồ 2. Đoàn viên theo đơn vị trực thuộc năm {{ year }}",
        size=12,
        italic=True,
        align="center",
        after=6,
    )
    d.paragraph(document, "{%p endif %}", align="center")
    d.paragraph(document, "II. ĐÁNH GIÁ CHUNG", bold=True, after=6)
    d.body(document, "{{ notes }}")
    d.paragraph(document, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ next_year }}", bold=True, after=6)
    d.body(document, "")
    d.body(
        document,
        "Trên đây là báo cáo tổng kết hoạt động công đoàn năm {{ year }} của {{ unit_name }}./.",
    )
    d.signature(document)
    d.paragraph(document, "{%p if children %}")
    d.page_break(document)
    d.paragraph(document, "PHỤ LỤC", bold=True, align="center")
    d.paragraph(
        document,
        "Số liệu các đơn vị trực thuộc năm {{ year }}",
        bold=True,
        align="center",
        after=6,
    )
    annex = d.grid_table(
        document,
        ["STT", "Đơn vị", "Đoàn viên", "Nữ", "Kết nạp mới", "Đơn vị báo cáo"],
        [12, 68, 25, 20, 22, 20],
    )
    d.loop_rows(
        annex,
        "{%tr for row in children %}",
        [
            "{{ row.no }}",
            "{{ row.name }}",
            "{{ row.members }}",
            "{{ row.female }}",
            "{{ row.admitted }}",
            "{{ row.reported }}",
        ],
        align=["center", "left", "right", "right", "right", "right"],
    )
    d.paragraph(document, "{%p endif %}")
    return d.to_bytes(document)


def sample_context() -> dict:
    """A context of the real shape, to check an uploaded template can be filled."""
    figures = defaultdict(lambda: "0")  # any indicator code a template names
    row = {"no": "1", "label": "", "before": "", "now": "0", "change": "", "head": False}
    child = {"no": "1", "name": "", "members": "0", "female": "0", "admitted": "0", "reported": "0"}
    return {
        "year": 2026,
        "last_year": 2025,
        "next_year": 2027,
        "parent_name": "",
        "issuer_name": "",
        "unit_name": "",
        "number_line": "Số:",
        "state_header": False,
        "place_date": "",
        "f": figures,
        "two": figures,
        "change": defaultdict(str),
        "has": [],
        "rows": [row],
        "has_last_year": False,
        "reported": "0",
        "children": [child],
        "notes": "",
        "recipients": ["Lưu: VT."],
        "signing_for": "",
        "signer_title": "",
        "signer": "",
        "chart_trend": "",
        "chart_children": "",
    }


YEAR_END_REPORT = register(
    DocumentKind(
        code="year-end-report",
        label=gettext_lazy("Year-end report"),
        default=default_template,
        sample=sample_context,
        filename="mau-bao-cao-tong-ket.docx",
    )
)
