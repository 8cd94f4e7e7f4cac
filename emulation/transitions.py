"""Declarative state machines: one table per stateful model, read by everyone.

A model's table says, for each action, from which states it may be taken, the state it
leads to and the permission it needs::

    PLEDGE = Machine("status", {
        "submit": Transition((S.DRAFT, S.RETURNED), S.SUBMITTED, "campaigns.edit_pledge",
                             _("Only a draft or returned pledge can be submitted.")),
        ...
    })

- services guard with it: ``PLEDGE.check(locked, "submit", by)`` refuses a wrong state
  with a ``ValidationError`` (code ``"state"``) that names the state, and a missing
  permission with ``PermissionDenied``; ``PLEDGE.move(locked, "submit")`` sets the state;
- views hand the template ``PLEDGE.available(pledge, request.user)``, the actions the
  user may take now, and templates test ``{% if "submit" in actions %}``; they never
  compare state strings;
- one test per machine walks every state × action × role and checks that the page offers
  exactly what the service accepts (``walk`` below gives the cases).

The permission is the "who" (a ``rules`` predicate that says who someone is); the table
is the "when". Predicates do not hide state checks.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Transition:
    source: tuple  # the states the action may be taken from
    target: str | None  # the state it leads to (None: the state stays, e.g. an edit)
    perm: str  # the rules permission it needs, checked on the object
    refused: str  # what a user is told when the state does not allow it


class Machine:
    def __init__(self, field, table):
        self.field = field
        self.table = dict(table)

    def __getitem__(self, name):
        return self.table[name]

    def __iter__(self):
        return iter(self.table)

    def state(self, obj):
        return getattr(obj, self.field)

    def allows(self, obj, name):
        """Whether the object's state allows the action (whoever asks)."""
        return self.state(obj) in self.table[name].source

    def check(self, obj, name, user):
        """Refuse the action: ValidationError for the state, PermissionDenied for the user."""
        transition = self.table[name]
        if not self.allows(obj, name):
            raise ValidationError(
                _("%(refused)s It is %(state)s now."),
                code="state",
                params={"refused": transition.refused, "state": self.state_label(obj)},
            )
        if not user.has_perm(transition.perm, obj):
            raise PermissionDenied(_("You are not allowed to do this."))

    def move(self, obj, name):
        """Set the action's target state on the (locked, checked) object."""
        target = self.table[name].target
        if target is not None:
            setattr(obj, self.field, target)

    def available(self, obj, user):
        """The actions this user may take on the object now, as a frozenset of names."""
        return frozenset(
            name
            for name, transition in self.table.items()
            if self.state(obj) in transition.source and user.has_perm(transition.perm, obj)
        )

    def state_label(self, obj):
        display = getattr(obj, f"get_{self.field}_display", None)
        return str(display()) if display else str(self.state(obj))

    def states(self, model):
        """Every state of the model's field, for tests that walk the machine."""
        return [value for value, _label in model._meta.get_field(self.field).choices]


def walk(machine, model):
    """(state, action) for every state of ``model`` and every action of ``machine``."""
    return [(state, name) for state in machine.states(model) for name in machine]
