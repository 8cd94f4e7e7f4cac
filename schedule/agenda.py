"""What a user sees on the calendar page and in their feed: their own unit's steps, and
the steps of those they oversee (ministry staff: everyone; a cluster head's staff: their
cluster's members), grouped by step with how many are still owing."""

import calendar as _calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max

from emulation.permissions import unit_id_of

from . import obligations, registry
from .models import Reminder, Step


@dataclass
class Watched:
    """A step as seen by someone who oversees units on it."""

    step: Step
    due: date
    owing: list = field(default_factory=list)  # obligations not done yet
    total: int = 0

    def days_late(self, today):
        return max((today - self.due).days, 0)


def month_window(today):
    """(first day of this month, last day of next month)."""
    start = today.replace(day=1)
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return start, date(year, month, _calendar.monthrange(year, month)[1])


def split(user, found):
    """(mine, watched): the user's unit's obligations, and the overseen ones by step."""
    unit_id = unit_id_of(user)
    mine = [o for o in found if unit_id is not None and o.unit.pk == unit_id]
    groups = {}
    for obligation in obligations.overseen_by(user, found):
        if obligation.unit.pk == unit_id:
            continue
        group = groups.setdefault(obligation.step.pk, Watched(obligation.step, obligation.due))
        group.due = min(group.due, obligation.due)
        group.total += 1
        if obligation.done_on is None:
            group.owing.append(obligation)
    return mine, sorted(groups.values(), key=lambda g: (g.due, g.step.kind))


def for_page(user, today):
    """This month's and next month's steps, plus what is still owing from before."""
    start, end = month_window(today)
    found = obligations.of_years({today.year - 1, start.year, end.year}, user)
    mine, watched = split(user, found)
    mine = [o for o in mine if start <= o.due <= end or (o.due < start and o.done_on is None)]
    watched = [g for g in watched if start <= g.due <= end or (g.due < start and g.owing)]
    for row in [*mine, *watched]:
        row.late = row.days_late(today) if getattr(row, "done_on", None) is None else 0
    return {"start": start, "end": end, "mine": mine, "watched": watched}


def for_feed(user, today):
    """Last year's, this year's and next year's steps, for the iCalendar feed."""
    return split(user, obligations.of_years({today.year - 1, today.year, today.year + 1}, user))


def overdue_years(today):
    """The years whose steps the overdue view looks at."""
    return {today.year - 1, today.year, today.year + 1}


def overdue(user, today):
    """The overseen obligations past their date and not done, latest first, each with the
    day it was last reminded (a fixed number of queries)."""
    found = obligations.past_due(overdue_years(today), today, user)
    late = [o for o in obligations.overseen_by(user, found) if o.done_on is None and o.due < today]
    last = defaultdict(lambda: None)
    steps = {o.step.pk for o in late}
    rows = Reminder.objects.filter(step_id__in=steps).values("step_id", "unit_id").annotate(day=Max("day"))
    for row in rows:
        last[(row["step_id"], row["unit_id"])] = row["day"]
    tracked = registry.tracked_steps(list({o.step.pk: o.step for o in late}.values()))
    for obligation in late:
        obligation.last_reminded = last[(obligation.step.pk, obligation.unit.pk)]
        obligation.late = obligation.days_late(today)
        obligation.recordable = obligation.step.pk not in tracked
    return sorted(late, key=lambda o: (-o.late, o.step.due_date, o.unit.name))
