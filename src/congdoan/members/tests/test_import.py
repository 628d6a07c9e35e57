"""Member lists in the shapes officers really keep, built here by the tests themselves."""

import io
import unicodedata
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook
from xlsxwriter import Workbook

from congdoan.core.legacy import from_unicode
from congdoan.members import services
from congdoan.members.importing import check
from congdoan.members.models import (
    ImportJob,
    ImportStatus,
    Member,
    UnitMemberCount,
    UnitMemberYear,
)


def sheet(header, rows, title_rows=2) -> bytes:
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    ws.merge_range(0, 0, 0, 4, "DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN CƠ SỞ")
    for offset in range(1, title_rows):
        ws.write(offset, 0, "Tính đến ngày 31/12/2025")
    ws.write_row(title_rows, 0, header)
    for index, row in enumerate(rows, start=title_rows + 1):
        for column, value in enumerate(row):
            if isinstance(value, date | datetime):
                ws.write_datetime(
                    index, column, datetime(value.year, value.month, value.day), date_format
                )
            else:
                ws.write(index, column, value)
    book.close()
    return buffer.getvalue()


HEADER = ["STT", "HO TEN", "NS", "GT", "CMND/CCCD", "Dan toc", "Chuc vu", "Ngay vao CD", "SDT"]
ROWS = [
    [
        1,
        "nguyễn thị  thu",
        date(1988, 3, 14),
        "Nữ",
        "079188001001",
        "Kinh",
        "Giáo viên",
        "01/09/2015",
        "0905 111 222",
    ],
    [2, "TRẦN VĂN HÙNG", "7-4-79", "Nam", "079079001002", "Tày", "Bảo vệ", 2010, ""],
    [3, "Lê Hoàng Yến", 1995, "nu", "079195001003", "Kinh", "Kế toán", "", ""],
]


def run(data, unit, actor, filename="ds.xlsx", **kw):
    return check(data=data, filename=filename, unit=unit, actor=actor, **kw)


def test_messy_sheet_is_understood(tree, bob):
    plan = run(sheet(HEADER, ROWS), tree.le_loi, bob)
    assert plan.ok, [vars(p) for p in plan.problems]
    assert plan.header_row == 2 and len(plan.add) == 3
    thu, hung, yen = (row.values for row in plan.add)
    assert thu["full_name"] == "Nguyễn Thị Thu" and thu["birth_date"] == date(1988, 3, 14)
    assert thu["phone"] == "0905111222" and thu["joined_on"] == date(2015, 9, 1)
    assert hung["birth_date"] == date(1979, 4, 7) and hung["gender"] == "male"
    assert hung["ethnicity"].name == "Tày" and hung["joined_on"] == date(2010, 1, 1)
    assert yen["birth_date"] == date(1995, 1, 1) and yen["birth_precision"] == "year"


def test_split_male_female_birth_columns_give_the_gender(tree, bob):
    header = ["TT", "Họ và tên", "Nam", "Nữ", "Số CCCD"]
    rows = [
        [1, "Đặng Văn Lực", "12/12/1980", "", "079080002001"],
        [2, "Phan Thị Ngọc", "", "1991", "079191002002"],
    ]
    plan = run(sheet(header, rows, title_rows=1), tree.le_loi, bob)
    assert plan.ok
    luc, ngoc = (row.values for row in plan.add)
    assert (luc["gender"], luc["birth_date"]) == ("male", date(1980, 12, 12))
    assert (ngoc["gender"], ngoc["birth_precision"]) == ("female", "year")


def test_separate_family_and_given_name_columns(tree, bob):
    header = ["STT", "Họ đệm", "Tên", "Giới tính"]
    plan = run(sheet(header, [[1, "Nguyễn Văn", "An", "Nam"]]), tree.le_loi, bob)
    assert plan.add[0].values["full_name"] == "Nguyễn Văn An"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_encoded_files_become_unicode(tree, bob, encoding):
    header = [from_unicode(text, encoding) for text in ["STT", "Họ và tên", "Giới tính", "Dân tộc"]]
    rows = [
        [1, from_unicode("Nguyễn Thị Hương", encoding), from_unicode("Nữ", encoding), "Kinh"],
        [2, from_unicode("Võ Đức Thắng", encoding), "Nam", from_unicode("Mường", encoding)],
    ]
    plan = run(sheet(header, rows), tree.le_loi, bob)
    assert plan.encoding == encoding and plan.ok, [vars(p) for p in plan.problems]
    names = [row.values["full_name"] for row in plan.add]
    assert names == ["Nguyễn Thị Hương", "Võ Đức Thắng"]
    assert plan.add[1].values["ethnicity"].name == "Mường"


def test_decomposed_unicode_is_stored_composed(tree, bob):
    name = unicodedata.normalize("NFD", "Huỳnh Thị Diễm")
    plan = run(sheet(["STT", "Họ và tên", "Giới tính"], [[1, name, "Nữ"]]), tree.le_loi, bob)
    assert plan.add[0].values["full_name"] == "Huỳnh Thị Diễm"


def test_csv_file(tree, bob):
    text = "Họ và tên;Ngày sinh;Giới tính;CCCD\nMai Văn Tám;05/06/1975;Nam;079075003001\n"
    plan = run(text.encode("utf-8-sig"), tree.le_loi, bob, filename="ds.csv")
    assert plan.ok and plan.add[0].values["birth_date"] == date(1975, 6, 5)


def test_unicode_text_saved_by_excel(tree, bob):
    # Excel's "Unicode Text": UTF-16 with a byte-order mark, tab-separated, often .txt
    text = "Họ và tên\tNgày sinh\tGiới tính\nĐoàn Thị Ánh\t05/06/1985\tNữ\n"
    plan = run(text.encode("utf-16"), tree.le_loi, bob, filename="ds.txt")
    assert plan.ok, [vars(p) for p in plan.problems]
    assert plan.add[0].values["full_name"] == "Đoàn Thị Ánh"
    assert plan.add[0].values["birth_date"] == date(1985, 6, 5)
    broken = run(
        b"\xff\xfe" + "Họ và tên".encode("utf-16-le") + b"\x00", tree.le_loi, bob, filename="ds.csv"
    )
    assert not broken.ok and "UTF-16" in broken.problems[0].message


def test_numbers_typed_in_number_cells_get_back_their_leading_zeros(tree, bob):
    # a spreadsheet drops the leading zeros of a number: every CCCD starts with 0 (its
    # province: 001 Hà Nội loses two), an old CMND of Hà Nội with 01, a phone with 0
    header = ["STT", "Họ và tên", "Giới tính", "Số CCCD", "Điện thoại"]
    rows = [
        [1, "Phạm Văn Một", "Nam", 79188001001, 905111222],
        [2, "Phạm Thị Hai", "Nữ", 1190001002, 2438251234],
        [3, "Phạm Văn Ba", "Nam", 12345678, 84905111333],
        [4, "Phạm Văn Bốn", "Nam", 179188001004, "905111444"],
        [5, "Phạm Văn Năm", "Nam", "79188001005", ""],
    ]
    plan = run(sheet(header, rows, title_rows=1), tree.le_loi, bob)
    added = [(row.values["id_number"], row.values["phone"]) for row in plan.add]
    assert added == [
        ("079188001001", "0905111222"),
        ("001190001002", "02438251234"),
        ("012345678", "84905111333"),
        ("179188001004", "905111444"),  # 12 digits have lost nothing; text is as typed
    ]
    assert [row.values["id_kind"] for row in plan.add][:3] == ["cccd", "cccd", "cmnd"]
    (refused,) = plan.problems
    assert (refused.row, refused.column) == (7, "Số CCCD")
    assert "số 0 ở đầu đã mất" in refused.message  # why, and what to do


def test_every_problem_has_row_column_and_message(tree, bob, people):
    rows = [
        [1, "", "01/01/1990", "Nam", "079090004001", "Kinh", "", "", ""],
        [2, "Lý Văn Bốn", "31/02/1990", "Nam", "079090004002", "Kinh", "", "", ""],
        [3, "Lý Văn Năm", "01/01/1990", "Nam", "12345", "Kinh", "", "", ""],
        [4, "Lý Văn Sáu", "01/01/1990", "Nam", "079090004006", "Kinh", "", "", ""],
        [5, "Lý Văn Bảy", "01/01/1990", "Nam", "079090004006", "Kinh", "", "", ""],
        [6, "Lý Văn Tám", "01/01/1990", "Nam", "056088000111", "Kinh", "", "", ""],
        [7, "Lý Văn Chín", "01/01/1990", "Nam", "079090004009", "Sao Hỏa", "", "", ""],
    ]
    plan = run(sheet(HEADER, rows), tree.le_loi, bob)
    found = {(p.row, p.column) for p in plan.errors}
    assert (4, "HO TEN") in found  # missing name
    assert (5, "NS") in found  # impossible date
    assert (6, "CMND/CCCD") in found  # bad number
    assert (8, "CMND/CCCD") in found  # same number twice in the file
    assert (9, "CMND/CCCD") in found  # active member of a union outside bob's scope
    assert (10, "Dan toc") in found  # unknown ethnic group
    outside = next(p for p in plan.errors if p.row == 9)
    assert "May" not in outside.message and "Minh" not in outside.message
    assert not plan.ok


def test_a_failing_file_leaves_the_database_unchanged(tree, bob, people, tasks):
    rows = [ROWS[0], [2, "", "", "Nam", "", "", "", "", ""]]
    job = tasks(
        services.start_import,
        actor=bob,
        unit=tree.le_loi,
        filename="x.xlsx",
        data=sheet(HEADER, rows),
    )
    assert job.status == ImportStatus.CHECKED and job.errors == 1
    before = Member.objects.count()
    with pytest.raises(ValidationError):
        services.request_commit(actor=bob, job=job)
    assert Member.objects.count() == before


def test_commit_then_reimport_adds_nobody(tree, bob, people, tasks):
    data = sheet(HEADER, ROWS)
    job = tasks(services.start_import, actor=bob, unit=tree.le_loi, filename="ds.xlsx", data=data)
    assert job.counts["add"] == 3
    tasks(services.request_commit, actor=bob, job=job)
    assert job.status == ImportStatus.DONE, job.error
    thu = Member.objects.get(id_number="079188001001")
    assert thu.unit == tree.le_loi and thu.events.get().kind == "import"
    assert thu.history.first().history_user == bob
    assert UnitMemberCount.objects.get(unit=tree.le_loi).members == 2 + 3
    assert UnitMemberYear.objects.get(unit=tree.le_loi, year=2015).admitted == 1
    again = tasks(services.start_import, actor=bob, unit=tree.le_loi, filename="ds.xlsx", data=data)
    assert again.counts["add"] == 0 and again.counts["unchanged"] == 3
    tasks(services.request_commit, actor=bob, job=again)
    assert Member.objects.filter(unit=tree.le_loi).count() == 5


def test_rows_without_number_match_by_name_and_birth(tree, bob, people):
    rows = [[1, "Trần Văn Bình", 1985, "Nam", "", "", "Hiệu trưởng", "", ""]]
    plan = run(sheet(HEADER, rows), tree.le_loi, bob)
    assert not plan.add and plan.update[0].member_id == people["binh"].pk
    assert plan.update[0].changes == {"job_title": "Hiệu trưởng"}


def test_columns_the_file_lacks_are_left_as_they_are(tree, bob, people):
    binh = people["binh"]
    Member.objects.filter(pk=binh.pk).update(party_member=True, nationality="VN")
    rows = [[1, "Trần Văn Bình", "079085000456", "Hiệu trưởng"]]
    plan = run(sheet(["STT", "Họ và tên", "Số CCCD", "Chức vụ"], rows), tree.le_loi, bob)
    # no party, birth date, nationality or phone column: none of them changes
    assert plan.ok and plan.update[0].changes == {"job_title": "Hiệu trưởng"}
    with_party = [[1, "Trần Văn Bình", "079085000456", ""]]
    plan = run(sheet(["STT", "Họ và tên", "Số CCCD", "Đảng viên"], with_party), tree.le_loi, bob)
    assert plan.update[0].changes == {"party_member": False}  # the column says no


def test_remap_columns(tree, bob, tasks):
    header = ["STT", "Cột A", "Cột B"]
    rows = [[1, "Đỗ Văn Mười", "Nam"]]
    job = tasks(
        services.start_import,
        actor=bob,
        unit=tree.le_loi,
        filename="x.xlsx",
        data=sheet(header, rows),
    )
    assert job.status == ImportStatus.CHECKED and job.counts["errors"] == 1  # no name column
    job = tasks(services.remap_import, actor=bob, job=job, mapping={"full_name": 1, "gender": 2})
    assert job.counts["add"] == 1 and job.counts["errors"] == 0


def test_export_reimports_as_unchanged(tree, bob, people):
    from congdoan.members.exporting import write_members

    buffer = io.BytesIO()
    write_members(Member.objects.visible_to(bob), buffer)
    plan = run(buffer.getvalue(), tree.le_loi, bob)
    assert plan.ok and not plan.add and not plan.update and plan.unchanged == 3


def test_error_copy_marks_refused_rows(tree, bob, tasks):
    from congdoan.members.exporting import error_copy

    rows = [ROWS[0], [2, "", "", "Nam", "", "", "", "", ""]]
    job = tasks(
        services.start_import,
        actor=bob,
        unit=tree.le_loi,
        filename="x.xlsx",
        data=sheet(HEADER, rows),
    )
    content = error_copy(job)
    table = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert table[2][-1] == "Lỗi"
    assert table[3][-1] == "" and "tên" in table[4][-1]


def test_sibling_cannot_import_into_another_union(tree, charlie):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.start_import(
            actor=charlie, unit=tree.le_loi, filename="x.xlsx", data=sheet(HEADER, ROWS)
        )
    assert not ImportJob.objects.exists()


def test_saved_import_keeps_no_file(tree, bob, tasks):
    job = tasks(
        services.start_import,
        actor=bob,
        unit=tree.le_loi,
        filename="ds.xlsx",
        data=sheet(HEADER, ROWS),
    )
    tasks(services.request_commit, actor=bob, job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and bytes(job.data) == b""


def test_too_large_file_is_refused(tree, bob, settings):
    settings.IMPORT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        services.start_import(
            actor=bob, unit=tree.le_loi, filename="ds.xlsx", data=sheet(HEADER, ROWS)
        )
    assert error.value.error_dict["file"][0].code == "file_too_large"


def test_matching_by_name_costs_no_query_per_row(tree, bob, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one = [[1, "Trần Văn Bình", 1985, "Nam", "", "", "Hiệu trưởng", "", ""]]
    three = one + [
        [2, "Nguyễn Thị Hoa", "12/05/1990", "Nữ", "", "", "Văn thư", "", ""],
        [3, "Trần Văn Bình", 1985, "Nam", "", "", "Hiệu phó", "", ""],
    ]
    with CaptureQueriesContext(connection) as small:
        run(sheet(HEADER, one), tree.le_loi, bob)
    with CaptureQueriesContext(connection) as large:
        plan = run(sheet(HEADER, three), tree.le_loi, bob)
    assert len(plan.update) == 3
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_long_file_is_checked_in_batches_with_the_same_result(tree, bob, people, monkeypatch):
    from congdoan.members import importing

    rows = [
        [n, f"Đặng Thị Mục {chr(64 + n)}", date(1990, 1, n), "Nữ", f"0791900020{n:02d}", "Kinh"]
        for n in range(1, 13)
    ]
    rows[9][4] = rows[1][4]  # the same number on rows 2 and 10
    rows[10][1:6] = ["Trần Văn Bình", 1985, "Nam", "079085000456", "Tày"]  # bob's, updated
    rows[11][1:5] = ["Nguyễn Thị Hoa", date(1990, 5, 12), "Nữ", ""]  # hoa, by name and birth
    data = sheet(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Dân tộc"], rows)
    whole = run(data, tree.le_loi, bob)
    monkeypatch.setattr(importing, "MATCH_BATCH", 2)
    monkeypatch.setattr(importing, "HEAD_ROWS", 4)
    batched = run(data, tree.le_loi, bob, keep_rows=False)
    assert (
        batched.counts()
        == whole.counts()
        == {
            "add": 9,
            "update": 1,
            "unchanged": 1,
            "errors": 1,
            "warnings": 0,
            "refused_rows": 1,
        }
    )
    assert [p.as_dict() for p in batched.problems] == [p.as_dict() for p in whole.problems]
    assert batched.problems[0].row == 13  # title rows and header above: row 10 is line 13
    assert not batched.add and not batched.update  # only encoded
    decoded = list(importing.decode_plan(batched.encoded()))
    assert decoded == list(importing.decode_plan(whole.encoded()))
    assert [line["row"] for line in decoded if "member_id" in line] == [14]
    blob = batched.encoded()
    updates = list(importing.decode_plan(blob, "update"))
    assert [line["row"] for line in updates] == [14]
    added = list(importing.decode_plan(blob, "add"))
    assert len(added) == 9 and not any("member_id" in line for line in added)


def test_a_plan_written_by_an_earlier_version_is_read_by_kind():
    import zlib

    from congdoan.members import importing

    # rows of both kinds in one list a line, then one row a line
    lines = [
        b'[{"row": 4, "unit_id": 7, "values": {"full_name": "A", "birth_date": "1990-01-02"}},'
        b' {"row": 5, "member_id": 3, "version": 2, "unit_id": null, "values": {"phone": "1"}}]',
        b'{"row": 6, "unit_id": 7, "values": {"full_name": "B", "ethnicity": 1}}',
    ]
    blob = zlib.compress(b"\n".join(lines) + b"\n")
    added = list(importing.decode_plan(blob, "add"))
    assert [line["row"] for line in added] == [4, 6]
    assert added[0]["values"]["birth_date"] == date(1990, 1, 2)
    assert added[1]["values"] == {"full_name": "B", "ethnicity_id": 1}
    assert [line["member_id"] for line in importing.decode_plan(blob, "update")] == [3]
    assert len(list(importing.decode_plan(blob))) == 3


def test_a_large_sheet_read_as_it_is_decompressed_gives_the_same_check(
    tree, bob, people, monkeypatch
):
    from congdoan.core import xlsx_stream
    from congdoan.members import importing

    rows = [*ROWS, [4, "Nguyễn Thị Hoa", date(1990, 5, 12), "Nữ", "", "", "Tổ trưởng", "", ""]]
    data = sheet(HEADER, rows)
    whole = run(data, tree.le_loi, bob, keep_rows=False)
    monkeypatch.setattr(xlsx_stream, "STREAM_ABOVE", 0)
    streamed = run(data, tree.le_loi, bob, keep_rows=False)
    assert streamed.counts() == whole.counts() and streamed.counts()["add"] == 3
    assert (streamed.header_row, streamed.mapping) == (whole.header_row, whole.mapping)
    assert [p.as_dict() for p in streamed.problems] == [p.as_dict() for p in whole.problems]
    decoded = list(importing.decode_plan(streamed.encoded()))
    assert decoded == list(importing.decode_plan(whole.encoded()))
