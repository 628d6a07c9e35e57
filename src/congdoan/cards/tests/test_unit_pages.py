"""A union's cards page: batch request, issue and print, each four ways."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congdoan.cards import services
from congdoan.cards.models import Card, CardStatus, PrintJob, PrintStatus
from congdoan.core.models import AuditLog

from .conftest import admit


def routes(tree):
    unit = tree.le_loi.pk
    return [
        ("get", reverse("cards:unit_cards", args=[unit]), None),
        ("post", reverse("cards:unit_request", args=[unit]), {}),
        ("post", reverse("cards:unit_issue", args=[unit]), {"all": "1"}),
        ("post", reverse("cards:unit_print", args=[unit]), {"all": "1"}),
    ]


@pytest.mark.parametrize("index", range(4))
def test_unit_cards_scope(index, tree, people, hoa_card, bob, charlie, nobody, client):
    method, url, data = routes(tree)[index]
    response = getattr(client, method)(url, data)
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    for outsider in (nobody, charlie):
        client.force_login(outsider)
        assert getattr(client, method)(url, data).status_code == 404
    assert Card.objects.count() == 1 and not PrintJob.objects.exists()
    client.force_login(bob)
    assert getattr(client, method)(url, data).status_code == (200 if method == "get" else 302)


def test_the_page_lists_the_unions_cards_and_figures(tree, people, hoa_card, bob, client_for):
    response = client_for(bob).get(reverse("cards:unit_cards", args=[tree.le_loi.pk]))
    body = response.content.decode()
    assert hoa_card.number in body and "Nguyễn Thị Hoa" in body
    assert response.context["figures"]["without_card"] == 2
    unprinted = client_for(bob).get(
        reverse("cards:unit_cards", args=[tree.le_loi.pk]), {"status": "issued", "printed": "1"}
    )
    assert list(unprinted.context["page"]) == []


def test_request_then_issue_all_then_print_all(
    tree, people, bob, client_for, django_capture_on_commit_callbacks
):
    client = client_for(bob)
    unit = tree.le_loi.pk
    client.post(reverse("cards:unit_request", args=[unit]))
    assert Card.objects.filter(status=CardStatus.REQUESTED).count() == 3  # Hoa, Bình, An
    client.post(reverse("cards:unit_issue", args=[unit]), {"all": "1"})
    assert Card.objects.filter(status=CardStatus.ISSUED).count() == 3
    assert AuditLog.objects.filter(action="cards.issue").count() == 3
    with django_capture_on_commit_callbacks(execute=True):  # the worker prints them
        response = client.post(reverse("cards:unit_print", args=[unit]), {"all": "1"})
    job = PrintJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.status, job.total) == (PrintStatus.DONE, 3)
    page = client.get(job.get_absolute_url()).content.decode()
    assert reverse("cards:print_job_pdf", args=[job.pk]) in page
    pdf = client.get(reverse("cards:print_job_pdf", args=[job.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert job.file.name.startswith("print-jobs/")
    assert not Card.objects.filter(printed_at__isnull=True).exists()


def test_only_the_ticked_cards_are_issued(tree, people, bob, client_for):
    requested = services.request_for_unit(actor=bob, unit=tree.le_loi)
    ticked = requested[0]
    client_for(bob).post(
        reverse("cards:unit_issue", args=[tree.le_loi.pk]), {"card": [str(ticked.pk)]}
    )
    assert list(Card.objects.filter(status=CardStatus.ISSUED)) == [ticked]


def test_a_card_outside_the_union_is_never_ticked_in(tree, people, bob, charlie, client_for):
    (theirs,) = services.request_cards(actor=charlie, members=[people["minh"]])
    client_for(bob).post(
        reverse("cards:unit_issue", args=[tree.le_loi.pk]), {"card": [str(theirs.pk)]}
    )
    assert Card.objects.get(pk=theirs.pk).status == CardStatus.REQUESTED


def test_a_print_job_is_its_makers_only(tree, people, hoa_card, bob, alice, client_for):
    job = services.start_printing(actor=bob, cards=[hoa_card])
    assert client_for(alice).get(job.get_absolute_url()).status_code == 404
    assert client_for(alice).get(reverse("cards:print_job_pdf", args=[job.pk])).status_code == 404
    assert client_for(bob).get(job.get_absolute_url()).status_code == 200


def test_the_card_list_reads_a_fixed_number_of_queries(
    tree, people, bob, client_for, django_assert_max_num_queries
):
    client = client_for(bob)
    url = reverse("cards:unit_cards", args=[tree.le_loi.pk])
    services.request_cards(actor=bob, members=[people["hoa"]])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        admit(tree.le_loi, f"Đoàn Văn Thẻ {chr(65 + n)}", "male")
    services.request_for_unit(actor=bob, unit=tree.le_loi)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 8


def test_a_print_job_holds_at_most_one_batch(tree, people, hoa_card, bob, settings):
    from django.core.exceptions import ValidationError

    from congdoan.cards import services as card_services

    with pytest.raises(ValidationError) as refused:
        card_services.start_printing(actor=bob, cards=[hoa_card] * (card_services.PRINT_BATCH + 1))
    assert "tối đa" in refused.value.messages[0]
    assert not PrintJob.objects.exists()
