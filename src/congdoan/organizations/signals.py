"""Signals other apps listen to when the tree changes.

``unit_closed`` is sent inside the closing transaction with ``unit`` (now closed),
``successor`` (the unit that takes over its members and history, or ``None`` for a
dissolution without successor) and ``change`` (the ``OrgChange``). The members app moves
the closed unit's members to the successor on this signal.
"""

from django.dispatch import Signal

unit_closed = Signal()

# ``unit_closing`` is sent inside the transaction before a unit closes, with ``unit``
# and ``successor``; a receiver refuses the change by raising ``ValidationError`` (the
# members app does so while a union with no successor still has active members).
unit_closing = Signal()

# ``unit_moved`` is sent inside the transaction after a unit moved with its subtree, with
# ``unit``, ``old_path`` and ``new_path``: every path that began with ``old_path`` now
# begins with ``new_path``. Apps that keep a copy of unit paths update it here.
unit_moved = Signal()
