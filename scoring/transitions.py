"""The two state machines of the scoring app (see ``emulation.transitions``).

Criteria table: draft → published → superseded (by the next edition's publication). Only a
draft changes; a published table is corrected by a new edition.

Scorecard: draft → submitted → reviewed → final. A reviewer returns a *submitted* card to
the unit for correction (back to draft, with the reason). A *reviewed* card is not returned:
its reviewed points may still be corrected ("review") until ministry staff make it final.
A final card is locked for everyone, the superuser included.
"""

from django.utils.translation import gettext_lazy as _

from emulation.transitions import Machine, Transition

from .models import CriteriaTable, Scorecard

T = CriteriaTable.Status
S = Scorecard.Status

TABLE = Machine(
    "status",
    {
        # criteria, rank bands, import, the table's own fields
        "edit": Transition(
            (T.DRAFT,), None, "scoring.manage_tables", _("A published table cannot change: make a new edition instead.")
        ),
        "publish": Transition(
            (T.DRAFT,), T.PUBLISHED, "scoring.manage_tables", _("Only a draft table can be published.")
        ),
        "delete": Transition((T.DRAFT,), None, "scoring.manage_tables", _("Only a draft table can be deleted.")),
        "new_edition": Transition(
            (T.PUBLISHED,),
            None,
            "scoring.manage_tables",
            _("A new edition is made from the published table; a draft is edited directly."),
        ),
    },
)

SCORECARD = Machine(
    "status",
    {
        # self-scores, evidence and the chairman's certification
        "edit": Transition(
            (S.DRAFT,), None, "scoring.edit_scorecard", _("Only a draft scorecard can be changed by its unit.")
        ),
        "submit": Transition(
            (S.DRAFT,), S.SUBMITTED, "scoring.edit_scorecard", _("Only a draft scorecard can be submitted.")
        ),
        "review": Transition(
            (S.SUBMITTED, S.REVIEWED),
            None,
            "scoring.review_scorecard",
            _("Only a submitted or reviewed scorecard can be reviewed."),
        ),
        "complete_review": Transition(
            (S.SUBMITTED,),
            S.REVIEWED,
            "scoring.review_scorecard",
            _("Only a submitted scorecard can be marked as reviewed."),
        ),
        "return": Transition(
            (S.SUBMITTED,),
            S.DRAFT,
            "scoring.review_scorecard",
            _("Only a submitted scorecard can be returned to the unit."),
        ),
        "finalize": Transition(
            (S.REVIEWED,), S.FINAL, "scoring.finalize_scorecard", _("Only a reviewed scorecard can be made final.")
        ),
    },
)
