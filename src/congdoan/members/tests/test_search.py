"""Name search: which typed words match, the name vocabulary, and the PostgreSQL token
index giving exactly the pages and counts of the plain query."""

import random

import pytest
from django.db import connection

from congdoan.members import listing, search, services
from congdoan.members.filters import MemberFilters
from congdoan.members.listing import MemberListing
from congdoan.members.models import Member, NameWord
from congdoan.members.search import IndexedSearch

from .conftest import admit

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the token index is PostgreSQL's"
)


def found(user, text: str, **filters) -> list[str]:
    result = MemberListing(user, MemberFilters(q=text, **filters))
    return [member.full_name for member in result[0:100]]


def test_typed_words_match_whole_name_words_in_any_order(tree, alice, people):
    admit(tree.cang, "Hoàng Văn Nam", "male")
    admit(tree.cang, "Đỗ Thị Hòa", "female")
    assert found(alice, "nguyen thi hoa") == ["Nguyễn Thị Hoa"]
    assert found(alice, "HOA  Nguyễn") == ["Nguyễn Thị Hoa"]
    # a whole word is not the beginning of another: Hoa and Hòa, not Hoàng
    assert found(alice, "hoa") == ["Đỗ Thị Hòa", "Nguyễn Thị Hoa"]
    assert found(alice, "van") == ["Trần Văn Bình", "Phạm Văn Minh", "Hoàng Văn Nam"]


def test_a_word_typed_halfway_stands_for_the_words_it_begins(tree, alice, people):
    admit(tree.cang, "Hoàng Văn Nam", "male")
    assert found(alice, "ho") == ["Nguyễn Thị Hoa", "Hoàng Văn Nam"]
    assert found(alice, "nguyen th") == ["Nguyễn Thị Hoa"]
    assert found(alice, "th h") == ["Nguyễn Thị Hoa"]
    # the middle of a word is no beginning, and a beginning of no word finds nobody
    assert found(alice, "guyen") == []
    assert found(alice, "xyz") == []
    assert found(alice, "nguyen xyz") == []  # one word matching nothing is enough


def test_search_stays_inside_the_scope(tree, charlie, people):
    assert found(charlie, "thi") == ["Võ Thị Lan"]
    assert found(charlie, "nguyen") == []


def test_names_teach_the_vocabulary(tree, alice, people):
    assert {"nguyen", "thi", "hoa", "vo", "lan"} <= set(
        NameWord.objects.values_list("word", flat=True)
    )
    member = people["hoa"]
    services.update_member(
        actor=alice, member=member, version=member.version, full_name="Nguyễn Thị Quỳnh Hoa"
    )
    assert NameWord.objects.filter(word="quynh").exists()
    assert found(alice, "quynh") == ["Nguyễn Thị Quỳnh Hoa"]


FAMILIES = ["Nguyễn", "Trần", "Lê", "Hoàng", "Quách", "Phạm"]
MIDDLES = ["Thị", "Văn", "Minh", "Hoa", "Thu", ""]
GIVENS = ["Hoa", "Minh", "An", "Hoàng", "Lan", "Thu", "Quang"]
QUERIES = ["hoa", "nguyen thi", "minh", "ng", "thi hoa", "le minh an", "quach", "h", "thu thu"]


@pytest.fixture
def crowd(tree, people):
    rng = random.Random(5)
    for _index in range(150):
        words = [rng.choice(FAMILIES), rng.choice(MIDDLES), rng.choice(GIVENS)]
        unit = rng.choice([tree.cang, tree.le_loi, tree.may, tree.to_van])
        admit(unit, " ".join(word for word in words if word), rng.choice(["male", "female"]))


def pages_of(user, text: str) -> list[list[int]]:
    result = MemberListing(user, MemberFilters(q=text))
    assert result.indexed is not None  # the token index serves this search
    return [[m.pk for m in result[start:stop]] for start, stop in ((0, 5), (5, 12), (12, 60))]


def expected_pages(user, text: str) -> list[list[int]]:
    plain = list(
        Member.objects.visible_to(user)
        .active()
        .search(text)
        .in_order()
        .values_list("pk", flat=True)
    )
    return [plain[0:5], plain[5:12], plain[12:60]]


@on_postgresql
@pytest.mark.parametrize("path", ["all found", "ordered walk", "merge"])
def test_token_index_pages_equal_the_plain_query(crowd, alice, charlie, monkeypatch, path):
    if path != "all found":
        monkeypatch.setattr(listing, "COUNT_CAP", 4)  # every query then has more
        estimate = 10**9 if path == "ordered walk" else 0.0
        monkeypatch.setattr(IndexedSearch, "_others_estimate", lambda self: estimate)
    cap = listing.COUNT_CAP
    for user in (alice, charlie):
        for text in QUERIES:
            expected = expected_pages(user, text)
            assert pages_of(user, text) == expected, (user, text)
            result = MemberListing(user, MemberFilters(q=text))
            every = Member.objects.visible_to(user).active().search(text).count()
            assert (result.count(), result.capped) == (min(every, cap), every > cap)


@on_postgresql
def test_token_index_counts_up_to_the_cap(crowd, alice, monkeypatch):
    plain = Member.objects.visible_to(alice).active().search("hoa").count()
    result = MemberListing(alice, MemberFilters(q="hoa"))
    assert (result.count(), result.capped) == (plain, False)
    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    result = MemberListing(alice, MemberFilters(q="hoa"))
    assert (result.count(), result.capped) == (3, True)


@on_postgresql
def test_word_frequencies_come_from_the_database_statistics(crowd, tree, monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_member")
    monkeypatch.setitem(search._stats, "at", -search.STATS_TTL)
    stats = search.token_stats()
    branch = tree.kh.path
    assert stats["rows"] >= 150
    assert stats["branches"][branch] > 0.5  # nearly every member is in Khánh Hòa
    assert stats["freq"][f"{branch}=hoa"] > 0  # Hoa as a given name
    assert stats["floor"] is not None


@on_postgresql
def test_planner_settings_hold_inside_their_block_and_are_undone_after(db):
    def shown(*names):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(['current_setting(%s)'] * len(names))}", names)
            return cursor.fetchone()

    defaults = shown("max_parallel_workers_per_gather", "enable_indexscan", "jit")
    with search.serial_plan():
        assert shown("max_parallel_workers_per_gather", "jit") == ("0", "off")
        with search.token_plan():
            assert shown("max_parallel_workers_per_gather", "enable_indexscan") == ("0", "off")
        # back to what the enclosing block set, not to the defaults
        assert shown("max_parallel_workers_per_gather", "enable_indexscan") == ("0", "on")
    assert shown("max_parallel_workers_per_gather", "enable_indexscan", "jit") == defaults


@on_postgresql
def test_a_failed_query_inside_a_planner_block_is_the_error_reported(db):
    from django.db import ProgrammingError, transaction

    with (
        pytest.raises(ProgrammingError, match="no_such_table"),
        transaction.atomic(),
        search.serial_plan(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT * FROM no_such_table")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] != "0"


@pytest.mark.parametrize(
    "name",
    ["Nguyễn Thị Hoa", "Hoa", "Lê Văn", "Trần Đình Minh Tuấn", "Đặng", "Hồ Ngọc Hà", "Y Bih Niê"],
)
def test_the_sort_key_of_a_folded_name_is_the_names_sort_key(name):
    # an import folds each name when it checks it, and saves the sort key from that
    from congdoan.core.vntext import fold, tidy_name
    from congdoan.members.models import derived_names
    from congdoan.members.names import sort_key

    name = tidy_name(name)
    assert derived_names(name, fold(name)) == derived_names(name) == (fold(name), sort_key(name))
