"""The pledge's state machine (see ``emulation.transitions``).

draft → submitted → accepted | returned (with the reason) → draft …; once accepted the unit
reports its results (again until assessed) → results reported → assessed.

A pledge is its unit's own: the rules alone say who may act on it. Django's superuser
shortcut (``has_perm`` is True for every permission) is not a way round them, so a
superuser cannot submit or review another unit's pledge.
"""

import rules
from django.utils.translation import gettext_lazy as _

from emulation.transitions import Machine, Transition

from .models import Pledge, Progress

S = Pledge.Status


class _ByRules:
    """A user whose ``has_perm`` asks the rules only (no superuser shortcut)."""

    def __init__(self, user):
        self.user = user

    def has_perm(self, perm, obj=None):
        return rules.has_perm(perm, self.user, obj)


class RulesMachine(Machine):
    """A machine whose permissions are the rules' answer for everyone, the superuser included."""

    def check(self, obj, name, user):
        super().check(obj, name, _ByRules(user))

    def available(self, obj, user):
        return super().available(obj, _ByRules(user))


ALL_BUT_ASSESSED = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.RESULTS_REPORTED)

PLEDGE = RulesMachine(
    "status",
    {
        # the pledge's fields, targets and individuals (a returned pledge goes back to draft)
        "edit": Transition(
            Pledge.EDITABLE, S.DRAFT, "campaigns.edit_pledge", _("Only a draft or returned pledge can be edited.")
        ),
        "submit": Transition(
            Pledge.EDITABLE,
            S.SUBMITTED,
            "campaigns.edit_pledge",
            _("Only a draft or returned pledge can be submitted."),
        ),
        "accept": Transition(
            (S.SUBMITTED,), S.ACCEPTED, "campaigns.review_pledge", _("Only a submitted pledge can be accepted.")
        ),
        "return": Transition(
            (S.SUBMITTED,), S.RETURNED, "campaigns.review_pledge", _("Only a submitted pledge can be returned.")
        ),
        "report_results": Transition(
            (S.ACCEPTED, S.RESULTS_REPORTED),
            S.RESULTS_REPORTED,
            "campaigns.edit_pledge",
            _("Results can be entered only for an accepted pledge whose results are not yet assessed."),
        ),
        "assess": Transition(
            (S.RESULTS_REPORTED,), S.ASSESSED, "campaigns.review_pledge", _("Only reported results can be assessed.")
        ),
        "start_progress": Transition(
            Pledge.ACCEPTED_OR_LATER,
            None,
            "campaigns.edit_pledge",
            _("A progress report is made only for an accepted pledge."),
        ),
        "attach_signed_copy": Transition(
            ALL_BUT_ASSESSED, None, "campaigns.edit_pledge", _("The signed copy can no longer be changed.")
        ),
    },
)


P = Progress.Status

# The mid-year review (sơ kết): the unit reports its progress, the reviewer of its pledge may
# return the report with a reason; a returned report is corrected and submitted again.
PROGRESS = RulesMachine(
    "status",
    {
        "edit": Transition(
            (P.DRAFT, P.RETURNED),
            P.DRAFT,
            "campaigns.report_progress",
            _("Only a draft or returned progress report can be changed."),
        ),
        "submit": Transition(
            (P.DRAFT, P.RETURNED),
            P.SUBMITTED,
            "campaigns.report_progress",
            _("Only a draft or returned progress report can be submitted."),
        ),
        "return": Transition(
            (P.SUBMITTED,),
            P.RETURNED,
            "campaigns.review_progress",
            _("Only a submitted progress report can be returned."),
        ),
    },
)
