"""Members of the shared tree: Lê Lợi (bob's union) has three, May (charlie's) has two."""

from datetime import date

import pytest

from congdoan.members import services
from congdoan.members.models import Ethnicity
from congdoan.members.services import MemberData


def admit(unit, name, gender, id_number="", **extra):
    data = MemberData(
        full_name=name,
        gender=gender,
        id_number=id_number,
        ethnicity=Ethnicity.objects.get(code="01"),
        **extra,
    )
    return services.admit_member(actor=None, unit=unit, data=data, on=date(2020, 9, 1))


@pytest.fixture
def people(tree):
    return {
        "hoa": admit(
            tree.le_loi,
            "Nguyễn Thị Hoa",
            "female",
            "079190000123",
            birth_date=date(1990, 5, 12),
            phone="0905123456",
        ),
        "binh": admit(
            tree.le_loi,
            "Trần Văn Bình",
            "male",
            "079085000456",
            birth_date=date(1985, 1, 1),
            birth_precision="year",
        ),
        "an": admit(tree.to_van, "Lê Thị An", "female", "079195000789"),
        "minh": admit(tree.may, "Phạm Văn Minh", "male", "056088000111"),
        "lan": admit(tree.may, "Võ Thị Lan", "female", "056092000222"),
    }


@pytest.fixture
def tasks(django_capture_on_commit_callbacks):
    """Run the service and the background task it queues, as a worker would."""

    def call(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = function(**kwargs)
        if hasattr(result, "refresh_from_db"):
            result.refresh_from_db()
        return result

    return call
