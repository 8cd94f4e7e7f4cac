"""Setting up the year's calendar: the Ministry's steps, a copy of last year's, a
cluster's own dates, a step recorded as done, and the steps later apps bring (a campaign
phase's review) kept in line with their source."""

import calendar as _calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from emulation.services import require, save_with_history

from .. import registry
from ..models import SOURCED_KINDS, Actor, ClusterDate, Completion, Step, StepKind

# What a sourced step takes from the year's step of the same nature when there is one: a
# phase's review is reminded and refused late as the mid-year review is.
SOURCED_TEMPLATE = {StepKind.PHASE_REVIEW: StepKind.MID_YEAR}
TEMPLATE_FIELDS = ("actor", "blocking", "remind_days_before", "remind_every_days_late")


def shift_year(day, years=1):
    """The same day ``years`` later; 29 February becomes 28 February."""
    year = day.year + years
    return date(year, day.month, min(day.day, _calendar.monthrange(year, day.month)[1]))


@transaction.atomic
def save_calendar(year, formset, by):
    """Save the (validated) formset of the year's steps: edits, new steps, deletions."""
    require(by, "schedule.edit_calendar")
    current = {
        step.pk: step.kind for step in Step.objects.select_for_update().filter(year=year, subject="").order_by("pk")
    }
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
    sync_sourced_steps({year}, by)  # a phase's review follows the mid-year step's reminders
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
    existing = set(Step.objects.select_for_update().filter(year=year, subject="").values_list("kind", flat=True))
    previous = list(Step.objects.filter(year=year - 1, subject="").order_by("due_date", "kind"))
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
    sync_sourced_steps({year}, by)
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
    if step.pk in registry.tracked_steps([step]):
        raise ValidationError(_("This step is recorded by its own page, not here."), code="state")
    completion = Completion.objects.filter(step=step, unit=unit).first() or Completion(step=step, unit=unit)
    completion.done_on = done_on
    completion.recorded_by = by
    save_with_history(completion, by)
    return completion


def _template(kind, year, templates):
    model = templates.get((year, SOURCED_TEMPLATE.get(kind)))
    if model is None:
        return {"actor": Actor.UNITS}
    return {name: getattr(model, name) for name in TEMPLATE_FIELDS}


def _apply(step, found, template):
    """Set the step's fields from its source; True when something changed."""
    wanted = {
        "year": found.due_date.year,
        "due_date": found.due_date,
        "title": found.title[:255],
        "cluster_id": found.cluster_id,
        "basis": found.basis[:255],
        **template,
    }
    changed = [name for name, value in wanted.items() if getattr(step, name) != value]
    for name in changed:
        setattr(step, name, wanted[name])
    return bool(changed)


@transaction.atomic
def sync_sourced_steps(years, by=None, kinds=SOURCED_KINDS):
    """Make, move and remove the steps of the sourced kinds due in ``years`` after what their
    sources (``registry.add_step_source``) say now. A moved date moves the step, and with it
    every deadline, lateness and reminder that reads it. Safe to run twice; returns how many
    steps it made, changed or removed."""
    years = set(years)
    wanted = {}
    for kind in kinds:
        for found in registry.sourced_steps(kind, years):
            wanted[(str(kind), found.subject)] = found
    subjects = {subject for _kind, subject in wanted}
    current = Step.objects.select_for_update().filter(kind__in=list(kinds)).exclude(subject="")
    current = {
        (step.kind, step.subject): step
        for step in current.filter(Q(year__in=years) | Q(subject__in=subjects)).order_by("pk")
    }
    models = Step.objects.filter(subject="", kind__in=set(SOURCED_TEMPLATE.values()), year__in=_years(wanted, years))
    templates = {(step.year, step.kind): step for step in models}
    touched = 0
    for key, step in current.items():
        if key not in wanted:
            step._history_user = by
            step.delete()
            touched += 1
    for (kind, subject), found in wanted.items():
        step = current.get((kind, subject)) or Step(kind=kind, subject=subject)
        if _apply(step, found, _template(kind, found.due_date.year, templates)) or step.pk is None:
            touched += _save_sourced(step, by)
    return touched


def _years(wanted, years):
    return years | {found.due_date.year for found in wanted.values()}


def _save_sourced(step, by):
    """Save in a savepoint: a second beat process or worker that made the same new step
    first wins, and this one leaves it be."""
    try:
        with transaction.atomic():
            save_with_history(step, by)
    except IntegrityError:
        return 0
    return 1
