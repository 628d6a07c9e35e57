"""The 2027 year-end return counts workplace democracy from the records instead of the
yes/no a unit ticked: units that held the civil servants' and the workers' conferences
and the periodic dialogue, collective agreements in force, signed and amended, graded A
and B, and the share of enterprise grassroots unions an agreement in force covers."""

from django.db import migrations

YEAR = 2027
GROUP = "Dân chủ cơ sở"
# code, label, kind, roll-up, source, detail, numerator, denominator
DEMOCRACY = [
    (
        "cbccvc_conference",
        "Đơn vị tổ chức hội nghị cán bộ, công chức, viên chức",
        "count",
        "sum",
        "meetings_held",
        "hn-cbccvc",
        "",
        "",
    ),
    (
        "worker_conference",
        "Đơn vị tổ chức hội nghị người lao động",
        "count",
        "sum",
        "meetings_held",
        "hn-nld",
        "",
        "",
    ),
    (
        "dialogue",
        "Đơn vị tổ chức đối thoại định kỳ",
        "count",
        "sum",
        "meetings_held",
        "doi-thoai",
        "",
        "",
    ),
    (
        "collective_agreement",
        "Thỏa ước lao động tập thể đang có hiệu lực",
        "count",
        "sum",
        "agreements",
        "",
        "",
        "",
    ),
    ("agreements_new", "Thỏa ước ký mới trong năm", "count", "sum", "agreements_new", "", "", ""),
    (
        "agreements_amended",
        "Thỏa ước sửa đổi, bổ sung trong năm",
        "count",
        "sum",
        "agreements_amended",
        "",
        "",
        "",
    ),
    ("agreements_a", "Thỏa ước xếp loại A", "count", "sum", "agreements", "A", "", ""),
    ("agreements_b", "Thỏa ước xếp loại B", "count", "sum", "agreements", "B", "", ""),
    (
        "covered_grassroots",
        "CĐCS doanh nghiệp có thỏa ước còn hiệu lực",
        "count",
        "sum",
        "agreement_covered",
        "",
        "",
        "",
    ),
    (
        "enterprise_grassroots",
        "CĐCS doanh nghiệp",
        "count",
        "sum",
        "grassroots",
        "enterprise",
        "",
        "",
    ),
    (
        "agreement_coverage",
        "Tỷ lệ CĐCS doanh nghiệp có thỏa ước (%)",
        "percent",
        "ratio",
        "manual",
        "",
        "covered_grassroots",
        "enterprise_grassroots",
    ),
]
CHECKS = [
    ("covered_grassroots", "enterprise_grassroots"),
    ("agreements_a", "collective_agreement"),
    ("agreements_b", "collective_agreement"),
]


def load(apps, schema_editor):
    ReturnTemplate = apps.get_model("reports", "ReturnTemplate")
    Period = apps.get_model("reports", "Period")
    template = ReturnTemplate.objects.filter(code="tong-ket-nam", year=YEAR).first()
    # a form already in use is not changed under the units filling it
    if template is None or Period.objects.filter(template=template).exists():
        return
    if template.indicators.filter(code="agreements_new").exists():
        return
    Indicator = apps.get_model("reports", "Indicator")
    IndicatorCheck = apps.get_model("reports", "IndicatorCheck")
    old = list(template.indicators.filter(group=GROUP).order_by("order"))
    codes = {i.code for i in old}
    IndicatorCheck.objects.filter(template=template).filter(models_q(codes)).delete()
    start = old[0].order if old else template.indicators.count() + 1
    template.indicators.filter(group=GROUP).delete()
    # make room after the group for its longer list
    for later in template.indicators.filter(order__gte=start).order_by("-order"):
        later.order += len(DEMOCRACY)
        later.save(update_fields=["order"])
    for n, (code, label, kind, rollup, source, detail, top, bottom) in enumerate(DEMOCRACY):
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


def models_q(codes):
    from django.db.models import Q

    return Q(part__in=codes) | Q(whole__in=codes)


def unload(apps, schema_editor):
    """Back to the yes/no questions of 2026."""
    ReturnTemplate = apps.get_model("reports", "ReturnTemplate")
    template = ReturnTemplate.objects.filter(code="tong-ket-nam", year=YEAR).first()
    last = ReturnTemplate.objects.filter(code="tong-ket-nam", year=YEAR - 1).first()
    if template is None or last is None:
        return
    Indicator = apps.get_model("reports", "Indicator")
    apps.get_model("reports", "IndicatorCheck").objects.filter(template=template).filter(
        models_q([c[0] for c in DEMOCRACY])
    ).delete()
    start = template.indicators.filter(group=GROUP).order_by("order").first()
    template.indicators.filter(group=GROUP).delete()
    for n, typed in enumerate(last.indicators.filter(group=GROUP).order_by("order")):
        Indicator.objects.create(
            template=template,
            code=typed.code,
            label=typed.label,
            group=GROUP,
            kind=typed.kind,
            rollup=typed.rollup,
            source=typed.source,
            order=(start.order if start else 0) + n,
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0009_return_corrections")]

    operations = [migrations.RunPython(load, unload)]
