"""Scoring a block: the table, own / cross / agreed scores, ranking with its tie-break,
the peer vote, and commitments beside the returns' actual values."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congdoan.core.models import AuditLog
from congdoan.emulation import scoring, services
from congdoan.emulation.models import PeerVote, Score, ScoreKind

CRITERIA = [
    {"group": "Xây dựng tổ chức", "text": "Phát triển đoàn viên", "points": 30},
    {"group": "Xây dựng tổ chức", "text": "Thu đoàn phí đúng hạn", "points": 20},
    {"group": "Chăm lo", "text": "Thăm hỏi đoàn viên", "points": 50},
]


@pytest.fixture
def card(tree, block, alice):
    services.set_term(actor=alice, block=block, year=2026, leader=tree.may, deputy=tree.le_loi)
    return scoring.create_scorecard(actor=alice, block=block, year=2026, criteria=CRITERIA)


def ids(card):
    return [c.pk for c in card.criteria.order_by("order")]


def test_next_years_table_is_copied_and_locks_once_scored(tree, block, card, alice, bob):
    services.set_term(actor=alice, block=block, year=2027, leader=tree.cang)
    copied = scoring.create_scorecard(actor=alice, block=block, year=2027)
    assert [(c.group, c.text, c.points) for c in copied.criteria.all()] == [
        (c["group"], c["text"], Decimal(c["points"])) for c in CRITERIA
    ]
    edited = scoring.update_criteria(
        actor=alice, scorecard=copied, version=1, criteria=CRITERIA[:2], cross_scoring=True
    )
    assert edited.criteria.count() == 2 and edited.cross_scoring
    scoring.enter_scores(
        actor=bob, scorecard=card, unit=tree.le_loi, kind="self", points={ids(card)[0]: (10, "")}
    )
    with pytest.raises(ValidationError):
        scoring.update_criteria(
            actor=alice, scorecard=card, version=1, criteria=CRITERIA, cross_scoring=False
        )
    with pytest.raises(PermissionDenied):  # a member that does not lead this year
        scoring.create_scorecard(actor=bob, block=block, year=2028, criteria=CRITERIA)


def test_each_unit_scores_itself_with_evidence(tree, card, bob, charlie):
    first, second, third = ids(card)
    scoring.enter_scores(
        actor=bob,
        scorecard=card,
        unit=tree.le_loi,
        kind="self",
        points={first: (25, "Kết nạp 12 đoàn viên"), second: ("18,5", ""), third: (40, "")},
    )
    own = Score.objects.get(criterion_id=first, unit=tree.le_loi, kind=ScoreKind.SELF)
    assert own.points == 25 and own.evidence == "Kết nạp 12 đoàn viên" and own.scorer == tree.le_loi
    assert AuditLog.objects.filter(action="emulation.score_self", unit=tree.le_loi).exists()
    with pytest.raises(PermissionDenied):
        scoring.enter_scores(
            actor=charlie, scorecard=card, unit=tree.le_loi, kind="self", points={first: (30, "")}
        )
    with pytest.raises(ValidationError) as too_many:
        scoring.enter_scores(
            actor=bob, scorecard=card, unit=tree.le_loi, kind="self", points={first: (31, "")}
        )
    assert "Phát triển đoàn viên" in str(too_many.value)
    assert Score.objects.get(criterion_id=first, unit=tree.le_loi).points == 25


def test_cross_scoring_only_where_the_block_decides(tree, block, card, alice, charlie):
    first = ids(card)[0]
    with pytest.raises(ValidationError):
        scoring.enter_scores(
            actor=charlie,
            scorecard=card,
            unit=tree.le_loi,
            kind="cross",
            scorer=tree.may,
            points={first: (20, "")},
        )
    scoring.update_criteria(
        actor=alice, scorecard=card, version=1, criteria=CRITERIA, cross_scoring=True
    )
    first = ids(card)[0]
    scoring.enter_scores(
        actor=charlie,
        scorecard=card,
        unit=tree.le_loi,
        kind="cross",
        scorer=tree.may,
        points={first: (20, "")},
    )
    with pytest.raises(ValidationError):  # a unit does not cross-score itself
        scoring.enter_scores(
            actor=charlie,
            scorecard=card,
            unit=tree.may,
            kind="cross",
            scorer=tree.may,
            points={first: (20, "")},
        )
    standing = {s.unit: s for s in scoring.ranking(card)}[tree.le_loi]
    assert standing.cross == 20


def test_the_leader_enters_the_agreed_score_and_the_ranking_breaks_ties(tree, card, bob, charlie):
    first, second, third = ids(card)
    agreed = {
        # Lê Lợi and May both total 80; Lê Lợi has more in the first group
        tree.le_loi: {first: (30, ""), second: (20, ""), third: (30, "")},
        tree.may: {first: (25, ""), second: (15, ""), third: (40, "")},
    }
    with pytest.raises(PermissionDenied):  # the deputy is not the leader
        scoring.enter_scores(
            actor=bob, scorecard=card, unit=tree.may, kind="agreed", points=agreed[tree.may]
        )
    for unit, points in agreed.items():
        scoring.enter_scores(actor=charlie, scorecard=card, unit=unit, kind="agreed", points=points)
    scoring.enter_scores(
        actor=None, scorecard=card, unit=tree.cang, kind="self", points={third: (50, "")}
    )
    ranked = scoring.ranking(card)
    assert [(s.unit, s.rank, s.total) for s in ranked] == [
        (tree.le_loi, 1, 80),
        (tree.may, 2, 80),
        (tree.cang, 3, 50),
    ]
    assert ranked[2].provisional and not ranked[0].provisional
    same = {first: (25, ""), second: (15, ""), third: (40, "")}
    scoring.enter_scores(
        actor=charlie, scorecard=card, unit=tree.le_loi, kind="agreed", points=same
    )
    assert [s.rank for s in scoring.ranking(card)] == [1, 1, 3]  # fully equal: shared


def test_the_peer_vote_is_recorded_with_counts_and_minutes(tree, card, charlie):
    results = {tree.le_loi: 7, tree.may: 2, tree.cang: 0}
    with pytest.raises(ValidationError):
        scoring.record_vote(
            actor=charlie,
            scorecard=card,
            held_on=date(2026, 12, 15),
            voters=9,
            results={tree.le_loi: 10},
            minutes="Biên bản",
        )
    with pytest.raises(ValidationError):
        scoring.record_vote(
            actor=charlie,
            scorecard=card,
            held_on=date(2026, 12, 15),
            voters=9,
            results=results,
            minutes="",
        )
    vote = scoring.record_vote(
        actor=charlie,
        scorecard=card,
        held_on=date(2026, 12, 15),
        voters=9,
        results=results,
        minutes="Biên bản họp tổng kết khối ngày 15/12/2026",
    )
    assert [(r.unit, r.votes) for r in vote.results.all()] == list(results.items())
    assert PeerVote.objects.get().voters == 9


def test_commitments_show_the_returns_actual_values(
    tree, people, block, alice, bob, charlie, period
):
    from congdoan.reports import services as returns

    services.set_term(actor=alice, block=block, year=2026, leader=tree.may)
    covenant = services.create_covenant(
        actor=charlie,
        block=block,
        year=2026,
        theme="Chủ đề",
        targets=[
            {"text": "Đơn vị có nhiều lượt thăm hỏi", "indicator": "care_visits", "target": 10},
            {"text": "Không gắn chỉ tiêu"},
        ],
    )
    for actor, unit, visits in [(bob, tree.le_loi, 12), (charlie, tree.may, 4)]:
        ret = returns.return_for(actor=actor, period=period, unit=unit)
        ret = returns.save_values(
            actor=actor, ret=ret, values={"care_visits": visits}, version=ret.version
        )
        returns.submit(actor=actor, ret=ret)
    actuals = scoring.target_actuals(covenant)
    tied = covenant.targets.get(indicator="care_visits")
    assert actuals == {tied.pk: {tree.le_loi.pk: 12, tree.may.pk: 4}}  # Cảng: not reported
