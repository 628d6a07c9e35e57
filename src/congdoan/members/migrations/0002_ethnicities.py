"""The 54 ethnic groups as editable data."""

from django.db import migrations

from congdoan.members.ethnicities import ETHNICITIES


def _fold(text):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def load(apps, schema_editor):
    Ethnicity = apps.get_model("members", "Ethnicity")
    for code, name in ETHNICITIES:
        Ethnicity.objects.get_or_create(
            code=code, defaults={"name": name, "name_folded": _fold(name)}
        )


def unload(apps, schema_editor):
    apps.get_model("members", "Ethnicity").objects.filter(
        code__in=[code for code, _name in ETHNICITIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0001_members")]
    operations = [migrations.RunPython(load, unload)]
