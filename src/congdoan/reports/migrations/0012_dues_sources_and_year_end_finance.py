"""The dues sources (đoàn phí collected in the period, the share the union keeps, what it
paid up) and a union finance group in the year-end forms of 2026 and 2027 not yet in
use, counted from the locked monthly sheets and the payments recorded."""

from django.db import migrations, models

YEARS = [2026, 2027]
GROUP = "Tài chính công đoàn"
# code, label, source, detail
FINANCE = [
    ("dues_collected", "Đoàn phí đã thu (đồng)", "dues_collected", ""),
    ("dues_kept", "Đoàn phí công đoàn cơ sở được sử dụng (đồng)", "dues_collected", "kept"),
    ("dues_remitted", "Đoàn phí đã nộp cấp trên (đồng)", "dues_remitted", ""),
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
        if template.indicators.filter(code="dues_collected").exists():
            continue
        texts = list(template.indicators.filter(kind="text").order_by("order"))
        start = texts[0].order if texts else template.indicators.count() + 1
        for later in template.indicators.filter(order__gte=start).order_by("-order"):
            later.order += len(FINANCE)
            later.save(update_fields=["order"])
        for n, (code, label, source, detail) in enumerate(FINANCE):
            Indicator.objects.create(
                template=template,
                code=code,
                label=label,
                group=GROUP,
                kind="money",
                rollup="sum",
                source=source,
                detail=detail,
                order=start + n,
            )
        IndicatorCheck.objects.create(template=template, part="dues_kept", whole="dues_collected")


def unload(apps, schema_editor):
    ReturnTemplate = apps.get_model("reports", "ReturnTemplate")
    IndicatorCheck = apps.get_model("reports", "IndicatorCheck")
    codes = [row[0] for row in FINANCE]
    for template in ReturnTemplate.objects.filter(code="tong-ket-nam", year__in=YEARS):
        IndicatorCheck.objects.filter(template=template, part__in=codes).delete()
        template.indicators.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0011_graded_source_and_year_end_grading")]

    operations = [
        migrations.AlterField(
            model_name="indicator",
            name="source",
            field=models.CharField(
                choices=[
                    ("manual", "entered by hand"),
                    ("members", "members"),
                    ("female", "female members"),
                    ("admitted", "members admitted in the period"),
                    ("left", "members who left in the period"),
                    ("new_grassroots", "grassroots unions founded in the period"),
                    ("with_card", "members with a card"),
                    (
                        "grassroots",
                        "grassroots unions (of the indicator's sector, if it names one)",
                    ),
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
                    (
                        "agreement_covered",
                        "enterprise grassroots unions covered by an agreement in force",
                    ),
                    (
                        "graded",
                        "grassroots unions graded, by published tier (of the detail's tier)",
                    ),
                    ("dues_collected", "đồng of đoàn phí collected in the period"),
                    ("dues_remitted", "đồng of đoàn phí paid to the level above in the period"),
                ],
                default="manual",
                max_length=24,
                verbose_name="source",
            ),
        ),
        migrations.RunPython(load, unload),
    ]
