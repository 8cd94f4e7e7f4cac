"""Every change to criteria tables and scorecards, one verb each, by topic:

- ``tables``: ``create_table``, ``update_table``, ``save_criterion``, ``save_criterion_and_bands``,
  ``delete_criterion``, ``set_bands``, ``set_rank_bands``, ``import_table``, ``copy_table``,
  ``new_edition``, ``publish_table``, ``delete_table``, ``assign_reviewer``, ``remove_reviewer``;
- ``scorecards``: ``open_scorecard``, ``save_self_scores``, ``save_and_submit``, ``add_evidence``,
  ``remove_evidence``, ``attach_certification``, ``submit_scorecard``, ``save_review``,
  ``save_review_and_complete``, ``complete_review``, ``return_scorecard``, ``finalize_scorecard``.

The verbs are importable from here too (``services.submit_scorecard``); reads are in
``scoring.queries``.
"""

from .scorecards import (
    add_evidence,
    attach_certification,
    complete_review,
    finalize_scorecard,
    open_scorecard,
    remove_evidence,
    return_scorecard,
    save_and_submit,
    save_review,
    save_review_and_complete,
    save_self_scores,
    submit_scorecard,
)
from .tables import (
    assign_reviewer,
    copy_table,
    create_table,
    delete_criterion,
    delete_table,
    import_table,
    new_edition,
    publish_table,
    remove_reviewer,
    save_criterion,
    save_criterion_and_bands,
    set_bands,
    set_rank_bands,
    update_table,
)

__all__ = [
    "add_evidence",
    "assign_reviewer",
    "attach_certification",
    "complete_review",
    "copy_table",
    "create_table",
    "delete_criterion",
    "delete_table",
    "finalize_scorecard",
    "import_table",
    "new_edition",
    "open_scorecard",
    "publish_table",
    "remove_evidence",
    "remove_reviewer",
    "return_scorecard",
    "save_and_submit",
    "save_criterion",
    "save_criterion_and_bands",
    "save_review",
    "save_review_and_complete",
    "save_self_scores",
    "set_bands",
    "set_rank_bands",
    "submit_scorecard",
    "update_table",
]
