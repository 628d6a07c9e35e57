"""Vietnamese personal names and identity numbers.

A name is written family name first, given name last: "Nguyễn Thị Hoa" → family
"Nguyễn", middle "Thị", given "Hoa". Lists are ordered the Vietnamese way: by given
name, then family and middle name.
"""

import re

from congdoan.core.vntext import fold, nfc

CCCD = re.compile(r"^\d{12}$")
CMND = re.compile(r"^\d{9}$")
PASSPORT = re.compile(r"^[A-Z0-9]{6,12}$")


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a full name."""
    words = nfc(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def sort_key(full_name: str) -> str:
    """Given name, then family name, then middle name, folded: the list order."""
    family, middle, given = split_name(full_name)
    return f"{fold(given)} {fold(family)} {fold(middle)}".strip()


def folded_sort_key(folded: str) -> str:
    """``sort_key`` of a name folded already (its words are the name's words)."""
    words = folded.split(" ")
    if len(words) == 1:
        return words[0]
    return f"{words[-1]} {words[0]} {' '.join(words[1:-1])}".strip()


def mask(value: str, keep_start: int = 3, keep_end: int = 3) -> str:
    """``079******234``: enough to recognise a number, not to copy it."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def abbreviate(full_name: str) -> str:
    """``Nguyễn T. H.``: family name in full, the other names as initials."""
    family, middle, given = split_name(full_name)
    initials = [f"{word[0]}." for word in f"{middle} {given}".split() if word]
    return " ".join([family, *initials]).strip()
