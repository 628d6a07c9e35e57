"""Every shipped sample member list imports cleanly into a union."""

import pytest

from congdoan.members.importing import check
from congdoan.members.samples import PEOPLE, samples


@pytest.mark.parametrize("name", sorted(samples()))
def test_sample_imports_cleanly(name, tree, bob):
    plan = check(data=samples()[name], filename=name, unit=tree.le_loi, actor=bob)
    assert plan.ok, [vars(p) for p in plan.problems]
    assert len(plan.add) == 5
    names = {row.values["full_name"] for row in plan.add}
    assert "Đặng Thị Thu Hương" in names and "Trần Văn Hùng" in names
    numbers = {row.values.get("id_number") for row in plan.add}
    assert numbers in ({None}, {person[3] for person in PEOPLE})
