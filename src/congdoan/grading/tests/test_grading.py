"""The grading rules: the tiers and the group floor, the months of activity, the table a
union is graded on, the round from self-scoring to publication, corrections, the cap on
the top tier, and every refusal named by field."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congdoan.core.errors import ConflictError
from congdoan.core.models import AuditLog
from congdoan.grading import services
from congdoan.grading.models import Grading, Scheme, Status, Tier
from congdoan.organizations import services as org
from congdoan.organizations.models import UnitKind

from .conftest import YEAR, full_marks, scored


def _code(exc) -> str:
    """The stable code of the refusal (of its one field, when it names one)."""
    error = exc.value
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code
    return error.error_list[0].code


def test_tiers_follow_the_thresholds_and_the_group_floor(tree):
    scheme = services.scheme_for(tree.le_loi, YEAR)
    groups_ok = {"A": (30, 40), "B": (30, 40), "C": (20, 20)}
    assert scheme.tier_for(85, groups_ok) == Tier.EXCELLENT
    assert scheme.tier_for(84, groups_ok) == Tier.GOOD
    assert scheme.tier_for(70, groups_ok) == Tier.GOOD
    assert scheme.tier_for(69, groups_ok) == Tier.DONE
    assert scheme.tier_for(50, groups_ok) == Tier.DONE
    assert scheme.tier_for(49, groups_ok) == Tier.FAILED
    # 90 points, but one group under half its points: not the top tier
    assert scheme.tier_for(90, {"A": (40, 40), "B": (40, 40), "C": (9, 20)}) == Tier.GOOD
    assert scheme.tier_for(90, {"A": (40, 40), "B": (40, 40), "C": (10, 20)}) == Tier.EXCELLENT


def test_a_group_under_its_floor_keeps_a_high_total_out_of_the_top_tier(
    tree, bob, alice, round_2026
):
    grading = services.start(actor=bob, unit=tree.le_loi, year=YEAR)
    # every group full except the last (20 points) at 0: 80 points, and under its floor
    groups = {c.group for c in grading.scheme.criteria.all()}
    points = scored(grading, 0.0, keep=groups - {"Tuyên truyền, thi đua và các hoạt động khác"})
    grading = services.save_self_scores(
        actor=bob, grading=grading, points=points, version=grading.version
    )
    assert (grading.self_total, grading.self_tier) == (80, Tier.GOOD)


def test_the_shipped_tables_are_100_points_by_kind(tree):
    public = services.scheme_for(tree.le_loi, YEAR)
    enterprise = services.scheme_for(tree.may, YEAR)
    assert public.sector == "public_service" and enterprise.sector == ""
    assert public.total == enterprise.total == 100
    assert public.criteria.filter(figure="meeting", detail="hn-cbccvc").exists()
    assert enterprise.criteria.filter(figure="agreement").exists()
    assert (public.excellent_from, public.good_from, public.done_from, public.group_floor) == (
        85,
        70,
        50,
        50,
    )


def test_the_nearest_table_above_a_union_is_used_and_a_copy_leaves_the_original(tree, alice, dana):
    default = services.scheme_for(tree.le_loi, YEAR)
    mine = services.copy_scheme(actor=alice, scheme=default, unit=tree.kh, year=YEAR)
    assert services.scheme_for(tree.le_loi, YEAR) == mine  # the province's, for its unions
    assert services.scheme_for(tree.hn_school, YEAR).unit is None  # another province: default
    assert services.scheme_for(tree.may, YEAR).sector == ""  # another kind: the default
    assert services.scheme_for(tree.le_loi, YEAR + 1) == mine  # no 2027 table: the latest
    spec = services.SchemeSpec(**{f: getattr(mine, f) for f in services.SCHEME_FIELDS})
    spec.top_share_cap = 30
    criteria = services.criteria_specs(mine)
    criteria[0].points = 15
    with pytest.raises(ConflictError):
        services.update_scheme(actor=alice, scheme=mine, spec=spec, criteria=criteria, version=99)
    mine = services.update_scheme(actor=alice, scheme=mine, spec=spec, criteria=criteria, version=1)
    assert mine.total == 105 and mine.top_share_cap == 30
    assert default.criteria.first().points == 10  # the default untouched
    assert AuditLog.objects.filter(action="grading.scheme_copy", object_id=str(mine.pk)).exists()
    # the shipped default is an administrator's; a union's table its own officers'
    with pytest.raises(PermissionDenied):
        services.copy_scheme(actor=alice, scheme=default, unit=None, year=2030)
    with pytest.raises(PermissionDenied):
        services.copy_scheme(actor=alice, scheme=default, unit=tree.hn, year=YEAR)
    with pytest.raises(ValidationError) as exc:
        services.copy_scheme(actor=alice, scheme=default, unit=tree.kh, year=YEAR)
    assert _code(exc) == "taken"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"excellent_from": 60, "good_from": 70}, "excellent_from"),
        ({"excellent_from": 120}, "excellent_from"),
        ({"group_floor": 101}, "group_floor"),
        ({"name": "  "}, "name"),
        ({"top_share_cap": 0}, "top_share_cap"),
    ],
)
def test_a_table_that_cannot_work_is_refused_by_field(tree, alice, change, field):
    default = services.scheme_for(tree.le_loi, YEAR)
    spec = services.SchemeSpec(**{f: getattr(default, f) for f in services.SCHEME_FIELDS})
    spec.year = 2030
    for name, value in change.items():
        setattr(spec, name, value)
    with pytest.raises(ValidationError) as exc:
        services.create_scheme(
            actor=alice, unit=tree.kh, spec=spec, criteria=services.criteria_specs(default)
        )
    assert field in exc.value.error_dict
    assert not Scheme.objects.filter(year=2030).exists()


def test_a_table_graded_on_is_not_edited_but_copied(tree, bob, alice, round_2026):
    mine = services.copy_scheme(
        actor=alice, scheme=services.scheme_for(tree.le_loi, YEAR), unit=tree.kh, year=YEAR
    )
    services.start(actor=bob, unit=tree.le_loi, year=YEAR)
    spec = services.SchemeSpec(**{f: getattr(mine, f) for f in services.SCHEME_FIELDS})
    with pytest.raises(ValidationError) as exc:
        services.update_scheme(
            actor=alice,
            scheme=mine,
            spec=spec,
            criteria=services.criteria_specs(mine),
            version=mine.version,
        )
    assert _code(exc) == "in_use"


def test_twelve_months_of_activity_from_the_founding(tree, alice):
    district = tree.nha_trang
    kind = "grassroots"
    new = lambda code, day: org.found_unit(  # noqa: E731
        actor=None,
        parent=district,
        decision=org.Decision(number=f"{code}/QĐ", date=day),
        spec=org.NewUnit(code=code, name=f"CĐCS {code}", kind=UnitKind.objects.get(code=kind)),
    )
    january = new("JAN", date(2026, 1, 1))
    march = new("MAR", date(2026, 3, 15))
    assert services.eligibility(january, 2026).graded
    rule = services.eligibility(march, 2026)
    assert not rule.graded and rule.months == 12 and "15/03/2026" in rule.reason
    assert services.eligibility(march, 2027).graded
    found = services.open_round(actor=alice, unit=district, year=2026, self_by=date(2026, 12, 20))
    rows = {row.unit.code: row for row in services.round_rows(found)}
    assert rows["JAN"].eligibility.graded and not rows["MAR"].eligibility.graded
    with pytest.raises(ValidationError) as exc:
        services.start(actor=alice, unit=march, year=2026)
    assert _code(exc) == "too_young"


def test_six_months_after_a_split(tree, alice):
    def split(unit, day):
        halves = org.split_unit(
            actor=None,
            unit=unit,
            decision=org.Decision(number="9/QĐ", date=day),
            parts=[
                org.NewUnit(
                    code=f"CANG-{n}{day.month}",
                    name=f"CĐCS Cảng {n}",
                    kind=UnitKind.objects.get(code="grassroots"),
                )
                for n in (1, 2)
            ],
        )
        return halves

    early = split(tree.cang, date(2026, 5, 1))
    assert services.eligibility(early[0], 2026).graded  # 6 months by 01/11/2026
    later = split(early[1], date(2026, 8, 1))
    rule = services.eligibility(later[0], 2026)
    assert not rule.graded and rule.months == 6 and "6" in rule.reason
    assert services.eligibility(later[0], 2027).graded


def test_self_scoring_is_prefilled_from_the_records(tree, bob, round_2026, conference):
    grading = services.start(actor=bob, unit=tree.le_loi, year=YEAR)
    meeting = grading.scores.get(criterion__figure="meeting")
    assert (meeting.recorded, meeting.self_points) == (1, meeting.criterion.points)
    assert "1" in meeting.evidence
    admitted = grading.scores.get(criterion__figure="admitted")
    assert (admitted.recorded, admitted.self_points) == (0, 0)
    assert grading.scores.filter(criterion__figure="").first().self_points is None
    assert AuditLog.objects.filter(action="grading.start", object_id=str(grading.pk)).exists()
    # beginning again is the same grading
    assert services.start(actor=bob, unit=tree.le_loi, year=YEAR) == grading


def test_no_round_no_self_scoring_and_a_sibling_cannot_score(tree, bob, charlie):
    with pytest.raises(ValidationError) as exc:
        services.start(actor=bob, unit=tree.le_loi, year=YEAR)
    assert _code(exc) == "no_round"
    with pytest.raises(PermissionDenied):
        services.start(actor=charlie, unit=tree.le_loi, year=YEAR)


def test_the_round_from_self_scoring_to_publication(tree, bob, alice, charlie, sent):
    assert (sent.status, sent.self_total, sent.self_tier) == (Status.SUBMITTED, 100, Tier.EXCELLENT)
    with pytest.raises(ValidationError) as exc:
        services.save_self_scores(actor=bob, grading=sent, points={}, version=sent.version)
    assert _code(exc) == "sent"
    # only the level above decides: bob's union role does not reach Nha Trang
    with pytest.raises(PermissionDenied):
        services.decide(actor=bob, grading=sent, points={}, reason="", version=sent.version)
    lower = scored(sent, 0.8)  # 80 points: well
    with pytest.raises(ValidationError) as exc:
        services.decide(actor=alice, grading=sent, points=lower, reason="ít", version=sent.version)
    assert "reason" in exc.value.error_dict
    over = {pk: (99, "") for pk in lower}
    with pytest.raises(ValidationError) as exc:
        services.decide(actor=alice, grading=sent, points=over, reason="", version=sent.version)
    assert "scores" in exc.value.error_dict
    assert Grading.objects.get(pk=sent.pk).status == Status.SUBMITTED  # nothing changed
    decided = services.decide(
        actor=alice,
        grading=sent,
        points=lower,
        reason="Hồ sơ minh chứng chưa đầy đủ.",
        version=sent.version,
    )
    assert (decided.status, decided.tier) == (Status.DECIDED, Tier.GOOD)
    assert decided.total == sum(p for p, _ in lower.values())
    assert services.tier_of(tree.le_loi, YEAR) == ""  # not published yet
    published = services.publish(actor=alice, grading=decided, version=decided.version)
    assert published.published_on is not None and services.tier_of(tree.le_loi, YEAR) == Tier.GOOD
    actions = list(
        AuditLog.objects.filter(object_id=str(sent.pk), action__startswith="grading.").values_list(
            "action", flat=True
        )
    )
    assert {"grading.start", "grading.submit", "grading.decide", "grading.publish"} <= set(actions)
    with pytest.raises(ValidationError):
        services.decide(
            actor=alice, grading=published, points=lower, reason="x" * 20, version=published.version
        )


def test_a_self_scoring_returned_for_more_evidence(tree, bob, alice, sent):
    with pytest.raises(ValidationError):
        services.return_to_union(actor=alice, grading=sent, reason="ngắn", version=sent.version)
    back = services.return_to_union(
        actor=alice, grading=sent, reason="Bổ sung biên bản hội nghị.", version=sent.version
    )
    assert back.status == Status.DRAFT
    again = services.save_self_scores(
        actor=bob, grading=back, points={}, version=back.version, send=True
    )
    assert again.status == Status.SUBMITTED


def test_a_correction_is_a_new_revision_and_the_old_one_is_kept(tree, alice, published):
    assert published.tier == Tier.EXCELLENT
    with pytest.raises(ValidationError):
        services.correct(actor=alice, grading=published, reason="sai", version=published.version)
    new = services.correct(
        actor=alice,
        grading=published,
        reason="Phát hiện sai sót khi kiểm tra.",
        version=published.version,
    )
    old = Grading.objects.get(pk=published.pk)
    assert (old.status, new.revision, new.status) == (Status.SUPERSEDED, 2, Status.DECIDED)
    assert new.scores.count() == old.scores.count()
    assert services.tier_of(tree.le_loi, YEAR) == ""  # until the correction is published
    new = services.decide(
        actor=alice,
        grading=new,
        points=scored(new, 0.6),
        reason="Điều chỉnh sau kiểm tra.",
        version=new.version,
    )
    new = services.publish(actor=alice, grading=new, version=new.version)
    assert services.tier_of(tree.le_loi, YEAR) == Tier.DONE
    assert Grading.objects.filter(unit=tree.le_loi, year=YEAR).count() == 2
    assert old.history.count() >= 4  # every step of the first revision kept


def test_the_cap_on_the_top_tier(tree, bob, charlie, alice, round_2026):
    scheme = services.copy_scheme(
        actor=alice, scheme=services.scheme_for(tree.le_loi, YEAR), unit=tree.kh, year=YEAR
    )
    enterprise = services.copy_scheme(
        actor=alice, scheme=services.scheme_for(tree.may, YEAR), unit=tree.kh, year=YEAR
    )
    for table in (scheme, enterprise):
        Scheme.objects.filter(pk=table.pk).update(top_share_cap=50)
    gradings = []
    for actor, unit in ((bob, tree.le_loi), (charlie, tree.may)):
        g = services.start(actor=actor, unit=unit, year=YEAR)
        gradings.append(
            services.save_self_scores(
                actor=actor, grading=g, points=full_marks(g), version=g.version, send=True
            )
        )
    first, second = gradings
    services.decide(
        actor=alice, grading=first, points=full_marks(first), reason="", version=first.version
    )
    with pytest.raises(ValidationError) as exc:
        services.decide(
            actor=alice,
            grading=second,
            points=full_marks(second),
            reason="",
            version=second.version,
        )
    assert _code(exc) == "top_share" and "50%" in str(exc.value)


def test_opening_a_round_is_an_upper_unions_act(tree, bob, alice, round_2026):
    with pytest.raises(ValidationError) as exc:
        services.open_round(actor=bob, unit=tree.le_loi, year=YEAR, self_by=date(2026, 12, 1))
    assert "unit" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.open_round(actor=alice, unit=tree.nha_trang, year=YEAR, self_by=date(2026, 12, 1))
    assert _code(exc) == "taken"
    with pytest.raises(ValidationError) as exc:
        services.open_round(actor=alice, unit=tree.cam_ranh, year=2030, self_by=date(2030, 12, 1))
    assert "year" in exc.value.error_dict
    with pytest.raises(PermissionDenied):
        services.open_round(actor=alice, unit=tree.ba_dinh, year=YEAR, self_by=date(2026, 12, 1))
