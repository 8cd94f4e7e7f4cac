"""The calendar's part of ``seed_scale``: for every year of the data set, the year's steps
after the Ministry's usual guidance (the demo's ``CYCLE``), an earlier date of its own for a
third of the clusters on the pledge and mid-year steps, and, for the steps no other app
tracks (review, conferences, council, decisions), who has recorded them done: every unit
for the past years except a few late ones, so that the overdue view and the calendar pages
read the sector's size. Steps the demo already made for a year are left as they are."""

import datetime

from emulation.models import Membership, Unit

from . import registry
from .demo import CYCLE, _basis
from .models import Actor, ClusterDate, Completion, Step, StepKind

OWN_DATES = (StepKind.PLEDGE, StepKind.MID_YEAR)
OWN_DATE_EARLIER = datetime.timedelta(days=5)
LATE_SHARE = 0.05  # of the units that must record an untracked step, those who never did


def load(plan):
    steps = _steps(plan)
    plan.log(f"calendar steps: {plan.counts['schedule.Step']}")
    _cluster_dates(plan, steps)
    _completions(plan, steps)
    plan.log(f"steps recorded done: {plan.counts['schedule.Completion']}")


def _steps(plan):
    """The steps of every year of the data set ((year, kind) → Step), new ones inserted."""
    existing = {(step.year, step.kind): step for step in Step.objects.filter(year__in=plan.years, subject="")}
    new = []
    for year in plan.years:
        for kind, (month, day, later), actor, before, every in CYCLE:
            if (year, kind) in existing:
                continue
            step = Step(
                year=year,
                kind=kind,
                due_date=datetime.date(year + later, month, day),
                actor=actor,
                basis=_basis(year),
                remind_days_before=before,
                remind_every_days_late=every,
                blocking=kind == StepKind.DOSSIERS,
                note="Hồ sơ gửi muộn không được xét." if kind == StepKind.DOSSIERS else "",
            )
            new.append(step)
    for step, pk in zip(new, plan.ids(Step, len(new)), strict=True):
        step.pk = step.id = pk
        existing[step.year, step.kind] = step
    plan.insert(Step, new)
    return existing


def _cluster_dates(plan, steps):
    taken = set(ClusterDate.objects.filter(step__in=list(steps.values())).values_list("step_id", "cluster_id"))
    rows = []
    for (_year, kind), step in sorted(steps.items()):
        if kind not in OWN_DATES:
            continue
        for index, cluster_id in enumerate(sorted(plan.clusters)):
            if index % 3 == 0 and (step.pk, cluster_id) not in taken:
                earlier = step.due_date - OWN_DATE_EARLIER
                rows.append(ClusterDate(step_id=step.pk, cluster_id=cluster_id, due_date=earlier))
    plan.insert(ClusterDate, rows)


def _owing(plan, step, heads, office_id):
    """The ids of the units that must act on an untracked step."""
    if step.actor == Actor.UNITS:
        return sorted({unit_id for (_c, year), ids in plan.members.items() if year == step.year for unit_id in ids})
    if step.actor == Actor.CLUSTER_HEADS:
        return sorted(heads.get(step.year, ()))
    return [office_id] if office_id else []


def _completions(plan, steps):
    """Past years' untracked steps recorded done by all but a few units, some days after or
    before the due date."""
    heads = {}
    for unit_id, year in Membership.objects.filter(year__in=plan.years, role=Membership.Role.HEAD).values_list(
        "unit_id", "year"
    ):
        heads.setdefault(year, set()).add(unit_id)
    office_id = Unit.objects.filter(is_emulation_office=True).values_list("pk", flat=True).first()
    done = set(Completion.objects.filter(step__in=list(steps.values())).values_list("step_id", "unit_id"))

    def rows():
        for (year, kind), step in sorted(steps.items()):
            if registry.is_tracked(kind) or not plan.is_past(year):
                continue
            rng = plan.rng("calendar", year, kind)
            for unit_id in _owing(plan, step, heads, office_id):
                if (step.pk, unit_id) in done or rng.random() < LATE_SHARE:
                    continue
                day = step.due_date + datetime.timedelta(days=rng.randint(-10, 4))
                yield Completion(step_id=step.pk, unit_id=unit_id, done_on=day, recorded_by_id=plan.user_id)

    plan.insert(Completion, rows())
