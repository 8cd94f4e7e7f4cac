"""Every change to campaigns, pledges and their mid-year progress, one verb each, by topic:
``campaigns`` (launching and changing a campaign), ``pledges`` (registration, review,
results, reminders), ``progress`` (the mid-year review). Views call ``services.<verb>``."""

from .campaigns import PHASE_FIELDS, TARGET_FIELDS, save_campaign
from .individuals import link_individual, link_individuals, person_choices, unlinked_individuals
from .pledges import (
    INDIVIDUAL_FIELDS,
    OWN_TARGET_FIELDS,
    PLEDGE_FIELDS,
    accept_pledge,
    assess_results,
    attach_signed_copy,
    create_pledge,
    remind_members,
    report_results,
    return_pledge,
    save_and_submit_pledge,
    submit_pledge,
    update_pledge,
)
from .progress import return_progress, save_and_submit_progress, save_progress, start_progress, submit_progress

__all__ = [
    "INDIVIDUAL_FIELDS",
    "OWN_TARGET_FIELDS",
    "PHASE_FIELDS",
    "PLEDGE_FIELDS",
    "TARGET_FIELDS",
    "accept_pledge",
    "assess_results",
    "attach_signed_copy",
    "create_pledge",
    "link_individual",
    "link_individuals",
    "person_choices",
    "remind_members",
    "report_results",
    "return_pledge",
    "return_progress",
    "save_and_submit_pledge",
    "save_and_submit_progress",
    "save_campaign",
    "save_progress",
    "start_progress",
    "submit_pledge",
    "submit_progress",
    "unlinked_individuals",
    "update_pledge",
]
