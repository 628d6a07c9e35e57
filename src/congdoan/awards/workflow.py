"""The one workflow engine every dossier goes through.

A workflow's steps are data (``Transition`` rows): from which state to which, the role
the actor needs over the unit holding the dossier, where the dossier goes (up to the
level above, back to the unit that sent it, or it stays), whether a reason is required,
and an optional guard its owner registers (``guard``). ``move`` checks all of it on the
server and writes the step and its audit row in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from congdoan.core.errors import ConflictError, invalid
from congdoan.core.models import record
from congdoan.core.scoping import covers, role_units

from .models import Dossier, DossierState, DossierStep, Move, Transition

Guard = Callable[[Dossier], bool]
_guards: dict[tuple[str, str], Guard] = {}
_up: dict[str, Callable] = {}


def guard(workflow: str, name: str):
    """Register ``function(dossier) -> bool`` as the guard ``name`` of ``workflow``."""

    def register(function: Guard) -> Guard:
        _guards[(workflow, name)] = function
        return function

    return register


def level_above(workflow: str):
    """Register ``function(dossier) -> Unit | None`` as where ``workflow``'s dossiers go
    up to (``None``: the holder's parent, the default)."""

    def register(function):
        _up[workflow] = function
        return function

    return register


def start(*, workflow: str, origin, actor) -> Dossier:
    """A new dossier, a draft held by the unit it starts from."""
    return Dossier.objects.create(
        workflow=workflow,
        origin=origin,
        holder=origin,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _passes(dossier: Dossier, step: Transition) -> bool:
    if not step.guard:
        return True
    check = _guards.get((dossier.workflow, step.guard))
    return bool(check and check(dossier))


def _may(user, dossier: Dossier, step: Transition) -> bool:
    return user is None or covers(user, dossier.holder.path, step.role)


def allowed(dossier: Dossier, user) -> list[Transition]:
    """The steps ``user`` may take now, in order."""
    steps = Transition.objects.filter(workflow=dossier.workflow, from_state=dossier.state)
    return [s for s in steps if _may(user, dossier, s) and _passes(dossier, s)]


def _sender(dossier: Dossier):
    """The unit that sent the dossier to its holder."""
    last = (
        dossier.steps.filter(to_unit=dossier.holder)
        .exclude(from_unit=dossier.holder)
        .select_related("from_unit")
        .order_by("-at", "-id")
        .first()
    )
    return last.from_unit if last else dossier.origin


@transaction.atomic
def move(
    *,
    dossier: Dossier,
    actor,
    action: str = "",
    to: str = "",
    reason: str = "",
    version: int | None = None,
):
    """Take the step named ``action`` — or the one leading to the state ``to`` — from the
    dossier's current state, as ``actor``."""
    dossier = (
        Dossier.objects.select_for_update(of=("self",))  # the holder's parent may be null
        .select_related("holder__parent", "holder__kind", "origin")
        .get(pk=dossier.pk)
    )
    if version is not None and dossier.version != version:
        raise ConflictError()
    steps = Transition.objects.filter(workflow=dossier.workflow, from_state=dossier.state)
    step = steps.filter(action=action).first() if action else steps.filter(to_state=to).first()
    if step is None:
        wanted = DossierState(to).label if to in DossierState.values else action
        raise invalid(
            "to",
            _("A dossier that is %(state)s cannot go to “%(to)s”.")
            % {"state": dossier.get_state_display(), "to": wanted},
            "not_allowed",
        )
    if not _may(actor, dossier, step):
        raise PermissionDenied(
            _("Only %(unit)s moves this dossier now.") % {"unit": dossier.holder.name}
        )
    if not _passes(dossier, step):
        raise invalid(
            "to",
            _("%(action)s is not possible at %(unit)s for this dossier.")
            % {"action": step.label, "unit": dossier.holder.name},
            "guard",
        )
    reason = (reason or "").strip()
    if step.requires_reason and not reason:
        raise invalid("reason", _("Give the reason for this step."), "reason_required")
    before, at = dossier.state, dossier.holder
    if step.move == Move.UP:
        above = _up[dossier.workflow](dossier) if dossier.workflow in _up else None
        above = above or dossier.holder.parent
        if above is None:
            raise invalid("to", _("There is no level above %(unit)s.") % {"unit": at.name}, "top")
        dossier.holder = above
    elif step.move == Move.BACK:
        dossier.holder = _sender(dossier)
    dossier.state = step.to_state
    dossier.version += 1
    dossier.save(update_fields=["state", "holder", "version", "updated_at"])
    DossierStep.objects.create(
        dossier=dossier,
        action=step.action,
        from_state=before,
        to_state=step.to_state,
        from_unit=at,
        to_unit=dossier.holder,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason[:1000],
    )
    record(
        actor=actor,
        action=f"{dossier.workflow}.{step.action}",
        unit=dossier.origin,
        obj=dossier,
        summary=_("%(dossier)s: %(step)s (%(from)s → %(to)s)")
        % {"dossier": dossier, "step": step.label, "from": at.name, "to": dossier.holder.name},
        data={"from": before, "to": step.to_state, "reason": reason},
    )
    return dossier


OPEN = [DossierState.DRAFT, DossierState.SUBMITTED, DossierState.RETURNED]


def waiting_for(user):
    """Open dossiers held by a unit where ``user`` holds a role (not the units under it:
    those have their own officers)."""
    return Dossier.objects.filter(holder__in=role_units(user), state__in=OPEN).select_related(
        "holder", "origin"
    )
