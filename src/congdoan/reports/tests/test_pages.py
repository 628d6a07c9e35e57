"""Return pages: the list of periods and a unit's return, four ways, and what they do."""

from datetime import date

from django.urls import reverse

from congdoan.core.models import AuditLog
from congdoan.reports.models import Period, Return, ReturnStatus


def page_of(period, unit):
    return reverse("reports:return", args=[period.pk, unit.pk])


def test_return_page_scope(tree, people, period, bob, charlie, nobody, client, client_for):
    url = page_of(period, tree.le_loi)
    assert client.get(url).status_code == 302  # to the login
    for outsider in (nobody, charlie):
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).post(url, {"action": "submit"}).status_code == 404
    assert not Return.objects.exists()
    response = client_for(bob).get(url)
    assert response.status_code == 200 and "Tổng số đoàn viên" in response.content.decode()


def test_the_periods_page_lists_the_users_units(tree, people, period, bob, charlie, client_for):
    body = client_for(bob).get(reverse("reports:home")).content.decode()
    assert page_of(period, tree.le_loi) in body
    assert (
        page_of(period, tree.le_loi)
        not in client_for(charlie).get(reverse("reports:home")).content.decode()
    )


def test_a_form_whose_version_is_not_a_number_changes_nothing(
    tree, people, period, bob, client_for
):
    url = page_of(period, tree.le_loi)
    client = client_for(bob)
    client.post(url, {"action": "save", "v_care_visits": "5"})
    answer = client.post(
        url, {"action": "submit", "version": "abc", "v_care_visits": "9"}, follow=True
    )
    assert answer.status_code == 200
    assert "Hãy tải lại" in answer.content.decode()
    ret = Return.objects.get()
    assert (ret.status, ret.values) == (ReturnStatus.DRAFT, {"care_visits": 5})


def test_filling_submitting_and_deciding_on_the_page(tree, people, period, bob, dana, client_for):
    url = page_of(period, tree.le_loi)
    client = client_for(bob)
    bad = client.post(url, {"action": "save", "v_care_visits": "-3"}, follow=True)
    assert "không được âm" in bad.content.decode()
    client.post(url, {"action": "save", "v_care_visits": "12", "v_cbccvc_conference": "có"})
    ret = Return.objects.get()
    assert ret.values == {"care_visits": 12, "cbccvc_conference": True}
    client.post(url, {"action": "submit", "version": ret.version, "v_care_visits": "12"})
    assert Return.objects.get().status == ReturnStatus.SUBMITTED
    assert client.post(url, {"action": "approve"}).status_code == 302
    assert Return.objects.get().status == ReturnStatus.SUBMITTED  # bob is not above
    decider = client_for(dana)
    refused = decider.post(url, {"action": "send_back", "reason": ""}, follow=True)
    assert "lý do" in refused.content.decode()
    decider.post(url, {"action": "approve"})
    assert Return.objects.get().status == ReturnStatus.APPROVED
    district = decider.get(page_of(period, tree.nha_trang))
    assert "Công đoàn cơ sở Trường THCS Lê Lợi" in district.content.decode()
    assert district.context["progress"]["approved"] == 1


def test_a_stale_form_is_refused(tree, people, period, bob, client_for):
    client = client_for(bob)
    url = page_of(period, tree.le_loi)
    client.post(url, {"action": "save", "v_care_visits": "1"})
    version = Return.objects.get().version
    client.post(url, {"action": "save", "version": version, "v_care_visits": "2"})
    stale = client.post(
        url, {"action": "save", "version": version, "v_care_visits": "3"}, follow=True
    )
    assert "Người khác đã sửa" in stale.content.decode()
    assert Return.objects.get().values["care_visits"] == 2


def test_an_upper_level_opens_a_period_on_the_page(tree, alice, year_end, client_for):
    client = client_for(alice)
    page = client.get(reverse("reports:home"))
    assert list(page.context["form"].fields["unit"].queryset) == [tree.kh]
    body = {"template": year_end.pk, "unit": tree.kh.pk, "number": 1, "deadline": "2027-01-15"}
    response = client.post(reverse("reports:home"), body)
    period = Period.objects.get(template=year_end, unit=tree.kh)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:return", args=[period.pk, tree.kh.pk])
    assert (period.deadline, period.opened_by) == (date(2027, 1, 15), alice)
    assert AuditLog.objects.filter(action="reports.open", unit=tree.kh).count() == 1
    again = client.post(reverse("reports:home"), body)
    assert again.status_code == 200
    assert "Kỳ báo cáo này đã được mở." in again.content.decode()
    assert Period.objects.count() == 1


def test_opening_a_period_needs_an_upper_level_role(
    tree, alice, bob, charlie, year_end, client, client_for
):
    body = {"template": year_end.pk, "unit": tree.kh.pk, "number": 1, "deadline": "2027-01-15"}
    assert client.post(reverse("reports:home"), body).status_code == 302  # to the login
    assert "form" not in client_for(bob).get(reverse("reports:home")).context
    assert client_for(bob).post(reverse("reports:home"), body).status_code == 404
    assert client_for(charlie).post(reverse("reports:home"), body).status_code == 404
    assert not Period.objects.exists()


def test_a_viewer_of_an_upper_level_opens_no_period_there(tree, bob, year_end, client_for):
    from congdoan.accounts.models import Role

    Role.objects.create(user=bob, unit=tree.kh, role="viewer")  # reads the province only
    assert "form" not in client_for(bob).get(reverse("reports:home")).context
    body = {"template": year_end.pk, "unit": tree.kh.pk, "number": 1, "deadline": "2027-01-15"}
    assert client_for(bob).post(reverse("reports:home"), body).status_code == 404
    assert not Period.objects.exists()
