"""Lists of people officers already keep in Excel (a payroll, the Tết gift list) read
with the members import's machinery — the same sheet reader, header names, dates and
identity numbers — and each row matched to one member: by identity number, or by name
and birth date. A row naming nobody, two members or a member a row above already named
is a problem naming its row and column; the caller reads its own columns from the rows
that match."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from django.utils.translation import gettext as _

from congdoan.core.sheets import SheetError, cell_text, find_header, read_rows
from congdoan.core.vntext import fold, tidy_name

from .columns import ALIASES
from .importing import parse_date
from .models import MemberQuerySet

PERSON = ("full_name", "birth_date", "id_number")


@dataclass
class Row:
    """A row that names one member: its number on the sheet and its cells by field."""

    number: int
    member_id: int
    member_name: str
    cell: Callable[[str], object]


@dataclass
class PeopleList:
    rows: list[Row] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # field → the sheet's header
    read: int = 0  # rows naming someone, matched or not

    def problem(self, row: int, field_name: str, message: str) -> None:
        column = self.labels.get(field_name, "") if field_name else ""
        self.problems.append({"row": row, "column": column, "message": message})


class Roster(Protocol):
    """The members a list may name, and how to say that a row names none of them."""

    def holders(self, numbers: list[str]) -> dict[str, tuple[int, str]]:
        """Member id and name by identity number, for these numbers."""

    def named(self, folded: str, birth: date) -> list[tuple[int, str]]:
        """Members (id, name) with this folded name and birth date; two are enough."""

    def no_number(self, number: str) -> str: ...

    def no_name(self, name: str, day: str) -> str: ...


class Members:
    """Members of a query (a union's active members): numbers looked up a few thousand
    at a time, names one row at a time."""

    def __init__(self, members: MemberQuerySet, where: str):
        self.members, self.where = members, where

    def holders(self, numbers):
        found = {}
        for start in range(0, len(numbers), 5000):
            for pk, number, name in self.members.holding(numbers[start : start + 5000]).values_list(
                "pk", "id_number", "full_name"
            ):
                found[number] = (pk, name)
        return found

    def named(self, folded, birth):
        return list(
            self.members.filter(name_folded=folded, birth_date=birth).values_list(
                "pk", "full_name"
            )[:2]
        )

    def no_number(self, number):
        return _("No active member of %(unit)s holds the number %(number)s.") % {
            "unit": self.where,
            "number": number,
        }

    def no_name(self, name, day):
        return _("%(name)s, born %(day)s: no member of %(unit)s matches.") % {
            "name": name,
            "day": day,
            "unit": self.where,
        }


class Listed:
    """Members already listed somewhere (the lines of a month's dues sheet), read once:
    (id, identity number, folded name, birth date, name) each."""

    def __init__(self, members: Iterable[tuple], no_number: str, no_name: str):
        self.by_number, self.by_name = {}, {}
        for pk, number, folded, birth, name in members:
            if number:
                self.by_number[number] = (pk, name)
            self.by_name.setdefault((folded, birth), []).append((pk, name))
        self._no_number, self._no_name = no_number, no_name

    def holders(self, numbers):
        return {n: self.by_number[n] for n in numbers if n in self.by_number}

    def named(self, folded, birth):
        return self.by_name.get((folded, birth), [])[:2]

    def no_number(self, number):
        return self._no_number % {"number": number}

    def no_name(self, name, day):
        return self._no_name % {"name": name, "day": day}


def _number(value) -> str:
    return "".join(cell_text(value).split()).upper()


def read_people(
    data: bytes,
    filename: str,
    roster: Roster,
    *,
    columns: dict[str, list[str]],
    required: tuple[str, ...] = ("full_name",),
) -> PeopleList:
    """The rows of the list that each name one member of ``roster``, with the problems of
    those that do not. ``columns`` are the caller's own fields and their header names."""
    result = PeopleList()
    aliases = {name: ALIASES[name] for name in PERSON} | columns
    try:
        rows, _height = read_rows(data, filename)
        table = list(rows)
        header = find_header(table, aliases, required=list(required))
    except SheetError as exc:
        result.problem(0, "", str(exc))
        return result
    result.labels = {**{name: names[0] for name, names in aliases.items()}, **header.labels}
    body = table[header.row_index + 1 :]
    position = header.columns.get("id_number")
    numbers = (
        sorted({_number(row[position]) for row in body if position < len(row)} - {""})
        if position is not None
        else []
    )
    holders = roster.holders(numbers)
    seen: dict[int, int] = {}
    for index, raw in enumerate(body, start=header.row_index + 2):

        def cell(name: str, raw=raw):
            at = header.columns.get(name)
            return raw[at] if at is not None and at < len(raw) else None

        name = tidy_name(cell_text(cell("full_name")))
        number = _number(cell("id_number"))
        if not name and not number:
            continue  # a blank row or a total line
        result.read += 1
        if number:
            found = [holders[number]] if number in holders else []
            if not found:
                result.problem(index, "id_number", roster.no_number(number))
                continue
        else:
            try:
                birth, _precision = parse_date(cell("birth_date"), allow_year=True)
            except (ValueError, TypeError):
                result.problem(index, "birth_date", _("This is not a date."))
                continue
            if birth is None:
                result.problem(
                    index,
                    "id_number",
                    _("Give the identity number, or the birth date with the name."),
                )
                continue
            found = roster.named(fold(name), birth)
            if len(found) != 1:
                day = f"{birth:%d/%m/%Y}"
                result.problem(
                    index,
                    "full_name",
                    roster.no_name(name, day)
                    if not found
                    else _("%(name)s, born %(day)s: two members match; give the CCCD.")
                    % {"name": name, "day": day},
                )
                continue
        member_id, member_name = found[0]
        if member_id in seen:
            result.problem(
                index,
                "full_name",
                _("%(name)s is already on row %(row)s.")
                % {"name": member_name, "row": seen[member_id]},
            )
            continue
        seen[member_id] = index
        result.rows.append(Row(index, member_id, member_name, cell))
    return result
