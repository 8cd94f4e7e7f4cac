"""The state machines of votes, nominations, handovers, dossiers and decisions (see ``emulation.transitions``).

Each table says, per action, the states it may be taken from, the state it leads to and
the ``rules`` permission it needs. Services guard with ``check`` and ``move``; views hand
the template ``vote_actions`` / ``NOMINATION.available`` / ``handover_actions``; the
walk in ``awards/tests/test_transitions.py`` checks that pages and services agree.

Permissions are asked of the ``rules`` registry itself (``permissions.may``), not of
``user.has_perm``, which says yes to a superuser whatever the rule.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from emulation.transitions import Machine, Transition

from .consultations import consultation_not_needed, consultation_pending
from .council import council_pending
from .models import Consultation, CouncilSession, Decision, Dossier, DossierLine, Handover, Nomination, Vote
from .permissions import may, require

V, N, H, D, QD = Vote.State, Nomination.State, Handover.State, Dossier.State, Decision.State
C = Consultation.State
S = CouncilSession.State


class RulesMachine(Machine):
    """A Machine whose permission checks go to the rules registry (see ``may``)."""

    def check(self, obj, name, user):
        transition = self.table[name]
        if self.allows(obj, name):
            require(user, transition.perm, obj)
        else:
            super().check(obj, name, user)  # raises the ValidationError naming the state

    def available(self, obj, user):
        possible = {name: t.perm for name, t in self.table.items() if self.state(obj) in t.source}
        allowed = {perm: may(user, perm, obj) for perm in set(possible.values())}  # each rule asked once
        return frozenset(name for name, perm in possible.items() if allowed[perm])


class GuardedMachine(RulesMachine):
    """A RulesMachine whose actions may also wait on a guard: ``guards[name](obj)`` returns
    the reason the action is refused now (a ValidationError's message), or None."""

    def __init__(self, field, table, guards=None):
        super().__init__(field, table)
        self.guards = dict(guards or {})

    def blocked(self, obj, name):
        guard = self.guards.get(name)
        return guard(obj) if guard is not None and self.allows(obj, name) else None

    def check(self, obj, name, user):
        super().check(obj, name, user)
        reason = self.blocked(obj, name)
        if reason:
            raise ValidationError(reason, code="guard")

    def available(self, obj, user):
        return frozenset(name for name in super().available(obj, user) if not self.blocked(obj, name))

    def reasons(self, obj):
        """Why each guarded action the state allows is not offered now (for the page)."""
        return {name: reason for name in self.guards if (reason := self.blocked(obj, name))}


_NOT_DRAFT = gettext_lazy("This vote has already been opened; its settings can no longer change.")
_NOT_OPEN = gettext_lazy("This vote is not open.")

VOTE = RulesMachine(
    "state",
    {
        # settings, candidates and the voter roll
        "edit": Transition((V.DRAFT,), None, "awards.manage_vote", _NOT_DRAFT),
        "delete": Transition((V.DRAFT,), None, "awards.manage_vote", _NOT_DRAFT),
        "open": Transition((V.DRAFT,), V.OPEN, "awards.manage_vote", _NOT_DRAFT),
        "cast": Transition((V.OPEN,), None, "awards.cast_ballot", _NOT_OPEN),
        "record_totals": Transition((V.OPEN,), None, "awards.manage_vote", _NOT_OPEN),
        "close": Transition((V.OPEN,), V.CLOSED, "awards.manage_vote", _NOT_OPEN),
        "publish": Transition(
            (V.CLOSED,), V.PUBLISHED, "awards.manage_vote", gettext_lazy("Only a closed vote can be published.")
        ),
        "second_round": Transition(
            (V.CLOSED, V.PUBLISHED),
            None,
            "awards.manage_vote",
            gettext_lazy("Close the vote before preparing its second round."),
        ),
        "nominate": Transition(
            (V.PUBLISHED,), None, "awards.manage_vote", gettext_lazy("Publish the result before nominating from it.")
        ),
    },
)

# Actions that a vote's mode or its being a runoff rule out, whatever its state.
PAPER_ONLY = {"record_totals"}
ELECTRONIC_ONLY = {"cast"}
FIRST_COUNT_ONLY = {"delete", "second_round", "nominate"}


def vote_actions(vote, user):
    """The actions the user may take on the vote now (the page's ``actions``)."""
    actions = set(VOTE.available(vote, user))
    actions -= ELECTRONIC_ONLY if vote.is_paper else PAPER_ONLY
    if vote.runoff_of_id:
        actions -= FIRST_COUNT_ONLY
    return frozenset(actions)


_NOT_DRAFT_NOMINATION = gettext_lazy("Only a draft nomination can be changed.")
_NOT_SUBMITTED = gettext_lazy("Only a submitted nomination can be decided.")

NOMINATION = RulesMachine(
    "state",
    {
        # the achievement summary and the attachments
        "edit": Transition((N.DRAFT,), None, "awards.edit_nomination", _NOT_DRAFT_NOMINATION),
        "submit": Transition(
            (N.DRAFT,), N.SUBMITTED, "awards.edit_nomination", gettext_lazy("Only a draft nomination can be submitted.")
        ),
        "approve": Transition((N.SUBMITTED,), N.APPROVED, "awards.decide_nomination", _NOT_SUBMITTED),
        "reject": Transition((N.SUBMITTED,), N.REJECTED, "awards.decide_nomination", _NOT_SUBMITTED),
    },
)

_CONFIRMED = gettext_lazy("The handover has already been confirmed by the Ministry.")

HANDOVER = RulesMachine(
    "state",
    {
        # record or correct next year's head and deputies
        "record": Transition((H.PROPOSED,), None, "awards.record_handover", _CONFIRMED),
        "confirm": Transition((H.PROPOSED,), H.CONFIRMED, "awards.confirm_handover", _CONFIRMED),
    },
)


def handover_actions(handover, user):
    """Actions on a cluster's handover; ``handover`` may be unsaved (nothing recorded yet)."""
    actions = set(HANDOVER.available(handover, user))
    if handover.pk is None:
        actions.discard("confirm")
    return frozenset(actions)


def decision_pending(dossier):
    """Why the dossier cannot be decided yet: a consultation or a council ballot it waits on."""
    return consultation_pending(dossier) or council_pending(dossier)


def not_sent_up_yet(dossier):
    """An award of the Prime Minister or the President is decided by them: the dossier is
    decided once the Ministry has sent it up, from ``SENT_UP`` and never from the council."""
    if dossier.goes_higher and dossier.state != D.SENT_UP:
        return gettext_lazy("The Prime Minister or the President decides this award: send the dossier up first.")
    return None


def send_up_pending(dossier):
    """Only an award of the Prime Minister or the President is sent up, and only once nothing
    would hold back the decision itself (consultation, council ballot)."""
    if not dossier.goes_higher:
        return gettext_lazy("The Minister decides this award: the dossier is not sent up.")
    return decision_pending(dossier)


def decide_pending(dossier):
    return decision_pending(dossier) or not_sent_up_yet(dossier)


def nobody_eligible(dossier):
    """A dossier goes to the council only with someone found eligible; otherwise it is closed."""
    if not dossier.lines.filter(verdict=DossierLine.Verdict.ELIGIBLE).exists():
        return gettext("No recipient of this dossier was found eligible.")
    return None


def still_awardable(dossier):
    """A dossier closes with nothing awarded only when no recipient can still be: each was found
    not eligible, not carried by the council's ballot, or refused by the higher level."""
    open_lines = (
        dossier.lines.exclude(verdict=DossierLine.Verdict.NOT_ELIGIBLE)
        .exclude(council_candidacies__passed=False)
        .exclude(not_awarded=True)
        .select_related("person", "unit")
    )
    names = [str(line.recipient) for line in open_lines]
    if names:
        return gettext("%(names)s may still be awarded: the dossier goes to a decision.") % {"names": ", ".join(names)}
    return None


_NOT_DRAFT_DOSSIER = gettext_lazy("Only a dossier being prepared can be changed.")
_NOT_BEING_CHECKED = gettext_lazy("Only a dossier the office has received and not finished checking can be checked.")
_NOT_UNDER_REVIEW = gettext_lazy("Only a dossier under review can be returned.")
_UNDER_REVIEW = (D.SUBMITTED, D.FORWARDED, D.RECEIVED, D.CHECKED, D.AT_COUNCIL, D.SENT_UP)

DOSSIER = GuardedMachine(
    "state",
    {
        # the dossier's heading, recipients and documents
        "edit": Transition((D.DRAFT,), None, "awards.edit_dossier", _NOT_DRAFT_DOSSIER),
        "submit": Transition(
            (D.DRAFT,), D.SUBMITTED, "awards.edit_dossier", gettext_lazy("Only a dossier being prepared can be sent.")
        ),
        # the managing level (or the cluster head) sends it on to the Ministry
        "forward": Transition(
            (D.SUBMITTED,),
            D.FORWARDED,
            "awards.forward_dossier",
            gettext_lazy("Only a dossier at the managing level can be forwarded."),
        ),
        "receive": Transition(
            (D.SUBMITTED, D.FORWARDED),
            D.RECEIVED,
            "awards.receive_dossier",
            gettext_lazy("The dossier has already been received."),
        ),
        "assign": Transition(
            (D.RECEIVED, D.CHECKED),
            None,
            "awards.manage_dossiers",
            gettext_lazy("An officer is assigned to a dossier the office has received."),
        ),
        "verdict": Transition((D.RECEIVED,), None, "awards.check_dossier", _NOT_BEING_CHECKED),
        "finish_check": Transition((D.RECEIVED,), D.CHECKED, "awards.check_dossier", _NOT_BEING_CHECKED),
        "to_council": Transition(
            (D.CHECKED,),
            D.AT_COUNCIL,
            "awards.manage_dossiers",
            gettext_lazy("Only a checked dossier can go to the council."),
        ),
        # an award of the Prime Minister or the President: the Ministry's submission sent up
        "send_up": Transition(
            (D.AT_COUNCIL,),
            D.SENT_UP,
            "awards.manage_dossiers",
            gettext_lazy("Only a dossier the council has considered can be sent up."),
        ),
        # the higher level's outcome for one recipient: not awarded, with its reason
        "outcome": Transition(
            (D.SENT_UP,),
            None,
            "awards.manage_dossiers",
            gettext_lazy("The outcome is recorded for a dossier sent up and not yet decided."),
        ),
        # the Minister's decision; for a higher award, the outcome received back (see not_sent_up_yet)
        "decide": Transition(
            (D.AT_COUNCIL, D.SENT_UP),
            D.DECIDED,
            "awards.manage_dossiers",
            gettext_lazy("Only a dossier before the council, or sent up, can be decided."),
        ),
        # the end of a dossier from which no one is awarded, with the reason
        "close": Transition(
            (D.CHECKED, D.AT_COUNCIL, D.SENT_UP),
            D.CLOSED,
            "awards.manage_dossiers",
            gettext_lazy("Only a checked dossier not yet decided can be closed."),
        ),
        # back to the proposing unit for correction, with the reason, from every review step
        "return": Transition(
            _UNDER_REVIEW,
            D.DRAFT,
            "awards.return_dossier",
            gettext_lazy("Only a dossier under review can be returned."),
        ),
        # publish the recipients that need it for public comment (lấy ý kiến, công khai)
        "consult": Transition(
            (D.RECEIVED, D.CHECKED, D.AT_COUNCIL),
            None,
            "awards.manage_dossiers",
            gettext_lazy("A dossier is published for comment while the office has it, before the decision."),
        ),
    },
    guards={
        "decide": decide_pending,
        "send_up": send_up_pending,
        "consult": consultation_not_needed,
        "close": still_awardable,
        "to_council": nobody_eligible,
    },
)

_NOT_OPEN_CONSULTATION = gettext_lazy("This public consultation is closed.")

CONSULTATION = RulesMachine(
    "state",
    {
        "comment": Transition((C.OPEN,), None, "awards.manage_dossiers", _NOT_OPEN_CONSULTATION),
        "close": Transition((C.OPEN,), C.CLOSED, "awards.manage_dossiers", _NOT_OPEN_CONSULTATION),
        "resolve": Transition(
            (C.OPEN, C.CLOSED), None, "awards.manage_dossiers", gettext_lazy("This comment cannot be resolved.")
        ),
    },
)


_NOT_DRAFT_SESSION = gettext_lazy("The session has opened: its agenda can no longer change.")

COUNCIL_SESSION = RulesMachine(
    "state",
    {
        # the date, the place and (the sector's) the agenda of dossiers
        "edit": Transition((S.DRAFT,), None, "awards.manage_council_session", _NOT_DRAFT_SESSION),
        "delete": Transition((S.DRAFT,), None, "awards.manage_council_session", _NOT_DRAFT_SESSION),
        # mark who is present and open a secret ballot per title
        "open": Transition((S.DRAFT,), S.VOTING, "awards.manage_council_session", _NOT_DRAFT_SESSION),
        "close": Transition(
            (S.VOTING,),
            S.CLOSED,
            "awards.manage_council_session",
            gettext_lazy("Only a session that is voting can close."),
        ),
    },
)


_NOT_DRAFT_DECISION = gettext_lazy("An issued decision cannot change: it is revoked or corrected by a later decision.")
_NOT_ISSUED = gettext_lazy("Only an issued decision can be revoked or corrected, and only once.")

DECISION = RulesMachine(
    "state",
    {
        # the heading and the annex of a draft
        "edit": Transition((QD.DRAFT,), None, "awards.manage_decisions", _NOT_DRAFT_DECISION),
        "delete": Transition((QD.DRAFT,), None, "awards.manage_decisions", _NOT_DRAFT_DECISION),
        "issue": Transition((QD.DRAFT,), QD.ISSUED, "awards.manage_decisions", _NOT_DRAFT_DECISION),
        # taken by issuing a later decision that names this one (drafted from here)
        "revoke": Transition((QD.ISSUED,), QD.REVOKED, "awards.manage_decisions", _NOT_ISSUED),
        "correct": Transition((QD.ISSUED,), QD.CORRECTED, "awards.manage_decisions", _NOT_ISSUED),
    },
)
