"""Sample member lists in the messy shapes officers really send (``docs/samples``).

``congdoan make-samples DIR`` writes them; the tests import every one of them.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime
from pathlib import Path

from xlsxwriter import Workbook

from congdoan.core.legacy import from_unicode

PEOPLE = [
    ("Nguyễn Thị Hoa", datetime(1990, 5, 12), "Nữ", "079190101001", "Kinh", "Giáo viên"),
    ("Trần Văn Hùng", datetime(1979, 4, 7), "Nam", "079079101002", "Kinh", "Bảo vệ"),
    ("Lê Hoàng Yến", 1995, "Nữ", "079195101003", "Tày", "Kế toán"),
    ("Phạm Quốc Việt", datetime(1984, 11, 30), "Nam", "079084101004", "Kinh", "Tổ trưởng"),
    ("Đặng Thị Thu Hương", datetime(1992, 2, 29), "Nữ", "079192101005", "Mường", "Công nhân"),
]


def _book(title: str, header: list[str], rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("DS")
    bold = book.add_format({"bold": True, "align": "center"})
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.merge_range(0, 0, 0, len(header) - 1, title, bold)
    sheet.merge_range(1, 0, 1, len(header) - 1, "(Kèm theo báo cáo ngày 31/12/2025)")
    sheet.write_row(3, 0, header, bold)
    for index, row in enumerate(rows, start=4):
        for column, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(index, column, value, dates)
            else:
                sheet.write(index, column, value)
    book.close()
    return buffer.getvalue()


def samples() -> dict[str, bytes]:
    """File name → content of each sample."""
    files: dict[str, bytes] = {}
    header = ["STT", "HO TEN", "NS", "GT", "CMND/CCCD", "Dan toc", "Chuc vu"]
    rows = [
        [
            i,
            name.upper() if i == 2 else name,
            birth if i != 4 else "30-11-84",
            gender,
            cccd,
            ethnic,
            job,
        ]
        for i, (name, birth, gender, cccd, ethnic, job) in enumerate(PEOPLE, start=1)
    ]
    files["01-tieu-de-khong-dau.xlsx"] = _book("DANH SÁCH ĐOÀN VIÊN", header, rows)
    header = ["TT", "Họ và tên", "Nam", "Nữ", "Số CCCD", "Chức vụ"]
    rows = []
    for i, (name, birth, gender, cccd, _ethnic, job) in enumerate(PEOPLE, start=1):
        when = birth.strftime("%d/%m/%Y") if isinstance(birth, datetime) else birth
        rows.append(
            # the numbers typed in number cells, as many lists keep them: the
            # spreadsheet shows 79190101001 for 079190101001
            [
                i,
                name,
                when if gender == "Nam" else "",
                when if gender == "Nữ" else "",
                int(cccd),
                job,
            ]
        )
    files["02-ngay-sinh-theo-cot-nam-nu.xlsx"] = _book("DANH SÁCH ĐOÀN VIÊN", header, rows)
    for encoding, label in (("tcvn3", "03-phong-tcvn3"), ("vni", "04-phong-vni")):
        header = [
            from_unicode(h, encoding)
            for h in ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc"]
        ]
        rows = [
            [
                i,
                from_unicode(name, encoding),
                birth,
                from_unicode(gender, encoding),
                from_unicode(ethnic, encoding),
            ]
            for i, (name, birth, gender, _cccd, ethnic, _job) in enumerate(PEOPLE, start=1)
        ]
        files[f"{label}.xlsx"] = _book(from_unicode("DANH SÁCH ĐOÀN VIÊN", encoding), header, rows)
    lines = ["Họ và tên;Ngày sinh;Giới tính;Số CCCD;Ngày vào CĐ"]
    for name, birth, gender, cccd, _ethnic, _job in PEOPLE:
        when = birth.strftime("%d/%m/%Y") if isinstance(birth, datetime) else str(birth)
        lines.append(f"{unicodedata.normalize('NFD', name)};{when};{gender};{cccd};01/09/2015")
    files["05-csv-unicode-to-hop.csv"] = "\n".join(lines).encode("utf-8-sig")
    return files


def write_samples(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in samples().items():
        path = directory / name
        path.write_bytes(content)
        written.append(path)
    return written
