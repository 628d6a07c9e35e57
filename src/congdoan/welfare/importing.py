"""A list of people for one care occasion, as officers keep it in Excel (the Tết gift
list, the 8/3 list): read with the members import's machinery (the same sheet reader,
header names, dates and identity numbers), each row matched to a member of the union
by identity number, or by name and birth date. Every problem names its row and column;
with any problem nothing is recorded."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from congdoan.core.sheets import cell_int
from congdoan.members.matching import Members, read_people
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

AMOUNT_ALIASES = ["Số tiền", "Thành tiền", "Mức chi", "Số tiền (đồng)", "Tiền"]


@dataclass
class CareList:
    members: list[Member] = field(default_factory=list)
    amounts: dict[int, int] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)


def read_care_list(data: bytes, filename: str, unit: Unit) -> CareList:
    """The members the list names, with an amount each where the list gives one."""
    members = Member.objects.in_subtree(unit).active()
    read = read_people(
        data, filename, Members(members, unit.display_name), columns={"amount": AMOUNT_ALIASES}
    )
    result = CareList(problems=read.problems)
    for row in read.rows:
        if row.cell("amount") in (None, ""):
            continue
        try:
            amount = cell_int(row.cell("amount"))
        except ValueError:
            read.problem(row.number, "amount", _("The amount is not a whole number."))
            continue
        if amount is None or not 0 <= amount <= 10**12:
            read.problem(row.number, "amount", _("The amount is out of range."))
            continue
        result.amounts[row.member_id] = amount
    if read.problems:
        read.problems.sort(key=lambda problem: problem["row"])
    elif not read.rows:
        read.problem(0, "", _("The list names nobody."))
    else:
        found = Member.objects.in_bulk([row.member_id for row in read.rows])
        result.members = [found[row.member_id] for row in read.rows]
    return result
