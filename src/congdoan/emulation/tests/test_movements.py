"""Movements and registrations: launched for a subtree, seen from below, registering a
union's members (by CCCD or all) or the union itself; a nomination for a movement's
results; four ways."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from congdoan.awards import services as awards
from congdoan.awards.models import AwardTitle
from congdoan.emulation import movements
from congdoan.emulation.models import Movement, Registration

PAGE = reverse("emulation:movement_list")


@pytest.fixture
def movement(tree, dana):
    return movements.launch_movement(
        actor=dana,
        unit=tree.kh,
        name="Lao động giỏi, lao động sáng tạo",
        decision_number="02/QĐ-LĐLĐ",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        titles=AwardTitle.objects.filter(code__in=["ldtt", "ttldtt"]),
    )


def test_a_union_registers_its_members_and_itself_on_the_page(
    tree, people, movement, bob, client_for
):
    client = client_for(bob)
    page = client.get(PAGE)
    assert list(page.context["movements"]) == [movement]  # launched above Lê Lợi
    ldtt = AwardTitle.objects.get(code="ldtt")
    body = {
        "action": "register",
        "unit": tree.le_loi.pk,
        "year": 2026,
        "award": ldtt.pk,
        "movement": movement.pk,
        "id_numbers": f"{people['hoa'].id_number}\n000000000000",
    }
    wrong = client.post(PAGE, body)
    assert "000000000000" in str(wrong.context["registration_form"].errors)
    assert not Registration.objects.exists()
    body["id_numbers"], body["everyone"] = "", "on"
    assert client.post(PAGE, body).status_code == 302
    assert Registration.objects.filter(award=ldtt).count() == 3  # Lê Lợi's members
    assert client.post(PAGE, body).status_code == 302  # again: nobody twice
    assert Registration.objects.filter(award=ldtt).count() == 3
    collective = {**body, "award": AwardTitle.objects.get(code="ttldtt").pk}
    client.post(PAGE, collective)
    assert Registration.objects.get(member__isnull=True).unit == tree.le_loi


def test_registration_follows_the_movements_titles_and_years(tree, people, movement, bob):
    with pytest.raises(ValidationError):  # the movement does not lead to CSTĐCS
        movements.register(
            actor=bob,
            year=2026,
            award=AwardTitle.objects.get(code="cstdcs"),
            member=people["hoa"],
            movement=movement,
        )
    with pytest.raises(ValidationError):  # it runs in 2026 only
        movements.register(
            actor=bob,
            year=2027,
            award=AwardTitle.objects.get(code="ldtt"),
            member=people["hoa"],
            movement=movement,
        )


def test_a_nomination_for_a_movements_results(tree, people, movement, bob, charlie):
    nomination = awards.nominate(
        actor=bob,
        origin=tree.le_loi,
        year=2026,
        award=AwardTitle.objects.get(code="gk-ctcs"),
        member=people["hoa"],
        achievements="Sáng kiến cải tiến",
        movement=movement,
    )
    assert nomination.movement == movement
    with pytest.raises(ValidationError):
        awards.nominate(
            actor=bob,
            origin=tree.le_loi,
            year=2027,
            award=AwardTitle.objects.get(code="gk-ctcs"),
            member=people["an"],
            achievements="x",
            movement=movement,
        )


def test_movements_page_scope(tree, movement, hanoi, nobody, client, client_for, dana):
    assert client.get(PAGE).status_code == 302
    assert not client_for(hanoi).get(PAGE).context["movements"]
    page = client_for(nobody).get(PAGE)
    assert not page.context["movements"] and "movement_form" not in page.context
    launch = {
        "action": "launch",
        "unit": tree.kh.pk,
        "name": "Khác",
        "decision_number": "1",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
    }
    assert client_for(hanoi).post(PAGE, launch).status_code == 200  # not a unit of theirs
    assert Movement.objects.count() == 1
    assert client_for(dana).post(PAGE, launch).status_code == 302
    assert Movement.objects.count() == 2
