"""Emulation movements (phong trào thi đua) and registrations (đăng ký thi đua).

A unit launches a movement for its subtree by a decision, for a period, leading to the
titles it names, optionally under the movement of a level above it. At the start of the
year members and units register for titles; a later nomination is checked against the
registration.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.core.models import record
from congdoan.core.scoping import require_role
from congdoan.organizations.models import Unit

from .models import Movement, Registration


@transaction.atomic
def launch_movement(
    *,
    actor,
    unit: Unit,
    name: str,
    decision_number: str,
    starts_on: date,
    ends_on: date,
    slogan: str = "",
    parent: Movement | None = None,
    titles=(),
) -> Movement:
    require_role(actor, unit)
    name = " ".join((name or "").split())
    if not name:
        raise invalid("name", _("Give the movement a name."), "required")
    if not (decision_number or "").strip():
        raise invalid("decision_number", _("Give the number of the decision."), "required")
    if ends_on < starts_on:
        raise invalid("ends_on", _("The movement ends before it starts."), "invalid")
    if parent is not None and not (
        unit.path.startswith(parent.unit.path) and unit.pk != parent.unit_id
    ):
        raise invalid(
            "parent",
            _("A movement follows one launched by a level above %(unit)s.") % {"unit": unit.name},
            "invalid",
        )
    movement = Movement.objects.create(
        unit=unit,
        name=name,
        slogan=(slogan or "").strip(),
        decision_number=decision_number.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        parent=parent,
    )
    movement.titles.set(titles)
    record(
        actor=actor,
        action="emulation.movement",
        unit=unit,
        obj=movement,
        summary=_("Launched the movement %(name)s") % {"name": name},
    )
    return movement


def require_in_movement(movement: Movement, unit: Unit, year: int) -> None:
    """Refuse ``unit`` outside the movement's subtree, or a year it does not run in."""
    if not unit.path.startswith(movement.unit.path):
        raise invalid(
            "movement",
            _("%(unit)s is not in the movement %(movement)s.")
            % {"unit": unit.name, "movement": movement.name},
            "outside",
        )
    if not movement.starts_on.year <= year <= movement.ends_on.year:
        raise invalid(
            "year",
            _("The movement %(movement)s does not run in %(year)s.")
            % {"movement": movement.name, "year": year},
            "invalid",
        )


@transaction.atomic
def register(
    *, actor, year: int, award, member=None, unit: Unit | None = None, movement=None
) -> Registration:
    """A member (by their union's officers) or a unit registers for ``award`` in ``year``."""
    if (member is None) == (unit is None):
        raise invalid("member", _("Register one member or one unit."), "invalid")
    who = member.unit if member is not None else unit
    require_role(actor, who)
    expected = "individual" if member is not None else "collective"
    if award.recipient != expected:
        raise invalid(
            "award",
            _("%(award)s is not for a member.") % {"award": award}
            if member is not None
            else _("%(award)s is not for a unit.") % {"award": award},
            "recipient",
        )
    if movement is not None:
        require_in_movement(movement, who, year)
        titles = set(movement.titles.values_list("pk", flat=True))
        if titles and award.pk not in titles:
            raise invalid(
                "award",
                _("The movement %(movement)s does not lead to %(award)s.")
                % {"movement": movement.name, "award": award},
                "invalid",
            )
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                year=year,
                award=award,
                unit=who,
                member=member,
                movement=movement,
                registered_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as exc:
        raise invalid("award", _("Already registered for this title this year."), "exists") from exc
    record(
        actor=actor,
        action="emulation.register",
        unit=who,
        obj=registration,
        summary=_("%(who)s registered for %(award)s %(year)s")
        % {"who": member or unit, "award": award, "year": year},
    )
    return registration


@transaction.atomic
def register_members(*, actor, unit: Unit, year: int, award, members, movement=None) -> int:
    """Register several members of ``unit`` at once (all or none); returns how many were
    registered, those already registered skipped."""
    made = 0
    for member in members:
        if Registration.objects.filter(year=year, award=award, member=member).exists():
            continue
        register(actor=actor, year=year, award=award, member=member, movement=movement)
        made += 1
    return made
