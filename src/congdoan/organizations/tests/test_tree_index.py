"""A subtree is one range on the indexed path, on PostgreSQL as on SQLite."""

import pytest
from django.db import connection

from congdoan.organizations.models import Unit


def test_subtree_is_one_path_prefix_range(tree):
    sql = str(Unit.objects.subtree(tree.kh).query)
    assert "LIKE" in sql.upper() and "path" in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plan")
def test_subtree_query_can_use_the_path_index(tree):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Unit.objects.subtree(tree.kh).only("pk").explain()
    assert "Index" in plan and "path" in plan


def test_reference_names_keep_their_search_key(db):
    from congdoan.members.models import Ethnicity
    from congdoan.organizations.models import Province

    assert Province.objects.create(code="99", name="Đắk Nông").name_folded == "dak nong"
    assert Ethnicity.objects.create(code="99", name="Ê-đê Bih").name_folded == "e-de bih"
