"""What later apps tell the calendar, without the calendar importing them.

A later app that knows who has done a step registers, from its ``AppConfig.ready()``::

    from schedule import registry
    from schedule.models import StepKind
    registry.add_completion_provider(StepKind.PLEDGE, pledges_done)

``provider(step, unit_ids) -> {unit_id: date done}`` names, among ``unit_ids``, the units
that have done ``step`` (a ``schedule.models.Step``: its ``year`` and ``kind``) and when. It
runs a fixed number of queries whatever the data size. Units it leaves out are still owing.
Steps no app tracks are marked done on the calendar's own pages (``Completion`` rows).
"""

from datetime import datetime

from django.utils import timezone

completion_providers = {}


def add_completion_provider(kind, provider):
    providers = completion_providers.setdefault(str(kind), [])
    if provider not in providers:
        providers.append(provider)


def done_by(step, unit_ids):
    """{unit_id: date} of the units that some app says have done ``step``."""
    done = {}
    for provider in completion_providers.get(step.kind, []):
        for unit_id, day in provider(step, unit_ids).items():
            if isinstance(day, datetime):
                day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
            if unit_id in unit_ids and (unit_id not in done or day < done[unit_id]):
                done[unit_id] = day
    return done
