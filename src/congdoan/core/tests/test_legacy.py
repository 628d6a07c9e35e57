"""Legacy Vietnamese encodings are detected and converted to Unicode."""

import unicodedata

import pytest

from congdoan.core.legacy import (
    detect,
    from_unicode,
    tcvn3_to_unicode,
    to_unicode,
    vni_to_unicode,
)

NAMES = [
    "Nguyễn Thị Hoa",
    "Trần Văn Đức",
    "Lê Thị Ngọc Ánh",
    "Phạm Quốc Việt",
    "Võ Thị Thu Hương",
    "Đặng Hữu Lực",
    "Bùi Thị Ượng",
    "Huỳnh Tấn Phát",
    "Ngô Mỹ Yến",
]


def test_known_tcvn3_text():
    assert tcvn3_to_unicode("NguyÔn ThÞ Hoa") == "Nguyễn Thị Hoa"
    assert tcvn3_to_unicode("§µ N½ng") == "Đà Nẵng"


def test_known_vni_text():
    assert vni_to_unicode("Nguyeãn Thò Hoa") == "Nguyễn Thị Hoa"
    assert vni_to_unicode("Ñaø Naüng") == "Đà Nẵng"
    assert vni_to_unicode("Tröôøng") == "Trường"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_round_trip_and_detection(encoding):
    legacy = [from_unicode(name, encoding) for name in NAMES]
    assert detect(legacy) == encoding
    converted = [to_unicode(text, encoding) for text in legacy]
    if encoding == "tcvn3":  # capitals with tone marks come back small in TCVN3
        converted = [" ".join(w[:1].upper() + w[1:] for w in c.split()) for c in converted]
    assert converted == NAMES


def test_unicode_is_left_alone_and_composed():
    decomposed = [unicodedata.normalize("NFD", name) for name in NAMES]
    assert detect(decomposed) == "unicode"
    assert [to_unicode(text, "unicode") for text in decomposed] == NAMES


def test_plain_ascii_is_unicode():
    assert detect(["Nguyen Van A", "12/05/1990"]) == "unicode"
