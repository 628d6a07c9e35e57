"""The dated rules shipped with the dues app, each with its source (RULES.md):

- đoàn phí 1 % before 01/07/2025, 0.5 % from then (QĐ 61/QĐ-TLĐ, 29/07/2025); group 1 of
  the social-insurance salary, group 2 of take-home pay and group 3 of the
  social-insurance salary, groups 2 and 3 capped at 10 % of lương cơ sở;
- the split of QĐ 1408/QĐ-TLĐ (01/08/2024), Điều 28: the CĐCS keeps 70 % of đoàn phí and
  75 % of kinh phí; kinh phí is 2 % of the wage fund (Luật Công đoàn 2024, Điều 29);
- lương cơ sở 1.800.000 đ from 01/07/2023 (NĐ 24/2023/NĐ-CP), beside the 2.340.000 đ of
  01/07/2024 the award catalogue ships, so earlier months have their cap.
Exempt units (CV 4133/TLĐ-ToC, from 01/06/2025) pay nothing: no rule applies to them."""

from datetime import date

from django.db import migrations

QD61 = "QĐ 61/QĐ-TLĐ (29/07/2025)"
BEFORE = "Quy định về đoàn phí trước 01/07/2025 (1%)"
RULES = [
    # group, from, rate, base, cap
    ("1", date(2016, 1, 1), "1", "insurance", None, BEFORE),
    ("2", date(2016, 1, 1), "1", "take_home", "10", BEFORE),
    ("3", date(2016, 1, 1), "1", "insurance", "10", BEFORE),
    ("1", date(2025, 7, 1), "0.5", "insurance", None, QD61),
    ("2", date(2025, 7, 1), "0.5", "take_home", "10", QD61),
    ("3", date(2025, 7, 1), "0.5", "insurance", "10", QD61),
]


def load(apps, schema_editor):
    DuesRule = apps.get_model("dues", "DuesRule")
    Split = apps.get_model("dues", "Split")
    BaseSalary = apps.get_model("awards", "BaseSalary")
    for group, day, rate, base, cap, source in RULES:
        DuesRule.objects.get_or_create(
            group=group,
            effective_from=day,
            defaults={"rate": rate, "base": base, "cap_percent": cap, "source": source},
        )
    Split.objects.get_or_create(
        effective_from=date(2016, 1, 1),
        defaults={
            "dues_kept": 70,
            "fund_kept": 75,
            "fund_rate": 2,
            "source": "QĐ 1408/QĐ-TLĐ (01/08/2024), Điều 28; Luật Công đoàn 2024, Điều 29 (cần đối chiếu)",
        },
    )
    BaseSalary.objects.get_or_create(
        effective_from=date(2023, 7, 1),
        defaults={"amount": 1_800_000, "source": "NĐ 24/2023/NĐ-CP"},
    )
    BaseSalary.objects.get_or_create(
        effective_from=date(2024, 7, 1),
        defaults={"amount": 2_340_000, "source": "NĐ 73/2024/NĐ-CP"},
    )


def unload(apps, schema_editor):
    apps.get_model("dues", "DuesRule").objects.all().delete()
    apps.get_model("dues", "Split").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("dues", "0001_initial"), ("awards", "0005_awardtitle_required_tier")]
    operations = [migrations.RunPython(load, unload)]
