"""A large .xlsx sheet read a row at a time, in memory that does not grow with it.

The spreadsheet library the project reads with (calamine) holds a whole sheet before the
first row comes out: about 1 GB for a million rows of ten columns. Above
``STREAM_ABOVE`` bytes of sheet, ``rows`` reads the sheet's XML as it is decompressed
instead, and gives each row's cells as calamine would: text as ``str``, numbers as
``float``, a number in a date format as ``date`` (whole), ``datetime`` or ``time`` (under
a day), booleans as ``bool``, an empty or erroneous cell as ``""``; rows above and
between the filled ones as empty lists. Columns start at A (calamine starts at the first
filled one; a file is always read by the same reader, and a sheet's stated dimension
cannot be trusted to find that column before its rows are read). A sheet written in a
shape this reader does not know (prefixed XML tags) is left to calamine (``None``).
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime, time, timedelta

STREAM_ABOVE = 100 * 1024 * 1024  # bytes of sheet XML (about 200,000 rows of ten columns)
CHUNK = 4 * 1024 * 1024

_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_SHEET = re.compile(rb"<sheet\b([^>]*)/?>")
_RELATION = re.compile(rb"<Relationship\b([^>]*)/?>")
_NUMBER_FORMAT = re.compile(rb"<numFmt\b([^>]*)/?>")
_CELL_FORMATS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.S)
_FORMAT = re.compile(rb"<xf\b([^>]*)")
_ITEM = re.compile(rb"<si>(.*?)</si>|<si/>", re.S)
_PHONETIC = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_TEXT = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>")
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+(\d+)(?::[A-Z]+(\d+))?"')
# One token of the sheet's rows: a cell in the shape every common writer uses (reference,
# then style, then type; a value, or one inline text), any other cell, a row's start or
# its end.
_TOKEN = re.compile(
    rb'<c r="([A-Z]+)\d+"(?: s="(\d+)")?(?: t="(\w+)")?\s*'
    rb"(?:/>|>(?:<v>([^<]*)</v>|<is><t(?:\s[^>]*)?>([^<]*)</t></is>|(.*?))</c>)"
    rb"|<c\b([^>]*?)(?:/>|>(.*?)</c>)"
    rb"|<row\b([^>]*?)(/?)>"
    rb"|(</row>)",
    re.S,
)
# Built-in number formats that show dates or times.
_DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_NOT_DATE_PARTS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def rows(data: bytes) -> tuple[Iterator[list], int] | None:
    """The rows of the first sheet and how many there are, read as they are
    decompressed; ``None`` when the sheet is small (or unusual): calamine reads it."""
    try:
        book = zipfile.ZipFile(_Bytes(data))
        sheet_path, epoch = _first_sheet(book)
        info = book.getinfo(sheet_path)
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None
    if info.file_size <= STREAM_ABOVE:
        return None
    try:
        with book.open(info) as sheet:
            head = sheet.read(CHUNK)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        return None  # calamine says what is wrong
    if re.search(rb"<\w+:sheetData\b", head) or b"<sheetData" not in head:
        return None
    dimension = _DIMENSION.search(head)  # for the progress bar only
    height = int(dimension.group(2) or dimension.group(1)) if dimension else 0
    reader = _SheetReader(book, info, _strings(book), _date_styles(book), epoch)
    return _told(reader.rows()), height


class BrokenSheet(ValueError):
    """The sheet could not be read to its end (a damaged file)."""


def _told(rows: Iterator[list]) -> Iterator[list]:
    """The rows, a damage found on the way raised as ``BrokenSheet``."""
    try:
        yield from rows
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, IndexError) as exc:
        raise BrokenSheet(str(exc)) from exc


class _Bytes:
    """A read-only file over bytes without copying them (``zipfile`` seeks and reads)."""

    def __init__(self, data: bytes):
        self.view, self.position = memoryview(data), 0

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self.position, len(self.view))[whence]
        self.position = base + offset
        return self.position

    def tell(self) -> int:
        return self.position

    def read(self, size: int = -1) -> bytes:
        end = len(self.view) if size < 0 else min(self.position + size, len(self.view))
        chunk = self.view[self.position : end].tobytes()
        self.position = end
        return chunk

    def seekable(self) -> bool:
        return True


def _attributes(text: bytes) -> dict[bytes, bytes]:
    return {name.split(b":")[-1]: value for name, value in _ATTR.findall(text)}


def _relations(book: zipfile.ZipFile, path: str) -> dict[bytes, tuple[bytes, bytes]]:
    """Id → (type, target path) of a part's relationships."""
    folder, name = posixpath.split(path)
    try:
        text = book.read(posixpath.join(folder, "_rels", name + ".rels"))
    except KeyError:
        return {}
    found = {}
    for attrs in _RELATION.findall(text):
        values = _attributes(attrs)
        target = values.get(b"Target", b"").decode()
        target = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[values.get(b"Id", b"")] = (values.get(b"Type", b""), posixpath.normpath(target))
    return found


def _first_sheet(book: zipfile.ZipFile) -> tuple[str, datetime]:
    """The first sheet's part and the workbook's date epoch (1900 or 1904 system)."""
    workbook = book.read("xl/workbook.xml")
    sheet = _SHEET.search(workbook)
    if sheet is None:
        raise ValueError("no sheet")
    relation = _attributes(sheet.group(1)).get(b"id")
    target = _relations(book, "xl/workbook.xml").get(relation)
    if target is None:
        raise ValueError("no sheet part")
    date1904 = re.search(rb'date1904="(1|true)"', workbook) is not None
    return target[1], datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)


def _strings(book: zipfile.ZipFile) -> list[str]:
    """The shared strings, each the text of its runs (phonetic guides left out)."""
    path = next(
        (
            target
            for kind, target in _relations(book, "xl/workbook.xml").values()
            if kind.endswith(b"/sharedStrings")
        ),
        "xl/sharedStrings.xml",
    )
    try:
        text = book.read(path)
    except KeyError:
        return []
    strings = []
    for match in _ITEM.finditer(text):
        item = match.group(1) or b""
        if b"<rPh" in item:
            item = _PHONETIC.sub(b"", item)
        strings.append(_unescape(b"".join(_TEXT.findall(item))))
    return strings


def _date_styles(book: zipfile.ZipFile) -> set[int]:
    """The cell styles whose number format shows a date or a time."""
    try:
        styles = book.read("xl/styles.xml")
    except KeyError:
        return set()
    dates = set(_DATE_FORMAT_IDS)
    for attrs in _NUMBER_FORMAT.findall(styles):
        values = _attributes(attrs)
        code = html.unescape(values.get(b"formatCode", b"").decode())
        if re.search(r"[dmyhs]", _NOT_DATE_PARTS.sub("", code), re.I):
            dates.add(int(values.get(b"numFmtId", b"0")))
    formats = _CELL_FORMATS.search(styles)
    if formats is None:
        return set()
    return {
        index
        for index, attrs in enumerate(_FORMAT.findall(formats.group(1)))
        if int(_attributes(attrs).get(b"numFmtId", b"0")) in dates
    }


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1


def _unescape(text: bytes) -> str:
    value = text.decode()
    return html.unescape(value) if "&" in value else value


class _SheetReader:
    def __init__(self, book, info, strings, date_styles, epoch):
        self.book, self.info = book, info
        self.strings, self.date_styles, self.epoch = strings, date_styles, epoch
        self.columns: dict[bytes, int] = {}

    def rows(self) -> Iterator[list]:
        """Rows in sheet order, the missing ones as empty lists."""
        number = 0  # rows given so far
        row: list = []
        with self.book.open(self.info) as sheet:
            for part in self._parts(sheet):
                for match in _TOKEN.finditer(part):
                    ref, style, kind, value, text, other, attrs, content, row_attrs, empty, end = (
                        match.groups()
                    )
                    if ref is not None:
                        self._put(row, self._position(ref), style, kind, value, text, other)
                    elif attrs is not None:
                        self._put_other(row, attrs, content or b"")
                    elif row_attrs is not None:
                        wanted = _attributes(row_attrs).get(b"r")
                        while wanted and number < int(wanted) - 1:
                            number += 1
                            yield []
                        row = []
                        if empty:
                            number += 1
                            yield row
                    elif end:
                        number += 1
                        yield row

    def _parts(self, sheet) -> Iterator[bytes]:
        """The sheet's XML in pieces that end after a row."""
        rest = b""
        while chunk := sheet.read(CHUNK):
            rest += chunk
            cut = rest.rfind(b"</row>")
            if cut >= 0:
                cut += len(b"</row>")
                yield rest[:cut]
                rest = rest[cut:]
        yield rest

    def _position(self, ref: bytes) -> int:
        position = self.columns.get(ref)
        if position is None:
            position = self.columns[ref] = _column(ref)
        return position

    def _put(self, row, position, style, kind, value, text, other) -> None:
        if len(row) < position:
            row.extend([""] * (position - len(row)))
        if text is not None:
            row.append(_unescape(text))
        elif other is not None:
            row.append(self._value(kind, style, other))
        else:
            row.append(self._plain(kind, style, value))

    def _put_other(self, row, attrs: bytes, content: bytes) -> None:
        values = _attributes(attrs)
        ref = re.match(rb"[A-Z]+", values.get(b"r", b""))
        position = self._position(ref.group(0)) if ref else len(row)
        self._put(row, position, values.get(b"s"), values.get(b"t"), None, None, content)

    def _value(self, kind, style, content: bytes):
        """A cell whose content is more than one value or one text (a formula's result,
        text in runs)."""
        if kind == b"inlineStr":
            return _unescape(b"".join(_TEXT.findall(_PHONETIC.sub(b"", content))))
        value = _VALUE.search(content)
        return self._plain(kind, style, value.group(1) if value else None)

    def _plain(self, kind, style, value: bytes | None):
        if not value or kind == b"e":
            return ""
        if kind == b"s":
            return self.strings[int(value)]
        if kind in (b"str", b"inlineStr"):
            return _unescape(value)
        if kind == b"b":
            return value.strip() in (b"1", b"true")
        if kind == b"d":
            return _iso(value.decode())
        number = float(value)
        if style is not None and int(style) in self.date_styles:
            return self._date(number)
        return number

    def _date(self, serial: float):
        """A date serial as calamine gives it (with the 1900 system's leap-year slip); one
        no calendar holds stays a number."""
        if serial < 0:
            return serial  # Excel shows no date before its epoch
        try:
            if serial < 1:
                moment = datetime.min + timedelta(days=serial)
                return time(moment.hour, moment.minute, moment.second, moment.microsecond)
            if self.epoch.year == 1899 and serial < 60:
                serial += 1  # the 1900 system counts a 29/02/1900 that never was
            moment = self.epoch + timedelta(days=serial)
        except (OverflowError, ValueError):
            return serial
        return moment.date() if serial == int(serial) else moment


def _iso(text: str):
    """A cell typed as an ISO date (strict workbooks); text that is none stays text."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    return moment.date() if moment.time() == time() and "T" not in text else moment


__all__ = ["STREAM_ABOVE", "BrokenSheet", "rows"]
