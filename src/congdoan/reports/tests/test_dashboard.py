"""The dashboard: key figures with the change from last year, the years, the units under
it and who submitted; scoped."""

from django.urls import reverse


def test_the_dashboard_shows_figures_change_years_and_units(tree, two_years, alice, client_for):
    response = client_for(alice).get(reverse("reports:dashboard"), {"unit": tree.nha_trang.pk})
    assert response.status_code == 200
    key = {figure["code"]: figure for figure in response.context["key"]}
    assert key["members"]["value"] == 6 and key["members"]["change"] == 1
    assert response.context["trend"] == [(2025, 5, 0), (2026, 6, 0)]
    children = dict(response.context["children"])
    assert children == {tree.le_loi.display_name: 4, tree.may.display_name: 2}
    body = response.content.decode()
    assert 'id="chart-trend"' in body and 'id="table-trend"' in body  # a table beside each chart
    assert response.context["progress"]["submitted"] == 2


def test_dashboard_scope(tree, two_years, bob, charlie, nobody, client, client_for):
    url = reverse("reports:dashboard")
    assert client.get(url).status_code == 302
    assert client_for(charlie).get(url, {"unit": tree.le_loi.pk}).status_code == 404
    assert client_for(nobody).get(url, {"unit": tree.le_loi.pk}).status_code == 404
    assert "dashboard-empty" in client_for(nobody).get(url).content.decode()
    mine = client_for(bob).get(url)
    assert mine.context["unit"] == tree.le_loi
    assert {f["code"]: f["value"] for f in mine.context["key"]}["members"] == 4
