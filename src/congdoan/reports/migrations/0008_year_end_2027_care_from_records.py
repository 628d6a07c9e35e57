"""The default year-end return for 2027: last year's indicators, with the care figures
computed from the care records, campaigns and savings groups instead of typed (care
visits, the amounts by kind, funds raised and the xã hội hóa share, houses, savings)."""

from django.db import migrations

NAME = "Báo cáo tổng kết năm"
YEAR = 2027
GROUP = "Chăm lo"
# code, label, kind, source, detail: the care group of the year-end return
CARE = [
    ("care_visits", "Lượt đoàn viên được thăm hỏi, hỗ trợ", "count", "care_count", "visit"),
    ("care_amount", "Kinh phí thăm hỏi, hỗ trợ (đồng)", "money", "care_amount", "visit"),
    ("care_gifts", "Phần quà đã tặng", "count", "care_count", "gift"),
    ("care_gifts_amount", "Giá trị quà tặng (đồng)", "money", "care_amount", "gift"),
    ("care_total", "Tổng kinh phí chăm lo (đồng)", "money", "care_amount", ""),
    ("houses", "Mái ấm công đoàn xây mới, sửa chữa", "count", "houses", ""),
    ("houses_amount", "Kinh phí Mái ấm công đoàn (đồng)", "money", "care_amount", "house"),
    ("blood_donors", "Lượt đoàn viên hiến máu", "count", "care_count", "hien-mau"),
    ("funds_raised", "Quỹ vận động được (đồng)", "money", "funds_raised", ""),
    ("sponsored", "Trong đó xã hội hóa (đồng)", "money", "sponsored", ""),
    ("savings_total", "Góp vốn xoay vòng (đồng)", "money", "savings", ""),
]
CHECKS = [("sponsored", "funds_raised"), ("care_amount", "care_total")]


def load(apps, schema_editor):
    ReturnTemplate = apps.get_model("reports", "ReturnTemplate")
    Indicator = apps.get_model("reports", "Indicator")
    IndicatorCheck = apps.get_model("reports", "IndicatorCheck")
    last = ReturnTemplate.objects.filter(code="tong-ket-nam", year=YEAR - 1).first()
    if last is None or ReturnTemplate.objects.filter(code="tong-ket-nam", year=YEAR).exists():
        return
    template = ReturnTemplate.objects.create(
        code="tong-ket-nam", year=YEAR, name=NAME, period_kind=last.period_kind
    )

    def add_care(order: int) -> int:
        for code, label, kind, source, detail in CARE:
            order += 1
            Indicator.objects.create(
                template=template,
                code=code,
                label=label,
                group=GROUP,
                kind=kind,
                rollup="sum",
                source=source,
                detail=detail,
                order=order,
            )
        return order

    # the typed care figures of last year's form give way to the computed ones, in
    # the same place of the form
    order, placed = 0, False
    for indicator in last.indicators.order_by("order", "code"):
        if indicator.group == GROUP:
            if not placed:
                order, placed = add_care(order), True
            continue
        order += 1
        Indicator.objects.create(
            template=template,
            code=indicator.code,
            label=indicator.label,
            group=indicator.group,
            kind=indicator.kind,
            rollup=indicator.rollup,
            source=indicator.source,
            sector=indicator.sector,
            award=indicator.award,
            detail=indicator.detail,
            numerator=indicator.numerator,
            denominator=indicator.denominator,
            order=order,
        )
    if not placed:
        add_care(order)
    codes = set(template.indicators.values_list("code", flat=True))
    for check in last.checks.all():
        if {check.part, check.whole} <= codes:
            IndicatorCheck.objects.create(template=template, part=check.part, whole=check.whole)
    for part, whole in CHECKS:
        IndicatorCheck.objects.create(template=template, part=part, whole=whole)


def unload(apps, schema_editor):
    apps.get_model("reports", "ReturnTemplate").objects.filter(
        code="tong-ket-nam", year=YEAR
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0007_indicator_detail_care_sources")]

    operations = [migrations.RunPython(load, unload)]
