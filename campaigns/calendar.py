"""What campaigns tell the year's calendar (``schedule.registry``): which units have done
the steps whose work is a pledge — registration and the mid-year report — and when. Each
provider runs one query whatever the data size."""

from django.db.models import Min

from schedule import registry
from schedule.models import StepKind

from .models import Pledge, Progress


def pledges_done(step, unit_ids):
    """Units that sent a pledge for the step's year, on the day they first sent one."""
    sent = Pledge.objects.filter(year=step.year, unit_id__in=unit_ids, submitted_at__isnull=False)
    return dict(sent.values("unit_id").annotate(day=Min("submitted_at")).values_list("unit_id", "day"))


def progress_done(step, unit_ids):
    """Units whose mid-year progress report for the step's year is submitted."""
    sent = Progress.objects.filter(
        pledge__year=step.year,
        pledge__unit_id__in=unit_ids,
        phase__isnull=True,
        status=Progress.Status.SUBMITTED,
    )
    return dict(sent.values("pledge__unit_id").annotate(day=Min("submitted_at")).values_list("pledge__unit_id", "day"))


def register():
    registry.add_completion_provider(StepKind.PLEDGE, pledges_done)
    registry.add_completion_provider(StepKind.MID_YEAR, progress_done)
