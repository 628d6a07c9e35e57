"""Join PDF parts drawn by ReportLab into one PDF, one part at a time.

ReportLab keeps every page of a document in memory until it is saved, and general PDF
libraries hold every page's objects until they write; a print run of thousands of cards
or certificates would grow with its size. The parts ReportLab writes have a simple,
known shape (a classic cross-reference table, no object streams, each page pointing to
one page tree), so they are joined here by copying each part's objects with their
numbers shifted, and writing one page tree and one cross-reference table at the end:
the memory used is one part's, whatever the number of parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import BinaryIO

_REF = re.compile(rb"(\d+) 0 R\b")
_OBJ = re.compile(rb"(\d+) 0 obj\b")
_STREAM = re.compile(rb">>\s*stream\r?\n")


class _Output:
    """Bytes written to ``out``, counted for the cross-reference table."""

    def __init__(self, out: BinaryIO):
        self.out, self.position = out, 0
        self.offsets: dict[int, int] = {}

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)

    def object(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.position
        self.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")


def _reference(body: bytes, key: bytes) -> int:
    found = re.search(rb"/" + key + rb" (\d+) 0 R", body)
    if found is None:
        raise ValueError(f"a part without /{key.decode()}")
    return int(found.group(1))


def _objects(data: bytes) -> dict[int, bytes]:
    """A part's objects by number: what lies between ``n 0 obj`` and ``endobj``."""
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
    table = data[start:]
    header = re.match(rb"xref\s+0 (\d+)\s+", table)
    count, cursor = int(header.group(1)), header.end()
    objects = {}
    for number in range(count):
        entry = table[cursor + 20 * number : cursor + 20 * number + 20]
        if entry[17:18] != b"n":
            continue
        offset = int(entry[:10])
        opening = _OBJ.match(data, offset)
        if opening is None or int(opening.group(1)) != number:
            raise ValueError(f"object {number} is not where the table says")
        end = data.index(b"endobj", opening.end())
        objects[number] = data[opening.end() : end].strip()
    trailer = table[cursor + 20 * count :]
    objects[-1] = trailer  # the trailer, for /Root and /Info
    return objects


def _renumbered(body: bytes, numbers: dict[int, int]) -> bytes:
    """``body`` with every reference moved to its new number; a stream's data is copied
    as it is (only its dictionary holds references)."""
    found = _STREAM.search(body)
    split = found.start() if found else len(body)
    head = _REF.sub(lambda m: b"%d 0 R" % numbers[int(m.group(1))], body[:split])
    return head + body[split:]


def _text(value: str) -> bytes:
    """A PDF text string in UTF-16 (Vietnamese titles)."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


def join(parts: Iterable[bytes], out: BinaryIO, *, title: str = "") -> int:
    """Write the pages of every part, in order, as one PDF to ``out``; returns the
    number of pages. Each part is read, copied and dropped before the next."""
    output = _Output(out)
    output.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    catalog, tree, info = 1, 2, 3  # written last, once every page is known
    next_number = 4
    pages: list[int] = []
    for data in parts:
        objects = _objects(data)
        trailer = objects.pop(-1)
        root = _reference(trailer, b"Root")
        part_info = _reference(trailer, b"Info") if b"/Info" in trailer else None
        part_tree = _reference(objects[root], b"Pages")
        kids = re.search(rb"/Kids \[([^\]]*)\]", objects[part_tree]).group(1)
        order = [int(n) for n in _REF.findall(kids)]
        numbers = {part_tree: tree}
        for number in sorted(objects):
            if number not in (root, part_info, part_tree):
                numbers[number] = next_number
                next_number += 1
        for number, body in sorted(objects.items()):
            if number in (root, part_info, part_tree):
                continue
            output.object(numbers[number], _renumbered(body, numbers))
        pages.extend(numbers[number] for number in order)
    kids = b" ".join(b"%d 0 R" % number for number in pages)
    output.object(tree, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(pages), kids))
    output.object(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % tree)
    output.object(info, b"<< /Producer (congdoan) /Title %s >>" % _text(title))
    table_at = output.position
    size = next_number
    rows = [b"xref\n0 %d\n" % size, b"0000000000 65535 f \n"]
    rows += [b"%010d 00000 n \n" % output.offsets[number] for number in range(1, size)]
    output.write(b"".join(rows))
    output.write(
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (size, catalog, info, table_at)
    )
    return len(pages)
