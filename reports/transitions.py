"""The report job's state machine (see ``emulation.transitions``).

queued → running (with progress) → done | failed (with the error) → (retry) queued …

The worker takes, finishes and fails jobs: it is the system, not a user, so its actions
need the ``reports.run_job`` permission that no user holds, and the services ask the
table only whether the state allows them (``JOB.allows``). A user may retry a failed job
whose data they may see, and sign a finished one (``reports.sign_job``) once, when a signing
key is configured.
"""

import rules
from django.utils.translation import gettext_lazy as _

from emulation.transitions import Machine, Transition

from .models import SIGNED_KINDS, ReportJob
from .signing import signing_configured

S = ReportJob.State

JOB = Machine(
    "state",
    {
        # a job found running was left by a worker that died: it is taken again and resumes
        "start": Transition((S.QUEUED, S.RUNNING), S.RUNNING, "reports.run_job", _("The report is built already.")),
        "finish": Transition((S.RUNNING,), S.DONE, "reports.run_job", _("Only a running report can be finished.")),
        "fail": Transition(
            (S.QUEUED, S.RUNNING), S.FAILED, "reports.run_job", _("Only a queued or running report can fail.")
        ),
        "retry": Transition((S.FAILED,), S.QUEUED, "reports.view_job", _("Only a failed report can be retried.")),
        "sign": Transition((S.DONE,), None, "reports.sign_job", _("Only a finished report can be signed.")),
    },
)

# What a page may offer: the worker's actions are never a user's.
USER_ACTIONS = frozenset({"retry", "sign"})


def job_actions(job, user):
    """The actions the user may take on the job now (for the page): signing only once, only
    the kinds sent to the Ministry, and only when this server has a signing key."""
    actions = JOB.available(job, user) & USER_ACTIONS
    if job.is_signed or job.kind not in SIGNED_KINDS or not signing_configured():
        actions -= {"sign"}
    return actions


rules.add_perm("reports.run_job", rules.always_false)
