from hypothesis import given
from hypothesis import strategies as st

from congdoan.core.vntext import fold, nfc


def test_fold_removes_marks_and_d():
    assert fold("Hà Nội") == "ha noi"
    assert fold("  Đắk   Lắk ") == "dak lak"
    assert fold("NGUYỄN THỊ HOÀ") == "nguyen thi hoa"


def test_decomposed_and_composed_text_fold_alike():
    composed = "Nguyễn Thị Hoà"
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Hoa\u0300"
    assert nfc(decomposed) == composed
    assert fold(decomposed) == fold(composed)


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)
