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
from django.urls import reverse

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
    sent = registry.among(Pledge.objects.filter(year=step.year, submitted_at__isnull=False), "unit_id", unit_ids)
    return dict(sent.values("unit_id").annotate(day=Min("submitted_at")).values_list("unit_id", "day"))


def progress_done(step, unit_ids):
    """Units whose mid-year progress report for the step's year is submitted."""
    sent = Progress.objects.filter(pledge__year=step.year, phase__isnull=True, status=Progress.Status.SUBMITTED)
    sent = registry.among(sent, "pledge__unit_id", unit_ids)
    return dict(sent.values("pledge__unit_id").annotate(day=Min("submitted_at")).values_list("pledge__unit_id", "day"))


def phases_done(steps, unit_ids):
    """{(step id, unit id): day} of the units whose report for each step's phase is submitted."""
    step_of_phase = {_phase_id(step.subject): step.pk for step in steps if _phase_id(step.subject)}
    sent = Progress.objects.filter(phase_id__in=list(step_of_phase), status=Progress.Status.SUBMITTED)
    sent = registry.among(sent, "pledge__unit_id", unit_ids)
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


def phase_step_urls(steps):
    """Each phase's review step is dated by its campaign (the phases on its form)."""
    phase_ids = {step.pk: _phase_id(step.subject) for step in steps}
    campaign_of = dict(Phase.objects.filter(pk__in=set(phase_ids.values()) - {None}).values_list("pk", "campaign_id"))
    return {
        step_id: reverse("campaigns:campaign_detail", args=[campaign_of[phase_id]])
        for step_id, phase_id in phase_ids.items()
        if phase_id in campaign_of
    }


def sync_phase_steps(years, by=None):
    """Bring the calendar in line with the phases ending in ``years``: after a campaign's
    phases are saved, and after the demo or the scale data made some."""
    return sync_sourced_steps(years, by, kinds=[StepKind.PHASE_REVIEW])


def _pledge_url(pledge, phase_id=None, report=True):
    """Where the unit goes on with its pledge: the progress report (of the phase) once the
    pledge is accepted, the pledge form while it is a draft or returned, else the pledge."""
    if report and pledge.status in Pledge.ACCEPTED_OR_LATER:
        return reverse("campaigns:progress_edit", args=[pledge.pk]) + (f"?phase={phase_id}" if phase_id else "")
    if pledge.status in Pledge.EDITABLE:
        return reverse("campaigns:pledge_edit", args=[pledge.pk])
    return reverse("campaigns:pledge_detail", args=[pledge.pk])


def _campaign_url(campaign_id, year):
    """The campaign's page for the year, where a unit that has no pledge yet makes one."""
    return reverse("campaigns:campaign_detail", args=[campaign_id]) + f"?year={year}"


def _pledges(keys):
    """{(campaign id, unit id, year): pledge} for the given keys (one query)."""
    if not keys:
        return {}
    campaign_ids, unit_ids, years = ({key[i] for key in keys} for i in range(3))
    found = Pledge.objects.filter(campaign_id__in=campaign_ids, unit_id__in=unit_ids, year__in=years)
    return {(p.campaign_id, p.unit_id, p.year): p for p in found.only("pk", "campaign_id", "unit_id", "year", "status")}


def phase_report_urls(found):
    """The phase's progress report on the unit's pledge, or its pledge (form) while it has no
    accepted one, for each obligation of a phase's review (two queries)."""
    phases = {_phase_id(o.step.subject) for o in found} - {None}
    phases = {p.pk: p for p in Phase.objects.filter(pk__in=phases).only("pk", "campaign_id", "end")}
    wanted = {}
    for obligation in found:
        phase = phases.get(_phase_id(obligation.step.subject))
        if phase is not None:
            wanted[(obligation.step.pk, obligation.unit.pk)] = (phase.campaign_id, obligation.unit.pk, phase)
    pledges = _pledges({(campaign_id, unit_id, phase.end.year) for campaign_id, unit_id, phase in wanted.values()})
    urls = {}
    for key, (campaign_id, unit_id, phase) in wanted.items():
        pledge = pledges.get((campaign_id, unit_id, phase.end.year))
        urls[key] = _pledge_url(pledge, phase.pk) if pledge else _campaign_url(campaign_id, phase.end.year)
    return urls


def _regular_campaign_urls(found, report):
    """For a yearly step, the unit's pledge under its cluster's regular campaign of the year
    (two queries)."""
    years = {o.step.year for o in found}
    clusters = {c.pk for o in found for c in o.clusters}
    campaigns = Campaign.objects.filter(
        level=Campaign.Level.CLUSTER, kind=Campaign.Kind.REGULAR, launching_cluster_id__in=clusters
    ).filter(first_year__lte=max(years, default=0), last_year__gte=min(years, default=0))
    campaigns = list(
        campaigns.order_by("-first_year", "pk").only("pk", "launching_cluster_id", "first_year", "last_year")
    )
    wanted = {}
    for obligation in found:
        year = obligation.step.year
        regular = [c for c in campaigns if c.launching_cluster_id in obligation.cluster_ids and year in c.years]
        if regular:
            wanted[(obligation.step.pk, obligation.unit.pk)] = (regular[0].pk, obligation.unit.pk, year)
    pledges = _pledges(set(wanted.values()))
    urls = {}
    for key, (campaign_id, unit_id, year) in wanted.items():
        pledge = pledges.get((campaign_id, unit_id, year))
        urls[key] = _pledge_url(pledge, report=report) if pledge else _campaign_url(campaign_id, year)
    return urls


def pledge_urls(found):
    """Registration: the unit's pledge under its cluster's regular campaign."""
    return _regular_campaign_urls(found, report=False)


def mid_year_urls(found):
    """The mid-year review: the progress report on that pledge."""
    return _regular_campaign_urls(found, report=True)


def register():
    registry.add_completion_provider(StepKind.PLEDGE, pledges_done)
    registry.add_completion_provider(StepKind.MID_YEAR, progress_done)
    registry.add_completion_provider(StepKind.PHASE_REVIEW, phases_done, many=True)
    registry.add_step_source(StepKind.PHASE_REVIEW, phase_steps)
    registry.add_source_url(StepKind.PHASE_REVIEW, phase_step_urls)
    registry.add_action_url(StepKind.PLEDGE, pledge_urls)
    registry.add_action_url(StepKind.MID_YEAR, mid_year_urls)
    registry.add_action_url(StepKind.PHASE_REVIEW, phase_report_urls)
