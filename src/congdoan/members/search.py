"""Name search: what a typed name means, and how PostgreSQL finds it at national scale.

**Meaning.** The text is folded (no diacritics, lower case) and split into words. Each
typed word must be a word of the member's name, in any order: ``nguyen thi hoa`` finds
"Nguyễn Thị Hoa", ``hoa`` finds every Hoa, Hòa and Hóa but not Hoàng. A typed word that
is no name word at all ("ngu", "h") stands for the name words it begins, so a name typed
halfway still finds people. The vocabulary of name words (``NameWord``) tells the two
apart. The condition is the same on every database.

**Speed (PostgreSQL).** Lists are in Vietnamese order, given name first, so walking a
province's members in order (``member_branch_order``, no table reads) finds a page fast
when matches are common and spread evenly ("nguyen", "thi"), but walks far when they are
rare, or clustered under one given name ("hoa", "quang"). A GIN index over each name's
words, tagged with the member's province-level branch and with whether the word is the
given name (``member_name_tokens``), finds matches directly, but each match costs a table
read. So ``IndexedSearch``:

- counts (up to the list's cap) through the token index, keeping each match's sort key;
  when that is all of them, the page is cut from those rows;
- otherwise merges, in order, the members whose *given* name is a typed word (short
  ordered ranges of the province's index, one per word) with those having every typed
  word among their *other* names: through the token index when few (estimated from
  PostgreSQL's statistics of that index), by the ordered walk when they are many, which
  then also finds the first kind on its way.

Measured on 12 million members (``make bench``): see the README.
"""

from __future__ import annotations

import heapq
import time
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import DatabaseError, connection, models
from django.db.models import Func, Q, Value
from django.db.models.functions import Concat

from congdoan.core.vntext import fold

# A typed beginning that stands for more name words than this is common enough to be
# found by the ordered walk; its words are not looked up in the token index.
MAX_EXPANSION = 60
# Members found through the token index cost a table read each (about 10 µs from the
# operating system's cache): beyond this many the ordered walk is cheaper, because the
# words are then common among family and middle names, which are spread evenly.
INDEX_LIMIT = 2_000
# Likewise for counting up to the list's cap: beyond this many such members the walk
# meets the cap sooner than the index reads as many rows.
WALK_COUNT = 15_000
STATS_TTL = 600.0


class NameTokens(Func):
    """``<branch>=<word>`` for the given name, ``<branch>:<word>`` for the other words of
    a member's folded name (PostgreSQL; migration ``0009``)."""

    function = "member_name_tokens"
    output_field = ArrayField(models.TextField())


@dataclass(frozen=True)
class Term:
    """One typed word and the name words it stands for: itself when it is a name word,
    else the name words it begins (``None`` when those are too many to list)."""

    typed: str
    whole: bool
    words: tuple[str, ...] | None

    def condition(self) -> Q:
        """The name has this word (whole), or a word beginning with it."""
        padded = f" {self.typed} " if self.whole else f" {self.typed}"
        return Q(name_padded__contains=padded)

    def given_condition(self) -> Q:
        """The given name (first in the sort key) is this word, or begins with it: one
        short range of the sort order, made exact by the pattern."""
        low = self.typed
        high = low[:-1] + chr(ord(low[-1]) + 1)
        exact = Q(sort_key=low) | Q(sort_key__startswith=f"{low} ") if self.whole else Q()
        return Q(sort_key__gte=low, sort_key__lt=high) & exact

    def tokens(self, branches: list[str], place: str) -> list[str]:
        return [f"{branch}{place}{word}" for branch in branches for word in self.words or ()]


@dataclass(frozen=True)
class NameQuery:
    terms: tuple[Term, ...]

    @classmethod
    def parse(cls, text: str) -> NameQuery:
        from .models import NameWord

        typed = list(dict.fromkeys(fold(text).split()))
        known = set(NameWord.objects.filter(word__in=typed).values_list("word", flat=True))
        terms = []
        for word in typed:
            if word in known:
                terms.append(Term(word, True, (word,)))
                continue
            begun = NameWord.objects.filter(word__startswith=word).values_list("word", flat=True)
            begun = list(begun[: MAX_EXPANSION + 1])
            terms.append(Term(word, False, tuple(begun) if len(begun) <= MAX_EXPANSION else None))
        return cls(tuple(terms))

    def apply(self, members):
        """``members`` whose names match (every database)."""
        if any(term.words == () for term in self.terms):
            return members.none()  # a beginning of no name word
        if self.terms:
            members = members.alias(name_padded=Concat(Value(" "), "name_folded", Value(" ")))
        for term in self.terms:
            members = members.filter(term.condition())
        return members

    def indexable(self) -> bool:
        """Whether the token index can find the matches (some word is listed, and no
        typed beginning is one of no name word: then nobody matches)."""
        return all(term.words != () for term in self.terms) and any(
            term.words for term in self.terms
        )


class IndexedSearch:
    """Count and pages of a name search on PostgreSQL (see the module's docstring).

    ``members``: every filter but the name applied, in Vietnamese order; ``branches``: the
    province-level branches they lie in.
    """

    def __init__(self, members, query: NameQuery, branches: list[str], cap: int):
        self.query, self.branches, self.cap = query, branches, cap
        self.unnamed = members
        self.members = query.apply(members)  # for the ordered walk
        self._found: list[tuple[str, int]] | None = None

    def _tokens(self, places: str):
        """The members having, for every typed word, one of its words in ``places`` (the
        tokens are exact: only a word too common to list is matched by pattern)."""
        members = self.unnamed.alias(name_tokens=NameTokens("unit_path", "name_folded"))
        for term in self.query.terms:
            tokens = [token for place in places for token in term.tokens(self.branches, place)]
            if tokens:
                members = members.filter(name_tokens__overlap=tokens)
        rest = [term for term in self.query.terms if term.words is None]
        return NameQuery(tuple(rest)).apply(members) if rest else members

    def found(self) -> list[tuple[str, int]]:
        """(sort key, id) of up to ``cap + 1`` matches, in no order, from the token index."""
        if self._found is None:
            rows = self._tokens("=:").order_by().values_list("sort_key", "pk")
            with token_plan():
                self._found = list(rows[: self.cap + 1])
        return self._found

    def count(self) -> int:
        if self._others_estimate() > WALK_COUNT:
            # common among family and middle names: the ordered walk meets enough soon
            return self.members.values("pk")[: self.cap + 1].count()
        return len(self.found())

    def ids(self, start: int, stop: int) -> list[int]:
        if self._others_estimate() > INDEX_LIMIT:
            return list(self.members.values_list("pk", flat=True)[start:stop])
        found = self.found()
        if len(found) <= self.cap:
            return [pk for _key, pk in sorted(found)[start:stop]]
        # the members whose given name is a typed word: short ordered ranges …
        streams = [
            list(self.members.filter(term.given_condition()).values_list("sort_key", "pk")[:stop])
            for term in self.query.terms
        ]
        # … and those with every typed word among their other names: few, by the index
        others = self._tokens(":").order_by(Concat("sort_key", Value("")), "pk")
        with token_plan():
            streams.append(list(others.values_list("sort_key", "pk")[:stop]))
        ids = list(dict.fromkeys(pk for _key, pk in heapq.merge(*streams)))
        return ids[start:stop]

    def _others_estimate(self) -> float:
        """Estimated members with every typed word among their family and middle names
        (independent words, relative to the branches' sizes)."""
        stats = token_stats()
        if stats["floor"] is None:
            return 0.0
        share = sum(stats["branches"].get(branch, 0.0) for branch in self.branches)
        if share <= 0:
            return 0.0
        estimate = stats["rows"] * share
        for term in self.query.terms:
            if term.words is None:
                continue
            tokens = term.tokens(self.branches, ":")
            frequency = sum(stats["freq"].get(token, stats["floor"]) for token in tokens)
            estimate *= min(1.0, frequency / share)
        return estimate


_in_force: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("planner", default=())


@contextmanager
def planner(settings: dict[str, str]):
    """PostgreSQL's planner ``settings`` for the queries of the block (elsewhere nothing);
    after it, each is back to what an enclosing block set, or to its default."""
    outer = dict(_in_force.get())
    changed = {name: value for name, value in settings.items() if outer.get(name) != value}
    if connection.vendor != "postgresql" or not changed:
        yield
        return
    token = _in_force.set(tuple({**outer, **settings}.items()))
    restore = {name: outer.get(name) for name in changed}
    with connection.cursor() as cursor:
        _set(cursor, changed)
        try:
            yield
        except BaseException:
            _in_force.reset(token)
            # a failed query may have aborted the transaction, whose rollback undoes the
            # settings: the error to report is the query's
            with suppress(DatabaseError):
                _set(cursor, restore)
            raise
        _in_force.reset(token)
        _set(cursor, restore)


def _set(cursor, settings: dict[str, str | None]) -> None:
    """``SET`` (``None``: back to the default) in one statement; like any ``SET`` it is
    undone with the transaction it ran in, if that is rolled back."""
    cursor.execute(
        ";".join(
            f"SET {name} = {value}" if value is not None else f"SET {name} TO DEFAULT"
            for name, value in settings.items()
        )
    )


# An interactive list reads a page and a capped count: starting parallel workers (about
# 10 ms each on a small machine) or compiling the query costs more than such a query
# (measured: 13 ms of a 21 ms walk went to starting workers).
SERIAL = {"jit": "off", "max_parallel_workers_per_gather": "0"}

# Have PostgreSQL read the token index and the matching rows, nothing else. Its estimates
# treat a word's branch and the scope's path range as independent, though the word's
# token already names the branch, so it would add a scan of the whole branch's path index
# (tens of milliseconds) to skip table reads it does not need to skip, or walk the branch
# in order. So index walks are off and reading an index entry is costed ten times higher
# (only the small token index is read).
TOKENS = {
    **SERIAL,
    "enable_indexscan": "off",
    "enable_indexonlyscan": "off",
    "cpu_index_tuple_cost": "1",
}


def token_plan():
    """The planner reads the token index and the matching rows (``TOKENS``)."""
    return planner(TOKENS)


def serial_plan():
    """The planner starts no parallel workers and compiles nothing (``SERIAL``)."""
    return planner(SERIAL)


_stats: dict = {"at": -STATS_TTL, "freq": {}, "floor": None, "rows": 0.0, "branches": {}}


def token_stats() -> dict:
    """What PostgreSQL's statistics (refreshed by ANALYZE) say of member names: each
    token's share of members (``freq``; tokens not listed are rarer than ``floor``), each
    branch's share (``branches``) and the number of members (``rows``). Re-read every
    ``STATS_TTL`` seconds."""
    now = time.monotonic()
    if now - _stats["at"] < STATS_TTL:
        return _stats
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = 'member_name_tokens'"
        )
        tokens = cursor.fetchone() or (None, None)
        cursor.execute(
            "SELECT most_common_vals::text::text[], most_common_freqs FROM pg_stats_ext_exprs "
            "WHERE statistics_name = 'member_branch'"
        )
        branches = cursor.fetchone() or (None, None)
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'members_member'")
        rows = cursor.fetchone()
    elements, freqs = tokens
    _stats.update(
        at=now,
        freq=dict(zip(elements or [], freqs or [], strict=False)),
        # after the frequencies come the minimum, the maximum and the share of nulls
        floor=freqs[-3] if freqs else None,
        branches=dict(zip(branches[0] or [], branches[1] or [], strict=False)),
        rows=max(float(rows[0]) if rows else 0.0, 0.0),
    )
    return _stats
