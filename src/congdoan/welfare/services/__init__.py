"""Every write to care work, funds, campaigns and savings groups.

Each service checks the actor's role over the union, writes in one transaction and
leaves an audit row. Money leaves a fund only under the fund's row lock (``_lock_fund``),
so two officers paying from the same fund at once cannot take it below zero.
"""

from .care import (
    Recipient,
    add_kind,
    cancel_care,
    rate_for,
    record_batch,
    record_care,
    set_rate,
)
from .checks import MAX_AMOUNT, vnd
from .funds import contribute, contribute_many, create_campaign, create_fund, move
from .savings import create_group, due_for, open_cycle, pay_out, record_payment, statement

__all__ = [
    "MAX_AMOUNT",
    "Recipient",
    "add_kind",
    "cancel_care",
    "contribute",
    "contribute_many",
    "create_campaign",
    "create_fund",
    "create_group",
    "due_for",
    "move",
    "open_cycle",
    "pay_out",
    "rate_for",
    "record_batch",
    "record_care",
    "record_payment",
    "set_rate",
    "statement",
    "vnd",
]
