"""Unit import from a spreadsheet: read, check every row, then apply all or nothing.

``check_units_file`` returns a plan and the problems (row, column, message); only a
plan without problems may be applied, through ``services.import_units``. Importing
the same file twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from congdoan.core.scoping import covers
from congdoan.core.sheets import SheetError, cell_int, cell_text, find_header, read_table
from congdoan.core.vntext import fold

from .models import Province, Sector, Unit, UnitKind, code_validator

ALIASES = {
    "code": ["Mã đơn vị", "Mã", "Mã ĐV", "Mã CĐ", "Code"],
    "name": ["Tên đơn vị", "Tên", "Tên công đoàn", "Tên CĐ", "Name"],
    "short_name": ["Tên viết tắt", "Tên tắt", "Short name"],
    "kind": ["Loại đơn vị", "Loại", "Loại hình tổ chức", "Cấp", "Kind"],
    "parent": [
        "Mã cấp trên",
        "Mã đơn vị cấp trên",
        "Mã CĐ cấp trên",
        "Cấp trên",
        "Parent code",
        "Parent",
    ],
    "province": ["Tỉnh/Thành phố", "Tỉnh", "Tỉnh thành", "Province"],
    "sector": ["Khu vực", "Loại hình", "Sector"],
    "workers": ["Số lao động", "Số LĐ", "Lao động", "Tổng số lao động", "Workers"],
}
REQUIRED = ["code", "name", "kind", "parent"]
COLUMN_ORDER = ["code", "name", "short_name", "kind", "parent", "province", "sector", "workers"]

SECTOR_WORDS = {
    "hcsn": Sector.PUBLIC_SERVICE,
    "hanh chinh su nghiep": Sector.PUBLIC_SERVICE,
    "dnnn": Sector.STATE_ENTERPRISE,
    "doanh nghiep nha nuoc": Sector.STATE_ENTERPRISE,
    "ngoai nha nuoc": Sector.PRIVATE_ENTERPRISE,
    "nnn": Sector.PRIVATE_ENTERPRISE,
    "doanh nghiep ngoai nha nuoc": Sector.PRIVATE_ENTERPRISE,
    "fdi": Sector.FDI,
    "doanh nghiep fdi": Sector.FDI,
    "von dau tu nuoc ngoai": Sector.FDI,
    "khac": Sector.OTHER,
}


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    short_name: str
    kind: UnitKind
    parent_code: str
    province: Province | None
    sector: str
    workers: int | None
    existing: Unit | None = None
    changes: dict = field(default_factory=dict)


@dataclass
class UnitPlan:
    create: list[UnitRow] = field(default_factory=list)  # parents before children
    update: list[UnitRow] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Lookups:
    def __init__(self):
        self.kinds = {}
        for kind in UnitKind.objects.all():
            self.kinds[kind.code.lower()] = kind
            self.kinds[fold(kind.name)] = kind
        self.provinces = {}
        for province in Province.objects.all():
            self.provinces[province.code] = province
            self.provinces[province.code.lstrip("0")] = province
            self.provinces[province.name_folded] = province
            for prefix in ("tinh ", "thanh pho ", "tp ", "tp. "):
                self.provinces[prefix + province.name_folded] = province
        self.sectors = dict(SECTOR_WORDS)
        for value, label in Sector.choices:
            self.sectors[value] = value
            self.sectors[fold(str(label))] = value


def check_units_file(data: bytes, filename: str, actor) -> UnitPlan:
    """Read and check a unit file for ``actor``; nothing is written."""
    plan = UnitPlan()
    try:
        table = read_table(data, filename)
        header = find_header(table, ALIASES, REQUIRED)
    except SheetError as exc:
        plan.problems.append(Problem(0, _("file"), str(exc)))
        return plan
    lookups = _Lookups()
    label = {name: header.labels.get(name, ALIASES[name][0]) for name in ALIASES}
    rows: list[UnitRow] = []
    seen: dict[str, int] = {}
    for index in range(header.row_index + 1, len(table)):
        raw = table[index]
        number = index + 1

        def cell(name, raw=raw):
            position = header.columns.get(name)
            return raw[position] if position is not None and position < len(raw) else None

        if not any(cell_text(value) for value in raw):
            continue
        problems_before = len(plan.problems)

        def problem(name, message, number=number):
            plan.problems.append(Problem(number, label[name], message))

        code = cell_text(cell("code"))
        name = cell_text(cell("name"))
        if not code:
            problem("code", _("the unit code is missing."))
        else:
            try:
                code_validator(code)
            except Exception:
                problem(
                    "code",
                    _("the code %(code)s may hold only letters, digits, dot, dash or underscore.")
                    % {"code": code},
                )
            if code.lower() in seen:
                problem(
                    "code",
                    _("the code %(code)s is also on row %(other)s.")
                    % {"code": code, "other": seen[code.lower()]},
                )
            seen[code.lower()] = number
        if not name:
            problem("name", _("the unit name is missing."))
        kind_text = cell_text(cell("kind"))
        kind = lookups.kinds.get(fold(kind_text)) or lookups.kinds.get(kind_text.lower())
        if kind is None:
            problem(
                "kind",
                _("unknown unit kind “%(kind)s”.") % {"kind": kind_text}
                if kind_text
                else _("the unit kind is missing."),
            )
        province_text = cell_text(cell("province"))
        province = None
        if province_text:
            province = lookups.provinces.get(fold(province_text)) or lookups.provinces.get(
                province_text.lstrip("0")
            )
            if province is None:
                problem("province", _("unknown province “%(name)s”.") % {"name": province_text})
        sector_text = cell_text(cell("sector"))
        sector = ""
        if sector_text:
            sector = lookups.sectors.get(fold(sector_text), "")
            if not sector:
                problem("sector", _("unknown sector “%(name)s”.") % {"name": sector_text})
        workers = None
        try:
            workers = cell_int(cell("workers"))
        except ValueError:
            problem(
                "workers",
                _("“%(value)s” is not a whole number.") % {"value": cell_text(cell("workers"))},
            )
        if len(plan.problems) == problems_before:
            rows.append(
                UnitRow(
                    number,
                    code,
                    name,
                    cell_text(cell("short_name")),
                    kind,
                    cell_text(cell("parent")),
                    province,
                    sector,
                    workers,
                )
            )
    _resolve(rows, plan, actor, label, set(seen))
    return plan


def _resolve(
    rows: list[UnitRow], plan: UnitPlan, actor, label: dict[str, str], file_codes: set[str]
) -> None:
    """Match rows to existing units, check parents and scope, and order the creations."""
    codes = [row.code for row in rows] + [row.parent_code for row in rows if row.parent_code]
    existing = {
        u.code.lower(): u
        for u in Unit.objects.select_related("kind", "parent", "province").filter(code__in=codes)
    }
    for row in rows:
        unit = existing.get(row.code.lower())
        if unit is None:
            continue
        if not covers(actor, unit.path, "officer"):
            plan.problems.append(
                Problem(
                    row.row,
                    label["code"],
                    _("the code %(code)s belongs to a unit outside your scope.")
                    % {"code": row.code},
                )
            )
            continue
        if not unit.is_active:
            plan.problems.append(
                Problem(
                    row.row,
                    label["code"],
                    _("%(unit)s is closed and cannot be changed.") % {"unit": unit.name},
                )
            )
            continue
        row.existing = unit
        current_parent = unit.parent.code if unit.parent else ""
        if row.parent_code.lower() != current_parent.lower():
            plan.problems.append(
                Problem(
                    row.row,
                    label["parent"],
                    _(
                        "%(unit)s is managed by %(current)s; change the managing unit with a move, "
                        "not an import."
                    )
                    % {"unit": unit.name, "current": current_parent or "—"},
                )
            )
            continue
        if row.kind.pk != unit.kind_id:
            plan.problems.append(
                Problem(
                    row.row,
                    label["kind"],
                    _("%(unit)s is a %(kind)s; its kind cannot change by import.")
                    % {"unit": unit.name, "kind": unit.kind.name},
                )
            )
            continue
        wanted = {
            "name": row.name,
            "short_name": row.short_name or unit.short_name,
            "province": row.province or unit.province,
            "sector": row.sector or unit.sector,
            "workers": row.workers if row.workers is not None else unit.workers,
        }
        row.changes = {k: v for k, v in wanted.items() if getattr(unit, k) != v}
        if row.changes:
            plan.update.append(row)
        else:
            plan.unchanged += 1
    # New units: parent must be an active unit in scope, or a new unit of the file.
    new_rows = {
        row.code.lower(): row
        for row in rows
        if row.existing is None and row.code.lower() not in existing
    }
    placed: set[str] = set()
    refused: set[str] = set()
    pending = list(new_rows.values())

    def refuse(row: UnitRow, column: str, message: str) -> None:
        plan.problems.append(Problem(row.row, label[column], message))
        refused.add(row.code.lower())

    while pending:
        progress = False
        for row in list(pending):
            parent_key = row.parent_code.lower()
            if not row.parent_code:
                pending.remove(row)
                progress = True
                refuse(row, "parent", _("the managing unit's code is missing."))
                continue
            if parent_key in refused:
                pending.remove(row)
                progress = True
                refuse(
                    row,
                    "parent",
                    _("the managing unit %(code)s (row %(other)s) has problems.")
                    % {"code": row.parent_code, "other": new_rows[parent_key].row},
                )
                continue
            if parent_key in new_rows and parent_key not in placed:
                continue
            pending.remove(row)
            progress = True
            if parent_key in new_rows:
                parent_kind = new_rows[parent_key].kind
            else:
                parent = existing.get(parent_key)
                if parent is None or not covers(actor, parent.path, "officer"):
                    if parent_key in file_codes:  # the parent's own row was refused above
                        refuse(
                            row,
                            "parent",
                            _("the managing unit %(code)s has problems.")
                            % {"code": row.parent_code},
                        )
                        continue
                    refuse(
                        row,
                        "parent",
                        _("no unit with code %(code)s in your scope.") % {"code": row.parent_code},
                    )
                    continue
                if not parent.is_active:
                    refuse(row, "parent", _("%(unit)s is closed.") % {"unit": parent.name})
                    continue
                parent_kind = parent.kind
            if not row.kind.may_sit_under(parent_kind):
                refuse(
                    row,
                    "kind",
                    _("a %(kind)s cannot sit under a %(parent_kind)s.")
                    % {"kind": row.kind.name, "parent_kind": parent_kind.name},
                )
                continue
            placed.add(row.code.lower())
            plan.create.append(row)
        if not progress:
            for row in pending:
                plan.problems.append(
                    Problem(
                        row.row,
                        label["parent"],
                        _("the managing units of these rows refer to each other in a loop."),
                    )
                )
            break
    plan.problems.sort(key=lambda p: p.row)
