"""A member's card photo: any phone or camera picture in, a 3 × 4 JPEG out.

The picture is turned upright (EXIF orientation), cropped around its centre to 3 × 4,
scaled to 300 × 400 pixels and saved as JPEG, so every photo is small (tens of kB)
whatever was uploaded.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from congdoan.core.errors import invalid

MAX_UPLOAD = 8 * 1024 * 1024
SIZE = (300, 400)
MIN_SIDE = 120
FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}


def card_photo(data: bytes) -> bytes:
    """The stored form of an uploaded picture; a clear error for anything else."""
    if len(data) > MAX_UPLOAD:
        raise invalid(
            "photo",
            _("The photo is larger than %(mb)s MB; send a smaller one.")
            % {"mb": MAX_UPLOAD // 2**20},
            "too_large",
        )
    try:
        picture = Image.open(io.BytesIO(data))
        kind = picture.format
        picture.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise invalid("photo", _("This file is not a photo (JPEG or PNG)."), "not_image") from exc
    if kind not in FORMATS:
        raise invalid("photo", _("This file is not a photo (JPEG or PNG)."), "not_image")
    picture = ImageOps.exif_transpose(picture)
    if min(picture.size) < MIN_SIDE:
        raise invalid(
            "photo",
            _("The photo is too small (at least %(px)s pixels on each side).") % {"px": MIN_SIDE},
            "too_small",
        )
    picture = ImageOps.fit(picture.convert("RGB"), SIZE, method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
