"""The unit kind the 2025 reform created: the commune, ward and special-zone union
(công đoàn xã, phường, đặc khu), directly above grassroots unions under a province
(NQ 202/2025/QH15; Luật 97/2025/QH15). District federations stay as a kind, so the
years before the reform keep their shape."""

from django.db import migrations

CODE = "commune"
NAME = "Công đoàn xã, phường, đặc khu"


def load(apps, schema_editor):
    UnitKind = apps.get_model("organizations", "UnitKind")
    commune, _created = UnitKind.objects.update_or_create(
        code=CODE, defaults={"name": NAME, "level": 3, "holds_members": False, "sort_order": 5}
    )
    commune.allowed_parents.set(UnitKind.objects.filter(code="provincial"))
    grassroots = UnitKind.objects.filter(code="grassroots").first()
    if grassroots is not None:
        grassroots.allowed_parents.add(commune)


def unload(apps, schema_editor):
    apps.get_model("organizations", "UnitKind").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0002_default_kinds_and_provinces")]

    operations = [migrations.RunPython(load, unload)]
