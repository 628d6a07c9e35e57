"""A large .xlsx sheet read as it is decompressed gives the rows calamine gives."""

import io
import zipfile
from datetime import date, datetime, time

import pytest
from python_calamine import CalamineWorkbook
from xlsxwriter import Workbook

from congdoan.core import sheets, xlsx_stream


@pytest.fixture
def streamed_always(monkeypatch):
    """Every sheet counts as large."""
    monkeypatch.setattr(xlsx_stream, "STREAM_ABOVE", 0)


def trimmed(rows) -> list[list]:
    """Rows without their trailing empty cells, and without trailing empty rows."""
    table = []
    for row in rows:
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        table.append(row)
    while table and not table[-1]:
        table.pop()
    return table


def calamine(data: bytes) -> list[list]:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return trimmed(sheet.iter_rows())


def streamed(data: bytes) -> list[list]:
    found = xlsx_stream.rows(data)
    assert found is not None, "the sheet was not streamed"
    return trimmed(found[0])


def member_list(options: dict) -> bytes:
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True, **options})
    sheet = book.add_worksheet("Đoàn viên")
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    moment = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    clock = book.add_format({"num_format": "hh:mm"})
    money = book.add_format({"num_format": '#,##0 "đ"'})
    bold = book.add_format({"bold": True})
    sheet.merge_range(0, 1, 0, 6, "DANH SÁCH ĐOÀN VIÊN")  # column A stays empty
    sheet.write_row(2, 1, ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "CCCD", "Ghi chú"])
    sheet.write_row(3, 1, [1, "Nguyễn Thị  Hoa", None, "Nữ", "079190000123", "A & <B>"])
    sheet.write_datetime(3, 3, datetime(1990, 5, 12), day)
    sheet.write_row(5, 1, [2.5, "Trần Văn Bình", 1985, "Nam", 79085000456])  # row 5 skipped
    sheet.write_datetime(6, 2, datetime(2024, 3, 1, 7, 30), moment)
    sheet.write_number(6, 3, 0.75, clock)
    sheet.write_number(6, 4, 1_500_000, money)
    sheet.write_boolean(6, 5, True)
    sheet.write_formula(6, 6, '="x"&"y"', None, "xy")
    sheet.write_formula(6, 7, "=1/0", None, "#DIV/0!")
    sheet.write_rich_string(7, 2, "Lê ", bold, "Thị", " An")
    sheet.write_string(8, 2, "  khoảng trắng  ")
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize(
    "options", [{}, {"constant_memory": True}], ids=["shared strings", "inline strings"]
)
def test_a_streamed_sheet_has_calamines_rows(streamed_always, options):
    data = member_list(options)
    rows = streamed(data)
    # the same cells; column A, empty, is kept (calamine starts at B)
    assert rows == [["", *row] if row else row for row in calamine(data)]
    assert rows[3][1:5] == [1.0, "Nguyễn Thị  Hoa", date(1990, 5, 12), "Nữ"]
    assert rows[3][6] == "A & <B>" and rows[4] == []
    # the last cell, an error, is empty (and so trimmed)
    assert rows[6] == ["", "", datetime(2024, 3, 1, 7, 30), time(18, 0), 1_500_000.0, True, "xy"]
    assert rows[7][2] == "Lê Thị An" and rows[8][2] == "  khoảng trắng  "


def part(name: str, xml: str) -> tuple[str, str]:
    return name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml


MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def hand_made(sheet_data: str, *, strings: str = "", date1904: bool = False, ns="") -> bytes:
    """A workbook as other programs write it: attributes in another order, cells and rows
    without references, phonetic runs, custom date formats."""
    prefix = f"{ns}:" if ns else ""
    xmlns = MAIN.replace("xmlns=", f"xmlns:{ns}=") if ns else MAIN
    parts = [
        part(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
            '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats'
            '-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets'
            '/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument'
            '.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd'
            '.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
        part(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        ),
        part(
            "xl/workbook.xml",
            f'<workbook {MAIN} xmlns:r="{RELS}">'
            + ('<workbookPr date1904="1"/>' if date1904 else "")
            + '<sheets><sheet name="DS" sheetId="1" r:id="rId7"/></sheets></workbook>',
        ),
        part(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId7" Type="{RELS}/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId8" Type="{RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId9" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        ),
        part(
            "xl/styles.xml",
            f'<styleSheet {MAIN}><numFmts count="2"><numFmt numFmtId="164" '
            'formatCode="[$-42A]dd/mm/yyyy;@"/><numFmt numFmtId="165" '
            'formatCode="&quot;Ngày&quot; 0"/></numFmts><cellXfs count="4"><xf numFmtId="0"/>'
            '<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/><xf numFmtId="14"/>'
            "</cellXfs></styleSheet>",
        ),
        part(
            "xl/sharedStrings.xml",
            f'<sst {MAIN} count="3" uniqueCount="3">{strings}</sst>',
        ),
        part(
            "xl/worksheets/sheet1.xml",
            f"<{prefix}worksheet {xmlns}><{prefix}sheetData>{sheet_data}"
            f"</{prefix}sheetData></{prefix}worksheet>",
        ),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts:
            book.writestr(name, text)
    return buffer.getvalue()


SHARED = (
    "<si><t>Họ và tên</t></si>"
    '<si><r><t xml:space="preserve">Phạm </t></r><r><rPr><b/></rPr><t>Văn Minh</t></r>'
    "<rPh sb='0' eb='1'><t>phiên âm</t></rPh></si>"
    "<si><t>Ngày sinh</t></si>"
)
ODD_ROWS = (
    '<row r="2"><c t="s" r="A2"><v>0</v></c><c t="s" s="0" r="B2"><v>2</v></c></row>'
    '<row r="3" spans="1:3"/>'
    '<row><c r="A4" t="s"><v>1</v></c><c r="B4" s="1"><v>32640</v></c>'
    '<c r="C4" s="2"><v>7</v></c><c r="D4" s="3"><v>45000.5</v></c></row>'
    '<row r="6"><c t="inlineStr"><is><r><t>Võ </t></r><r><t>Thị Lan</t></r></is></c>'
    '<c><v>-3</v></c><c r="E6" t="b"><v>0</v></c><c r="F6" t="d"><v>2025-07-01</v></c></row>'
    '<row r="7"><c r="A7" s="1"><v>-5</v></c><c r="B7" s="1"><v>9e9</v></c><c r="C7"><v></v></c>'
    '<c r="D7" t="d"><v>not a date</v></c></row>'
)


def test_cells_written_by_other_programs_are_read_as_calamine_reads_them(streamed_always):
    data = hand_made(ODD_ROWS, strings=SHARED)
    rows = streamed(data)
    assert rows[:3] == [[], ["Họ và tên", "Ngày sinh"], []]
    assert rows[3][:2] == ["Phạm Văn Minh", date(1989, 5, 12)]
    assert rows[3][2:] == [7.0, datetime(2023, 3, 15, 12, 0)]  # "Ngày" 0 shows no date
    assert rows[5][:2] == ["Võ Thị Lan", -3.0] and rows[5][4] is False
    assert rows[5][5] == date(2025, 7, 1)
    assert rows[:5] == calamine(data)[:5]
    # serials no calendar holds stay numbers; an empty value is an empty cell
    assert rows[6] == [-5.0, 9e9, "", "not a date"]


def test_the_1904_date_system_is_followed(streamed_always):
    data = hand_made('<row r="1"><c r="A1" s="1"><v>31178</v></c></row>', date1904=True)
    assert streamed(data) == [[date(1989, 5, 12)]] == calamine(data)  # 32640 in 1900's


def test_a_small_sheet_or_an_unusual_one_is_left_to_calamine(monkeypatch):
    assert xlsx_stream.rows(member_list({})) is None  # under the size where streaming pays
    monkeypatch.setattr(xlsx_stream, "STREAM_ABOVE", 0)
    assert xlsx_stream.rows(hand_made('<x:row r="1"/>', ns="x")) is None
    assert xlsx_stream.rows(b"not a zip file") is None


def test_a_sheet_damaged_past_its_start_is_refused_in_vietnamese(streamed_always, monkeypatch):
    from django.utils import translation

    monkeypatch.setattr(xlsx_stream, "CHUNK", 1024)  # the start is read before the rows
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet()
    for row in range(5000):
        sheet.write_row(row, 0, [row, f"Đoàn viên số {row * 7919 % 10007}", f"{row:012d}"])
    book.close()
    data = bytearray(buffer.getvalue())
    info = zipfile.ZipFile(buffer).getinfo("xl/worksheets/sheet1.xml")
    data[info.header_offset + 30 + len(info.filename) + info.compress_size - 100] ^= 0xFF
    rows, _height = sheets.read_rows(bytes(data), "ds.xlsx")
    with translation.override("vi"), pytest.raises(sheets.SheetError) as error:
        list(rows)
    assert str(error.value).startswith("Không đọc được tệp bảng tính")
