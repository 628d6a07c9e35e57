"""Returns: typed and computed values, checks, submission, decisions, revisions, roll-up."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congdoan.core.errors import ConflictError
from congdoan.core.models import AuditLog
from congdoan.reports import services
from congdoan.reports.models import (
    Indicator,
    IndicatorCheck,
    Return,
    ReturnStatus,
    ReturnTemplate,
)

from .conftest import admit


def filed(actor, period, unit, **values) -> Return:
    ret = services.return_for(actor=actor, period=period, unit=unit)
    if values:
        ret = services.save_values(actor=actor, ret=ret, values=values, version=ret.version)
    return services.submit(actor=actor, ret=ret)


def test_rollup_sums_three_levels_with_partial_submission(
    tree, people, period, alice, bob, charlie
):
    filed(bob, period, tree.le_loi, cbccvc_conference=True, care_amount="1.500.000")
    filed(charlie, period, tree.may, worker_conference="có", care_visits=4)
    # the district adds its own entries; Cảng Cam Ranh (another district) has not reported
    filed(alice, period, tree.nha_trang, care_amount=500_000)

    district = services.rollup(unit=tree.nha_trang, period=period)
    assert district["reported"] == 3
    values = district["values"]
    assert (values["members"], values["female"]) == (5, 3)  # Lê Lợi 3 (An in its group), May 2
    assert values["cbccvc_conference"] == 1 and values["worker_conference"] == 1
    assert values["care_amount"] == 2_000_000 and values["care_visits"] == 4
    assert values["female_share"] == 60.0
    province = services.rollup(unit=tree.kh, period=period)
    assert province == district  # nothing more reported under the province
    assert services.rollup(unit=tree.le_loi, period=period)["values"]["members"] == 3


def test_recorded_figures_are_frozen_at_submission(tree, people, period, bob):
    ret = services.return_for(actor=bob, period=period, unit=tree.le_loi)
    admit(tree.le_loi, "Đặng Văn Mới", "male")
    assert services.all_values(ret)["members"] == 4  # a draft reads the figures live
    filed(bob, period, tree.le_loi)
    admit(tree.le_loi, "Đặng Văn Sau", "male")
    assert services.rollup(unit=tree.le_loi, period=period)["values"]["members"] == 4


def test_typed_values_are_checked_and_named(tree, people, period, bob):
    ret = services.return_for(actor=bob, period=period, unit=tree.le_loi)
    for values, field in [
        ({"care_amount": "nhiều"}, "care_amount"),
        ({"care_visits": -1}, "care_visits"),
        ({"cbccvc_conference": "có lẽ"}, "cbccvc_conference"),
        ({"members": 10}, "members"),  # computed, not typed
        ({"unknown": 1}, "unknown"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.save_values(actor=bob, ret=ret, values=values, version=ret.version)
        assert field in refused.value.message_dict
    assert Return.objects.get(pk=ret.pk).values == {}


def test_a_part_above_its_whole_is_refused(tree, bob, alice):
    template = ReturnTemplate.objects.create(code="cham-lo", name="Chăm lo", year=2026)
    for code, label in [("visits", "Lượt thăm hỏi"), ("sick", "Lượt thăm ốm")]:
        Indicator.objects.create(
            template=template, code=code, label=label, kind="count", rollup="sum"
        )
    IndicatorCheck.objects.create(template=template, part="sick", whole="visits")
    period = services.open_period(
        actor=alice, template=template, unit=tree.kh, deadline=date(2027, 1, 15)
    )
    ret = services.return_for(actor=bob, period=period, unit=tree.le_loi)
    with pytest.raises(ValidationError) as refused:
        services.save_values(actor=bob, ret=ret, values={"visits": 3, "sick": 5}, version=1)
    assert refused.value.message_dict["sick"] == [
        "Lượt thăm ốm (5) không được lớn hơn Lượt thăm hỏi (3)."
    ]


def test_a_stale_version_is_refused(tree, people, period, bob):
    ret = services.return_for(actor=bob, period=period, unit=tree.le_loi)
    services.save_values(actor=bob, ret=ret, values={"care_visits": 2}, version=1)
    with pytest.raises(ConflictError):
        services.save_values(actor=bob, ret=ret, values={"care_visits": 9}, version=1)
    assert Return.objects.get(pk=ret.pk).values == {"care_visits": 2}


def test_only_the_level_above_decides_and_a_send_back_needs_a_reason(
    tree, people, period, bob, charlie, dana
):
    ret = filed(bob, period, tree.le_loi)
    for outsider in (bob, charlie):
        with pytest.raises(PermissionDenied):
            services.approve(actor=outsider, ret=ret)
    with pytest.raises(ValidationError):
        services.send_back(actor=dana, ret=ret, reason=" ")
    ret = services.send_back(actor=dana, ret=ret, reason="Thiếu số liệu chăm lo")
    assert ret.status == ReturnStatus.SENT_BACK
    ret = services.save_values(actor=bob, ret=ret, values={"care_visits": 3}, version=ret.version)
    ret = services.submit(actor=bob, ret=ret)
    ret = services.approve(actor=dana, ret=ret)
    assert ret.status == ReturnStatus.APPROVED and ret.decided_by == dana
    logged = AuditLog.objects.filter(object_type="reports.return", object_id=str(ret.pk))
    actions = list(logged.values_list("action", flat=True))
    assert sorted(actions) == sorted(
        ["reports.submit", "reports.send_back", "reports.submit", "reports.approve"]
    )


def test_an_approved_return_is_locked_and_corrected_by_a_new_revision(
    tree, people, period, bob, dana
):
    first = services.approve(actor=dana, ret=filed(bob, period, tree.le_loi, care_visits=3))
    with pytest.raises(ValidationError):
        services.save_values(actor=bob, ret=first, values={"care_visits": 4}, version=first.version)
    second = services.correct(actor=bob, ret=first)
    assert (second.revision, second.status, second.values) == (2, "draft", {"care_visits": 3})
    # until the correction is submitted, the approved figures count
    assert services.rollup(unit=tree.le_loi, period=period)["values"]["care_visits"] == 3
    second = services.save_values(
        actor=bob, ret=second, values={"care_visits": 4}, version=second.version
    )
    services.submit(actor=bob, ret=second)
    assert services.rollup(unit=tree.le_loi, period=period)["values"]["care_visits"] == 4
    first.refresh_from_db()
    assert first.status == ReturnStatus.SUPERSEDED and first.values == {"care_visits": 3}


def test_progress_shows_who_submitted_and_who_is_late(tree, people, period, bob, dana):
    services.approve(actor=dana, ret=filed(bob, period, tree.le_loi))
    counts = services.progress(unit=tree.nha_trang, period=period)
    assert counts["units"] == 2 and counts["approved"] == 1
    assert counts["late"] == 0  # the deadline (15/01/2027) has not passed


def test_a_unit_outside_the_period_has_no_return(tree, alice, year_end):
    period = services.open_period(
        actor=alice, template=year_end, unit=tree.nha_trang, deadline=date(2027, 1, 15)
    )
    with pytest.raises(ValidationError):
        services.return_for(actor=None, period=period, unit=tree.cang)


def test_the_rollup_with_children_equals_the_rollups(
    tree, people, period, alice, bob, charlie, django_assert_num_queries
):
    filed(bob, period, tree.le_loi, care_amount=1_000_000)
    filed(charlie, period, tree.may, worker_conference=True)
    filed(alice, period, tree.nha_trang, care_amount=300_000)  # the district's own: no child's
    # a unit with none under it has no children's query: the same figures
    leaves = [u for u in (tree.le_loi, tree.may, tree.cang) if u.numchild == 0]
    assert leaves
    for unit in (tree.kh, tree.nha_trang, *leaves):
        whole, by_child = services.rollup_with_children(unit=unit, period=period)
        assert whole == services.rollup(unit=unit, period=period)  # ratios included
        children = services.reporting_children(unit)
        assert set(by_child) == {child.pk for child in children}
        for child in children:
            assert by_child[child.pk] == services.rollup(unit=child, period=period)
    # a leaf's figures are its own return's (no aggregate), equal to the grouped query's
    # figures for it above
    assert services.rollup(unit=tree.may, period=period)["values"]["worker_conference"] == 1
    with django_assert_num_queries(1):
        services.rollup(unit=tree.may, period=period)


def test_grassroots_unions_are_counted_by_sector(tree, people, period, alice, bob, charlie):
    filed(bob, period, tree.le_loi)  # public administration and service
    filed(charlie, period, tree.may)  # non-state enterprise
    filed(alice, period, tree.nha_trang)  # a district is not a grassroots union

    values = services.rollup(unit=tree.kh, period=period)["values"]
    assert values["grassroots"] == 2
    assert (values["grassroots_public"], values["grassroots_private"]) == (1, 1)
    assert (values["grassroots_state"], values["grassroots_fdi"]) == (0, 0)
    own = Return.objects.get(unit=tree.nha_trang).computed
    assert own["grassroots"] == 0


def test_awards_granted_in_the_period_are_counted_by_title(tree, people, period, bob):
    from congdoan.awards.models import AwardTitle, Grant

    ldtt = AwardTitle.objects.get(code="ldtt")
    for person, day in [(people["hoa"], date(2026, 12, 20)), (people["an"], date(2025, 12, 20))]:
        Grant.objects.create(
            award=ldtt, year=day.year, unit=person.unit, member=person, granted_on=day
        )
    Grant.objects.create(
        award=AwardTitle.objects.get(code="ttldxs"),
        year=2026,
        unit=tree.le_loi,
        granted_on=date(2026, 12, 20),
    )
    filed(bob, period, tree.le_loi)
    values = services.rollup(unit=tree.kh, period=period)["values"]
    assert (values["awards_ldtt"], values["awards_ttldxs"], values["awards_cstdcs"]) == (1, 1, 0)
