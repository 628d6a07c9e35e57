"""``/api/v1/care``, ``/funds``, ``/campaigns``, ``/savings-groups``: care work, the
funds it is paid from, campaigns and rotating savings groups. Everything is read
through ``visible_to``: a union never sees another's beneficiaries."""

from .care import care_router
from .funds import campaigns_router, funds_router
from .savings import savings_router

__all__ = ["campaigns_router", "care_router", "funds_router", "savings_router"]
