"""Figures, numbers and dates as Vietnamese documents write them."""

from datetime import date

from congdoan.core.docx import document_number, place_and_date, vn_money, vn_number


def test_numbers_group_thousands_with_dots_and_decimals_with_a_comma():
    assert vn_number(1813) == "1.813"
    assert vn_number(12_000_000) == "12.000.000"
    assert vn_number(0) == "0" and vn_number(None) == "0"
    assert vn_number(56.14, 1) == "56,1"
    assert vn_number(52.0, 1) == "52"  # no trailing ",0"
    assert vn_number(True) == "1"


def test_money_is_written_in_millions_and_billions():
    assert vn_money(163_600_000) == "163,6 triệu đồng"
    assert vn_money(1_250_000_000) == "1,25 tỷ đồng"
    assert vn_money(850_000) == "850.000 đồng"
    assert vn_money(971_000_000) == "971 triệu đồng"
    assert vn_money(None) == "0 đồng"


def test_number_line_and_date_follow_nd30():
    assert document_number(5, "BC", "CĐCS") == "Số: 05/BC-CĐCS"
    assert document_number(123, "QĐ", "LĐLĐ") == "Số: 123/QĐ-LĐLĐ"
    assert document_number(None, "BC", "CĐCS") == "Số:      /BC-CĐCS"
    assert place_and_date("Nha Trang", date(2021, 1, 5)) == "Nha Trang, ngày 05 tháng 01 năm 2021"
    assert place_and_date("Hà Nội", date(2026, 11, 23)) == "Hà Nội, ngày 23 tháng 11 năm 2026"
    assert place_and_date("Huế", date(2026, 3, 9)) == "Huế, ngày 09 tháng 3 năm 2026"
