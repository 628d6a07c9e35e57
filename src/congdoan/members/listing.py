"""Member lists that stay fast at national scale: counts and pages.

A province holds hundreds of thousands of members, the country twelve million, so a
list page must neither count its rows nor walk them needlessly:

- **Count.** Without a search or a condition on member rows, the member figures kept
  per unit (``UnitMemberCount``) give the exact count as a sum over units. Otherwise the
  count stops at ``COUNT_CAP`` and the page says "more than …".
- **Page.** Members carry their union's path, and a scope inside one province names
  that branch, so PostgreSQL reads a page by walking the branch's members in Vietnamese
  order in one index (``member_branch_order``), stopping at the page's end; a page in
  the back half of an exactly counted list is read from the end. The page's keys come
  first, then its rows by key.
- **Name search** on PostgreSQL counts and pages through ``search.IndexedSearch``.

A trigram index was tried for name search and dropped: every trigram of a Vietnamese
name is common, and on 12 million synthetic members its scan alone took 200–260 ms in
one province, more than the ordered walk.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Sum

from .filters import MemberFilters, filter_members, search_branches, visible_unit
from .models import Member, MemberQuerySet, MemberStatus, UnitMemberCount, is_name
from .search import IndexedSearch, NameQuery, serial_plan

COUNT_CAP = 1000
# Filters the per-unit figures can answer exactly.
COUNTED_FILTERS = {"unit", "subtree", "gender", "status"}


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
        self.rows = filter_members(base, user, filters.model_copy(update={"q": None}))
        self.indexed: IndexedSearch | None = None
        if filters.q and is_name(filters.q):
            query = NameQuery.parse(filters.q)
            if connection.vendor == "postgresql" and query.indexable():
                branches = search_branches(user, filters)
                if branches:
                    self.indexed = IndexedSearch(self.rows, query, branches, COUNT_CAP)
            self.rows = query.apply(self.rows)
        elif filters.q:
            self.rows = self.rows.search(filters.q)
        self.capped = False
        self._count: int | None = None
        self._from_figures = False

    def all(self) -> MemberListing:
        return self

    def count(self) -> int:
        if self._count is None:
            self._count = self._figures_count()
            self._from_figures = self._count is not None
            if self._count is None:
                with serial_plan():
                    if self.indexed is not None:
                        found = self.indexed.count()
                    else:
                        found = self.rows.values("pk")[: COUNT_CAP + 1].count()
                self.capped = found > COUNT_CAP
                self._count = min(found, COUNT_CAP)
        return self._count

    @property
    def _exact(self) -> bool:
        """Whether the count is known and exact (from the figures)."""
        return self._count is not None and self._from_figures

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start = key.start or 0
        stop = key.stop if key.stop is not None else start + 50
        with serial_plan():
            ids = self._ids(start, stop)
        found = Member.objects.select_related("unit").in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def _ids(self, start: int, stop: int) -> list[int]:
        if self.indexed is not None:
            return self.indexed.ids(start, stop)
        if self._exact and start > self._count // 2:
            # the back half is read from the end: no page walks past half the list
            total = self._count
            backwards = self.rows.reverse().values_list("pk", flat=True)
            return list(backwards[max(total - stop, 0) : max(total - start, 0)])[::-1]
        return list(self.rows.values_list("pk", flat=True)[start:stop])

    def _figures_count(self) -> int | None:
        """The exact count from per-unit figures, when no condition needs member rows."""
        given = {name for name, value in self.filters.model_dump().items() if value}
        if given - COUNTED_FILTERS:
            return None
        if (self.filters.status or MemberStatus.ACTIVE) != MemberStatus.ACTIVE:
            return None
        figures = UnitMemberCount.objects.visible_to(self.user)
        if self.filters.unit is not None:
            figures = figures.filter(unit_id=self.filters.unit)
        if self.filters.subtree is not None:
            root = visible_unit(self.user, self.filters.subtree)
            if root is None:
                return 0
            figures = figures.filter(unit__path__startswith=root.path)
        totals = figures.aggregate(members=Sum("members"), female=Sum("female"))
        members, female = totals["members"] or 0, totals["female"] or 0
        return {"": members, "female": female, "male": members - female}.get(
            self.filters.gender or "", 0
        )
