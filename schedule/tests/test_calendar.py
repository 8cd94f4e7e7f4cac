"""The year's calendar: deadlines other apps read, clusters' own dates, the copy to a new
year, and the Ministry's page."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from emulation.permissions import unit_id_of
from emulation.tests.factories import ClusterFactory, MembershipFactory, UnitFactory
from schedule import obligations, queries
from schedule.models import ClusterDate, Step, StepKind
from schedule.services import calendar


def test_due_date_reads_the_ministrys_date_and_the_clusters_own(world):
    assert queries.due_date(StepKind.PLEDGE, 2026) == date(2026, 3, 31)
    assert queries.due_date(StepKind.PLEDGE, 2026, world.cluster) == date(2026, 3, 31)
    ClusterDate.objects.create(step=world.steps[StepKind.PLEDGE], cluster=world.cluster, due_date=date(2026, 3, 20))
    assert queries.due_date(StepKind.PLEDGE, 2026, world.cluster) == date(2026, 3, 20)
    assert queries.due_date(StepKind.PLEDGE, 2026, world.cluster.pk) == date(2026, 3, 20)
    assert queries.due_date(StepKind.PLEDGE, 2026) == date(2026, 3, 31)
    assert queries.due_date(StepKind.COUNCIL, 2026) is None


def test_a_step_moved_in_the_calendar_moves_what_reads_it(world):
    step = world.steps[StepKind.PLEDGE]
    before = {o.unit.pk: o.due for o in obligations.of_years({2026}) if o.step == step}
    step.due_date = date(2026, 4, 15)
    step.save()
    after = {o.unit.pk: o.due for o in obligations.of_years({2026}) if o.step == step}
    assert set(before.values()) == {date(2026, 3, 31)} and set(after.values()) == {date(2026, 4, 15)}
    assert queries.due_date(StepKind.PLEDGE, 2026, world.cluster) == date(2026, 4, 15)
    assert queries.lateness(queries.due_date(StepKind.PLEDGE, 2026), date(2026, 4, 20)) == 5


def test_lateness_counts_days_after_the_due_date():
    due = date(2026, 3, 31)
    assert queries.lateness(due, date(2026, 3, 30)) == 0
    assert queries.lateness(due, date(2026, 4, 3)) == 3
    assert queries.lateness(due, today=date(2026, 4, 10)) == 10  # still owing
    assert queries.lateness(None, date(2026, 4, 3)) is None


def test_only_a_blocking_step_blocks_late_work(world):
    assert not queries.is_blocked(StepKind.PLEDGE, 2026, today=date(2026, 5, 1))
    Step.objects.filter(pk=world.steps[StepKind.PLEDGE].pk).update(blocking=True)
    assert queries.is_blocked(StepKind.PLEDGE, 2026, today=date(2026, 5, 1))
    assert not queries.is_blocked(StepKind.PLEDGE, 2026, today=date(2026, 3, 31))


def test_a_cluster_cannot_set_a_date_later_than_the_ministrys(world):
    step = world.steps[StepKind.PLEDGE]
    with pytest.raises(ValidationError) as refused:
        calendar.set_cluster_dates(world.cluster, 2026, {step: date(2026, 4, 1)}, world.officials["truong"])
    assert refused.value.code == "later_than_ministry"
    with pytest.raises(ValidationError):
        ClusterDate(step=step, cluster=world.cluster, due_date=date(2026, 4, 1)).full_clean()


def test_the_head_sets_its_clusters_dates_and_a_member_cannot(world):
    step = world.steps[StepKind.PLEDGE]
    calendar.set_cluster_dates(world.cluster, 2026, {step: date(2026, 3, 15)}, world.officials["truong"])
    assert ClusterDate.objects.get().due_date == date(2026, 3, 15)
    assert ClusterDate.objects.get().history.first().history_user == world.officials["truong"]
    calendar.set_cluster_dates(world.cluster, 2026, {step: None}, world.officials["truong"])
    assert not ClusterDate.objects.exists()
    with pytest.raises(PermissionDenied):
        calendar.set_cluster_dates(world.cluster, 2026, {step: date(2026, 3, 15)}, world.officials["binh"])


def test_copying_last_years_calendar_shifts_the_dates_by_a_year(world):
    Step.objects.create(year=2027, kind=StepKind.CONFERENCE, due_date=date(2027, 12, 1))
    Step.objects.create(year=2027, kind=StepKind.MID_YEAR, due_date=date(2028, 2, 29))
    added = calendar.copy_calendar(2027, world.officials["bo"])
    assert added == 1  # the pledge; the conference 2027 was set already and is kept
    assert Step.objects.get(year=2027, kind=StepKind.PLEDGE).due_date == date(2027, 3, 31)
    assert Step.objects.get(year=2027, kind=StepKind.CONFERENCE).due_date == date(2027, 12, 1)
    assert calendar.shift_year(date(2028, 2, 29)) == date(2029, 2, 28)
    with pytest.raises(ValidationError):
        calendar.copy_calendar(2030, world.officials["bo"])
    with pytest.raises(PermissionDenied):
        calendar.copy_calendar(2028, world.officials["truong"])


def test_who_must_act(world):
    found = obligations.of_years({2026})
    pledge = {o.unit.pk for o in found if o.step.kind == StepKind.PLEDGE}
    conference = {o.unit.pk for o in found if o.step.kind == StepKind.CONFERENCE}
    assert pledge == {unit.pk for unit in world.units}
    assert conference == {world.units[0].pk}  # the head only


def test_an_apps_provider_says_who_has_done_a_step(world, monkeypatch):
    from schedule import registry

    monkeypatch.setattr(registry, "completion_providers", {})
    registry.add_completion_provider(StepKind.PLEDGE, lambda step, unit_ids: {world.units[1].pk: date(2026, 4, 2)})
    done = {o.unit.pk: o.done_on for o in obligations.of_years({2026}) if o.step.kind == StepKind.PLEDGE}
    assert done == {world.units[0].pk: None, world.units[1].pk: date(2026, 4, 2), world.units[2].pk: None}


def test_a_steps_name_follows_the_language_and_a_saved_title(db):
    step = Step.objects.create(
        year=2031, kind=StepKind.PHASE_REVIEW, subject="phase:1", title="Đợt 1", due_date=date(2031, 6, 30)
    )
    with translation.override("en"):
        english = step.name
    with translation.override("vi"):
        assert step.name != english and step.name.endswith(": Đợt 1")
        step.title = "Đợt 2"
        step.save()
        assert step.name.endswith(": Đợt 2")


def test_a_units_or_a_heads_pages_build_only_what_they_can_show(world):
    """The same agenda as the whole sector's, from the user's own unit and its clusters only:
    a unit of another cluster is not built (its own date of the pledge step is not read)."""
    other = ClusterFactory(name="Cụm thi đua khác")
    outsider = UnitFactory(name="Sở Tư pháp tỉnh Đồng Tháp")
    MembershipFactory(cluster=other, unit=outsider, year=2026)
    MembershipFactory(cluster=other, unit=world.units[2], year=2026)  # Châu is in both clusters
    ClusterDate.objects.create(step=world.steps[StepKind.PLEDGE], cluster=other, due_date=date(2026, 3, 20))

    def seen(found):
        return sorted((o.step.kind, o.unit.name, o.due) for o in found)

    everything = obligations.of_years({2026})
    for name in ("truong", "binh", "bo"):
        user = world.officials[name]
        mine = obligations.of_years({2026}, user)
        unit_id = unit_id_of(user)
        wanted = [o for o in everything if o.unit.pk == unit_id] + obligations.overseen_by(user, everything)
        shown = [o for o in mine if o.unit.pk == unit_id] + obligations.overseen_by(user, mine)
        assert seen(shown) == seen(wanted), name
    built = {o.unit.name for o in obligations.of_years({2026}, world.officials["truong"])}
    assert outsider.name not in built and world.units[1].name in built
    head_built = obligations.of_years({2026}, world.officials["truong"])
    chau = next(o for o in head_built if o.unit == world.units[2] and o.step.kind == StepKind.PLEDGE)
    assert chau.due == date(2026, 3, 20)  # its other cluster's earlier date still counts
