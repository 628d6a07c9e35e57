"""Identity, phone and card number indexes hold only the rows that have a number; an
active member's identity number is in the unique index already."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0012_fill_with_card"),
        ("organizations", "0002_default_kinds_and_provinces"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="member",
            name="member_id_number",
        ),
        migrations.RemoveIndex(
            model_name="member",
            name="member_phone",
        ),
        migrations.RemoveIndex(
            model_name="member",
            name="member_card",
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                condition=models.Q(
                    models.Q(("status", "active"), _negated=True),
                    models.Q(("id_number", ""), _negated=True),
                ),
                fields=["id_number"],
                name="member_past_id_number",
            ),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                condition=models.Q(("phone", ""), _negated=True),
                fields=["phone"],
                name="member_phone",
            ),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                condition=models.Q(("card_number", ""), _negated=True),
                fields=["card_number"],
                name="member_card",
            ),
        ),
    ]
