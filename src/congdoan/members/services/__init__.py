"""Every write to members: admission, edits, transfers, leaving, rejoining, death.

Each operation runs in one transaction, checks the actor's scope, writes the member's
event and an audit row, and keeps the per-unit figures (``UnitMemberCount``,
``UnitMemberYear``) current, so that subtree figures never count member rows.
``actor=None`` means the system (imports run by commands, data loading).
"""

from .figures import rebuild_figures, subtree_figures, unit_page_figures
from .imports import commit_import, remap_import, request_commit, run_check, start_import
from .lifecycle import (
    EDITABLE_FIELDS,
    MemberData,
    admit_member,
    cancel_transfer,
    move_all_members,
    normalise_identity,
    receive_transfer,
    record_leaving,
    record_leaving_many,
    rejoin_member,
    show_card_number,
    transfer_member,
    transfer_members,
    update_member,
)

__all__ = [
    "EDITABLE_FIELDS",
    "MemberData",
    "admit_member",
    "cancel_transfer",
    "commit_import",
    "move_all_members",
    "normalise_identity",
    "rebuild_figures",
    "receive_transfer",
    "record_leaving",
    "record_leaving_many",
    "rejoin_member",
    "show_card_number",
    "remap_import",
    "request_commit",
    "run_check",
    "start_import",
    "subtree_figures",
    "transfer_member",
    "transfer_members",
    "unit_page_figures",
    "update_member",
]
