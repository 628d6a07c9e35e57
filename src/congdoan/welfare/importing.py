"""A list of people for one care occasion, as officers keep it in Excel (the Tết gift
list, the 8/3 list): read with the members import's machinery (the same sheet reader,
header names, dates and identity numbers), each row matched to a member of the union
by identity number, or by name and birth date. Every problem names its row and column;
with any problem nothing is recorded."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from congdoan.core.sheets import SheetError, cell_int, cell_text, find_header, read_rows
from congdoan.core.vntext import fold, tidy_name
from congdoan.members.columns import ALIASES
from congdoan.members.importing import parse_date
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

AMOUNT_ALIASES = ["Số tiền", "Thành tiền", "Mức chi", "Số tiền (đồng)", "Tiền"]


def _holders(members, body: list[list], column: int | None) -> dict[str, Member]:
    """The union's active members holding the list's identity numbers, a few thousand
    numbers a query."""
    if column is None:
        return {}
    cells = (row[column] for row in body if column < len(row))
    numbers = sorted({"".join(cell_text(value).split()).upper() for value in cells} - {""})
    found: dict[str, Member] = {}
    for start in range(0, len(numbers), 5000):
        for member in members.holding(numbers[start : start + 5000]):
            found[member.id_number] = member
    return found


@dataclass
class CareList:
    members: list[Member] = field(default_factory=list)
    amounts: dict[int, int] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append({"row": row, "column": column, "message": message})


def read_care_list(data: bytes, filename: str, unit: Unit) -> CareList:
    """The members the list names, with an amount each where the list gives one."""
    result = CareList()
    try:
        rows, _height = read_rows(data, filename)
        table = list(rows)
        aliases = {name: ALIASES[name] for name in ("full_name", "birth_date", "id_number")}
        aliases["amount"] = AMOUNT_ALIASES
        header = find_header(table, aliases, required=["full_name"])
    except SheetError as exc:
        result.problem(0, "", str(exc))
        return result
    labels = {**{name: names[0] for name, names in aliases.items()}, **header.labels}
    members = Member.objects.in_subtree(unit).active()
    body = table[header.row_index + 1 :]
    by_number = _holders(members, body, header.columns.get("id_number"))
    seen: dict[int, int] = {}
    for index, raw in enumerate(body, start=header.row_index + 2):

        def cell(name: str, raw=raw):
            position = header.columns.get(name)
            return raw[position] if position is not None and position < len(raw) else None

        name = tidy_name(cell_text(cell("full_name")))
        number = "".join(cell_text(cell("id_number")).split()).upper()
        if not name and not number:
            continue  # a blank row or a total line
        member = None
        if number:
            member = by_number.get(number)
            if member is None:
                result.problem(
                    index,
                    labels["id_number"],
                    _("No active member of %(unit)s holds the number %(number)s.")
                    % {"unit": unit.display_name, "number": number},
                )
                continue
        else:
            try:
                birth, _precision = parse_date(cell("birth_date"), allow_year=True)
            except (ValueError, TypeError):
                result.problem(index, labels["birth_date"], _("This is not a date."))
                continue
            if birth is None:
                result.problem(
                    index,
                    labels["id_number"],
                    _("Give the identity number, or the birth date with the name."),
                )
                continue
            found = list(members.filter(name_folded=fold(name), birth_date=birth)[:2])
            if len(found) != 1:
                result.problem(
                    index,
                    labels["full_name"],
                    _("%(name)s, born %(day)s: no member of %(unit)s matches.")
                    % {"name": name, "day": f"{birth:%d/%m/%Y}", "unit": unit.display_name}
                    if not found
                    else _("%(name)s, born %(day)s: two members match; give the CCCD.")
                    % {"name": name, "day": f"{birth:%d/%m/%Y}"},
                )
                continue
            member = found[0]
        if member.pk in seen:
            result.problem(
                index,
                labels["full_name"],
                _("%(name)s is already on row %(row)s.")
                % {"name": member.full_name, "row": seen[member.pk]},
            )
            continue
        seen[member.pk] = index
        if "amount" in header.columns and cell("amount") not in (None, ""):
            try:
                amount = cell_int(cell("amount"))
            except ValueError:
                result.problem(index, labels["amount"], _("The amount is not a whole number."))
                continue
            if amount is None or not 0 <= amount <= 10**12:
                result.problem(index, labels["amount"], _("The amount is out of range."))
                continue
            result.amounts[member.pk] = amount
        result.members.append(member)
    if not result.members and not result.problems:
        result.problem(0, "", _("The list names nobody."))
    return result
