"""Vietnamese text: normalisation and diacritic folding for search and matching.

``fold("Nguyễn Thị Hoà")`` gives ``"nguyen thi hoa"``: lower case, no tone or vowel
marks, đ → d, runs of white space collapsed. Folded text is what search indexes hold,
so ``ha noi`` finds "Hà Nội" on SQLite and PostgreSQL alike.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_D = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


def nfc(text: str) -> str:
    """The text in composed form (NFC) with stray white space removed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str | None) -> str:
    """Lower-case text without diacritics, for search and header matching."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.lower().translate(_D))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower().translate(_D)).strip()


def tidy_name(text: str) -> str:
    """A proper name as officers write it: NFC, single spaces, each word capitalised."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in nfc(text).split(" "))
