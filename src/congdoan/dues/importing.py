"""The payroll sheet the accountant already keeps, read into a month's dues sheet with
the members import's machinery (the same sheet reader, header names, dates and identity
numbers): each row matched to a member on the sheet by identity number, or by name and
birth date, and its salary read. Every problem names its row and column; with any
problem nothing is changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from congdoan.core.sheets import cell_int
from congdoan.members.matching import Listed, read_people

from .services import MAX_SALARY

SALARY_ALIASES = [
    "Lương đóng BHXH",
    "Tiền lương đóng BHXH",
    "Lương BHXH",
    "Lương làm căn cứ đóng BHXH",
    "Tiền lương",
    "Lương",
    "Thực lĩnh",
    "Lương thực lĩnh",
    "Thu nhập",
]


@dataclass
class Payroll:
    bases: dict[int, int] = field(default_factory=dict)  # member id → salary
    problems: list[dict] = field(default_factory=list)
    rows: int = 0


def read_payroll(data: bytes, filename: str, sheet) -> Payroll:
    """The salaries the payroll gives the members on ``sheet``."""
    on_sheet = Listed(
        sheet.lines.values_list(
            "member_id",
            "member__id_number",
            "member__name_folded",
            "member__birth_date",
            "member__full_name",
        ),
        no_number=_("No member on this month's sheet holds the number %(number)s."),
        no_name=_("%(name)s, born %(day)s: no member on this month's sheet matches."),
    )
    read = read_people(
        data,
        filename,
        on_sheet,
        columns={"salary": SALARY_ALIASES},
        required=("full_name", "salary"),
    )
    result = Payroll(problems=read.problems, rows=read.read)
    for row in read.rows:
        try:
            salary = cell_int(row.cell("salary"))
        except ValueError:
            read.problem(row.number, "salary", _("The salary is not a whole number of đồng."))
            continue
        if salary is None or not 0 <= salary <= MAX_SALARY:
            read.problem(
                row.number, "salary", _("A monthly salary between 0 and 2.000.000.000 đồng.")
            )
            continue
        result.bases[row.member_id] = salary
    read.problems.sort(key=lambda problem: problem["row"])
    if not result.bases and not result.problems:
        read.problem(0, "", _("The sheet names nobody."))
    return result


def apply_payroll(*, actor, sheet, data: bytes, filename: str, version: int, save: bool):
    """Read the payroll; with ``save`` and no problem, set the salaries it gives (the
    dues follow). A preview (``save`` false) or any problem changes nothing."""
    from .services import LineChange, _require_books, change_lines

    _require_books(actor, sheet.unit)
    payroll = read_payroll(data, filename, sheet)
    if payroll.problems or not save:
        return payroll, sheet
    changes = {pk: LineChange(base=base, set_base=True) for pk, base in payroll.bases.items()}
    return payroll, change_lines(actor=actor, sheet=sheet, changes=changes, version=version)
