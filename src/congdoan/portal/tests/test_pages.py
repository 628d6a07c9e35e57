"""The member's own pages and the officers' side, for every kind of visitor."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congdoan.cards.verify import token_for
from congdoan.core.models import AuditLog
from congdoan.members.models import Member
from congdoan.portal import services
from congdoan.portal.models import ChangeStatus, ContactChange, MemberAccount

from .conftest import MEMBER_PASSWORD

# --- creating the login --------------------------------------------------------------


def test_the_invitation_link_opens_the_form_with_the_code(people, bob, client):
    _invitation, code = services.invite_member(actor=bob, member=people["hoa"])
    response = client.get(reverse("portal:join_code", args=[code]))
    assert response.status_code == 200
    assert services.show_code(code) in response.content.decode()


def test_joining_logs_the_member_in_on_their_page(people, bob, client):
    _invitation, code = services.invite_member(actor=bob, member=people["hoa"])
    response = client.post(
        reverse("portal:join"),
        {
            "code": code,
            "username": "hoa.nguyen",
            "password": MEMBER_PASSWORD,
            "password_again": MEMBER_PASSWORD,
        },
    )
    assert response.status_code == 302 and response.url == reverse("portal:me")
    assert MemberAccount.objects.get().user.username == "hoa.nguyen"
    assert "Nguyễn Thị Hoa" in client.get(reverse("portal:me")).content.decode()


def test_a_wrong_code_is_answered_in_vietnamese_and_changes_nothing(people, client):
    response = client.post(
        reverse("portal:join"),
        {
            "code": "AAAA-BBBB-CCCC",
            "username": "hoa",
            "password": MEMBER_PASSWORD,
            "password_again": MEMBER_PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "Mã mời không hợp lệ" in response.content.decode()
    assert not MemberAccount.objects.exists()


def test_guessing_codes_is_limited_per_client(people, client, settings):
    settings.CONGDOAN_JOIN_RATE = 2
    data = {"code": "AAAA-BBBB-CCCC", "username": "x", "password": "y", "password_again": "y"}
    codes = [client.post(reverse("portal:join"), data).status_code for _ in range(3)]
    assert codes == [400, 400, 429]


# --- the member's own page -----------------------------------------------------------


def test_the_member_sees_their_record_card_and_timeline_and_no_one_else(
    hoa_login, hoa_card, people, client_for
):
    response = client_for(hoa_login).get(reverse("portal:me"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "079190000123" in page and hoa_card.number in page  # her CCCD and card
    assert "<svg" in page
    assert response.context["check_url"].endswith(
        reverse("cards:verify", args=[token_for(hoa_card)])
    )
    assert "Trần Văn Bình" not in page and "Lê Thị An" not in page
    assert [event.member_id for event in response.context["events"]] == [people["hoa"].pk]


def test_the_members_login_reaches_no_officer_page_or_api(hoa_login, people, client_for):
    client = client_for(hoa_login)
    assert client.get("/").url == reverse("portal:me")
    assert client.get(people["binh"].get_absolute_url()).status_code == 404
    assert client.get(people["hoa"].get_absolute_url()).status_code == 404  # officers' page
    listing = client.get(reverse("members:member_list"))
    assert "Trần Văn Bình" not in listing.content.decode()
    assert client.get("/api/v1/members").json()["count"] == 0


def test_the_page_is_for_members_only(bob, client_for, client):
    assert client.get(reverse("portal:me")).status_code == 302  # to the login
    assert client_for(bob).get(reverse("portal:me")).status_code == 404


def test_the_member_downloads_their_card(hoa_login, hoa_card, client_for, client):
    response = client_for(hoa_login).get(reverse("portal:my_card_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_no_card_no_pdf(hoa_login, client_for):
    assert client_for(hoa_login).get(reverse("portal:my_card_pdf")).status_code == 404


def test_proposing_from_the_page(hoa_login, people, client_for):
    client = client_for(hoa_login)
    bad = client.post(reverse("portal:me"), {"phone": "12ab", "email": "", "address": ""})
    assert bad.status_code == 400 and "không hợp lệ" in bad.content.decode()
    assert not ContactChange.objects.exists()
    good = client.post(
        reverse("portal:me"), {"phone": "0912345678", "email": "", "address": "Nha Trang"}
    )
    assert good.status_code == 302
    assert ContactChange.objects.get().phone == "0912345678"
    assert Member.objects.get(pk=people["hoa"].pk).phone == "0905123456"


# --- the officers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, status", [("anonymous", 302), ("nobody", 404), ("charlie", 404), ("bob", 200)]
)
def test_invite_scope(who, status, people, request, client, client_for):
    if who != "anonymous":
        client = client_for(request.getfixturevalue(who))
    response = client.post(reverse("portal:invite", args=[people["hoa"].pk]))
    assert response.status_code == status
    assert AuditLog.objects.filter(action="portal.invite").count() == (status == 200)
    if status == 200:
        assert response["Cache-Control"] == "no-store"
        code = response.context["code"]
        assert services.open_invitation(code).member == people["hoa"]
        assert response.context["link"].endswith(
            reverse("portal:join_code", args=[code.replace("-", "")])
        )


def test_the_members_page_shows_the_login_and_the_waiting_proposal(
    hoa_login, people, bob, client_for
):
    services.propose_contact_change(user=hoa_login, phone="0912345678", email="", address="")
    page = client_for(bob).get(people["hoa"].get_absolute_url()).content.decode()
    assert "hoa.nguyen" in page and "0912345678" in page
    assert reverse("portal:change_decide", args=[ContactChange.objects.get().pk]) in page


@pytest.mark.parametrize(
    "who, shown", [("nobody", False), ("charlie", False), ("bob", True), ("alice", True)]
)
def test_change_list_scope(who, shown, hoa_login, request, client_for):
    services.propose_contact_change(user=hoa_login, phone="0912345678", email="", address="")
    response = client_for(request.getfixturevalue(who)).get(reverse("portal:change_list"))
    assert response.status_code == 200
    assert ("Nguyễn Thị Hoa" in response.content.decode()) is shown


def test_change_list_needs_a_login(client):
    assert client.get(reverse("portal:change_list")).status_code == 302


@pytest.mark.parametrize(
    "who, status", [("anonymous", 302), ("nobody", 404), ("charlie", 404), ("bob", 302)]
)
def test_decide_scope(who, status, hoa_login, people, request, client, client_for):
    change = services.propose_contact_change(
        user=hoa_login, phone="0912345678", email="", address=""
    )
    if who != "anonymous":
        client = client_for(request.getfixturevalue(who))
    response = client.post(
        reverse("portal:change_decide", args=[change.pk]), {"decision": "approve"}
    )
    assert response.status_code == status
    change.refresh_from_db()
    approved = who == "bob"
    assert (change.status == ChangeStatus.APPROVED) is approved
    assert (Member.objects.get(pk=people["hoa"].pk).phone == "0912345678") is approved


def test_a_rejection_without_reason_is_refused_on_the_page(hoa_login, bob, client_for):
    change = services.propose_contact_change(
        user=hoa_login, phone="0912345678", email="", address=""
    )
    client = client_for(bob)
    response = client.post(
        reverse("portal:change_decide", args=[change.pk]), {"decision": "reject"}, follow=True
    )
    assert "Cho biết lý do" in response.content.decode()
    assert ContactChange.objects.get().status == ChangeStatus.PENDING


def test_the_change_list_reads_a_fixed_number_of_queries(
    people, bob, client_for, django_assert_max_num_queries
):
    def proposal_from(key: str) -> None:
        _invitation, code = services.invite_member(actor=bob, member=people[key])
        user = services.accept_invitation(
            code=code, username=f"member.{key}", password=MEMBER_PASSWORD
        )
        services.propose_contact_change(user=user, phone="0912345678", email="", address="")

    client = client_for(bob)
    proposal_from("hoa")
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("portal:change_list"))
    proposal_from("binh")
    proposal_from("an")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("portal:change_list"))
    assert len(response.context["page"]) == 3


def test_the_member_sees_their_own_photo_only(hoa_login, hoa_card, people, bob, client_for):
    from congdoan.cards import services as cards
    from congdoan.cards.tests.test_photos import picture

    client = client_for(hoa_login)
    assert client.get(reverse("portal:my_photo")).status_code == 404
    cards.set_photo(actor=bob, member=people["binh"], data=picture(600, 800))
    assert client.get(reverse("portal:my_photo")).status_code == 404  # Bình's is not hers
    assert client.get(reverse("cards:photo", args=[people["binh"].pk])).status_code == 404
    cards.set_photo(actor=bob, member=people["hoa"], data=picture(600, 800))
    response = client.get(reverse("portal:my_photo"))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert reverse("portal:my_photo") in client.get(reverse("portal:me")).content.decode()
