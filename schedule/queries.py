"""What other apps read from the calendar. Deadlines always come from here, so a step
moved in the calendar moves every deadline that reads it.

    from schedule import queries as schedule_q
    due = schedule_q.due_date(StepKind.PLEDGE, 2025, cluster)      # a date or None
    late = schedule_q.lateness(due, pledge.submitted_on)           # days late, 0 if on time
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ClusterDate, Step, StepKind

__all__ = [
    "Deadline",
    "StepKind",
    "deadline",
    "due_date",
    "is_blocked",
    "late_or_refuse",
    "lateness",
    "steps_of_year",
    "unit_deadline",
]


@dataclass(frozen=True)
class Deadline:
    due: date
    blocking: bool  # late work is refused only when this is set (the step's rule says so)
    basis: str
    step_id: int


def _cluster_id(cluster):
    return getattr(cluster, "pk", cluster)


def deadline(step_kind, year, cluster=None, subject=""):
    """The step's deadline for the cluster (its own date if it set one, never later than
    the Ministry's), or None when the year's calendar has no such step. ``subject`` names
    which step of a kind with many (``models.SOURCED_KINDS``: ``"phase:42"``). Two queries at most."""
    step = Step.objects.filter(kind=step_kind, year=year, subject=subject).first()
    if step is None:
        return None
    due = step.due_date
    if cluster is not None:
        own = ClusterDate.objects.filter(step=step, cluster_id=_cluster_id(cluster)).values_list("due_date", flat=True)
        due = min([due, *own])
    return Deadline(due=due, blocking=step.blocking, basis=step.basis, step_id=step.pk)


def unit_deadline(step_kind, year, unit, subject=""):
    """The step's deadline for ``unit``: the earliest of the Ministry's date and the own dates
    of the clusters the unit belongs to in ``year``. None when the calendar has no such step."""
    step = Step.objects.filter(kind=step_kind, year=year, subject=subject).first()
    if step is None:
        return None
    own = ClusterDate.objects.filter(
        step=step, cluster__memberships__unit=unit, cluster__memberships__year=year
    ).values_list("due_date", flat=True)
    return Deadline(due=min([step.due_date, *own]), blocking=step.blocking, basis=step.basis, step_id=step.pk)


def late_or_refuse(found, today=None):
    """Whether work handed in now against the deadline ``found`` is late; raises
    ``ValidationError`` when it is late and the step's rule refuses late work."""
    late = bool(found and lateness(found.due, today=today) > 0)
    if late and found.blocking:
        raise ValidationError(
            _("The deadline of %(date)s has passed and the calendar does not accept late work.")
            % {"date": found.due.strftime("%d/%m/%Y")},
            code="past_deadline",
        )
    return late


def due_date(step_kind, year, cluster=None):
    found = deadline(step_kind, year, cluster)
    return found.due if found else None


def lateness(due, done_on=None, today=None):
    """Days late: of ``done_on`` if the work is done, else of today (still owing). 0 when on
    time, None when there is no deadline."""
    if due is None:
        return None
    day = done_on or today or timezone.localdate()
    if hasattr(day, "date") and callable(day.date):
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    return max((day - due).days, 0)


def is_blocked(step_kind, year, cluster=None, today=None):
    """Whether work for the step must now be refused: only for a blocking step past its date."""
    found = deadline(step_kind, year, cluster)
    return bool(found and found.blocking and lateness(found.due, today=today) > 0)


def steps_of_year(year):
    return list(Step.objects.filter(year=year, subject=""))
