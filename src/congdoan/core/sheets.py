"""Reading the spreadsheets officers keep: .xlsx, .xls, .ods and .csv.

The header row need not be the first (title rows and merged cells sit above it) and
columns come in any order, headed with or without diacritics. ``find_header`` scans the
first rows for the one that names the most known columns.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from . import xlsx_stream
from .vntext import fold, nfc

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


class SheetError(Exception):
    """The file cannot be read as a table; the message says why, in the user's language."""


def header_key(text) -> str:
    """A header cell reduced to letters and digits without diacritics: ``Mã ĐV`` → ``madv``."""
    return _NOT_WORD.sub("", fold(str(text or "")))


def read_table(data: bytes, filename: str) -> list[list]:
    """The first sheet of a spreadsheet, or a CSV file, as a list of rows of cell values."""
    rows, _height = read_rows(data, filename)
    return list(rows)


def read_rows(data: bytes, filename: str) -> tuple[Iterator[list], int]:
    """The rows of the first sheet (or of a CSV file) one at a time, and how many rows
    there are. Python objects are made a row at a time: a million-row list stays small,
    and a large .xlsx sheet is read as it is decompressed (``xlsx_stream``); a sheet
    found damaged on the way raises ``SheetError``."""
    name = filename.lower()
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(data)
    if not name.endswith(SPREADSHEET_SUFFIXES):
        raise SheetError(_("Send an Excel (.xlsx, .xls), OpenDocument (.ods) or CSV file."))
    if name.endswith((".xlsx", ".xlsm")):
        streamed = xlsx_stream.rows(data)  # a large sheet, a row at a time
        if streamed is not None:
            return _damage_told(streamed[0]), streamed[1]
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        # rows from the first of the sheet, empty ones above the data included, so that
        # row numbers are the ones the officer sees
        return (list(row) for row in sheet.iter_rows()), sheet.end[0] + 1 if sheet.end else 0
    except Exception as exc:  # calamine raises its own error types for broken files
        raise _unreadable(exc) from exc


def _damage_told(rows: Iterator[list]) -> Iterator[list]:
    try:
        yield from rows
    except xlsx_stream.BrokenSheet as exc:
        raise _unreadable(exc) from exc


def _unreadable(exc: Exception) -> SheetError:
    return SheetError(_("The file cannot be read as a spreadsheet: %(error)s") % {"error": exc})


def _read_csv(data: bytes) -> tuple[Iterator[list], int]:
    # Excel saves "Unicode Text" as UTF-16 with a byte-order mark, tab-separated; its
    # plain CSV in the Windows code page (1258 on a Vietnamese Windows)
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # a byte-order mark of UTF-16 over something else (cp1258 decodes nearly all)
        raise SheetError(_("The CSV file is not UTF-8, UTF-16 or Windows-1258 text."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text), dialect), text.count("\n") + 1


@dataclass
class Header:
    row_index: int  # 0-based index of the header row in the table
    columns: dict[str, int]  # field name → 0-based column index
    labels: dict[str, str]  # field name → the header text as written in the file


def find_header(
    table: list[list], aliases: dict[str, list[str]], required: list[str], scan: int = 30
) -> Header:
    """The row among the first ``scan`` that names the most fields of ``aliases``."""
    keys = {header_key(alias): field for field, names in aliases.items() for alias in names}
    best: Header | None = None
    for index, row in enumerate(table[:scan]):
        columns: dict[str, int] = {}
        labels: dict[str, str] = {}
        for position, cell in enumerate(row):
            field = keys.get(header_key(cell))
            if field and field not in columns:
                columns[field] = position
                labels[field] = nfc(str(cell))
        if best is None or len(columns) > len(best.columns):
            best = Header(index, columns, labels)
    if best is None or not best.columns:
        raise SheetError(
            _("No header row found: the first rows name none of the expected columns.")
        )
    missing = [field for field in required if field not in best.columns]
    if missing:
        names = ", ".join(aliases[field][0] for field in missing)
        raise SheetError(
            _("The header row (row %(row)s) lacks the columns: %(names)s.")
            % {"row": best.row_index + 1, "names": names}
        )
    return best


def cell_text(value) -> str:
    """A cell as tidy text (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


def cell_int(value) -> int | None:
    """A whole number from a cell: ``1.234``, ``1 234`` and ``1,234`` all give 1234."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(value)
        return int(value)
    text = re.sub(r"[\s.,]", "", str(value))
    if not text.isdigit():
        raise ValueError(value)
    return int(text)
