"""Setting up the year's calendar: the Ministry's steps, a copy of last year's, a
cluster's own dates, a step recorded as done."""

import calendar as _calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from emulation.services import require, save_with_history

from .. import registry
from ..models import ClusterDate, Completion, Step, StepKind


def shift_year(day, years=1):
    """The same day ``years`` later; 29 February becomes 28 February."""
    year = day.year + years
    return date(year, day.month, min(day.day, _calendar.monthrange(year, day.month)[1]))


@transaction.atomic
def save_calendar(year, formset, by):
    """Save the (validated) formset of the year's steps: edits, new steps, deletions."""
    require(by, "schedule.edit_calendar")
    current = {step.pk: step.kind for step in Step.objects.select_for_update().filter(year=year).order_by("pk")}
    _check_kinds(current, formset)
    for form in formset.deleted_forms:
        if form.instance.pk:
            form.instance._history_user = by
            form.instance.delete()
    saved = 0
    for form in formset.forms:
        if form in formset.deleted_forms or not form.has_changed():
            continue
        step = form.save(commit=False)
        step.year = year
        save_with_history(step, by)
        saved += 1
    return saved


def _check_kinds(current, formset):
    """One step of each kind a year, also against rows saved meanwhile by someone else."""
    kinds = {pk: kind for pk, kind in current.items() if pk not in {f.instance.pk for f in formset.deleted_forms}}
    for form in formset.forms:
        if form in formset.deleted_forms or not form.has_changed():
            continue
        kind = form.cleaned_data["kind"]
        if any(other_kind == kind and pk != form.instance.pk for pk, other_kind in kinds.items()):
            raise ValidationError(
                _("%(step)s is already in the year's calendar.") % {"step": StepKind(kind).label}, code="duplicate"
            )
        if form.instance.pk:
            kinds[form.instance.pk] = kind
        else:
            kinds[f"new-{id(form)}"] = kind


@transaction.atomic
def copy_calendar(year, by):
    """Copy last year's steps into ``year``, dates one year later; steps the year already
    has are kept as they are. Returns how many steps were added."""
    require(by, "schedule.edit_calendar")
    existing = set(Step.objects.select_for_update().filter(year=year).values_list("kind", flat=True))
    previous = list(Step.objects.filter(year=year - 1).order_by("due_date", "kind"))
    if not previous:
        raise ValidationError(_("There is no calendar for %(year)s to copy.") % {"year": year - 1}, code="empty")
    added = 0
    for old in previous:
        if old.kind in existing:
            continue
        step = Step(
            year=year,
            kind=old.kind,
            due_date=shift_year(old.due_date),
            actor=old.actor,
            basis=old.basis,
            note=old.note,
            blocking=old.blocking,
            remind_days_before=old.remind_days_before,
            remind_every_days_late=old.remind_every_days_late,
        )
        save_with_history(step, by)
        added += 1
    return added


def _check_inside(step, day):
    if day > step.due_date:
        raise ValidationError(
            _("%(step)s: a cluster's date cannot be later than the Ministry's (%(date)s).")
            % {"step": step.get_kind_display(), "date": date_format(step.due_date, "SHORT_DATE_FORMAT")},
            code="later_than_ministry",
        )


@transaction.atomic
def set_cluster_dates(cluster, year, dates, by):
    """``dates`` is {step: date or None}; None goes back to the Ministry's date."""
    require(by, "schedule.edit_cluster_dates", (cluster.pk, year))
    steps = {s.pk: s for s in Step.objects.select_for_update().filter(year=year).order_by("pk")}
    own = {d.step_id: d for d in ClusterDate.objects.select_for_update().filter(cluster=cluster, step__year=year)}
    for given, day in dates.items():
        step = steps[given.pk]
        current = own.get(step.pk)
        if day is None or day == step.due_date:
            if current is not None:
                current._history_user = by
                current.delete()
            continue
        _check_inside(step, day)
        if current is None:
            current = ClusterDate(step=step, cluster=cluster, due_date=day)
        elif current.due_date == day:
            continue
        current.due_date = day
        save_with_history(current, by)


@transaction.atomic
def record_completion(step, unit, done_on, by):
    """Record that the unit has done the step (for steps no other app tracks)."""
    require(by, "schedule.record_completion", (unit.pk, step.year))
    step = Step.objects.select_for_update().get(pk=step.pk)
    if registry.completion_providers.get(step.kind):
        raise ValidationError(_("This step is recorded by its own page, not here."), code="state")
    completion = Completion.objects.filter(step=step, unit=unit).first() or Completion(step=step, unit=unit)
    completion.done_on = done_on
    completion.recorded_by = by
    save_with_history(completion, by)
    return completion
