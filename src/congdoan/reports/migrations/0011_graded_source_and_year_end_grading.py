"""The ``graded`` source (grassroots unions by the tier their grading was published with)
and a grading group in the year-end forms of 2026 and 2027 not yet in use: graded, by
tier, and the top tier's share of those graded."""

from django.db import migrations, models

YEARS = [2026, 2027]
GROUP = "Xếp loại công đoàn cơ sở"
# code, label, kind, roll-up, source, detail, numerator, denominator
GRADING = [
    ("graded", "CĐCS được xếp loại", "count", "sum", "graded", "", "", ""),
    (
        "graded_excellent",
        "CĐCS hoàn thành xuất sắc nhiệm vụ",
        "count",
        "sum",
        "graded",
        "excellent",
        "",
        "",
    ),
    ("graded_good", "CĐCS hoàn thành tốt nhiệm vụ", "count", "sum", "graded", "good", "", ""),
    ("graded_done", "CĐCS hoàn thành nhiệm vụ", "count", "sum", "graded", "done", "", ""),
    ("graded_failed", "CĐCS không hoàn thành nhiệm vụ", "count", "sum", "graded", "failed", "", ""),
    (
        "graded_excellent_share",
        "Tỷ lệ CĐCS hoàn thành xuất sắc nhiệm vụ (%)",
        "percent",
        "ratio",
        "manual",
        "",
        "graded_excellent",
        "graded",
    ),
]
CHECKS = [
    (code, "graded") for code in ("graded_excellent", "graded_good", "graded_done", "graded_failed")
]
SOURCES = [
    ("manual", "entered by hand"),
    ("members", "members"),
    ("female", "female members"),
    ("admitted", "members admitted in the period"),
    ("left", "members who left in the period"),
    ("new_grassroots", "grassroots unions founded in the period"),
    ("with_card", "members with a card"),
    ("grassroots", "grassroots unions (of the indicator's sector, if it names one)"),
    ("awards", "awards granted in the period (of the indicator's award)"),
    ("care_count", "acts of care in the period (of the detail's kind or group)"),
    ("care_amount", "đồng spent on care in the period (of the detail's kind)"),
    ("funds_raised", "đồng contributed to campaigns in the period"),
    ("sponsored", "đồng from outside sponsors in the period (xã hội hóa)"),
    ("houses", "Mái ấm công đoàn houses built or repaired (of the detail's kind)"),
    ("savings", "đồng paid into rotating savings groups in the period"),
    ("meetings_held", "units that held a meeting of the detail's kind"),
    ("agreements", "collective agreements in force (of the detail's grade)"),
    ("agreements_new", "collective agreements signed in the period"),
    ("agreements_amended", "collective agreements amended in the period"),
    ("agreement_covered", "enterprise grassroots unions covered by an agreement in force"),
    ("graded", "grassroots unions graded, by published tier (of the detail's tier)"),
]


def load(apps, schema_editor):
    ReturnTemplate = apps.get_model("reports", "ReturnTemplate")
    Period = apps.get_model("reports", "Period")
    Indicator = apps.get_model("reports", "Indicator")
    IndicatorCheck = apps.get_model("reports", "IndicatorCheck")
    for template in ReturnTemplate.objects.filter(code="tong-ket-nam", year__in=YEARS):
        # a form already in use is not changed under the units filling it
        if Period.objects.filter(template=template).exists():
            continue
        if template.indicators.filter(code="graded").exists():
            continue
        # before the text indicators (the general assessment), after every figure
        texts = list(template.indicators.filter(kind="text").order_by("order"))
        start = texts[0].order if texts else template.indicators.count() + 1
        for later in template.indicators.filter(order__gte=start).order_by("-order"):
            later.order += len(GRADING)
            later.save(update_fields=["order"])
        for n, (code, label, kind, rollup, source, detail, top, bottom) in enumerate(GRADING):
            Indicator.objects.create(
                template=template,
                code=code,
                label=label,
                group=GROUP,
                kind=kind,
                rollup=rollup,
                source=source,
                detail=detail,
                numerator=top,
                denominator=bottom,
                order=start + n,
            )
        for part, whole in CHECKS:
            IndicatorCheck.objects.create(template=template, part=part, whole=whole)


def unload(apps, schema_editor):
    ReturnTemplate = apps.get_model("reports", "ReturnTemplate")
    IndicatorCheck = apps.get_model("reports", "IndicatorCheck")
    codes = [row[0] for row in GRADING]
    for template in ReturnTemplate.objects.filter(code="tong-ket-nam", year__in=YEARS):
        IndicatorCheck.objects.filter(template=template, part__in=codes).delete()
        template.indicators.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0010_year_end_2027_democracy_from_records")]

    operations = [
        migrations.AlterField(
            model_name="indicator",
            name="source",
            field=models.CharField(
                choices=SOURCES, default="manual", max_length=24, verbose_name="source"
            ),
        ),
        migrations.RunPython(load, unload),
    ]
