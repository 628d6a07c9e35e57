"""PostgreSQL only: the words of each member's name in a GIN index, for name search
(``members/search.py``).

Each word is tagged with the member's province-level branch (the first 8 characters of
the union path) and its place: ``<branch>=<word>`` for the given name (the last word),
``<branch>:<word>`` for the family and middle names. The index's statistics, sampled
wider than by default, tell search how common each word is; the statistics on the branch
expression tell the planner how many members each branch holds."""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION member_name_tokens(unit_path text, name_folded text)
RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_agg(DISTINCT substr(unit_path, 1, 8)
                   || CASE WHEN place = last THEN '=' ELSE ':' END || word)
  FROM (SELECT string_to_array(btrim(name_folded), ' ') AS words) AS name,
       LATERAL unnest(name.words) WITH ORDINALITY AS token(word, place),
       LATERAL (SELECT cardinality(name.words) AS last) AS size
  WHERE word <> ''
$$;
CREATE INDEX IF NOT EXISTS member_name_tokens ON members_member
  USING gin (member_name_tokens(unit_path, name_folded));
ALTER INDEX member_name_tokens ALTER COLUMN 1 SET STATISTICS 1000;
ALTER TABLE members_member ALTER COLUMN name_folded SET STATISTICS 1000;
CREATE STATISTICS IF NOT EXISTS member_branch ON (substring(unit_path, 1, 8))
  FROM members_member;
ANALYZE members_member;
"""

DROP = """
ALTER TABLE members_member ALTER COLUMN name_folded SET STATISTICS -1;
DROP STATISTICS IF EXISTS member_branch;
DROP INDEX IF EXISTS member_name_tokens;
DROP FUNCTION IF EXISTS member_name_tokens(text, text);
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("members", "0008_fill_name_words")]

    operations = [migrations.RunPython(create, drop)]
