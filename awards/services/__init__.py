"""Every action that changes votes, nominations, rules, the award history or a handover,
one module per topic; this package names them all for the views, the demo and the tests.

Each verb runs in one transaction, locks what it checks (``select_for_update``, in
primary key order), asks the transition table (``awards.transitions``) for the state
and the rules registry for the permission, writes history with ``by`` as the author,
and refuses with ``ValidationError`` (shown to the user) or ``PermissionDenied`` (403).
"""

from .ballots import ballot_counted, cast_ballot, new_receipt_code, open_box, receipt_hash
from .dossiers import (
    add_line,
    assign_officer,
    attach_document,
    create_dossier,
    decide_dossier,
    finish_check,
    forward_dossier,
    receive_dossier,
    record_verdict,
    remove_document,
    remove_line,
    return_dossier,
    send_to_council,
    submit_dossier,
    update_dossier,
    update_line,
)
from .handover import confirm_handover, record_handover
from .history import import_award_history
from .nominations import (
    add_attachment,
    approve_nomination,
    create_nomination,
    nominate_from_vote,
    prerequisite_messages,
    reject_nomination,
    remove_attachment,
    submit_nomination,
    update_nomination,
)
from .rules import save_requirement, save_rule
from .votes import (
    add_candidate,
    close_vote,
    create_second_round,
    create_vote,
    delete_vote,
    open_vote,
    publish_vote,
    record_paper_totals,
    remove_candidate,
    set_voter,
    update_vote,
)

__all__ = [
    "add_line",
    "assign_officer",
    "attach_document",
    "create_dossier",
    "decide_dossier",
    "finish_check",
    "forward_dossier",
    "receive_dossier",
    "record_verdict",
    "remove_document",
    "remove_line",
    "return_dossier",
    "send_to_council",
    "submit_dossier",
    "update_dossier",
    "update_line",
    "add_attachment",
    "add_candidate",
    "approve_nomination",
    "ballot_counted",
    "cast_ballot",
    "close_vote",
    "confirm_handover",
    "create_nomination",
    "create_second_round",
    "create_vote",
    "delete_vote",
    "import_award_history",
    "new_receipt_code",
    "open_box",
    "nominate_from_vote",
    "open_vote",
    "prerequisite_messages",
    "publish_vote",
    "receipt_hash",
    "record_handover",
    "record_paper_totals",
    "reject_nomination",
    "remove_attachment",
    "remove_candidate",
    "save_requirement",
    "save_rule",
    "set_voter",
    "submit_nomination",
    "update_nomination",
    "update_vote",
]
