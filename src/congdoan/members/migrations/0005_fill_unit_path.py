from django.db import migrations


def fill(apps, schema_editor):
    schema_editor.execute(
        "UPDATE members_member SET unit_path = "
        "(SELECT path FROM organizations_unit WHERE organizations_unit.id = members_member.unit_id)"
    )


def empty(apps, schema_editor):
    schema_editor.execute("UPDATE members_member SET unit_path = ''")


class Migration(migrations.Migration):
    dependencies = [("members", "0004_member_unit_path")]

    operations = [migrations.RunPython(fill, empty)]
