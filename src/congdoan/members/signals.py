"""What other apps may follow in a member's life (cards end and resume with it)."""

from django.dispatch import Signal

# sent inside the service's transaction with ``member``, ``actor`` and ``reason``
membership_ended = Signal()
# sent inside the service's transaction with ``member`` and ``actor``
membership_resumed = Signal()
