"""The state machines of people: a transfer between units, a person's title of the unit and an initiative."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from emulation.transitions import Machine, Transition

from . import registry
from .models import IndividualTitle, Initiative, Transfer
from .permissions import may


class _ByRules:
    def __init__(self, user):
        self.user = user

    def has_perm(self, perm, obj=None):
        return may(self.user, perm, obj)


class RulesMachine(Machine):
    """Permissions are the rules' answer for everyone, the superuser included."""

    def check(self, obj, name, user):
        super().check(obj, name, _ByRules(user))

    def available(self, obj, user):
        return super().available(obj, _ByRules(user))


class GuardedMachine(RulesMachine):
    """A RulesMachine whose actions an app above people may hold back (``registry.add_title_guard``):
    the state and the user allow it, but a guard says why not now (a ValidationError, code "guard")."""

    def blocked(self, obj, name):
        return registry.title_blocked(obj, name) if self.allows(obj, name) else None

    def check(self, obj, name, user):
        super().check(obj, name, user)
        reason = self.blocked(obj, name)
        if reason:
            raise ValidationError(reason, code="guard")

    def available(self, obj, user):
        return frozenset(name for name in super().available(obj, user) if not self.blocked(obj, name))

    def reasons(self, obj):
        """Why each action the state allows is held back now (for the page)."""
        return {name: reason for name in self.table if (reason := self.blocked(obj, name))}


T = Transfer.Status
S = IndividualTitle.Status
N = Initiative.Status

TRANSFER = RulesMachine(
    "status",
    {
        "accept": Transition(
            (T.REQUESTED,), T.ACCEPTED, "people.receive_transfer", _("Only a waiting transfer can be accepted.")
        ),
        "refuse": Transition(
            (T.REQUESTED,), T.REFUSED, "people.receive_transfer", _("Only a waiting transfer can be refused.")
        ),
        "cancel": Transition(
            (T.REQUESTED,), T.CANCELLED, "people.send_transfer", _("Only a waiting transfer can be cancelled.")
        ),
    },
)

INDIVIDUAL_TITLE = GuardedMachine(
    "status",
    {
        "propose": Transition(
            (S.REGISTERED, S.REJECTED), S.PROPOSED, "people.propose_title",
            _("Only a registered or refused title can be proposed."),
        ),
        "withdraw": Transition(
            (S.PROPOSED,), S.REGISTERED, "people.propose_title", _("Only a proposed title can be withdrawn.")
        ),
        "remove": Transition(
            (S.REGISTERED,), None, "people.propose_title", _("Only a registered title can be removed.")
        ),
        "assess": Transition(
            (S.PROPOSED,), S.ASSESSED, "people.assess_title", _("Only a proposed title can be assessed.")
        ),
        "reject": Transition(
            (S.PROPOSED, S.ASSESSED), S.REJECTED, "people.assess_title",
            _("Only a proposed or assessed title can be refused by the council."),
        ),
        "decide": Transition(
            (S.ASSESSED,), S.DECIDED, "people.decide_title", _("Only an assessed title can be recognised."),
        ),
        "revoke": Transition(
            (S.DECIDED,), S.ASSESSED, "people.decide_title", _("Only a recognised title can be revoked."),
        ),
    },
)  # fmt: skip

# Sáng kiến: the unit's officials register and submit; the unit's head or its council assesses.
INITIATIVE = RulesMachine(
    "status",
    {
        "edit": Transition(
            (N.DRAFT, N.RETURNED), N.DRAFT, "people.edit_initiative",
            _("Only a draft or returned initiative can be edited."),
        ),
        "submit": Transition(
            (N.DRAFT,), N.SUBMITTED, "people.edit_initiative", _("Only a draft initiative can be submitted."),
        ),
        "recognise": Transition(
            (N.SUBMITTED,), N.RECOGNISED, "people.assess_initiative",
            _("Only a submitted initiative can be recognised."),
        ),
        "reject": Transition(
            (N.SUBMITTED,), N.REJECTED, "people.assess_initiative", _("Only a submitted initiative can be refused."),
        ),
        "return": Transition(
            (N.SUBMITTED,), N.RETURNED, "people.assess_initiative", _("Only a submitted initiative can be returned."),
        ),
    },
)  # fmt: skip
