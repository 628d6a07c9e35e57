"""Checking a card from its QR code, by anyone: a signed token, no personal data in it.

The QR code holds ``/verify/<token>``; the token is the card's random public code signed
with the site's secret, so a changed or made-up token is "unknown". The answer names
the card number, the member's name abbreviated ("Nguyễn T. H."), the union and the
province, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core import signing
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congdoan.core import ratelimit
from congdoan.members.names import abbreviate

from .models import Card, CardStatus

SALT = "congdoan.cards.verify"

STATES = {
    "valid": _("Valid"),
    "replaced": _("Replaced by a newer card"),
    "revoked": _("Revoked"),
    "unknown": _("Unknown card"),
}


def token_for(card: Card) -> str:
    return signing.Signer(salt=SALT).sign(card.public_code)


def verify_url(card: Card, request=None, base_url: str | None = None) -> str:
    """The check address of ``card``: on the request's site, or ``base_url``, or the
    configured ``CONGDOAN_SITE_URL``."""
    path = reverse("cards:verify", args=[token_for(card)])
    if request is not None:
        return request.build_absolute_uri(path)
    return (base_url or settings.CONGDOAN_SITE_URL).rstrip("/") + path


@dataclass(frozen=True)
class Verdict:
    state: str
    number: str = ""
    name: str = ""
    union: str = ""
    province: str = ""

    @property
    def label(self) -> str:
        return str(STATES[self.state])

    def as_dict(self) -> dict:
        return {
            "state": self.state,
            "label": self.label,
            "number": self.number,
            "name": self.name,
            "union": self.union,
            "province": self.province,
        }


@cache
def _lookup_sql() -> str:
    """The check's one query: the five values shown, by the card's public code.

    Written out rather than built by the ORM: anyone may call this page, and building
    the query cost more than running it.
    """
    from congdoan.members.models import Member
    from congdoan.organizations.models import Province, Unit

    card, member, unit, province = (
        connection.ops.quote_name(model._meta.db_table) for model in (Card, Member, Unit, Province)
    )
    return (
        f"SELECT c.status, c.number, m.full_name, u.name, p.name FROM {card} c "
        f"JOIN {member} m ON m.id = c.member_id "
        f"LEFT JOIN {unit} u ON u.id = c.issuing_unit_id "
        f"LEFT JOIN {province} p ON p.id = u.province_id "
        "WHERE c.public_code = %s AND c.status <> %s"
    )


def verdict(token: str) -> Verdict:
    """What the card behind ``token`` is now."""
    try:
        code = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return Verdict("unknown")
    with connection.cursor() as cursor:
        cursor.execute(_lookup_sql(), [code, CardStatus.REQUESTED])
        found = cursor.fetchone()
    if found is None:
        return Verdict("unknown")
    status, number, full_name, union, province = found
    state = {
        CardStatus.ISSUED: "valid",
        CardStatus.REPLACED: "replaced",
        CardStatus.REVOKED: "revoked",
    }[status]
    return Verdict(
        state,
        number=number or "",
        name=abbreviate(full_name),
        union=union or "",
        province=province or "",
    )


def too_many(request) -> bool:
    """Whether this client has checked more than ``CONGDOAN_VERIFY_RATE`` cards in the
    current minute."""
    return ratelimit.too_many(request, scope="cards:verify", limit=settings.CONGDOAN_VERIFY_RATE)
