"""The default year-end return also counts the grassroots unions that reported, in all
and by sector (khu vực), next to the unions founded in the year."""

from django.db import migrations

# code, label, sector
INDICATORS = [
    ("grassroots", "Số CĐCS", ""),
    ("grassroots_public", "CĐCS khu vực hành chính, sự nghiệp", "public_service"),
    ("grassroots_state", "CĐCS doanh nghiệp nhà nước", "state_enterprise"),
    ("grassroots_private", "CĐCS doanh nghiệp ngoài nhà nước", "private_enterprise"),
    ("grassroots_fdi", "CĐCS doanh nghiệp có vốn đầu tư nước ngoài", "fdi"),
]
CHECKS = [(code, "grassroots") for code, _label, sector in INDICATORS if sector]


def load(apps, schema_editor):
    ReturnTemplate = apps.get_model("reports", "ReturnTemplate")
    Indicator = apps.get_model("reports", "Indicator")
    IndicatorCheck = apps.get_model("reports", "IndicatorCheck")
    for template in ReturnTemplate.objects.filter(code="tong-ket-nam", year__in=(2025, 2026)):
        founded = template.indicators.filter(code="new_grassroots").first()
        order = founded.order if founded else 7  # beside the unions founded in the year
        for code, label, sector in INDICATORS:
            if not template.indicators.filter(code=code).exists():
                Indicator.objects.create(
                    template=template,
                    code=code,
                    label=label,
                    group="Tổ chức",
                    kind="count",
                    rollup="sum",
                    source="grassroots",
                    sector=sector,
                    order=order,
                )
        for part, whole in CHECKS:
            IndicatorCheck.objects.get_or_create(template=template, part=part, whole=whole)


def unload(apps, schema_editor):
    templates = apps.get_model("reports", "ReturnTemplate").objects.filter(
        code="tong-ket-nam", year__in=(2025, 2026)
    )
    apps.get_model("reports", "Indicator").objects.filter(
        template__in=templates, code__in=[code for code, _label, _sector in INDICATORS]
    ).delete()
    apps.get_model("reports", "IndicatorCheck").objects.filter(
        template__in=templates, part__in=[part for part, _whole in CHECKS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_indicator_sector")]

    operations = [migrations.RunPython(load, unload)]
