"""What campaigns tell the year's calendar (``schedule.registry``): which units have done
the steps whose work is a pledge — registration, the mid-year report and each phase's
report — and when, and the steps campaigns bring: the review at the end of each phase of a
cluster's campaign (sơ kết đợt), due on the phase's end, for the members of that cluster.
A sector campaign's phases are not reviewed by units on their own (the sector's sơ kết reads
the clusters' regular campaigns), so they bring no step. Each provider and the source run
one query whatever the data size.

A phase's step is keyed by the phase itself (``phase_subject``), never by its number: two
phases may share a number, and a number says nothing of which campaign it belongs to."""

from django.db.models import Min

from schedule import registry
from schedule.models import StepKind
from schedule.services.calendar import sync_sourced_steps

from .models import Campaign, Phase, Pledge, Progress

SUBJECT = "phase:"


def phase_subject(phase):
    """The calendar's key of a phase's review step."""
    return f"{SUBJECT}{getattr(phase, 'pk', phase)}"


def _phase_id(subject):
    return int(subject.removeprefix(SUBJECT)) if subject.startswith(SUBJECT) else None


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


def phases_done(steps, unit_ids):
    """{(step id, unit id): day} of the units whose report for each step's phase is submitted."""
    step_of_phase = {_phase_id(step.subject): step.pk for step in steps if _phase_id(step.subject)}
    sent = Progress.objects.filter(
        phase_id__in=list(step_of_phase), pledge__unit_id__in=unit_ids, status=Progress.Status.SUBMITTED
    )
    rows = sent.values("phase_id", "pledge__unit_id").annotate(day=Min("submitted_at"))
    return {(step_of_phase[row["phase_id"]], row["pledge__unit_id"]): row["day"] for row in rows}


def phase_steps(years):
    """The review at the end of each phase ending in ``years``."""
    phases = Phase.objects.filter(campaign__level=Campaign.Level.CLUSTER, end__year__in=list(years))
    phases = phases.select_related("campaign").order_by("pk")
    return [
        registry.SourcedStep(
            subject=phase_subject(phase),
            title=f"{phase.name} — {phase.campaign.name}",
            due_date=phase.end,
            cluster_id=phase.campaign.launching_cluster_id,
            basis=phase.campaign.document_number,
        )
        for phase in phases
    ]


def sync_phase_steps(years, by=None):
    """Bring the calendar in line with the phases ending in ``years``: after a campaign's
    phases are saved, and after the demo or the scale data made some."""
    return sync_sourced_steps(years, by, kinds=[StepKind.PHASE_REVIEW])


def register():
    registry.add_completion_provider(StepKind.PLEDGE, pledges_done)
    registry.add_completion_provider(StepKind.MID_YEAR, progress_done)
    registry.add_completion_provider(StepKind.PHASE_REVIEW, phases_done, many=True)
    registry.add_step_source(StepKind.PHASE_REVIEW, phase_steps)
