"""PostgreSQL only: a trigram index on the folded name within each branch of the tree.

It serves name searches whose words are rare (``members.listing``); SQLite searches
its far smaller tables without it.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX IF NOT EXISTS member_branch_name ON members_member USING gin "
    "((SUBSTRING(unit_path, 1, 8)), name_folded gin_trgm_ops) WHERE status = 'active'",
]
DROP = ["DROP INDEX IF EXISTS member_branch_name"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_fill_unit_path")]

    operations = [migrations.RunPython(forwards, backwards)]
