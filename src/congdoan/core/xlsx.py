"""Writing .xlsx files for download."""

import io

from django.http import HttpResponse
from xlsxwriter import Workbook

from .downloads import file_response

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(filename: str, sheet_name: str, header: list[str], rows) -> HttpResponse:
    """One sheet with a bold header row, as an attachment."""
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(str(sheet_name)[:31])
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    for column, title in enumerate(header):
        sheet.write(0, column, title, bold)
        sheet.set_column(column, column, max(12, len(title) + 2))
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, row)
    book.close()
    return file_response(buffer.getvalue(), filename, XLSX_TYPE)
