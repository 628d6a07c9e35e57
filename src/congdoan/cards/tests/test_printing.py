"""Cards as PDF: ID-1 size, Vietnamese text read back, a QR code that verifies, A4
sheets of ten in a background job."""

import io
import json

import pytest
import segno
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from congdoan.cards import printing, services
from congdoan.cards.models import Card, CardStatus

from .conftest import admit

MM = 72 / 25.4


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_a_card_is_id1_size_front_and_back_with_its_text(hoa_card):
    reader, text = pdf_text(printing.card_pdf(hoa_card, base_url="https://congdoan.example"))
    assert len(reader.pages) == 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width / MM, 1), round(height / MM, 1)) == (85.6, 54.0)
    for expected in (
        "THẺ ĐOÀN VIÊN",
        "NGUYỄN THỊ HOA",
        "12/05/1990",
        hoa_card.number,
        "02/03/2026",
        "Trường THCS Lê Lợi",
        "Quét mã QR",
    ):
        assert expected in text, expected


def test_the_qr_code_on_the_card_opens_the_check_page(hoa_card, client, monkeypatch):
    drawn = []
    make = segno.make
    monkeypatch.setattr(
        printing.segno, "make", lambda data, **kw: drawn.append(data) or make(data, **kw)
    )
    printing.card_pdf(hoa_card, base_url="http://testserver/")
    (url,) = drawn
    # read the code back as a phone would, from an image of the same symbol
    image = io.BytesIO()
    make(url, error="m").save(image, kind="png", scale=6)
    decoded = zxingcpp.read_barcodes(Image.open(image))[0].text
    assert decoded == url and url.startswith("http://testserver/verify/")
    assert "Còn hiệu lực" in client.get(url.removeprefix("http://testserver")).content.decode()
    assert "079190000123" not in url and "Hoa" not in url  # nothing personal in the code


def test_batch_printing_puts_ten_cards_on_an_a4_sheet(
    tree, bob, people, api_client, django_capture_on_commit_callbacks
):
    members = [admit(tree.le_loi, f"Đoàn Thị In {chr(65 + n)}", "female") for n in range(12)]
    cards = [
        services.issue_card(actor=bob, card=card)
        for card in services.request_cards(actor=bob, members=members)
    ]
    client = api_client(bob)
    with django_capture_on_commit_callbacks(execute=True):  # the worker prints them
        response = client.post(
            "/api/v1/cards/print",
            json.dumps({"cards": [card.pk for card in cards]}),
            content_type="application/json",
        )
    assert response.status_code == 202, response.content
    job = client.get(f"/api/v1/cards/print/{response.json()['id']}").json()
    assert (job["status"], job["progress"], job["total"]) == ("done", 12, 12)
    pdf = client.get(f"/api/v1/cards/print/{job['id']}/pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.streaming  # from the storage
    reader, text = pdf_text(b"".join(pdf.streaming_content))
    assert len(reader.pages) == 4  # two sheets, fronts then backs
    assert round(float(reader.pages[0].mediabox.width) / MM) == 210
    assert all(card.number in text for card in cards)
    assert Card.objects.filter(pk__in=[c.pk for c in cards], printed_at__isnull=False).count() == 12


def test_printing_is_scoped_and_needs_issued_cards(hoa_card, people, bob, charlie, api_client):
    url = f"/api/v1/cards/{hoa_card.pk}/pdf"
    assert api_client().get(url).status_code == 401
    assert api_client(charlie).get(url).status_code == 404
    response = api_client(bob).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert Card.objects.get(pk=hoa_card.pk).printed_at is not None
    body = json.dumps({"cards": [hoa_card.pk]})
    assert (
        api_client(charlie)
        .post("/api/v1/cards/print", body, content_type="application/json")
        .status_code
        == 404
    )
    (requested,) = services.request_cards(actor=bob, members=[people["binh"]])
    assert api_client(bob).get(f"/api/v1/cards/{requested.pk}/pdf").status_code == 400
    job = api_client(bob).post("/api/v1/cards/print", body, content_type="application/json").json()
    assert api_client(charlie).get(f"/api/v1/cards/print/{job['id']}").status_code == 404
    assert requested.status == CardStatus.REQUESTED


@pytest.mark.parametrize("count", [1, 10, 11, 105])
def test_sheets_hold_ten_cards_a_page(hoa_card, count):
    reader, _text = pdf_text(printing.sheets_pdf_bytes([hoa_card] * count))
    assert len(reader.pages) == 2 * ((count + 9) // 10)
