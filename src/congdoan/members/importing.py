"""Member lists as officers keep them: read, map columns, check every row.

``check`` returns a plan (rows to add, rows that update existing members, problems
with row, column and a Vietnamese message) and writes nothing; ``services.commit_import``
applies a plan without errors, all rows or none. Rows are matched to existing members
by identity number, or by name and birth date when the file has no number, so the same
file imported twice adds nobody.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, islice

import orjson
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.legacy import detect, to_unicode
from congdoan.core.scoping import covers
from congdoan.core.sheets import SheetError, cell_text, find_header, header_key, read_rows
from congdoan.core.vntext import fold, nfc, tidy_name
from congdoan.organizations.models import Unit

from .columns import ALIASES, HEADERS
from .models import BirthPrecision, Ethnicity, Gender, IdKind, Member, MemberStatus
from .services import normalise_identity

TEXT_FIELDS = [
    "religion",
    "education",
    "qualification",
    "job_title",
    "email",
    "address",
    "card_number",
    "notes",
]
# text columns whose values repeat down a list (the others are each member's own)
REPEATED_TEXT = {"religion", "education", "qualification", "job_title"}
TRUE_WORDS = {"x", "co", "1", "yes", "true", "dang vien", "dv", "v"}
MALE_WORDS = {"nam", "male", "m", "trai"}
FEMALE_WORDS = {"nu", "female", "f", "gai", "nu gioi"}


@dataclass
class Problem:
    row: int
    column: str
    message: str
    level: str = "error"  # "error" refuses the import; "warning" only informs

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "level": self.level,
        }


@dataclass
class RowPlan:
    row: int
    values: dict
    unit: Unit
    unit_given: bool = False  # the file names the member's union or section
    folded: str = ""  # the name without diacritics
    member_id: int | None = None
    version: int | None = None
    changes: dict = field(default_factory=dict)

    @property
    def unit_id(self) -> int:
        return self.unit.pk


@dataclass
class Plan:
    """What a check found. The rows to add and the updates are encoded as they are
    found (``encoded``); ``add`` and ``update`` keep them as well unless ``keep_rows`` is
    off, as for a background check, which must hold a million rows in little memory."""

    encoding: str = "unicode"
    header_row: int | None = None
    mapping: dict[str, int] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    add: list[RowPlan] = field(default_factory=list)
    update: list[RowPlan] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    total: int = 0
    problems: list[Problem] = field(default_factory=list)
    keep_rows: bool = True
    encoder: PlanEncoder = field(default_factory=lambda: PlanEncoder())

    def plan_add(self, row: RowPlan) -> None:
        self.added += 1
        self.encoder.add(row)
        if self.keep_rows:
            self.add.append(row)

    def plan_update(self, row: RowPlan) -> None:
        self.updated += 1
        self.encoder.update(row)
        if self.keep_rows:
            self.update.append(row)

    def encoded(self) -> bytes:
        """The rows to add and the changes to make (``decode_plan`` reads them)."""
        return self.encoder.finish()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict:
        return {
            "add": self.added,
            "update": self.updated,
            "unchanged": self.unchanged,
            "errors": len(self.errors),
            "warnings": len(self.problems) - len(self.errors),
            "refused_rows": len({p.row for p in self.errors}),
        }


# --- the checked plan, kept on the job so that saving need not check again ----------

_DATE_FIELDS = ("birth_date", "joined_on")


def _plain(value):
    """A value JSON does not know, as JSON-ready data: an ethnic group by its key (dates
    are written as ISO text)."""
    if isinstance(value, Ethnicity):
        return value.pk
    raise TypeError(f"{type(value).__name__} in an import plan")


def _restore(values: dict) -> dict:
    for name in _DATE_FIELDS:
        if values.get(name):
            values[name] = date.fromisoformat(values[name])
    if "ethnicity" in values:
        values["ethnicity_id"] = values.pop("ethnicity")
    return values


def _to_json(data) -> bytes:
    return orjson.dumps(data, default=_plain)


class PlanEncoder:
    """Compressed JSON lines, each up to ``LINE_ROWS`` rows to add (``{"add": […]}``) or
    members to change (``{"update": […]}``), written as the check finds them; a line
    of one kind is skipped unread by a reader of the other."""

    LINE_ROWS = 1000

    def __init__(self):
        self._compressor = zlib.compressobj(1)
        self._parts: list[bytes] = []
        self._pending: dict[str, list[dict]] = {"add": [], "update": []}
        self._blob: bytes | None = None

    def _write(self, kind: str, item: dict) -> None:
        pending = self._pending[kind]
        pending.append(item)
        if len(pending) == self.LINE_ROWS:
            self._flush(kind)

    def _flush(self, kind: str) -> None:
        if self._pending[kind]:
            data = _to_json({kind: self._pending[kind]}) + b"\n"
            self._parts.append(self._compressor.compress(data))
            self._pending[kind] = []

    def add(self, row: RowPlan) -> None:
        self._write(
            "add",
            {"row": row.row, "unit_id": row.unit_id, "values": row.values, "folded": row.folded},
        )

    def update(self, row: RowPlan) -> None:
        changes = dict(row.changes)
        unit = changes.pop("unit", None)
        self._write(
            "update",
            {
                "row": row.row,
                "member_id": row.member_id,
                "version": row.version,
                "unit_id": unit.pk if unit is not None else None,
                "values": changes,
            },
        )

    def finish(self) -> bytes:
        if self._blob is None:
            self._flush("add")
            self._flush("update")
            self._blob = b"".join([*self._parts, self._compressor.flush()])
            self._parts = []
        return self._blob


def _text_lines(blob: bytes) -> Iterator[bytes]:
    decompressor = zlib.decompressobj()
    rest = b""
    for start in range(0, len(blob), 1 << 20):
        rest += decompressor.decompress(blob[start : start + (1 << 20)])
        *lines, rest = rest.split(b"\n")
        yield from lines
    yield from (rest + decompressor.flush()).split(b"\n")


_LINE_KINDS = {b'{"add"': "add", b'{"update"': "update"}


def decode_plan(blob: bytes, kind: str | None = None) -> Iterator[dict]:
    """The rows of ``Plan.encoded``, one at a time (a million rows never sit in memory):
    every row, or only those to ``"add"`` or to ``"update"`` (an update has a
    ``member_id``).

    Plans checked by earlier versions hold lists of rows of both kinds, or one row a
    line; they are read too."""
    for line in _text_lines(blob):
        if not line:
            continue
        line_kind = _LINE_KINDS.get(line[: line.find(b":")])
        if line_kind:
            if kind and line_kind != kind:
                continue
            items = orjson.loads(line)[line_kind]
        else:
            items = orjson.loads(line)
            items = items if isinstance(items, list) else [items]
            if kind:
                items = [item for item in items if ("member_id" in item) == (kind == "update")]
        for item in items:
            _restore(item["values"])
            yield item


def guess_mapping(
    table: list[list], encoding: str = "unicode"
) -> tuple[int, dict[str, int], list[str]]:
    """(header row index, field → column, header texts) found in the first rows."""
    top = [
        [to_unicode(cell, encoding) if isinstance(cell, str) else cell for cell in row]
        for row in table[:30]
    ]
    header = find_header(top, ALIASES, required=[])
    texts = [nfc(str(cell or "")) for cell in top[header.row_index]]
    return header.row_index, dict(header.columns), texts


def _encoding(table: list[list]) -> str:
    return detect([cell for row in table[:2000] for cell in row if isinstance(cell, str)])


_YEAR = re.compile(r"\d{4}")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_PHONE_NOISE = re.compile(r"[\s.()-]")
EARLIEST_BIRTH = date(1930, 1, 1)


def parse_date(value, *, allow_year: bool = False) -> tuple[date | None, str]:
    """A date cell, ``dd/mm/yyyy``, ``d-m-yy``, ``yyyy-mm-dd`` or (if allowed) a year."""
    if value is None or value == "":
        return None, BirthPrecision.DAY
    if isinstance(value, str):
        text = value.strip()
        match = _DAY_MONTH_YEAR.fullmatch(text)
        if match:
            day, month, year = map(int, match.groups())
            if year < 100:
                year += 1900 if year > timezone.localdate().year % 100 else 2000
            return date(year, month, day), BirthPrecision.DAY
        if allow_year and _YEAR.fullmatch(text):
            return date(int(text), 1, 1), BirthPrecision.YEAR
        match = _ISO_DATE.fullmatch(text)
        if match:
            year, month, day = map(int, match.groups())
            return date(year, month, day), BirthPrecision.DAY
        raise ValueError(value)
    if isinstance(value, datetime):
        return value.date(), BirthPrecision.DAY
    if isinstance(value, date):
        return value, BirthPrecision.DAY
    if isinstance(value, int | float):
        number = int(value)
        if allow_year and 1900 <= number <= 2100 and float(value) == number:
            return date(number, 1, 1), BirthPrecision.YEAR
        raise ValueError(value)
    raise ValueError(value)


class _Context:
    """Lookups shared by every row of one check."""

    def __init__(self, unit: Unit, actor):
        self.unit = unit
        self.actor = actor
        self.ethnicities: dict[str, Ethnicity] = {}
        for ethnicity in Ethnicity.objects.all():
            self.ethnicities[header_key(ethnicity.name)] = ethnicity
            self.ethnicities[ethnicity.code] = ethnicity
        self.ethnicities.setdefault("khmer", self.ethnicities.get("khome"))
        self.ethnicities.setdefault("hmong", self.ethnicities.get("mong"))
        units = Unit.objects.subtree(unit).active().filter(kind__holds_members=True)
        self.units: dict[str, Unit] = {}
        for member_unit in units:
            self.units[member_unit.code.lower()] = member_unit
            self.units.setdefault(fold(member_unit.name), member_unit)
            if member_unit.short_name:
                self.units.setdefault(fold(member_unit.short_name), member_unit)
        self.today = timezone.localdate()
        self._local: dict[tuple, int] | None = None

    def local_member(self, folded_name: str, birth: date) -> int | None:
        """The active member of the union with this name and birth date (its key)."""
        if self._local is None:
            members = Member.objects.in_subtree(self.unit).filter(
                status=MemberStatus.ACTIVE, birth_date__isnull=False
            )
            self._local = {}
            for pk, name, born in members.values_list("pk", "name_folded", "birth_date"):
                self._local.setdefault((name, born), pk)
        return self._local.get((folded_name, birth))


# Columns whose cells repeat down a list (a few genders, ethnic groups, job titles,
# dates): each distinct cell is read once per check, up to this many.
MEMO_LIMIT = 50_000


class _RowReader:
    """Turns the cells of one row into a member's values, or records the row's problems.

    Made once per check for the file's column mapping: only the columns the file has
    are read, so a value the file does not give is absent from the row's values, a new
    member gets the default and an existing member keeps what they have. Each field has
    its own small reader; a cell of a column whose values repeat is read once and its
    result (value or problem) reused."""

    def __init__(self, plan: Plan, ctx: _Context, labels: dict[str, str]):
        self.plan, self.ctx, self.labels = plan, ctx, labels
        self.columns = sorted(plan.mapping.items(), key=lambda item: item[1])
        self.encoding = plan.encoding if plan.encoding != "unicode" else None
        self.text_fields = [name for name in TEXT_FIELDS if name in plan.mapping]
        self.has_split_birth = "birth_male" in plan.mapping or "birth_female" in plan.mapping
        self.default_unit = ctx.unit if ctx.unit.kind.holds_members else None
        self._memo: dict[str, dict] = {}

    def _once(self, field_name: str, cell, read: Callable):
        """``read(cell)``, computed once per distinct cell of the column."""
        memo = self._memo.setdefault(field_name, {})
        key = cell if cell.__class__ is str else (cell.__class__, cell)
        try:
            return memo[key]
        except KeyError:
            result = read(cell)
            if len(memo) < MEMO_LIMIT:
                memo[key] = result
            return result

    def _cells(self, raw: list) -> dict[str, object]:
        """The row's filled cells by field, text stripped and in Unicode."""
        cells: dict[str, object] = {}
        width = len(raw)
        for name, position in self.columns:
            if position >= width:
                break
            value = raw[position]
            if value.__class__ is str:
                if self.encoding:
                    value = to_unicode(value, self.encoding)
                value = value.strip()
                if not value:
                    continue
            elif value is None:
                continue
            cells[name] = value
        return cells

    def read(self, raw: list, number: int) -> RowPlan | None:
        """The plan of a row, or ``None`` with its problems in the plan."""
        cells = self._cells(raw)
        errors: list[tuple[str, str]] = []
        name = tidy_name(_text(cells.get("full_name")))
        if not name and ("family_middle" in cells or "given_name" in cells):
            given = _text(cells.get("given_name"))
            name = tidy_name(f"{_text(cells.get('family_middle'))} {given}")
        folded = fold(name)
        values: dict = {"full_name": name}
        if not name:
            errors.append(("full_name", _("the name is missing.")))
        # birth date and gender: a date column, or split "Nam" / "Nữ" birth-date columns
        gender = ""
        birth_field = "birth_date"
        if self.has_split_birth:
            if "birth_male" in cells:
                birth_field, gender = "birth_male", Gender.MALE
            elif "birth_female" in cells:
                birth_field, gender = "birth_female", Gender.FEMALE
        if birth_field in cells:
            birth, message = self._once("birth", cells[birth_field], self._birth)
            if message:
                errors.append((birth_field, message))
            else:
                values["birth_date"], values["birth_precision"] = birth
        if "gender" in cells:
            stated, message = self._once("gender", cells["gender"], _gender)
            if message:
                errors.append(("gender", message))
            gender = stated or gender
        if not gender and name:
            middle = folded.split(" ")[1:-1]
            gender = Gender.FEMALE if "thi" in middle else Gender.MALE if "van" in middle else ""
            if not gender and "gender" not in cells:
                errors.append(
                    (
                        "gender",
                        _("the gender is missing (no gender column, and the name does not tell)."),
                    )
                )
        values["gender"] = gender
        nationality = "VN"
        if "nationality" in cells:
            nationality = self._once("nationality", cells["nationality"], _nationality)
            values["nationality"] = nationality
        if "id_number" in cells:
            cell = cells["id_number"]
            identity = _identity_digits(cell) if nationality == "VN" else _text(cell)
            try:
                values["id_kind"], values["id_number"] = normalise_identity(
                    IdKind.CCCD, identity, nationality
                )
            except ValidationError as exc:
                message = exc.messages[0]
                if identity.isdigit() and len(identity) in (10, 11):
                    message += " " + _(
                        "If the list passed through a number column (a CSV file saved "
                        "from one, say), its leading zero was lost: type the numbers "
                        "in a text column."
                    )
                errors.append(("id_number", message))
        if "ethnicity" in cells:
            values["ethnicity"], message = self._once(
                "ethnicity", cells["ethnicity"], self._ethnicity
            )
            if message:
                errors.append(("ethnicity", message))
        for name_field in self.text_fields:
            cell = cells.get(name_field)
            if cell is None:
                values[name_field] = ""
            elif name_field in REPEATED_TEXT:
                values[name_field] = self._once(name_field, cell, _text)
            else:
                values[name_field] = _text(cell)
        if "phone" in cells:
            values["phone"] = _phone(cells["phone"])
        if "party_member" in self.plan.mapping:
            cell = cells.get("party_member")
            values["party_member"] = cell is not None and self._once("party", cell, _yes)
        if "joined_on" in cells:
            joined, message = self._once("joined_on", cells["joined_on"], self._joined)
            if message:
                errors.append(("joined_on", message))
            else:
                values["joined_on"] = joined
        unit = self.default_unit
        if "unit" in cells:
            unit, message = self._once("unit", cells["unit"], self._unit)
            if message:
                errors.append(("unit", message))
        elif unit is None:
            errors.append(
                (
                    "unit",
                    _("say which union or section under %(unit)s the member belongs to.")
                    % {"unit": self.ctx.unit.name},
                )
            )
        if errors:
            for field_name, message in errors:
                label = self.labels.get(field_name, HEADERS.get(field_name, field_name))
                self.plan.problems.append(Problem(number, label, message))
            return None
        return RowPlan(number, values, unit, unit_given="unit" in cells, folded=folded)

    # --- one field each: (value, problem or "") ---------------------------------------

    def _birth(self, cell) -> tuple[tuple[date, str] | None, str]:
        try:
            birth, precision = parse_date(cell, allow_year=True)
            if not (EARLIEST_BIRTH <= birth <= self.ctx.today):
                raise ValueError(birth)
            return (birth, precision), ""
        except (ValueError, TypeError):
            return None, _("“%(value)s” is not a possible birth date.") % {"value": _text(cell)}

    def _joined(self, cell) -> tuple[date | None, str]:
        try:
            joined, _precision = parse_date(cell, allow_year=True)
            if joined > self.ctx.today:
                raise ValueError(joined)
            return joined, ""
        except (ValueError, TypeError):
            return None, _("“%(value)s” is not a possible date.") % {"value": _text(cell)}

    def _ethnicity(self, cell) -> tuple[Ethnicity | None, str]:
        text = _text(cell)
        known = self.ctx.ethnicities
        found = known.get(header_key(text)) or known.get(text.zfill(2))
        if found is None:
            return None, _("unknown ethnic group “%(name)s”.") % {"name": text}
        return found, ""

    def _unit(self, cell) -> tuple[Unit | None, str]:
        text, ctx = _text(cell), self.ctx
        unit = ctx.units.get(text.lower()) or ctx.units.get(fold(text))
        if unit is None:
            return None, _("no union or section “%(name)s” under %(unit)s.") % {
                "name": text,
                "unit": ctx.unit.name,
            }
        return unit, ""


def _text(cell) -> str:
    """A filled cell as tidy text; an absent one as empty text."""
    if cell is None:
        return ""
    return nfc(cell) if cell.__class__ is str else cell_text(cell)


def _gender(cell) -> tuple[str, str]:
    text = fold(_text(cell))
    if text in MALE_WORDS:
        return Gender.MALE, ""
    if text in FEMALE_WORDS:
        return Gender.FEMALE, ""
    return "", _("“%(value)s” is neither Nam nor Nữ.") % {"value": _text(cell)}


def _number_cell(cell) -> bool:
    return cell.__class__ is int or cell.__class__ is float


def _identity_digits(cell) -> str:
    """A Vietnamese identity number as text. A spreadsheet keeps a number typed in a
    number cell without its leading zeros, and every CCCD starts with one (its first
    three digits are the province, 001 to 096): a number cell of 10 or 11 digits is a
    CCCD, of 8 an old CMND whose province code starts with 0."""
    text = _text(cell)
    if _number_cell(cell) and text.isdigit():
        if len(text) in (10, 11):
            return text.zfill(12)
        if len(text) == 8:
            return text.zfill(9)
    return text


def _phone(cell) -> str:
    """A phone number as its digits. A number cell has lost the leading 0 every
    number dialled inside Việt Nam starts with: 9 digits left of a mobile number, 10 of
    a landline (a number with the country code 84 has 11 or more)."""
    digits = _PHONE_NOISE.sub("", _text(cell))
    if _number_cell(cell) and digits.isdigit() and len(digits) in (9, 10):
        return "0" + digits
    return digits


def _nationality(cell) -> str:
    nationality = _text(cell).upper()
    return {"VIET NAM": "VN", "VIỆT NAM": "VN"}.get(nationality, nationality)[:2]


def _yes(cell) -> bool:
    return fold(_text(cell)) in TRUE_WORDS


HEAD_ROWS = 2000  # rows read first: the header is among them, the encoding shows in them
MATCH_BATCH = 5000  # rows matched against the members in one go
PROGRESS_EVERY = 2000  # rows between two progress reports


def check(
    *,
    data: bytes,
    filename: str,
    unit: Unit,
    actor,
    mapping: dict | None = None,
    progress: Callable[[int, int], None] | None = None,
    keep_rows: bool = True,
) -> Plan:
    """Read and check a member list for ``unit``; nothing is written.

    Rows are read, checked and matched a batch at a time; with ``keep_rows`` off only
    their encoded plan is kept, so memory does not grow with the file's length beyond a
    few small keys per row (to find numbers and people given twice)."""
    plan = Plan(keep_rows=keep_rows)
    try:
        rows, height = read_rows(data, filename)
        head = list(islice(rows, HEAD_ROWS))
        plan.encoding = _encoding(head)
        header_row, guessed, headers = guess_mapping(head, plan.encoding)
    except SheetError as exc:
        plan.problems.append(Problem(0, _("file"), str(exc)))
        return plan
    plan.header_row, plan.headers = header_row, headers
    plan.mapping = {
        k: int(v)
        for k, v in (mapping or guessed).items()
        if v is not None and str(v) != "" and 0 <= int(v) < len(headers)
    }
    if "full_name" not in plan.mapping and "given_name" not in plan.mapping:
        plan.problems.append(
            Problem(
                header_row + 1,
                _("file"),
                _("No column holds the members' names (Họ và tên): say which one it is."),
            )
        )
        return plan
    labels = {
        name: headers[position] or HEADERS.get(name, name)
        for name, position in plan.mapping.items()
    }
    ctx = _Context(unit, actor)
    reader = _RowReader(plan, ctx, labels)
    expected = max(height - header_row - 1, 0)
    body = chain(head[header_row + 1 :], rows)
    try:
        _check_rows(plan, reader, ctx, labels, body, header_row, expected, progress)
    except SheetError as exc:  # a large sheet found damaged on the way
        plan.problems.append(Problem(0, _("file"), str(exc)))
    plan.problems.sort(key=lambda p: (p.row, p.level))
    return plan


def _check_rows(plan, reader, ctx, labels, body, header_row, expected, progress) -> None:
    """Read, check and match the rows below the header into ``plan``."""
    with _Matcher(plan, ctx, labels) as matcher:
        _read_rows(plan, reader, matcher, labels, body, header_row, expected, progress)


def _read_rows(plan, reader, matcher, labels, body, header_row, expected, progress) -> None:
    batch: list[RowPlan] = []
    seen_ids: dict[str, int] = {}
    seen_people: dict[int, int] = {}  # hash of (folded name, birth date) → row
    for index, raw in enumerate(body, start=header_row + 1):
        if _blank(raw):
            continue
        number = index + 1
        plan.total += 1
        if progress and plan.total % PROGRESS_EVERY == 0:
            progress(plan.total, max(expected, plan.total))
        row = reader.read(raw, number)
        if row is None:
            continue
        values = row.values
        id_number = values.get("id_number")
        if id_number:
            if id_number in seen_ids:
                plan.problems.append(
                    Problem(
                        number,
                        labels.get("id_number", HEADERS["id_number"]),
                        _("the number %(number)s is also on row %(other)s.")
                        % {"number": id_number, "other": seen_ids[id_number]},
                    )
                )
                continue
            seen_ids[id_number] = number
        birth = values.get("birth_date")
        if birth:
            person = hash((row.folded, birth))
            if person in seen_people:
                plan.problems.append(
                    Problem(
                        number,
                        labels.get("full_name", HEADERS["full_name"]),
                        _("probably the same person as row %(other)s (same name and birth date).")
                        % {"other": seen_people[person]},
                        "warning",
                    )
                )
            else:
                seen_people[person] = number
        batch.append(row)
        if len(batch) == MATCH_BATCH:
            matcher.add(batch)
            batch = []
    matcher.add(batch)
    matcher.finish()
    if progress:
        progress(plan.total, plan.total)


def _blank(row: list) -> bool:
    for cell in row:  # a row with data says so in its first cells
        if cell is not None and (cell.__class__ is not str or cell.strip()):
            return False
    return True


COMPARED = [
    "full_name",
    "gender",
    "birth_date",
    "birth_precision",
    "id_kind",
    "nationality",
    "ethnicity",
    "religion",
    "education",
    "qualification",
    "job_title",
    "phone",
    "email",
    "address",
    "joined_on",
    "card_number",
    "party_member",
    "notes",
]


def _active_holders(numbers: list[str]) -> Iterator[Member]:
    """The active members holding these identity numbers, with their unions: the whole
    batch in one query on PostgreSQL (one array parameter), elsewhere by 500."""
    step = (len(numbers) or 1) if connection.vendor == "postgresql" else 500
    for start in range(0, len(numbers), step):
        yield from Member.objects.holding(numbers[start : start + step]).select_related("unit")


def _holders(numbers: list[str]) -> dict[str, Member]:
    return {member.id_number: member for member in _active_holders(numbers)}


def _close_own_connection() -> None:
    connections[DEFAULT_DB_ALIAS].close()  # this thread's


def _read_alike_apart() -> bool:
    """Whether another connection reads the members and unions as this one does: on
    PostgreSQL, when this connection's transaction (if any) has written none of them."""
    if connection.vendor != "postgresql":
        return False  # (SQLite: one writer, and tests' in-memory databases are private)
    if not connection.in_atomic_block:
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) "
            "FROM pg_stat_xact_user_tables WHERE relid IN (%s::regclass, %s::regclass)",
            [Member._meta.db_table, Unit._meta.db_table],
        )
        return cursor.fetchone()[0] == 0


class _Matcher:
    """Matches the rows a batch at a time. Where another connection reads the members
    alike, a batch's identity numbers are looked up on a connection of its own while
    the next batch is read: the database's core works while Python's reads."""

    def __init__(self, plan: Plan, ctx: _Context, labels: dict[str, str]):
        self.plan, self.ctx, self.labels = plan, ctx, labels
        self.pool = ThreadPoolExecutor(max_workers=1) if _read_alike_apart() else None
        self.pending: tuple[list[RowPlan], Future] | None = None

    def __enter__(self) -> _Matcher:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.submit(_close_own_connection)
            self.pool.shutdown()

    def add(self, rows: list[RowPlan]) -> None:
        if not rows:
            return
        numbers = [row.values["id_number"] for row in rows if row.values.get("id_number")]
        if self.pool is None:
            _match(rows, self.plan, self.ctx, self.labels, _holders(numbers))
            return
        looked_up = self.pool.submit(_holders, numbers)
        self.finish()  # the batch before, while this one's numbers are looked up
        self.pending = (rows, looked_up)

    def finish(self) -> None:
        if self.pending is not None:
            rows, looked_up = self.pending
            self.pending = None
            _match(rows, self.plan, self.ctx, self.labels, looked_up.result())


def _match(
    rows: list[RowPlan],
    plan: Plan,
    ctx: _Context,
    labels: dict[str, str],
    holders: dict[str, Member],
) -> None:
    """Sort a batch of rows into new members and updates; refuse people active elsewhere
    (``holders``: the active members holding the batch's identity numbers)."""
    # Rows without a number match the union's members by name and birth date.
    unnumbered = {
        row.row: ctx.local_member(row.folded, row.values["birth_date"])
        for row in rows
        if not row.values.get("id_number") and row.values.get("birth_date")
    }
    local = Member.objects.in_bulk([pk for pk in unnumbered.values() if pk is not None])
    id_label = labels.get("id_number", HEADERS["id_number"])
    for row in rows:
        number = row.values.get("id_number")
        holder = holders.get(number) if number else None
        if holder is not None and not holder.unit.path.startswith(ctx.unit.path):
            if ctx.actor is None or covers(ctx.actor, holder.unit.path):
                message = _(
                    "%(number)s is an active member of %(unit)s; record a transfer instead."
                ) % {"number": number, "unit": holder.unit.name}
            else:
                message = _("%(number)s is an active member of a union outside your scope.") % {
                    "number": number
                }
            plan.problems.append(Problem(row.row, id_label, message))
            continue
        existing = holder
        if existing is None and row.row in unnumbered:
            existing = local.get(unnumbered[row.row])
        if existing is None:
            plan.plan_add(row)
            continue
        row.member_id, row.version = existing.pk, existing.version
        changes = {}
        for name in COMPARED:
            # a column the file lacks, or an empty cell, leaves the value as it is; a
            # party-member column says yes or no
            new = row.values.get(name)
            if new in ("", None, False) and name != "party_member" or name not in row.values:
                continue
            if getattr(existing, name) != new:
                changes[name] = new
        if row.unit_given and row.unit_id != existing.unit_id:
            changes["unit"] = row.unit
        row.changes = changes
        if changes:
            plan.plan_update(row)
        else:
            plan.unchanged += 1
