"""Saving a checked import: the checked rows are applied as planned, or nothing is."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from congdoan.core.models import AuditLog
from congdoan.members import services
from congdoan.members.importing import decode_plan
from congdoan.members.models import EventKind, ImportStatus, Member, UnitMemberCount

from .test_import import HEADER, ROWS, sheet


def checked(tasks, bob, unit, rows=ROWS, header=HEADER):
    job = tasks(
        services.start_import, actor=bob, unit=unit, filename="ds.xlsx", data=sheet(header, rows)
    )
    assert job.status == ImportStatus.CHECKED, job.error
    return job


def test_the_check_keeps_the_rows_it_will_save(tree, bob, people, tasks):
    hoa = [4, "Nguyễn Thị Hoa", date(1990, 5, 12), "Nữ", "079190000123", "", "Tổ trưởng", "", ""]
    rows = [*ROWS, hoa]
    job = checked(tasks, bob, tree.le_loi, rows)
    lines = list(decode_plan(bytes(job.plan)))
    added = [line for line in lines if "member_id" not in line]
    assert [line["values"]["id_number"] for line in added] == [r[4] for r in ROWS]
    assert added[0]["values"]["birth_date"] == date(1988, 3, 14)
    (update,) = [line for line in lines if "member_id" in line]
    assert update["member_id"] == people["hoa"].pk and update["version"] == 1


def test_saving_writes_members_history_events_figures_and_forgets_the_rows(
    tree, bob, people, tasks
):
    job = checked(tasks, bob, tree.le_loi)
    tasks(services.request_commit, actor=bob, job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.counts["added"] == 3
    assert bytes(job.plan) == b"" and bytes(job.data) == b""
    hung = Member.objects.get(id_number="079079001002")
    assert hung.full_name == "Trần Văn Hùng" and hung.unit_path == tree.le_loi.path
    assert hung.sort_key == "hung tran van" and hung.name_folded == "tran van hung"
    history = hung.history.get()
    assert history.history_type == "+" and history.history_user == bob
    assert "ds.xlsx" in history.history_change_reason
    assert hung.events.get().kind == EventKind.IMPORT
    assert UnitMemberCount.objects.get(unit=tree.le_loi).members == 2 + 3
    assert AuditLog.objects.filter(action="members.import", actor=bob).count() == 1


def test_a_change_after_the_check_refuses_the_save(tree, bob, people, tasks):
    job = checked(tasks, bob, tree.le_loi)
    services.update_member(
        actor=bob, member=people["binh"], version=people["binh"].version, job_title="Bảo vệ"
    )
    before = Member.objects.count()
    with pytest.raises(ValidationError) as error:
        services.commit_import(actor=bob, job=job)
    assert error.value.error_dict["import"][0].code == "import_stale"
    assert "check the file again" in str(error.value) or "kiểm tra lại" in str(error.value)
    assert Member.objects.count() == before


def test_an_update_applies_only_to_the_version_checked(tree, bob, people, tasks):
    rows = [[1, "Nguyễn Thị Hoa", date(1990, 5, 12), "Nữ", "079190000123", "", "Tổ trưởng", "", ""]]
    job = checked(tasks, bob, tree.le_loi, rows)
    tasks(services.request_commit, actor=bob, job=job)
    hoa = Member.objects.get(pk=people["hoa"].pk)
    assert hoa.job_title == "Tổ trưởng" and hoa.version == 2
    assert hoa.history.first().history_type == "~"


def test_card_numbers_in_the_file_count_as_members_with_a_card(tree, bob, people, tasks):
    header = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số thẻ"]
    rows = [
        [1, "Trần Văn Hùng", "02/03/1979", "Nam", "079079001002", "07901234"],
        [2, "Nguyễn Thị Hoa", "12/05/1990", "Nữ", "079190000123", "07905678"],
    ]
    job = checked(tasks, bob, tree.le_loi, rows, header)
    tasks(services.request_commit, actor=bob, job=job)
    kept = UnitMemberCount.objects.get(unit=tree.le_loi)
    assert (kept.members, kept.with_card) == (3, 2)  # Hùng added, Hoa updated, Bình without
    services.rebuild_figures()
    recounted = UnitMemberCount.objects.get(unit=tree.le_loi)
    assert (recounted.members, recounted.female, recounted.with_card) == (
        kept.members,
        kept.female,
        kept.with_card,
    )


def test_a_union_closed_after_the_check_refuses_the_save(tree, bob, tasks):
    from congdoan.conftest import DECISION
    from congdoan.organizations import services as org

    header = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Đơn vị"]
    rows = [
        [1, "Trần Văn Hùng", "02/03/1979", "Nam", "079079001002", ""],
        [2, "Lê Văn Tám", "12/05/1990", "Nam", "079090000999", "Tổ công đoàn Văn phòng"],
    ]
    job = checked(tasks, bob, tree.le_loi, rows, header)
    assert job.counts["add"] == 2
    org.dissolve_unit(actor=None, unit=tree.to_van, decision=DECISION)
    before = (Member.objects.count(), Member.history.count())
    with pytest.raises(ValidationError) as error:
        services.commit_import(actor=bob, job=job)
    assert error.value.error_dict["import"][0].code == "import_stale"
    assert "Dòng 5" in error.value.error_dict["import"][0].message
    assert (Member.objects.count(), Member.history.count()) == before
    assert not Member.objects.filter(id_number="079079001002").exists()
