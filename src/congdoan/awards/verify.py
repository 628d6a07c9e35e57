"""Checking a certificate (giấy khen, bằng khen) from its QR code, by anyone — the same
mechanism as membership cards: the QR holds ``/verify/award/<token>``, the token is the
award's random public code signed with the site's secret (no personal data), a changed
or made-up token is "unknown", and checks are limited per client."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congdoan.core import ratelimit
from congdoan.members.names import abbreviate

from .models import Grant

SALT = "congdoan.awards.verify"
STATES = {"valid": _("Awarded"), "unknown": _("Unknown certificate")}


def token_for(grant: Grant) -> str:
    return signing.Signer(salt=SALT).sign(str(grant.public_code))


def verify_url(grant: Grant, base_url: str | None = None) -> str:
    path = reverse("awards:verify", args=[token_for(grant)])
    return (base_url or settings.CONGDOAN_SITE_URL).rstrip("/") + path


@dataclass(frozen=True)
class Verdict:
    state: str
    award: str = ""
    name: str = ""
    issued_by: str = ""
    decision: str = ""
    year: int | None = None

    @property
    def label(self) -> str:
        return str(STATES[self.state])

    def as_dict(self) -> dict:
        return {
            "state": self.state,
            "label": self.label,
            "award": self.award,
            "name": self.name,
            "issued_by": self.issued_by,
            "decision": self.decision,
            "year": self.year,
        }


def verdict(token: str) -> Verdict:
    try:
        code = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return Verdict("unknown")
    grant = (
        Grant.objects.filter(public_code=code)
        .select_related("award", "member", "unit", "decision__unit")
        .first()
    )
    if grant is None:
        return Verdict("unknown")
    name = abbreviate(grant.member.full_name) if grant.member_id else grant.unit.name
    issued = grant.decision.unit.name if grant.decision_id else ""
    when = f"{grant.decision} " if grant.decision_id else grant.decision_number
    return Verdict("valid", grant.award.name, name, issued, when.strip(), grant.year)


def too_many(request) -> bool:
    return ratelimit.too_many(request, scope="awards:verify", limit=settings.CONGDOAN_VERIFY_RATE)
