"""A return as Excel: one row per unit directly under the return's unit (its whole
subtree summed), the unit's own entries, and a totals row equal to the roll-up."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from xlsxwriter import Workbook

from . import services
from .models import IndicatorKind, Return, Rollup

FORMATS = {
    IndicatorKind.COUNT: "#,##0",
    IndicatorKind.MONEY: '#,##0 "đ"',
    IndicatorKind.PERCENT: "0.0",
}


def return_workbook(ret: Return) -> bytes:
    period, unit = ret.period, ret.unit
    indicators = [
        i for i in services.indicators_of(period.template) if i.kind != IndicatorKind.TEXT
    ]
    children = services.reporting_children(unit)
    totals, by_child = services.rollup_with_children(unit=unit, period=period)
    rows = [(child.name, by_child[child.pk]["values"]) for child in children]
    own = Return.objects.reported().filter(period=period, unit=unit).first()
    if own is not None:
        rows.append(
            (_("%(unit)s (its own entries)") % {"unit": unit.name}, services.all_values(own))
        )

    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(str(period.year))
    title = book.add_format({"bold": True, "font_size": 13})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    bold = book.add_format({"bold": True, "top": 1})
    formats = {kind: book.add_format({"num_format": fmt}) for kind, fmt in FORMATS.items()}
    bold_formats = {
        kind: book.add_format({"num_format": fmt, "bold": True, "top": 1})
        for kind, fmt in FORMATS.items()
    }
    sheet.write(0, 0, f"{period.template.name} {period.year} — {unit.name}", title)
    sheet.write_row(2, 0, [_("Unit"), *[i.label for i in indicators]], head)
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, len(indicators), 16)
    sheet.set_row(2, 48)

    def cell(indicator, value):
        if indicator.kind == IndicatorKind.YESNO and indicator.rollup != Rollup.COUNT_YES:
            return _("yes") if value else _("no")
        return value if value is not None else ""

    line = 3
    for name, values in rows:
        sheet.write(line, 0, name)
        for column, indicator in enumerate(indicators, start=1):
            value = values.get(indicator.code)
            if indicator.kind == IndicatorKind.YESNO and isinstance(value, bool):
                value = int(value)  # a unit answering yes counts one
            sheet.write(line, column, cell(indicator, value), formats.get(indicator.kind))
        line += 1
    sheet.write(line, 0, _("Total (%(n)s units reported)") % {"n": totals["reported"]}, bold)
    for column, indicator in enumerate(indicators, start=1):
        value = totals["values"].get(indicator.code)
        sheet.write(line, column, cell(indicator, value), bold_formats.get(indicator.kind, bold))
    sheet.freeze_panes(3, 1)
    book.close()
    return buffer.getvalue()
