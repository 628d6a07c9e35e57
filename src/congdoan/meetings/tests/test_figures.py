"""The return counts what was recorded: units that held each conference, agreements in
force, new, amended and by grade, and the share of enterprise unions covered — equal to
a recount, never counting a sibling's records; a computed figure the records get wrong
is corrected with a written reason the approver sees; a form is copied to a new year."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congdoan.core.docx import text_of
from congdoan.core.models import AuditLog
from congdoan.meetings import services
from congdoan.meetings.models import CollectiveAgreement, Meeting
from congdoan.reports import services as returns
from congdoan.reports import yearend
from congdoan.reports.models import ReturnTemplate


@pytest.fixture
def recorded(tree, bob, charlie, alice, kind, conference, agreement):
    """Lê Lợi held its civil servants' conference; May its workers' conference, a
    dialogue and signed an agreement (amended, graded A); Cảng recorded nothing."""
    for code, day in (("hn-nld", date(2026, 3, 8)), ("doi-thoai", date(2026, 6, 1))):
        services.record_meeting(
            actor=charlie,
            unit=tree.may,
            spec=services.MeetingSpec(kind=kind(code), held_on=day),
        )
    services.amend(actor=charlie, agreement=agreement, on=date(2026, 9, 1), summary="Phụ cấp")
    criteria = services.criteria_for(2026)
    services.grade(
        actor=alice, agreement=agreement, year=2026, points={c.pk: c.points for c in criteria}
    )


@pytest.fixture
def period(tree, alice, democracy_template):
    return returns.open_period(
        actor=alice, template=democracy_template, unit=tree.kh, deadline=date(2027, 1, 15)
    )


def _submit(actor, period, unit):
    return returns.submit(
        actor=actor, ret=returns.return_for(actor=actor, period=period, unit=unit)
    )


def _recount(period, units) -> dict:
    """The same figures counted straight from the records of the units that reported."""
    held = Meeting.objects.filter(unit__in=units, held_on__year=period.year)
    end = period.ends_on
    in_force = CollectiveAgreement.objects.filter(unit__in=units).in_force_on(end)
    return {
        "cbccvc_conference": held.filter(kind__code="hn-cbccvc").values("unit").distinct().count(),
        "worker_conference": held.filter(kind__code="hn-nld").values("unit").distinct().count(),
        "dialogue": held.filter(kind__code="doi-thoai").values("unit").distinct().count(),
        "collective_agreement": in_force.count(),
        "agreements_a": in_force.filter(grade="A").count(),
        "agreements_new": CollectiveAgreement.objects.filter(
            unit__in=units, signed_on__year=period.year
        ).count(),
    }


def test_the_roll_up_equals_a_recount_and_the_report_states_it(
    tree, bob, charlie, alice, recorded, period, root_user
):
    cang_officer = root_user
    _submit(bob, period, tree.le_loi)
    _submit(charlie, period, tree.may)
    _submit(cang_officer, period, tree.cang)
    rolled = returns.rollup(unit=tree.kh, period=period)["values"]
    recount = _recount(period, [tree.le_loi, tree.may, tree.cang])
    assert (
        {code: rolled[code] for code in recount}
        == recount
        == {
            "cbccvc_conference": 1,
            "worker_conference": 1,
            "dialogue": 1,
            "collective_agreement": 1,
            "agreements_a": 1,
            "agreements_new": 1,
        }
    )
    assert rolled["agreements_amended"] == 1 and rolled["agreements_b"] == 0
    # May is the one enterprise union (Cảng names no sector), and it is covered
    assert (rolled["covered_grassroots"], rolled["enterprise_grassroots"]) == (1, 1)
    assert rolled["agreement_coverage"] == 100
    # Lê Lợi's own return counts its own conference, none of the sibling's records
    own = returns.computed_values(period.template, tree.le_loi, period)
    assert (own["cbccvc_conference"], own["worker_conference"], own["collective_agreement"]) == (
        1,
        0,
        0,
    )
    text = text_of(yearend.year_end_report(tree.kh, 2026))
    assert (
        "1 đơn vị tổ chức hội nghị cán bộ, công chức, viên chức; 1 đơn vị tổ chức hội nghị "
        "người lao động; 1 đơn vị tổ chức đối thoại định kỳ; 1 thỏa ước lao động tập thể đang "
        "có hiệu lực, trong đó ký mới 01, sửa đổi, bổ sung 01; 01 thỏa ước xếp loại A; 1/1 "
        "công đoàn cơ sở doanh nghiệp có thỏa ước còn hiệu lực (đạt 100%)."
    ) in text


def test_a_workers_conference_recorded_changes_the_draft_return(tree, charlie, kind, period):
    ret = returns.return_for(actor=charlie, period=period, unit=tree.may)
    assert returns.all_values(ret)["worker_conference"] == 0
    services.record_meeting(
        actor=charlie,
        unit=tree.may,
        spec=services.MeetingSpec(kind=kind("hn-nld"), held_on=date(2026, 4, 1)),
    )
    assert returns.all_values(ret)["worker_conference"] == 1


def test_a_sector_agreement_covers_the_unions_it_names(tree, alice, charlie, period):
    services.record_agreement(
        actor=alice,
        unit=tree.kh,
        spec=services.AgreementSpec(
            employer="Hiệp hội Dệt may",
            signed_on=date(2026, 2, 1),
            effective_from=date(2026, 3, 1),
            effective_to=date(2029, 2, 28),
            covers=[tree.may],
        ),
    )
    own = returns.computed_values(period.template, tree.may, period)
    assert own["covered_grassroots"] == 1 and own["collective_agreement"] == 0
    # the agreement is Khánh Hòa's own, in its own return
    assert returns.computed_values(period.template, tree.kh, period)["collective_agreement"] == 1


def test_a_computed_figure_is_corrected_with_a_reason_kept_for_the_approver(
    tree, bob, alice, recorded, period, root_user
):
    ret = returns.return_for(actor=bob, period=period, unit=tree.le_loi)
    with pytest.raises(ValidationError) as caught:
        returns.correct_value(
            actor=bob, ret=ret, code="cbccvc_conference", value=0, reason="sai", version=ret.version
        )
    assert "reason" in caught.value.error_dict
    with pytest.raises(ValidationError):  # a typed figure is changed in the form instead
        returns.correct_value(
            actor=bob, ret=ret, code="notes", value="x", reason="x" * 20, version=ret.version
        )
    reason = "Hội nghị ghi nhầm: đó là hội nghị của trường bạn tổ chức chung"
    ret = returns.correct_value(
        actor=bob, ret=ret, code="cbccvc_conference", value=0, reason=reason, version=ret.version
    )
    assert returns.all_values(ret)["cbccvc_conference"] == 0
    ret = returns.submit(actor=bob, ret=ret)
    assert ret.computed["cbccvc_conference"] == 0
    assert ret.corrections["cbccvc_conference"]["recorded"] == 1
    assert ret.corrections["cbccvc_conference"]["reason"] == reason
    log = AuditLog.objects.get(action="reports.correct_value")
    assert log.data["recorded"] == 1 and log.data["value"] == 0 and log.data["reason"] == reason
    assert returns.rollup(unit=tree.kh, period=period)["values"]["cbccvc_conference"] == 0
    # a correction of the approved return carries the correction forward
    returns.approve(actor=root_user, ret=ret)
    revision = returns.correct(actor=bob, ret=ret)
    assert revision.corrections["cbccvc_conference"]["reason"] == reason


def test_copy_last_years_form_to_a_new_year(tree, alice, root_user):
    form = ReturnTemplate.objects.get(code="tong-ket-nam", year=2027)
    with pytest.raises(PermissionDenied):
        returns.copy_template(actor=alice, template=form, year=2028)
    copy = returns.copy_template(actor=root_user, template=form, year=2028)
    fields = ("code", "label", "group", "kind", "rollup", "source", "detail", "order")
    assert list(copy.indicators.values_list(*fields)) == list(form.indicators.values_list(*fields))
    assert set(copy.checks.values_list("part", "whole")) == set(
        form.checks.values_list("part", "whole")
    )
    with pytest.raises(ValidationError):
        returns.copy_template(actor=root_user, template=form, year=2028)
