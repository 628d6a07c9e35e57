"""The news article a union's website publishes after a tổng kết or a covenant signing,
drafted from what was recorded: the meeting (date, place, guests), the year's figures
from the roll-up of the returns (the unit's subtree, or a block's member units), the
block's hand-over, the covenant's theme and signatories, and next year's theme.

No fact is invented: each sentence is written only for a figure recorded and not nil,
and every number in the text is one of ``Draft.figures``, so a test can trace it. The
officer edits the draft on the page before exporting it as .docx or as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from congdoan.core import docx
from congdoan.reports import services as returns
from congdoan.reports.models import IndicatorKind

from .models import Meeting


@dataclass
class Figure:
    code: str
    label: str
    value: object
    text: str  # as the article writes it


@dataclass
class Draft:
    title: str
    paragraphs: list[str]
    figures: list[Figure] = field(default_factory=list)
    reported: int = 0  # returns the figures come from (0: none yet)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _count(value) -> str:
    """Counts under ten with a leading zero, as union reports write them ("02 …")."""
    return f"{value:02d}" if isinstance(value, int) and 0 < value < 10 else docx.vn_number(value)


def _written(kind: str, value) -> str:
    if kind == IndicatorKind.MONEY:
        return docx.vn_money(value)
    if kind == IndicatorKind.PERCENT:
        return docx.vn_number(value, 1)
    return _count(value)


class _Figures:
    """The roll-up's figures by code, each written once and remembered when used."""

    def __init__(self, values: dict, indicators) -> None:
        self.values = values
        self.indicators = {i.code: i for i in indicators}
        self.used: list[Figure] = []

    def has(self, code: str) -> bool:
        value = self.values.get(code)
        return code in self.indicators and isinstance(value, int | float) and value > 0

    def __getitem__(self, code: str) -> str:
        indicator = self.indicators[code]
        text = _written(indicator.kind, self.values[code])
        if all(f.code != code for f in self.used):
            self.used.append(Figure(code, indicator.label, self.values[code], text))
        return text

    def awards(self) -> list[tuple[str, str]]:
        return [
            (code, indicator.label)
            for code, indicator in self.indicators.items()
            if indicator.source == "awards" and self.has(code)
        ]


def _joined(parts: list[str]) -> str:
    return "; ".join(part for part in parts if part)


def _figures_paragraph(subject: str, year: int, f: _Figures) -> list[str]:
    paragraphs = []
    members = []
    if f.has("members"):
        clause = f"có {f['members']} đoàn viên"
        if f.has("female"):
            clause += f", trong đó {f['female']} đoàn viên nữ"
            if f.has("female_share"):
                clause += f" (chiếm {f['female_share']}%)"
        members.append(clause)
    if f.has("admitted"):
        members.append(f"kết nạp mới {f['admitted']} đoàn viên")
    if f.has("new_grassroots"):
        members.append(f"thành lập mới {f['new_grassroots']} công đoàn cơ sở")
    if members:
        paragraphs.append(f"Năm {year}, {subject} {_joined(members)}.")
    democracy = []
    if f.has("cbccvc_conference"):
        democracy.append(
            f"{f['cbccvc_conference']} đơn vị tổ chức hội nghị cán bộ, công chức, viên chức"
        )
    if f.has("worker_conference"):
        democracy.append(f"{f['worker_conference']} đơn vị tổ chức hội nghị người lao động")
    if f.has("dialogue"):
        democracy.append(f"{f['dialogue']} đơn vị tổ chức đối thoại định kỳ")
    if f.has("collective_agreement"):
        if "agreements_new" in f.indicators:
            clause = f"{f['collective_agreement']} thỏa ước lao động tập thể đang có hiệu lực"
            if f.has("agreements_new"):
                clause += f", trong đó ký mới {f['agreements_new']}"
        else:
            clause = f"{f['collective_agreement']} đơn vị ký kết thỏa ước lao động tập thể"
        democracy.append(clause)
    if democracy:
        paragraphs.append(
            "Công tác phối hợp thực hiện dân chủ ở cơ sở được chú trọng: "
            + _joined(democracy)
            + "."
        )
    care = []
    if f.has("care_visits"):
        clause = f"thăm hỏi, hỗ trợ {f['care_visits']} lượt đoàn viên"
        if f.has("care_amount"):
            clause += f" với kinh phí {f['care_amount']}"
        care.append(clause)
    if f.has("care_gifts"):
        clause = f"tặng {f['care_gifts']} phần quà"
        if f.has("care_gifts_amount"):
            clause += f", trị giá {f['care_gifts_amount']}"
        care.append(clause)
    if f.has("houses"):
        care.append(f"xây mới, sửa chữa {f['houses']} Mái ấm công đoàn")
    if f.has("funds_raised"):
        care.append(f"vận động các nguồn quỹ được {f['funds_raised']}")
    if f.has("care_total"):
        care.append(f"tổng kinh phí chăm lo {f['care_total']}")
    if care:
        paragraphs.append(
            "Công tác chăm lo đời sống đoàn viên, người lao động: " + _joined(care) + "."
        )
    awards = [f"{f[code]} {label[0].lower()}{label[1:]}" for code, label in f.awards()]
    if awards:
        paragraphs.append("Trong năm, được khen thưởng: " + ", ".join(awards) + ".")
    return paragraphs


def _guests(meeting: Meeting) -> str:
    guests = []
    for guest in meeting.guests.all():
        who = f"đồng chí {guest.name}"
        role = " ".join(part for part in (guest.title, guest.body) if part)
        guests.append(f"{who} – {role}" if role else who)
    if not guests:
        return ""
    return "Tham dự hội nghị có " + "; ".join(guests) + "."


def _block_paragraphs(meeting: Meeting) -> list[str]:
    """The block's hand-over when the leader changes, and the covenant signed."""
    from congdoan.emulation.models import BlockTerm

    paragraphs = []
    block = meeting.block
    terms = {
        t.year: t
        for t in BlockTerm.objects.filter(
            block=block, year__in=[meeting.year, meeting.year + 1]
        ).select_related("leader", "deputy")
    }
    now, next_term = terms.get(meeting.year), terms.get(meeting.year + 1)
    if now and next_term and now.leader_id != next_term.leader_id:
        text = (
            f"Tại hội nghị, {now.leader.name} – đơn vị khối trưởng năm {meeting.year} đã bàn "
            f"giao nhiệm vụ khối trưởng cho {next_term.leader.name} (khối trưởng năm "
            f"{meeting.year + 1})"
        )
        if next_term.deputy_id:
            text += f"; {next_term.deputy.name} là đơn vị khối phó"
        paragraphs.append(text + ".")
    covenant = meeting.covenant
    if covenant is not None:
        signers = [
            f"{s.unit.name} (đồng chí {s.name}, {s.title})" if s.name else s.unit.name
            for s in covenant.signatories.select_related("unit")
        ]
        text = f"Các đơn vị trong khối đã ký kết giao ước thi đua năm {covenant.year}"
        if covenant.theme:
            text += f" với chủ đề “{covenant.theme.strip().rstrip('.')}”"
        if signers:
            text += ". Ký kết giao ước gồm: " + "; ".join(signers)
        paragraphs.append(text + ".")
    return paragraphs


def _next_theme(meeting: Meeting) -> str:
    if meeting.next_theme:
        return meeting.next_theme.strip().rstrip(".")
    if meeting.block_id:
        from congdoan.emulation.models import Covenant

        following = Covenant.objects.filter(block=meeting.block, year=meeting.year + 1).first()
        if following is not None and following.theme and following != meeting.covenant:
            return following.theme.strip().rstrip(".")
    return ""


def _rolled_up(meeting: Meeting) -> tuple[dict, list, int]:
    """The year's roll-up for the meeting's subject: the unit's subtree, or a block's
    member units on the day; empty when no year-end period covers the unit."""
    period = returns.year_end_periods(meeting.unit).get(meeting.year)
    if period is None:
        return {}, [], 0
    indicators = returns.indicators_of(period.template)
    if meeting.block_id:
        units = [
            m.unit for m in meeting.block.memberships.on(meeting.held_on).select_related("unit")
        ]
        rolled = returns.rollup_of(units=units, period=period)
    else:
        rolled = returns.rollup(unit=meeting.unit, period=period)
    return rolled["values"], indicators, rolled["reported"]


def draft(meeting: Meeting) -> Draft:
    """The article drafted afresh from the records."""
    unit, year = meeting.unit, meeting.year
    block = meeting.block
    subject = unit.name
    if block is not None:
        name = block.name.strip()
        subject = name if name.lower().startswith("khối") else f"Khối thi đua {name}"
    day = f"{meeting.held_on:%d/%m/%Y}"
    if meeting.kind.code == "ky-giao-uoc" and meeting.covenant is not None:
        title = f"{subject} ký kết giao ước thi đua năm {meeting.covenant.year}"
    else:
        title = f"{subject} tổng kết hoạt động năm {year}"
        if meeting.covenant is not None:
            title += f" và ký kết giao ước thi đua năm {meeting.covenant.year}"
    place = f" tại {meeting.place}" if meeting.place else ""
    what = meeting.title or meeting.kind.name
    if len(what) > 1 and what[1].islower():  # "Hội nghị …" mid-sentence; "LĐLĐ …" stays
        what = what[0].lower() + what[1:]
    lead = f"Ngày {day}, {subject} tổ chức {what}{place}."
    guests = _guests(meeting)
    paragraphs = [f"{lead} {guests}".strip()]
    values, indicators, reported = _rolled_up(meeting)
    figures = _Figures(values, indicators)
    paragraphs += _figures_paragraph(
        "các đơn vị trong khối" if block else "toàn đơn vị", year, figures
    )
    if block is not None:
        paragraphs += _block_paragraphs(meeting)
    resolutions = [r.text.strip().rstrip(".") for r in meeting.resolutions.all()]
    if resolutions:
        paragraphs.append("Hội nghị đã thống nhất: " + "; ".join(resolutions) + ".")
    theme = _next_theme(meeting)
    if theme:
        paragraphs.append(
            f"Năm {year + 1}, {subject} tiếp tục đẩy mạnh các phong trào thi đua với chủ đề "
            f"“{theme}”."
        )
    return Draft(title=title, paragraphs=paragraphs, figures=figures.used, reported=reported)


def current(meeting: Meeting) -> Draft:
    """The officer's edited article when kept, else the draft from the records."""
    fresh = draft(meeting)
    if meeting.article_text:
        paragraphs = [p.strip() for p in meeting.article_text.split("\n\n") if p.strip()]
        return Draft(
            title=meeting.article_title or fresh.title,
            paragraphs=paragraphs,
            figures=fresh.figures,
            reported=fresh.reported,
        )
    return fresh


def as_html(article: Draft) -> str:
    """Clean HTML for a website: a heading and paragraphs, every text escaped."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    return f"<article>\n<h1>{escape(article.title)}</h1>\n{body}\n</article>\n"


def as_docx(article: Draft) -> bytes:
    d = docx
    document = d.new_document()
    d.paragraph(document, article.title, size=16, bold=True, align="center", after=12)
    for text in article.paragraphs:
        d.body(document, text)
    return d.to_bytes(document)
