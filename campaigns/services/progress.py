"""The mid-year review (sơ kết): a unit reports how far it has come against its accepted
pledge; the pledge's reviewer reads the members' reports and may return one with a reason.

The mid-year report's deadline is the calendar's mid-year step (``schedule.queries``); a phase's
report (sơ kết đợt) gives the figures as of the phase's end, and its deadline is the calendar's
step for that phase (``campaigns.calendar``: due on the phase's end unless the calendar moved
it). A report submitted after its deadline is recorded late, and refused only where the
step's rule blocks late work.

Verbs: start_progress, save_progress, submit_progress, save_and_submit_progress, return_progress.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.concurrency import check_version
from emulation.services import save_with_history
from schedule import queries as calendar

from ..calendar import phase_subject
from ..models import PledgeTarget, Progress, ProgressFigure
from ..transitions import PLEDGE, PROGRESS
from .common import _lock_pledge


def review_cluster(pledge):
    """The cluster whose own dates apply to the pledge (a cluster's campaign), else None."""
    return pledge.campaign.launching_cluster_id


def review_deadline(year, cluster, phase=None):
    """The calendar's deadline of the mid-year review in ``year`` (as ``cluster`` dates it),
    or of the review at the end of ``phase``; None when the calendar has no such step."""
    if phase is None:
        return calendar.deadline(calendar.StepKind.MID_YEAR, year, cluster)
    return calendar.deadline(calendar.StepKind.PHASE_REVIEW, phase.end.year, cluster, subject=phase_subject(phase))


def mid_year_deadline(pledge, phase=None):
    """The calendar's deadline for the pledge's mid-year report or its report for ``phase``."""
    return review_deadline(pledge.year, review_cluster(pledge), phase)


def default_as_of(pledge, phase=None):
    if phase is not None:
        return phase.end
    found = mid_year_deadline(pledge)
    return found.due if found else datetime.date(pledge.year, 6, 30)


def _check_phase(pledge, phase):
    if phase is not None and (phase.campaign_id != pledge.campaign_id or phase.end.year != pledge.year):
        raise ValidationError(_("This phase is not one of the pledge's campaign in %(year)s.") % {"year": pledge.year})


@transaction.atomic
def start_progress(pledge, by, phase=None):
    """The pledge's progress report for the mid-year review or for ``phase`` (a draft with one
    empty figure per target), made the first time the unit opens it."""
    locked = _lock_pledge(pledge)
    PLEDGE.check(locked, "start_progress", by)
    _check_phase(locked, phase)
    existing = Progress.objects.filter(pledge=locked, phase=phase).first()
    if existing is not None:
        return existing
    progress = Progress(pledge=locked, phase=phase, as_of=default_as_of(locked, phase))
    save_with_history(progress, by)
    for target in PledgeTarget.objects.filter(pledge=locked).order_by("pk"):
        save_with_history(ProgressFigure(progress=progress, target=target), by)
    return progress


def _lock(progress):
    return (
        Progress.objects.select_for_update(of=("self",)).select_related("pledge__campaign", "phase").get(pk=progress.pk)
    )


@transaction.atomic
def save_progress(progress, by, expected_version, *, as_of, values, note):
    """Save the unit's figures (``values``: {target id: Decimal or None}), the date they are
    as of and the report's text. A returned report goes back to draft."""
    locked = _lock(progress)
    PROGRESS.check(locked, "edit", by)
    check_version(locked, expected_version)
    pledge = locked.pledge
    if as_of is None or as_of.year != pledge.year:
        raise ValidationError({"as_of": _("The date must be in %(year)s.") % {"year": pledge.year}})
    locked.as_of, locked.note = as_of, (note or "").strip()
    PROGRESS.move(locked, "edit")
    locked.full_clean()
    save_with_history(locked, by)
    for figure in ProgressFigure.objects.select_for_update().filter(progress=locked).order_by("pk"):
        if figure.target_id in values and values[figure.target_id] != figure.value:
            figure.value = values[figure.target_id]
            figure.full_clean(exclude=["progress", "target"])
            save_with_history(figure, by)
    return locked


def _submission_problems(progress):
    missing = [f.target.name for f in progress.figures.select_related("target") if f.value is None]
    problems = []
    if missing:
        problems.append(
            _("Enter the value reached for every target (missing: %(names)s).") % {"names": ", ".join(missing)}
        )
    if not progress.note:
        problems.append(_("Write a short progress report."))
    return problems


@transaction.atomic
def submit_progress(progress, by):
    """Send the report to the pledge's reviewer; late is recorded against the calendar."""
    locked = _lock(progress)
    PROGRESS.check(locked, "submit", by)
    problems = _submission_problems(locked)
    if problems:
        raise ValidationError(problems)
    late = calendar.late_or_refuse(mid_year_deadline(locked.pledge, locked.phase))
    PROGRESS.move(locked, "submit")
    locked.is_late, locked.return_reason = late, ""
    locked.submitted_at, locked.submitted_by = timezone.now(), by
    save_with_history(locked, by)
    return locked


@transaction.atomic
def save_and_submit_progress(progress, by, expected_version, **changes):
    """Save and send in one go: if the report cannot be sent, nothing is saved either."""
    return submit_progress(save_progress(progress, by, expected_version, **changes), by)


@transaction.atomic
def return_progress(progress, by, reason):
    """The reviewer sends the report back to the unit with what to correct."""
    locked = _lock(progress)
    PROGRESS.check(locked, "return", by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"return_reason": _("Say what the unit must correct.")})
    PROGRESS.move(locked, "return")
    locked.return_reason = reason[:2000]
    save_with_history(locked, by)
    return locked
