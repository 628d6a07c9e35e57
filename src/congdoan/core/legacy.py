"""Vietnamese text in the legacy TCVN3 (ABC) and VNI encodings, converted to Unicode.

Files made with the .VnTime (TCVN3) or VNI-Times fonts store Vietnamese letters as
Latin-1 characters, so a cell reads "NguyÔn ThÞ Hoa" (TCVN3) or "Nguyeãn Thò Hoa" (VNI).
``detect`` looks at a sample of a file's text and says which encoding it is in;
``to_unicode`` converts one string. Unicode text (composed or decomposed) is left alone.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 (TCVN 5712:1993, "ABC"): one byte per letter; capitals with tone marks use the
# same codes in the capital fonts (.VnTimeH), so they read as small letters.
_TCVN3 = {
    0xB5: "à",
    0xB6: "ả",
    0xB7: "ã",
    0xB8: "á",
    0xB9: "ạ",
    0xA8: "ă",
    0xBB: "ằ",
    0xBC: "ẳ",
    0xBD: "ẵ",
    0xBE: "ắ",
    0xC6: "ặ",
    0xA9: "â",
    0xC7: "ầ",
    0xC8: "ẩ",
    0xC9: "ẫ",
    0xCA: "ấ",
    0xCB: "ậ",
    0xAE: "đ",
    0xCC: "è",
    0xCE: "ẻ",
    0xCF: "ẽ",
    0xD0: "é",
    0xD1: "ẹ",
    0xAA: "ê",
    0xD2: "ề",
    0xD3: "ể",
    0xD4: "ễ",
    0xD5: "ế",
    0xD6: "ệ",
    0xD7: "ì",
    0xD8: "ỉ",
    0xDC: "ĩ",
    0xDD: "í",
    0xDE: "ị",
    0xDF: "ò",
    0xE1: "ỏ",
    0xE2: "õ",
    0xE3: "ó",
    0xE4: "ọ",
    0xAB: "ô",
    0xE5: "ồ",
    0xE6: "ổ",
    0xE7: "ỗ",
    0xE8: "ố",
    0xE9: "ộ",
    0xAC: "ơ",
    0xEA: "ờ",
    0xEB: "ở",
    0xEC: "ỡ",
    0xED: "ớ",
    0xEE: "ợ",
    0xEF: "ù",
    0xF1: "ủ",
    0xF2: "ũ",
    0xF3: "ú",
    0xF4: "ụ",
    0xAD: "ư",
    0xF5: "ừ",
    0xF6: "ử",
    0xF7: "ữ",
    0xF8: "ứ",
    0xF9: "ự",
    0xFA: "ỳ",
    0xFB: "ỷ",
    0xFC: "ỹ",
    0xFD: "ý",
    0xFE: "ỵ",
    0xA1: "Ă",
    0xA2: "Â",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
    0xA7: "Đ",
}
TCVN3_TABLE = {chr(code): letter for code, letter in _TCVN3.items()}

# VNI: a base letter followed by a mark character; a few letters are one character.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT_TONES = {"á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE_TONES = {"é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
    "ñ": "đ",
    "Í": "Í",
    "Ì": "Ì",
    "Æ": "Ỉ",
    "Ó": "Ĩ",
    "Ò": "Ị",
    "Î": "Ỵ",
    "Ñ": "Đ",
    "ô": "ơ",
    "ö": "ư",
    "Ô": "Ơ",
    "Ö": "Ư",
}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(source: str, base: str, *marks: str) -> None:
        for upper in (False, True):
            key = source.upper() if upper else source
            letter = unicodedata.normalize("NFC", base + "".join(marks))
            table[key] = letter.upper() if upper else letter

    for vowel in "aeiouy":
        for mark_char, tone in _VNI_TONES.items():
            if vowel != "i":
                add(vowel + mark_char, vowel, tone)
    for vowel in "aeo":
        add(vowel + "â", vowel, "\u0302")
        for mark_char, tone in _VNI_HAT_TONES.items():
            add(vowel + mark_char, vowel, "\u0302", tone)
    add("aê", "a", "\u0306")
    for mark_char, tone in _VNI_BREVE_TONES.items():
        add("a" + mark_char, "a", "\u0306", tone)
    for base, horn in (("ô", "o"), ("ö", "u")):
        for mark_char, tone in _VNI_TONES.items():
            add(base + mark_char, horn, "\u031b", tone)
    table.update(_VNI_SINGLE)
    return table


VNI_TABLE = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI_TABLE), key=len, reverse=True)))

# Characters that Vietnamese Unicode text never holds but legacy text is full of.
_VIETNAMESE = set(
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵfjwz"
)
_VIETNAMESE |= {c.upper() for c in _VIETNAMESE}


def _foreign(text: str) -> int:
    """How many letters of ``text`` are not Vietnamese letters (Latin-1 leftovers)."""
    return sum(
        1
        for ch in text
        if ch.isalpha() and ch not in _VIETNAMESE or 0xA0 <= ord(ch) <= 0xFF and not ch.isalpha()
    )


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VOWELS = "aăâeêioôơuưy"
_SYLLABLE = re.compile(
    rf"^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?[{_VOWELS}]{{1,3}}"
    r"(ch|ng|nh|[cmnpt])?$"
)


def _implausible(text: str) -> int:
    """Words that cannot be Vietnamese syllables (two tone marks, four vowels in a row …)."""
    count = 0
    for word in re.findall(r"[^\W\d_]+", text):
        decomposed = unicodedata.normalize("NFD", word.lower())
        tones = sum(1 for ch in decomposed if ch in _TONES)
        bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
        if tones > 1 or (len(bare) > 1 and not bare.isascii() and not _SYLLABLE.match(bare)):
            count += 1
    return count


def _score(text: str) -> int:
    return _foreign(text) * 2 + _implausible(text)


def tcvn3_to_unicode(text: str) -> str:
    return "".join(TCVN3_TABLE.get(ch, ch) for ch in text)


def vni_to_unicode(text: str) -> str:
    return _VNI_PATTERN.sub(lambda match: VNI_TABLE[match.group(0)], text)


CONVERTERS = {"tcvn3": tcvn3_to_unicode, "vni": vni_to_unicode}


def detect(samples: list[str]) -> str:
    """``unicode``, ``tcvn3`` or ``vni``: the encoding that leaves the fewest strangers."""
    text = " ".join(sample for sample in samples if sample)[:200_000]
    text = unicodedata.normalize("NFC", text)
    if _foreign(text) == 0:
        return "unicode"
    best, best_score = "unicode", _score(text)
    for name, convert in CONVERTERS.items():
        score = _score(convert(text))
        if score < best_score:
            best, best_score = name, score
    return best


def to_unicode(text: str, encoding: str) -> str:
    """``text`` converted from ``encoding`` (``unicode`` only composes it, NFC)."""
    if encoding in CONVERTERS:
        text = CONVERTERS[encoding](text)
    return unicodedata.normalize("NFC", text)


def from_unicode(text: str, encoding: str) -> str:
    """The reverse conversion, to build legacy test files (not used by the app)."""
    reverse = {
        letter: code for code, letter in (TCVN3_TABLE if encoding == "tcvn3" else VNI_TABLE).items()
    }
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in reverse:
            out.append(reverse[ch])
        elif encoding == "tcvn3" and ch.lower() in reverse and ch.isupper():
            out.append(reverse[ch.lower()])  # capitals with marks share the small codes
        else:
            out.append(ch)
    return "".join(out)
