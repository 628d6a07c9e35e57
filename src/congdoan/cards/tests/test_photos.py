"""The card photo: any picture in, a 3 × 4 JPEG out, shown and printed; scoped."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from congdoan.cards import photos, printing, services
from congdoan.cards.models import CardPhoto
from congdoan.core.models import AuditLog


def picture(width: int, height: int, kind: str = "PNG", colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, kind)
    return out.getvalue()


def test_any_picture_becomes_a_small_3_by_4_jpeg():
    stored = photos.card_photo(picture(1600, 900))  # a landscape phone picture
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and image.size == (300, 400)
    assert len(stored) < 40_000


def test_the_upright_turn_of_a_phone_picture_is_applied():
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # taken sideways: rotate 90° to stand it up
    Image.new("RGB", (800, 400), (0, 0, 255)).save(out, "JPEG", exif=exif)
    image = Image.open(io.BytesIO(photos.card_photo(out.getvalue())))
    assert image.size == (300, 400)


@pytest.mark.parametrize(
    "data, code",
    [
        (b"%PDF-1.4 not a picture", "not_image"),
        (picture(80, 60), "too_small"),
        (b"\xff" * (photos.MAX_UPLOAD + 1), "too_large"),
    ],
)
def test_what_is_not_a_usable_photo_is_refused_by_name(data, code):
    with pytest.raises(ValidationError) as refused:
        photos.card_photo(data)
    assert refused.value.error_dict["photo"][0].code == code


def test_setting_a_photo_is_scoped_and_logged(people, bob, charlie):
    with pytest.raises(PermissionDenied):
        services.set_photo(actor=charlie, member=people["hoa"], data=picture(600, 800))
    services.set_photo(actor=bob, member=people["hoa"], data=picture(600, 800))
    services.set_photo(actor=bob, member=people["hoa"], data=picture(600, 800, "JPEG"))
    assert CardPhoto.objects.count() == 1
    assert AuditLog.objects.filter(action="cards.photo", actor=bob).count() == 2
    services.remove_photo(actor=bob, member=people["hoa"])
    assert not CardPhoto.objects.exists()


def test_the_printed_card_carries_the_photo(hoa_card, people, bob):
    from pypdf import PdfReader

    without = printing.card_pdf(hoa_card, base_url="http://testserver/")
    services.set_photo(actor=bob, member=people["hoa"], data=picture(600, 800))
    hoa_card.member.refresh_from_db()
    with_photo = printing.card_pdf(
        type(hoa_card)
        .objects.select_related("member__card_photo", "issuing_unit")
        .get(pk=hoa_card.pk),
        base_url="http://testserver/",
    )
    front = PdfReader(io.BytesIO(with_photo)).pages[0]
    assert len(front.images) == 1 and front.images[0].image.size == (300, 400)
    assert len(PdfReader(io.BytesIO(without)).pages[0].images) == 0


def upload(client, member, data: bytes, name: str = "anh.png"):
    return client.post(
        reverse("cards:photo_upload", args=[member.pk]),
        {"photo": SimpleUploadedFile(name, data, content_type="image/png")},
    )


def test_photo_routes_scope(people, bob, charlie, nobody, client, client_for):
    hoa = people["hoa"]
    image_url = reverse("cards:photo", args=[hoa.pk])
    assert upload(client, hoa, picture(600, 800)).status_code == 302  # to the login
    assert client.get(image_url).status_code == 302
    for outsider in (nobody, charlie):
        assert upload(client_for(outsider), hoa, picture(600, 800)).status_code == 404
        assert client_for(outsider).get(image_url).status_code == 404
    assert not CardPhoto.objects.exists()
    assert upload(client_for(bob), hoa, picture(600, 800)).status_code == 302
    shown = client_for(bob).get(image_url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    page = client_for(bob).get(hoa.get_absolute_url()).content.decode()
    assert image_url in page
    removed = client_for(bob).post(reverse("cards:photo_remove", args=[hoa.pk]))
    assert removed.status_code == 302 and not CardPhoto.objects.exists()


def test_a_bad_upload_is_answered_in_vietnamese(people, bob, client_for):
    response = upload(client_for(bob), people["hoa"], b"not a picture", "ds.xlsx")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("không phải ảnh" in m for m in messages)
    assert not CardPhoto.objects.exists()
