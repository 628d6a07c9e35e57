"""Vietnamese text: normalisation and diacritic folding for search and matching.

``fold("Nguyễn Thị Hoà")`` gives ``"nguyen thi hoa"``: lower case, no tone or vowel
marks, đ → d, runs of white space collapsed. Folded text is what search indexes hold,
so ``ha noi`` finds "Hà Nội" on SQLite and PostgreSQL alike.
"""

import unicodedata
from functools import lru_cache

_D = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


def nfc(text: str) -> str:
    """The text in composed form (NFC) with stray white space removed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _slow_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower().translate(_D))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().translate(_D).split())


# Every Latin letter with marks (Vietnamese among them) straight to its folded form,
# and combining marks (decomposed text) to nothing: one ``translate`` per string.
_FOLD = {
    code: _slow_fold(chr(code))
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    if _slow_fold(chr(code)) != chr(code).lower()
}
_FOLD.update({code: None for code in range(0x300, 0x370)})


@lru_cache(maxsize=65536)
def fold(text: str | None) -> str:
    """Lower-case text without diacritics, for search and header matching."""
    if not text:
        return ""
    folded = text.lower().translate(_FOLD)
    if not folded.isascii():  # letters outside the table: the general way
        return _slow_fold(text)
    return " ".join(folded.split())


def tidy_name(text: str) -> str:
    """A proper name as officers write it: NFC, single spaces, each word capitalised."""
    return " ".join(map(str.capitalize, nfc(text).split(" ")))
