from django.db import migrations


def fill(apps, schema_editor):
    NameWord = apps.get_model("members", "NameWord")
    Member = apps.get_model("members", "Member")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "INSERT INTO members_nameword (word) "
            "SELECT DISTINCT word FROM members_member, "
            "unnest(string_to_array(name_folded, ' ')) AS word WHERE word <> '' "
            "ON CONFLICT DO NOTHING"
        )
        return
    words = set()
    for name in Member.objects.values_list("name_folded", flat=True).iterator():
        words.update(name.split())
    NameWord.objects.bulk_create([NameWord(word=w) for w in sorted(words)], ignore_conflicts=True)


def empty(apps, schema_editor):
    apps.get_model("members", "NameWord").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0007_name_words")]

    operations = [migrations.RunPython(fill, empty)]
