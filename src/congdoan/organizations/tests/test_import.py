"""Unit import: messy sheets read right, every problem named, all or nothing, idempotent."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from xlsxwriter import Workbook

from congdoan.core.models import AuditLog
from congdoan.organizations import services
from congdoan.organizations.importing import check_units_file
from congdoan.organizations.models import OrgChange, Unit

HEADER = ["STT", "Ten don vi", "MA DV", "Loai", "Ma cap tren", "Tinh", "Khu vuc", "So LD"]
ROWS = [
    [
        1,
        "Công đoàn cơ sở Trường Tiểu học Phước Hải",
        "CDCS-PH",
        "Công đoàn cơ sở",
        "LDLD-NT",
        "Khánh Hòa",
        "HCSN",
        "1.234",
    ],
    [2, "Tổ công đoàn Khối 1", "CDCS-PH-K1", "group", "CDCS-PH", "", "", ""],
    [
        3,
        "Công đoàn cơ sở Công ty TNHH Hải Sản",
        "CDCS-HS",
        "grassroots",
        "LDLD-CR",
        "56",
        "FDI",
        350,
    ],
]


def xlsx(rows, header=HEADER, title_rows=2) -> bytes:
    """A sheet as officers keep it: title rows and a merged cell above the header."""
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách")
    sheet.merge_range(0, 0, 0, 5, "DANH SÁCH CÔNG ĐOÀN CƠ SỞ TRỰC THUỘC")
    for offset in range(1, title_rows):
        sheet.write(offset, 0, "(Kèm theo Công văn số 12/LĐLĐ)")
    sheet.write_row(title_rows, 0, header)
    for index, row in enumerate(rows, start=title_rows + 1):
        sheet.write_row(index, 0, row)
    book.close()
    return buffer.getvalue()


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it: a base letter (maybe with its vowel mark) + tone."""
    import unicodedata

    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", char)
            out += unicodedata.normalize("NFC", marks[:-1]).encode("cp1258")
            out += marks[-1].encode("cp1258")
    return out


def csv_bytes(rows, header=HEADER, encoding="utf-8-sig") -> bytes:
    lines = [";".join(header)] + [";".join(str(c) for c in row) for row in rows]
    text = "\n".join(lines)
    return to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)


def apply(plan, actor, name="don-vi.xlsx"):
    return services.import_units(
        actor=actor, plan=plan, filename=name, decision=services.Decision(number="15/QĐ")
    )


def test_messy_sheet_is_read_and_imported(tree, alice):
    plan = check_units_file(xlsx(ROWS), "don-vi.xlsx", alice)
    assert plan.ok, [str(p) for p in plan.problems]
    assert [row.code for row in plan.create] == ["CDCS-PH", "CDCS-PH-K1", "CDCS-HS"]
    apply(plan, alice)
    ph = Unit.objects.get(code="CDCS-PH")
    assert ph.parent == tree.nha_trang and ph.workers == 1234 and ph.sector == "public_service"
    assert Unit.objects.get(code="CDCS-PH-K1").parent == ph
    assert Unit.objects.get(code="CDCS-HS").sector == "fdi"
    assert OrgChange.objects.get(kind="import").details["created"] == 3
    assert AuditLog.objects.filter(action="org.import", actor=alice).exists()


def test_same_file_twice_changes_nothing(tree, alice):
    data = xlsx(ROWS)
    apply(check_units_file(data, "a.xlsx", alice), alice)
    count, versions = Unit.objects.count(), list(Unit.objects.values_list("version", flat=True))
    plan = check_units_file(data, "a.xlsx", alice)
    assert plan.ok and not plan.create and not plan.update and plan.unchanged == 3
    assert apply(plan, alice) is None
    assert Unit.objects.count() == count
    assert list(Unit.objects.values_list("version", flat=True)) == versions


def test_changed_attributes_update_existing_units(tree, alice):
    apply(check_units_file(xlsx(ROWS), "a.xlsx", alice), alice)
    changed = [list(row) for row in ROWS]
    changed[2][7] = 400
    plan = check_units_file(xlsx(changed), "a.xlsx", alice)
    assert [row.code for row in plan.update] == ["CDCS-HS"] and plan.unchanged == 2
    apply(plan, alice)
    assert Unit.objects.get(code="CDCS-HS").workers == 400


def test_csv_in_windows_1258_is_read(tree, alice):
    rows = [[1, "CĐCS Trường Mầm non Hoa Sen", "CDCS-HOASEN", "grassroots", "LDLD-CR", "", "", 25]]
    plan = check_units_file(csv_bytes(rows, encoding="cp1258"), "ds.csv", alice)
    assert plan.ok, [str(p) for p in plan.problems]
    apply(plan, alice, "ds.csv")
    assert Unit.objects.get(code="CDCS-HOASEN").name == "CĐCS Trường Mầm non Hoa Sen"


def test_every_problem_is_named_and_nothing_is_saved(tree, alice):
    bad = [
        [1, "", "CDCS-A", "grassroots", "LDLD-NT", "", "", ""],
        [2, "CĐCS B", "CDCS-B", "không rõ", "LDLD-NT", "", "", ""],
        [3, "CĐCS C", "CDCS-C", "grassroots", "LDLD-BD", "", "", ""],
        [4, "CĐCS D", "CDCS-D", "grassroots", "LDLD-NT", "Sao Hỏa", "", "nhiều"],
        [5, "CĐCS E", "CDCS-B", "grassroots", "LDLD-NT", "", "", ""],
        [6, "CĐCS F", "CDCS-F", "grassroots", "CDCS-LELOI", "", "", ""],
        [7, "CĐCS G", "CDCS-G", "grassroots", "LDLD-NT", "", "", ""],
    ]
    count = Unit.objects.count()
    plan = check_units_file(xlsx(bad), "x.xlsx", alice)
    found = {(p.row, p.column) for p in plan.problems}
    assert (4, "Ten don vi") in found  # missing name (header row is row 3)
    assert (5, "Loai") in found  # unknown kind
    assert (6, "Ma cap tren") in found  # parent outside scope
    assert (7, "Tinh") in found and (7, "So LD") in found
    assert (8, "MA DV") in found  # code twice
    assert (9, "Loai") in found  # grassroots cannot sit under a grassroots union
    assert not plan.ok
    with pytest.raises(ValidationError):
        apply(plan, alice)
    assert Unit.objects.count() == count


def test_sibling_unit_code_is_not_revealed(tree, bob):
    rows = [[1, "Đổi tên", "CDCS-MAY", "grassroots", "LDLD-NT", "", "", ""]]
    plan = check_units_file(xlsx(rows), "x.xlsx", bob)
    assert len(plan.problems) == 1
    message = str(plan.problems[0])
    assert "Công ty May" not in message


def test_parent_loop_in_file_is_reported(tree, alice):
    rows = [
        [1, "Tổ A", "T-A", "group", "T-B", "", "", ""],
        [2, "Tổ B", "T-B", "group", "T-A", "", "", ""],
    ]
    plan = check_units_file(xlsx(rows), "x.xlsx", alice)
    assert len(plan.problems) == 2


def test_file_without_header_is_refused(tree, alice):
    plan = check_units_file(xlsx([[1, 2, 3]], header=["a", "b", "c"]), "x.xlsx", alice)
    assert plan.problems and plan.problems[0].row == 0


def test_import_page_checks_then_saves(tree, alice, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(alice)
    url = reverse("organizations:unit_import")
    check = client.post(url, {"file": SimpleUploadedFile("d.xlsx", xlsx(ROWS)), "check_only": "on"})
    assert check.status_code == 200 and check.context["plan"].ok
    assert not Unit.objects.filter(code="CDCS-PH").exists()
    saved = client.post(url, {"file": SimpleUploadedFile("d.xlsx", xlsx(ROWS))})
    assert saved.status_code == 302
    assert Unit.objects.filter(code__in=["CDCS-PH", "CDCS-PH-K1", "CDCS-HS"]).count() == 3


def test_import_page_and_template_need_login(tree, client, client_for, bob):
    assert client.get(reverse("organizations:unit_import")).status_code == 302
    assert client.get(reverse("organizations:unit_import_template")).status_code == 302
    template = client_for(bob).get(reverse("organizations:unit_import_template"))
    assert template.status_code == 200
    plan = check_units_file(template.content, "mau.xlsx", bob)
    assert {p.column for p in plan.problems} == {"Mã cấp trên"}  # example parent not in scope
