"""What later apps tell the calendar, without the calendar importing them.

A later app that knows who has done a step registers, from its ``AppConfig.ready()``::

    from schedule import registry
    from schedule.models import StepKind
    registry.add_completion_provider(StepKind.PLEDGE, pledges_done)

``provider(step, unit_ids) -> {unit_id: date done}`` names, among ``unit_ids``, the units
that have done ``step`` (a ``schedule.models.Step``: its ``year`` and ``kind``) and when. It
runs a fixed number of queries whatever the data size. Units it leaves out are still owing.
Steps no app tracks are marked done on the calendar's own pages (``Completion`` rows).

A kind with many steps a year (``models.SOURCED_KINDS``: one per campaign phase) takes a
provider of all its steps at once, so the number of queries does not grow with them::

    registry.add_completion_provider(StepKind.PHASE_REVIEW, phases_done, many=True)

``provider(steps, unit_ids) -> {(step id, unit_id): date done}``.

The app that owns what such steps are about is their source::

    registry.add_step_source(StepKind.PHASE_REVIEW, phase_steps)

``source(years) -> [SourcedStep]``: the steps due in those years, each keyed by a
``subject`` of the source's own (``"phase:42"``). ``services.calendar.sync_sourced_steps``
makes, moves and removes the calendar's ``Step`` rows after them; the source's app calls it
whenever it changes a date, and the daily reminders call it first.

The app where a step's work is done says where, so a reminder opens that page (the pledge
form, the progress report, the scorecard) rather than the calendar::

    registry.add_action_url(StepKind.PHASE_REVIEW, phase_report_urls)

``provider(obligations) -> {(step id, unit id): url}``: for each ``obligations.Obligation``
(a step and a unit that must act on it) the page where that unit does it, with a fixed
number of queries for all of them. Obligations it leaves out open the calendar.

A source also says where its steps' dates are changed, since the year's calendar cannot
change them itself::

    registry.add_source_url(StepKind.PHASE_REVIEW, phase_step_urls)

``provider(steps) -> {step id: url}``, with a fixed number of queries for all of them.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

completion_providers = {}
many_completion_providers = {}
tracking_providers = {}
step_sources = {}
action_url_providers = {}
source_url_providers = {}


@dataclass(frozen=True)
class SourcedStep:
    subject: str  # the source's key, unique within the kind
    title: str  # what the step is about, shown after the kind's name
    due_date: date
    cluster_id: int | None = None  # only this cluster's members must act
    basis: str = ""


FEW_UNITS = 100


def among(rows, field, unit_ids):
    """``rows`` narrowed to ``unit_ids`` by ``field`` in SQL when they are few (one unit's or
    one cluster's calendar). For the sector's (800 units) the providers' answers are narrowed
    here instead: Django takes longer to prepare an IN list of hundreds of ids (about 8 ms a
    query at scale) than the database takes to return the year's rows of every unit."""
    return rows.filter(**{f"{field}__in": unit_ids}) if len(unit_ids) <= FEW_UNITS else rows


def add_completion_provider(kind, provider, many=False, tracks=None):
    """``tracks(steps)``, where given, names the ids of the kind's steps the app really tracks
    (the others are recorded by hand on the calendar's pages); without it, all of them."""
    registered = many_completion_providers if many else completion_providers
    providers = registered.setdefault(str(kind), [])
    if provider not in providers:
        providers.append(provider)
    if tracks is not None:
        deciders = tracking_providers.setdefault(str(kind), [])
        if tracks not in deciders:
            deciders.append(tracks)


def add_step_source(kind, source):
    sources = step_sources.setdefault(str(kind), [])
    if source not in sources:
        sources.append(source)


def add_action_url(kind, provider):
    providers = action_url_providers.setdefault(str(kind), [])
    if provider not in providers:
        providers.append(provider)


def add_source_url(kind, provider):
    providers = source_url_providers.setdefault(str(kind), [])
    if provider not in providers:
        providers.append(provider)


def source_urls(steps):
    """{step id: url} of the page where each sourced step's date is set, as its source says."""
    urls = {}
    for kind in {step.kind for step in steps}:
        of_kind = [step for step in steps if step.kind == kind]
        for provider in source_url_providers.get(kind, []):
            urls.update(provider(of_kind))
    return urls


def action_urls(found):
    """{(step id, unit id): url} of the pages where the units do the steps of ``found`` (a
    list of obligations), as the apps that own them say; one call per provider for all."""
    by_kind = {}
    for obligation in found:
        by_kind.setdefault(obligation.step.kind, []).append(obligation)
    urls = {}
    for kind, of_kind in by_kind.items():
        for provider in action_url_providers.get(kind, []):
            for key, url in provider(of_kind).items():
                urls.setdefault(key, url)  # the first app to name a page wins
    return urls


def is_tracked(kind):
    """Whether some app records who has done steps of ``kind`` (not the calendar's pages)."""
    return bool(completion_providers.get(kind) or many_completion_providers.get(kind))


def tracked_steps(steps):
    """The ids of those ``steps`` that some app records who has done: every step of a tracked
    kind, unless its apps say which they track (a review of a year nobody scored in the
    application is recorded by hand). One call per kind's decider for all the steps."""
    tracked = set()
    for kind in {step.kind for step in steps}:
        if not is_tracked(kind):
            continue
        of_kind = [step for step in steps if step.kind == kind]
        deciders = tracking_providers.get(kind)
        if not deciders:
            tracked.update(step.pk for step in of_kind)
        for decide in deciders or ():
            tracked |= set(decide(of_kind))
    return tracked


def _day(day, zone):
    """The local date of a provider's answer; ``zone`` looked up once per call of the
    registry (the lookup costs more than the conversion, thousands of times at scale)."""
    if isinstance(day, datetime):
        return day.astimezone(zone).date() if timezone.is_aware(day) else day.date()
    return day


def _earliest(done, key, day):
    if key not in done or day < done[key]:
        done[key] = day


def done_by(step, unit_ids):
    """{unit_id: date} of the units that some app says have done ``step``."""
    done, zone = {}, timezone.get_current_timezone()
    for provider in completion_providers.get(step.kind, []):
        for unit_id, day in provider(step, unit_ids).items():
            if unit_id in unit_ids:
                _earliest(done, unit_id, _day(day, zone))
    for provider in many_completion_providers.get(step.kind, []):
        for (step_id, unit_id), day in provider([step], unit_ids).items():
            if step_id == step.pk and unit_id in unit_ids:
                _earliest(done, unit_id, _day(day, zone))
    return done


def done_by_steps(kind, steps, unit_ids):
    """{(step id, unit_id): date} for steps of ``kind``: the per-step providers once per step,
    the providers of many steps once for all."""
    done, zone = {}, timezone.get_current_timezone()
    for step in steps:
        for provider in completion_providers.get(kind, []):
            for unit_id, day in provider(step, unit_ids).items():
                if unit_id in unit_ids:
                    _earliest(done, (step.pk, unit_id), _day(day, zone))
    ids = {step.pk for step in steps}
    for provider in many_completion_providers.get(kind, []):
        for (step_id, unit_id), day in provider(steps, unit_ids).items():
            if step_id in ids and unit_id in unit_ids:
                _earliest(done, (step_id, unit_id), _day(day, zone))
    return done


def sourced_steps(kind, years):
    return [found for source in step_sources.get(str(kind), []) for found in source(years)]
