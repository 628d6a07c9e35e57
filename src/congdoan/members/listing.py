"""Member lists that stay fast at national scale: counts, pages and name search.

A province holds hundreds of thousands of members, the country twelve million, so a
list page must neither count its rows nor walk them to reach page 7,000:

- **Count.** Without a search or a filter the member figures kept per unit
  (``UnitMemberCount``) give the exact count as a sum over units. With one, the count
  stops at ``COUNT_CAP`` and the page says "more than …".
- **Page.** The page's keys come from an index that holds the branch (province), the
  Vietnamese sort key and the id (``member_branch_order``), then its 50 rows are read by
  key.
- **Name search** on PostgreSQL has two passes. A common name part ("thị", "văn") is
  found early in Vietnamese order, so the first pass walks the scope in that order,
  looking at no more than ``ORDERED_BUDGET`` index entries. Otherwise the second pass
  collects every match of the scope and sorts them. (A trigram index does not help
  here: every trigram of a Vietnamese name is common, and on 12 million synthetic
  members its scan alone took 200–260 ms in one province, more than walking the
  province's index.)

Everything else (SQLite, identity numbers, phone and card numbers) is a plain query.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Sum

from congdoan.core.scoping import scope_condition
from congdoan.core.vntext import fold
from congdoan.organizations.models import Unit

from .filters import MemberFilters, filter_members
from .models import Member, MemberQuerySet, MemberStatus, UnitMemberCount

COUNT_CAP = 1000
ORDERED_BUDGET = 20_000
# Filters the per-unit figures can answer exactly.
COUNTED_FILTERS = {"unit", "subtree", "gender"}


class MemberListing:
    """The members a user's filters select, in Vietnamese order, sliceable by page.

    Quacks like a queryset for ``Paginator`` and the API's pagination: ``count()``,
    ``all()`` and slicing give the total (exact, or capped with ``capped`` set) and the
    rows of one page.
    """

    def __init__(self, user, filters: MemberFilters, members: MemberQuerySet | None = None):
        self.user = user
        self.filters = filters
        base = members if members is not None else Member.objects.visible_to(user)
        self.text = (filters.q or "").strip()
        self.name = "" if _is_number_search(self.text) else fold(self.text)
        # Rows before the name condition (the search passes add it themselves).
        self.rows = filter_members(base, user, filters.model_copy(update={"q": None}))
        if self.text and not self.name:
            self.rows = self.rows.search(self.text)
        self.capped = False
        self._count: int | None = None

    # --- what Paginator and ninja's pagination call ---------------------------------

    def all(self) -> MemberListing:
        return self

    def count(self) -> int:
        if self._count is None:
            self._count = self._figures_count()
            if self._count is None:
                self._count = self._bounded_count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        offset = key.start or 0
        limit = (key.stop if key.stop is not None else offset + COUNT_CAP) - offset
        if limit <= 0:
            return []
        ids = self._page_ids(offset, limit)
        found = Member.objects.select_related("unit").in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    # --- counting ---------------------------------------------------------------------

    def _figures_count(self) -> int | None:
        """The exact count from per-unit figures, when no condition needs member rows."""
        given = {name for name, value in self.filters.model_dump().items() if value}
        if self.text or (given - COUNTED_FILTERS - {"status"}):
            return None
        if (self.filters.status or MemberStatus.ACTIVE) != MemberStatus.ACTIVE:
            return None
        figures = UnitMemberCount.objects.all()
        condition = scope_condition(self.user, "unit__path")
        if condition is not None:
            figures = figures.filter(condition)
        if self.filters.unit is not None:
            figures = figures.filter(unit_id=self.filters.unit)
        if self.filters.subtree is not None:
            root = Unit.objects.visible_to(self.user).filter(pk=self.filters.subtree).first()
            if root is None:
                return 0
            figures = figures.filter(unit__path__startswith=root.path)
        totals = figures.aggregate(members=Sum("members"), female=Sum("female"))
        members, female = totals["members"] or 0, totals["female"] or 0
        if self.filters.gender == "female":
            return female
        if self.filters.gender == "male":
            return members - female
        if self.filters.gender:
            return 0
        return members

    def _bounded_count(self) -> int:
        rows = self._named_rows()
        if connection.vendor == "postgresql" and self.name and not _is_empty(rows):
            sql, params = rows.values("pk").query.sql_with_params()
            found = _fetch_column(
                f"WITH m AS MATERIALIZED ({sql}) SELECT count(*) FROM "
                f"(SELECT 1 FROM m LIMIT {COUNT_CAP + 1}) t",
                params,
            )[0]
        else:
            found = rows.values("pk")[: COUNT_CAP + 1].count()
        self.capped = found > COUNT_CAP
        return min(found, COUNT_CAP)

    # --- one page ---------------------------------------------------------------------

    def _named_rows(self) -> MemberQuerySet:
        if not self.name:
            return self.rows
        return self.rows.filter(name_folded__contains=self.name)

    def _page_ids(self, offset: int, limit: int) -> list[int]:
        if connection.vendor == "postgresql" and self.name and not _is_empty(self.rows):
            found = self._ordered_pass(offset, limit)
            if found is not None:
                return found
            return self._complete_pass(offset, limit)
        ordered = self._named_rows().order_by("sort_key", "id")
        return list(ordered.values_list("pk", flat=True)[offset : offset + limit])

    def _ordered_pass(self, offset: int, limit: int) -> list[int] | None:
        """The page from the first ``ORDERED_BUDGET`` members in order, or ``None``
        when they hold too few matches to tell."""
        budget = ORDERED_BUDGET
        inner = self.rows.order_by("sort_key", "id").values_list("id", "name_folded", "sort_key")
        inner = inner[:budget]
        sql, params = inner.query.sql_with_params()
        found = _fetch_column(
            f"SELECT t.id FROM ({sql}) t WHERE t.name_folded LIKE %s "
            "ORDER BY t.sort_key, t.id LIMIT %s OFFSET %s",
            [*params, _like(self.name), limit, offset],
        )
        if len(found) == limit:
            return found
        # A short page is the whole answer only if the walk reached the scope's end.
        scanned = _fetch_column(f"SELECT count(*) FROM ({sql}) t", params)[0]
        return found if scanned < budget else None

    def _complete_pass(self, offset: int, limit: int) -> list[int]:
        """The page from every match of the scope, collected and then sorted."""
        sql, params = self._named_rows().values("id", "sort_key").query.sql_with_params()
        return _fetch_column(
            f"WITH m AS MATERIALIZED ({sql}) SELECT id FROM m ORDER BY sort_key, id "
            "LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )


def _is_empty(rows: MemberQuerySet) -> bool:
    """Whether the query can match nothing at all (``none()``, an empty scope): raw SQL
    cannot be built for it, and the plain query answers it without the database."""
    try:
        rows.query.sql_with_params()
    except EmptyResultSet:
        return True
    return False


def _is_number_search(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _fetch_column(sql: str, params) -> list:
    return [row[0] for row in _fetch(sql, params)]
