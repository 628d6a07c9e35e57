"""Keeping members with their union when the tree changes."""

from django.dispatch import receiver

from congdoan.organizations.models import Unit
from congdoan.organizations.signals import unit_closed, unit_closing, unit_moved


@receiver(unit_closed, sender=Unit)
def move_members_to_successor(sender, unit, successor, change, **kwargs):
    """A merged or consolidated union's members continue in the successor union."""
    from . import services

    if successor is not None:
        services.move_all_members(unit=unit, to_unit=successor, change=change)


@receiver(unit_closing, sender=Unit)
def refuse_closing_with_members(sender, unit, successor, **kwargs):
    """Members never vanish: a union closing without successor must be empty first."""
    from django.utils.translation import gettext as _

    from congdoan.core.errors import invalid

    from .models import Member, MemberStatus

    if successor is not None and successor.kind.holds_members:
        return
    count = Member.objects.filter(
        unit=unit, status__in=[MemberStatus.ACTIVE, MemberStatus.TRANSFERRING]
    ).count()
    if count:
        raise invalid(
            "unit",
            _(
                "%(unit)s still has %(count)s members: transfer them or record "
                "that they left before closing it."
            )
            % {"unit": unit.name, "count": count},
            "has_members",
        )


@receiver(unit_moved, sender=Unit)
def follow_moved_unit(sender, unit, old_path, new_path, **kwargs):
    """Members keep their union's path: a moved subtree's members get the new one."""
    from django.db.models import Value
    from django.db.models.functions import Concat, Substr

    from .models import Member

    Member.objects.filter(unit_path__startswith=old_path).update(
        unit_path=Concat(Value(new_path), Substr("unit_path", len(old_path) + 1))
    )
