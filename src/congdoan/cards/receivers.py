"""Cards follow their member's life: they end when the member leaves or dies and are in
use again when the member rejoins."""

from django.dispatch import receiver

from congdoan.members.signals import membership_ended, membership_resumed

from . import services


@receiver(membership_ended, dispatch_uid="cards.end_with_membership")
def end_with_membership(sender, member, actor, reason, **kwargs):
    services.end_with_membership(member, actor=actor, reason=reason)


@receiver(membership_resumed, dispatch_uid="cards.resume_with_membership")
def resume_with_membership(sender, member, actor, **kwargs):
    services.resume_with_membership(member, actor=actor)
