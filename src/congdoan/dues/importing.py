"""The payroll sheet the accountant already keeps, read into a month's dues sheet with
the members import's machinery (the same sheet reader, header names, dates and identity
numbers): each row matched to a member on the sheet by identity number, or by name and
birth date, and its salary read. Every problem names its row and column; with any
problem nothing is changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from congdoan.core.sheets import SheetError, cell_int, cell_text, find_header, read_rows
from congdoan.core.vntext import fold, tidy_name
from congdoan.members.columns import ALIASES
from congdoan.members.importing import parse_date

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

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append({"row": row, "column": column, "message": message})


def read_payroll(data: bytes, filename: str, sheet) -> Payroll:
    """The salaries the payroll gives the members on ``sheet``."""
    result = Payroll()
    try:
        rows, _height = read_rows(data, filename)
        table = list(rows)
        aliases = {name: ALIASES[name] for name in ("full_name", "birth_date", "id_number")}
        aliases["salary"] = SALARY_ALIASES
        header = find_header(table, aliases, required=["full_name", "salary"])
    except SheetError as exc:
        result.problem(0, "", str(exc))
        return result
    labels = {**{name: names[0] for name, names in aliases.items()}, **header.labels}
    on_sheet = list(
        sheet.lines.select_related("member").values_list(
            "member_id",
            "member__id_number",
            "member__name_folded",
            "member__birth_date",
            "member__full_name",
        )
    )
    by_number = {number: pk for pk, number, *_rest in on_sheet if number}
    by_name: dict[tuple, list[int]] = {}
    for pk, _number, folded, birth, _name in on_sheet:
        by_name.setdefault((folded, birth), []).append(pk)
    names = {pk: name for pk, *_rest, name in on_sheet}
    seen: dict[int, int] = {}
    for index, raw in enumerate(table[header.row_index + 1 :], start=header.row_index + 2):

        def cell(name: str, raw=raw):
            position = header.columns.get(name)
            return raw[position] if position is not None and position < len(raw) else None

        name = tidy_name(cell_text(cell("full_name")))
        number = "".join(cell_text(cell("id_number")).split()).upper()
        if not name and not number:
            continue  # a blank row or a total line
        result.rows += 1
        if number:
            member_id = by_number.get(number)
            if member_id is None:
                result.problem(
                    index,
                    labels["id_number"],
                    _("No member on this month's sheet holds the number %(number)s.")
                    % {"number": number},
                )
                continue
        else:
            try:
                birth, _precision = parse_date(cell("birth_date"), allow_year=True)
            except (ValueError, TypeError):
                result.problem(index, labels["birth_date"], _("This is not a date."))
                continue
            found = by_name.get((fold(name), birth), []) if birth else []
            if birth is None:
                result.problem(
                    index,
                    labels["id_number"],
                    _("Give the identity number, or the birth date with the name."),
                )
                continue
            if len(found) != 1:
                result.problem(
                    index,
                    labels["full_name"],
                    (
                        _("%(name)s, born %(day)s: no member on this month's sheet matches.")
                        if not found
                        else _("%(name)s, born %(day)s: two members match; give the CCCD.")
                    )
                    % {"name": name, "day": f"{birth:%d/%m/%Y}"},
                )
                continue
            member_id = found[0]
        if member_id in seen:
            result.problem(
                index,
                labels["full_name"],
                _("%(name)s is already on row %(row)s.")
                % {"name": names[member_id], "row": seen[member_id]},
            )
            continue
        seen[member_id] = index
        try:
            salary = cell_int(cell("salary"))
        except ValueError:
            result.problem(index, labels["salary"], _("The salary is not a whole number of đồng."))
            continue
        if salary is None or not 0 <= salary <= MAX_SALARY:
            result.problem(
                index,
                labels["salary"],
                _("A monthly salary between 0 and 2.000.000.000 đồng."),
            )
            continue
        result.bases[member_id] = salary
    if not result.bases and not result.problems:
        result.problem(0, "", _("The sheet names nobody."))
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
