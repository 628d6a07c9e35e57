"""Cheaper history rows and events, the two rows written beside every new member.

- History rows are read by member, never by union or ethnic group: those columns lose
  their indexes there. The user who made a change is nulled by Django when an account is
  deleted; the database no longer checks it for every row written.
- Events: the member's key is the first column of the timeline index, so it needs no
  index of its own; the other union (set on transfers only) is indexed where it is set;
  the recording user is treated as in the history.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0014_name_tokens_inlined"),
        ("organizations", "0002_default_kinds_and_provinces"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalmember",
            name="ethnicity",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="members.ethnicity",
                verbose_name="ethnic group",
            ),
        ),
        migrations.AlterField(
            model_name="historicalmember",
            name="history_user",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="historicalmember",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="organizations.unit",
                verbose_name="union",
            ),
        ),
        migrations.AlterField(
            model_name="memberevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="by",
            ),
        ),
        migrations.AlterField(
            model_name="memberevent",
            name="member",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="members.member",
            ),
        ),
        migrations.AlterField(
            model_name="memberevent",
            name="other_unit",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.unit",
                verbose_name="other union",
            ),
        ),
        migrations.AddIndex(
            model_name="memberevent",
            index=models.Index(
                condition=models.Q(("other_unit__isnull", False)),
                fields=["other_unit"],
                name="memberevent_other_unit",
            ),
        ),
    ]
