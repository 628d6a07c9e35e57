"""What a published grading feeds: the return (CĐCS by tier, a computed source, never a
sibling's), the year-end report's sentence, a collective title that needs the top tier,
and the member's own page."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from congdoan.awards.models import AwardTitle
from congdoan.awards.services import check_eligibility
from congdoan.core.docx import text_of
from congdoan.grading import services
from congdoan.reports import services as returns
from congdoan.reports import yearend
from congdoan.reports.models import ReturnTemplate

from .conftest import YEAR, full_marks, scored


@pytest.fixture
def both(tree, alice, charlie, published):
    """Lê Lợi published excellent; May published well (80 points)."""
    g = services.start(actor=charlie, unit=tree.may, year=YEAR)
    g = services.save_self_scores(
        actor=charlie, grading=g, points=scored(g, 0.8), version=g.version, send=True
    )
    g = services.decide(actor=alice, grading=g, points=scored(g, 0.8), reason="", version=g.version)
    return published, services.publish(actor=alice, grading=g, version=g.version)


@pytest.fixture
def period(tree, alice):
    template = ReturnTemplate.objects.get(code="tong-ket-nam", year=YEAR)
    return returns.open_period(
        actor=alice, template=template, unit=tree.kh, deadline=date(2027, 1, 15)
    )


def test_the_return_counts_unions_by_published_tier(tree, bob, charlie, alice, both, period):
    own = returns.computed_values(period.template, tree.le_loi, period)
    assert (own["graded"], own["graded_excellent"], own["graded_good"]) == (1, 1, 0)
    sibling = returns.computed_values(period.template, tree.may, period)
    assert (sibling["graded"], sibling["graded_excellent"], sibling["graded_good"]) == (1, 0, 1)
    for actor, unit in ((bob, tree.le_loi), (charlie, tree.may)):
        returns.submit(actor=actor, ret=returns.return_for(actor=actor, period=period, unit=unit))
    rolled = returns.rollup(unit=tree.kh, period=period)["values"]
    assert (rolled["graded"], rolled["graded_excellent"], rolled["graded_good"]) == (2, 1, 1)
    assert rolled["graded_excellent_share"] == 50
    text = text_of(yearend.year_end_report(tree.kh, YEAR))
    assert (
        "Kết quả xếp loại 2 công đoàn cơ sở: 01 CĐCS hoàn thành xuất sắc nhiệm vụ, chiếm 50%; "
        "01 hoàn thành tốt nhiệm vụ; 0 hoàn thành nhiệm vụ."
    ) in text


def test_an_unpublished_grading_counts_nowhere(tree, bob, alice, sent, period):
    own = returns.computed_values(period.template, tree.le_loi, period)
    assert own["graded"] == 0
    returns.submit(actor=bob, ret=returns.return_for(actor=bob, period=period, unit=tree.le_loi))
    assert "Kết quả xếp loại" not in text_of(yearend.year_end_report(tree.kh, YEAR))


def test_a_strong_union_title_needs_the_top_tier_that_year(tree, alice, both):
    award = AwardTitle.objects.get(code="cdcs-vm")
    assert award.required_tier == "excellent"
    check_eligibility(award=award, year=YEAR, origin=tree.nha_trang, unit=tree.le_loi)
    with pytest.raises(ValidationError) as exc:
        check_eligibility(award=award, year=YEAR, origin=tree.nha_trang, unit=tree.may)
    assert "hoàn thành tốt nhiệm vụ" in str(exc.value) and "unit" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        check_eligibility(award=award, year=YEAR, origin=tree.cam_ranh, unit=tree.cang)
    assert "chưa có kết quả xếp loại" in str(exc.value)


def test_the_member_sees_their_unions_published_tier(tree, people, client_for, both, charlie):
    from congdoan.accounts.models import User
    from congdoan.portal.models import MemberAccount

    login = User.objects.create_user(username="hoa", password="x-Mat-khau-2025", full_name="Hoa")
    MemberAccount.objects.create(user=login, member=people["hoa"])
    html = client_for(login).get(reverse("portal:me")).content.decode()
    assert 'id="own-grading"' in html and "hoàn thành xuất sắc nhiệm vụ" in html
    assert "May Nha Trang" not in html


def test_the_dashboard_shows_the_tiers_with_their_numbers(tree, alice, both, client_for):
    html = client_for(alice).get(reverse("reports:dashboard") + f"?unit={tree.nha_trang.pk}")
    html = html.content.decode()
    assert 'id="dashboard-tiers"' in html
    assert '<td class="text-end" data-tier="excellent">1</td>' in html
    assert '<td class="text-end" data-tier="good">1</td>' in html


def test_full_marks_on_the_records_alone_are_never_given(tree, bob, round_2026):
    """A criterion without a figure waits for the union's own points."""
    grading = services.start(actor=bob, unit=tree.le_loi, year=YEAR)
    with pytest.raises(ValidationError) as exc:
        services.save_self_scores(
            actor=bob, grading=grading, points={}, version=grading.version, send=True
        )
    assert "scores" in exc.value.error_dict
    assert full_marks(grading)  # the helper covers every criterion
