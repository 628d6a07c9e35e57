"""The default year-end return (báo cáo tổng kết năm) with the figures every level reports
(shared/RULES.md), as editable data for 2025 and 2026."""

from django.db import migrations

NAME = "Báo cáo tổng kết năm"
# code, label, group, kind, roll-up, source, numerator, denominator
INDICATORS = [
    ("members", "Tổng số đoàn viên", "Đoàn viên", "count", "sum", "members", "", ""),
    ("female", "Đoàn viên nữ", "Đoàn viên", "count", "sum", "female", "", ""),
    (
        "female_share",
        "Tỷ lệ đoàn viên nữ (%)",
        "Đoàn viên",
        "percent",
        "ratio",
        "manual",
        "female",
        "members",
    ),
    ("admitted", "Kết nạp đoàn viên mới", "Đoàn viên", "count", "sum", "admitted", "", ""),
    ("left", "Đoàn viên ra khỏi tổ chức, từ trần", "Đoàn viên", "count", "sum", "left", "", ""),
    ("with_card", "Đoàn viên có thẻ", "Đoàn viên", "count", "sum", "with_card", "", ""),
    ("new_grassroots", "CĐCS thành lập mới", "Tổ chức", "count", "sum", "new_grassroots", "", ""),
    (
        "cbccvc_conference",
        "Đơn vị tổ chức hội nghị cán bộ, công chức, viên chức",
        "Dân chủ cơ sở",
        "yesno",
        "count_yes",
        "manual",
        "",
        "",
    ),
    (
        "worker_conference",
        "Đơn vị tổ chức hội nghị người lao động",
        "Dân chủ cơ sở",
        "yesno",
        "count_yes",
        "manual",
        "",
        "",
    ),
    (
        "collective_agreement",
        "Đơn vị ký kết thỏa ước lao động tập thể",
        "Dân chủ cơ sở",
        "yesno",
        "count_yes",
        "manual",
        "",
        "",
    ),
    (
        "care_visits",
        "Lượt đoàn viên được thăm hỏi, hỗ trợ",
        "Chăm lo",
        "count",
        "sum",
        "manual",
        "",
        "",
    ),
    (
        "care_amount",
        "Kinh phí thăm hỏi, hỗ trợ (đồng)",
        "Chăm lo",
        "money",
        "sum",
        "manual",
        "",
        "",
    ),
    ("funds_raised", "Quỹ vận động được (đồng)", "Chăm lo", "money", "sum", "manual", "", ""),
    ("notes", "Đánh giá chung", "Đánh giá", "text", "none", "manual", "", ""),
]
CHECKS = [("female", "members"), ("with_card", "members")]


def load(apps, schema_editor):
    ReturnTemplate = apps.get_model("reports", "ReturnTemplate")
    Indicator = apps.get_model("reports", "Indicator")
    IndicatorCheck = apps.get_model("reports", "IndicatorCheck")
    for year in (2025, 2026):
        template, created = ReturnTemplate.objects.get_or_create(
            code="tong-ket-nam", year=year, defaults={"name": NAME, "period_kind": "year"}
        )
        if not created:
            continue
        Indicator.objects.bulk_create(
            Indicator(
                template=template,
                code=code,
                label=label,
                group=group,
                kind=kind,
                rollup=rollup,
                source=source,
                numerator=top,
                denominator=bottom,
                order=order,
            )
            for order, (code, label, group, kind, rollup, source, top, bottom) in enumerate(
                INDICATORS, start=1
            )
        )
        IndicatorCheck.objects.bulk_create(
            IndicatorCheck(template=template, part=part, whole=whole) for part, whole in CHECKS
        )


def unload(apps, schema_editor):
    apps.get_model("reports", "ReturnTemplate").objects.filter(
        code="tong-ket-nam", year__in=(2025, 2026), name=NAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_returns")]

    operations = [migrations.RunPython(load, unload)]
