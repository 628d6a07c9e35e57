"""The default year-end return also counts the awards granted in the year, by title
(e.g. "02 chiến sĩ thi đua cơ sở, 23 lao động tiên tiến, 02 tập thể lao động xuất sắc")."""

from django.db import migrations

# code, label, award
INDICATORS = [
    ("awards_cstdcs", "Chiến sĩ thi đua cơ sở", "cstdcs"),
    ("awards_ldtt", "Lao động tiên tiến", "ldtt"),
    ("awards_ttldxs", "Tập thể lao động xuất sắc", "ttldxs"),
    ("awards_ttldtt", "Tập thể lao động tiên tiến", "ttldtt"),
]


def load(apps, schema_editor):
    ReturnTemplate = apps.get_model("reports", "ReturnTemplate")
    Indicator = apps.get_model("reports", "Indicator")
    for template in ReturnTemplate.objects.filter(code="tong-ket-nam", year__in=(2025, 2026)):
        last = template.indicators.order_by("-order").values_list("order", flat=True).first() or 0
        for number, (code, label, award) in enumerate(INDICATORS, start=1):
            if not template.indicators.filter(code=code).exists():
                Indicator.objects.create(
                    template=template,
                    code=code,
                    label=label,
                    group="Thi đua, khen thưởng",
                    kind="count",
                    rollup="sum",
                    source="awards",
                    award=award,
                    order=last + number,
                )


def unload(apps, schema_editor):
    apps.get_model("reports", "Indicator").objects.filter(
        template__code="tong-ket-nam", code__in=[code for code, _label, _award in INDICATORS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_indicator_award")]

    operations = [migrations.RunPython(load, unload)]
