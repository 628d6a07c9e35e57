from django.db import migrations


def add(apps, schema_editor):
    CardScheme = apps.get_model("cards", "CardScheme")
    if not CardScheme.objects.exists():
        CardScheme.objects.create(
            name="Mã tỉnh (3) + năm (2) + số thứ tự (6) + số kiểm tra Luhn",
            province_digits=3,
            year_digits=2,
            sequence_digits=6,
            check_digit="luhn",
            in_use=True,
        )


def remove(apps, schema_editor):
    apps.get_model("cards", "CardScheme").objects.filter(
        name__startswith="Mã tỉnh (3) + năm (2)"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cards", "0001_cards")]

    operations = [migrations.RunPython(add, remove)]
