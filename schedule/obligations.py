"""Who owes what by when: every step of a year, for every unit that must act on it.

One pass builds them all with a fixed number of queries (memberships, cluster dates,
completions, the office, one per registered provider and step — for the kinds with many
steps a year, one per provider for all of them), whatever the size of the sector; the
calendar page, the overdue view and the daily reminders all read it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from emulation.models import Cluster, Membership, Unit
from emulation.permissions import headed_cluster_ids, is_ministry_staff, unit_id_of
from emulation.text import sorted_vi

from . import registry
from .models import Actor, ClusterDate, Completion, Step
from .queries import lateness


@dataclass
class Obligation:
    step: Step
    unit: Unit
    due: date
    clusters: list[Cluster] = field(default_factory=list)  # the unit's clusters that year
    done_on: date | None = None

    @property
    def cluster_ids(self):
        return {cluster.pk for cluster in self.clusters}

    def days_late(self, today):
        return lateness(self.due, self.done_on, today)

    def reminder_due(self, today):
        """N days before the due date, then every so many days of delay (the step's data)."""
        if self.done_on is not None:
            return False
        step = self.step
        if today < self.due:
            return bool(step.remind_days_before) and (self.due - today).days == step.remind_days_before
        late = (today - self.due).days
        return late > 0 and bool(step.remind_every_days_late) and late % step.remind_every_days_late == 0


@dataclass
class _Year:
    """A year's memberships, grouped once for all the year's steps (keyed by ids: hashing
    model instances costs more than the rest at the sector's scale)."""

    heads: list = field(default_factory=list)  # (unit, cluster) of each cluster's head
    units: dict = field(default_factory=dict)  # unit id -> (unit, [clusters])
    clusters: dict = field(default_factory=lambda: defaultdict(list))  # cluster id -> [(unit, cluster)]

    def add(self, unit, cluster, role):
        if role == Membership.Role.HEAD:
            self.heads.append((unit, cluster))
        self.units.setdefault(unit.pk, (unit, []))[1].append(cluster)
        self.clusters[cluster.pk].append((unit, cluster))


def _for_units(step, year, dates):
    if step.cluster_id is not None:
        due = dates.get((step.pk, step.cluster_id), step.due_date)
        for unit, cluster in year.clusters.get(step.cluster_id, ()):
            yield Obligation(step, unit, min(step.due_date, due), [cluster])
        return
    for unit, clusters in year.units.values():
        own = [dates[key] for cluster in clusters if (key := (step.pk, cluster.pk)) in dates]
        yield Obligation(step, unit, min(step.due_date, *own) if own else step.due_date, clusters)


def _for_heads(step, heads, dates):
    for unit, cluster in heads:
        if step.cluster_id in (None, cluster.pk):
            yield Obligation(step, unit, min(step.due_date, dates.get((step.pk, cluster.pk), step.due_date)), [cluster])


def _years(steps, only=None):
    """The steps' years' memberships, with one ``Unit`` and one ``Cluster`` instance each
    (a row per membership as ``select_related`` makes them took ten times as long as the
    query at scale), and the emulation office."""
    wanted = Membership.objects.filter(year__in={s.year for s in steps})
    if only is not None:
        wanted = wanted.filter(only)
    rows = list(wanted.values_list("year", "unit_id", "cluster_id", "role"))
    units = Unit.objects.filter(Q(pk__in=wanted.values("unit_id")) | Q(is_emulation_office=True))
    units = {unit.pk: unit for unit in units}
    clusters = Cluster.objects.in_bulk({cluster_id for _year, _unit, cluster_id, _role in rows})
    years = defaultdict(_Year)
    for year, unit_id, cluster_id, role in rows:
        years[year].add(units[unit_id], clusters[cluster_id], role)
    office = next((unit for unit in units.values() if unit.is_emulation_office), None)
    return years, office


def build(steps, only=None):
    """Every obligation of the given steps, with what is already done; only of the units
    ``only`` (a ``Q`` on memberships) selects, when given."""
    steps = list(steps)
    if not steps:
        return []
    years, office = _years(steps, only)
    dates = {(d.step_id, d.cluster_id): d.due_date for d in ClusterDate.objects.filter(step__in=steps)}
    found = []
    for step in steps:
        if step.actor == Actor.UNITS:
            found.extend(_for_units(step, years[step.year], dates))
        elif step.actor == Actor.CLUSTER_HEADS:
            found.extend(_for_heads(step, years[step.year].heads, dates))
        elif office is not None:
            found.append(Obligation(step, office, step.due_date))
    _mark_done(steps, found)
    return found


def _mark_done(steps, found):
    done = {(c.step_id, c.unit_id): c.done_on for c in Completion.objects.filter(step__in=steps)}
    by_kind = defaultdict(list)
    for obligation in found:
        by_kind[obligation.step.kind].append(obligation)
    for kind, owing in by_kind.items():
        if not registry.is_tracked(kind):
            continue
        kind_steps = list({o.step.pk: o.step for o in owing}.values())
        for key, day in registry.done_by_steps(kind, kind_steps, {o.unit.pk for o in owing}).items():
            done[key] = min(day, done[key]) if key in done else day
    for obligation in found:
        obligation.done_on = done.get((obligation.step.pk, obligation.unit.pk))


def overseen_by(user, found):
    """The obligations the user oversees: all for ministry staff, their clusters' for a
    cluster head's staff, none for others."""
    if is_ministry_staff(user):
        return list(found)
    return [o for o in found if o.cluster_ids & headed_cluster_ids(user, o.step.year)]


def seen_by(user, years):
    """The units whose obligations the user's pages can show, as a ``Q`` on memberships:
    None (all) for ministry staff, else the user's own unit and the members of the clusters
    it heads in those years. A unit's page need not build the whole sector's calendar."""
    if is_ministry_staff(user):
        return None
    headed = set().union(*(headed_cluster_ids(user, year) for year in years))
    members = Membership.objects.filter(year__in=years, cluster_id__in=headed).values("unit_id")
    return Q(unit_id=unit_id_of(user)) | Q(unit_id__in=members)


def past_due(years, today, user=None):
    """The obligations of the years' steps whose date, or one of its clusters' own (earlier)
    dates, is before ``today``: the only ones that can be late. For a user, only those its
    pages can show."""
    late = Q(due_date__lt=today) | Q(cluster_dates__due_date__lt=today)
    steps = Step.objects.filter(late, year__in=years).distinct().order_by("due_date", "kind")
    return build(steps, None if user is None else seen_by(user, years))


def of_years(years, user=None):
    """Every obligation of the years' steps; for a user, only those its pages can show."""
    only = None if user is None else seen_by(user, years)
    return build(Step.objects.filter(year__in=years).order_by("due_date", "kind"), only)


@dataclass
class YearGap:
    """A year whose unit or cluster-head steps reach nobody, in part or in whole."""

    year: int
    no_members: bool  # no cluster has members that year: its unit steps owe nothing
    headless: list[Cluster] = field(default_factory=list)  # clusters with members but no head


def gaps(steps):
    """The years of the given steps that are not set up for them (two queries): a year with
    no memberships makes its units' and cluster heads' steps silent, and a cluster without
    a head that year makes its cluster heads' steps skip it. Nobody is reminded, nobody is
    late; ministry staff must see why."""
    acted = {s.year: s for s in steps if s.actor != Actor.OFFICE}
    needs_heads = {s.year for s in steps if s.actor == Actor.CLUSTER_HEADS}
    rows = (
        Membership.objects.filter(year__in=acted)
        .values_list("year", "cluster_id")
        .annotate(heads=Count("pk", filter=Q(role=Membership.Role.HEAD)))
    )
    seen, headless = set(), defaultdict(list)
    for year, cluster_id, heads in rows:
        seen.add(year)
        if not heads and year in needs_heads:
            headless[year].append(cluster_id)
    clusters = Cluster.objects.in_bulk({pk for ids in headless.values() for pk in ids})
    found = [YearGap(year, no_members=True) for year in sorted(set(acted) - seen)]
    for year in sorted(headless):
        found.append(YearGap(year, False, sorted_vi((clusters[pk] for pk in headless[year]), key=lambda c: c.name)))
    return sorted(found, key=lambda gap: gap.year)
