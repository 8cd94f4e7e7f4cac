"""The calendar's pages, per role, with a fixed number of queries."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from emulation.models import Membership
from emulation.tests.factories import ClusterFactory, MembershipFactory, OfficialFactory, UnitFactory, UserFactory
from schedule.models import Notification, Reminder, Step, StepKind


@pytest.fixture
def frozen():
    with time_machine.travel("2026-04-10 09:00 +0700", tick=False):
        yield


def test_the_calendar_page_shows_my_steps_and_those_i_oversee(client, world, frozen):
    client.force_login(world.officials["truong"])
    page = client.get(reverse("schedule:index")).content.decode()
    assert "10 ngày" in page or "10 days" in page  # the pledge, 10 days late
    client.force_login(world.officials["binh"])
    response = client.get(reverse("schedule:index"))
    assert response.context["watched"] == [] and len(response.context["mine"]) == 1


def test_ministry_staff_edit_the_years_calendar(client, world):
    client.force_login(world.officials["bo"])
    url = reverse("schedule:year", args=[2026])
    formset = client.get(url).context["formset"]
    data = {"steps-TOTAL_FORMS": len(formset.forms), "steps-INITIAL_FORMS": 2, "steps-MIN_NUM_FORMS": 0}
    data["steps-MAX_NUM_FORMS"] = 1000
    for index, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if name == "id" and form.instance.pk:
                value = form.instance.pk
            if value is not None and value is not False and name != "DELETE":
                data[f"steps-{index}-{name}"] = value.isoformat() if hasattr(value, "isoformat") else value
    data["steps-0-due_date"] = "2026-04-20"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["formset"].errors
    assert Step.objects.get(kind=StepKind.PLEDGE, year=2026).due_date == date(2026, 4, 20)
    assert Step.objects.filter(year=2026).count() == 2  # empty rows for the other steps add nothing


def test_a_duplicate_step_in_the_formset_is_refused(client, world):
    client.force_login(world.officials["bo"])
    data = {"steps-TOTAL_FORMS": 1, "steps-INITIAL_FORMS": 0, "steps-MIN_NUM_FORMS": 0, "steps-MAX_NUM_FORMS": 1000}
    data.update({"steps-0-kind": StepKind.PLEDGE, "steps-0-due_date": "2026-05-01", "steps-0-actor": "units"})
    data.update({"steps-0-remind_days_before": 7, "steps-0-remind_every_days_late": 1})
    response = client.post(reverse("schedule:year", args=[2026]), data)
    assert response.status_code == 200
    assert Step.objects.get(kind=StepKind.PLEDGE, year=2026).due_date == date(2026, 3, 31)


def test_only_ministry_staff_open_the_years_calendar(client, world):
    client.force_login(world.officials["truong"])
    assert client.get(reverse("schedule:year", args=[2026])).status_code == 403
    assert client.post(reverse("schedule:copy_year", args=[2027])).status_code == 403


def test_the_copy_button(client, world):
    client.force_login(world.officials["bo"])
    client.post(reverse("schedule:copy_year", args=[2027]))
    assert Step.objects.filter(year=2027).count() == 2


def test_the_cluster_dates_page(client, world):
    url = reverse("schedule:cluster_dates", args=[2026, world.cluster.slug])
    client.force_login(world.officials["binh"])
    assert client.get(url).status_code == 403
    client.force_login(world.officials["truong"])
    pledge = world.steps[StepKind.PLEDGE]
    response = client.post(url, {f"step_{pledge.pk}": "2026-04-05"})
    assert response.status_code == 200 and response.context["form"].errors  # later than the Ministry's
    assert client.post(url, {f"step_{pledge.pk}": "2026-03-20"}).status_code == 302
    from schedule import queries

    assert queries.due_date(StepKind.PLEDGE, 2026, world.cluster) == date(2026, 3, 20)


def test_the_overdue_view_and_the_remind_button(client, world, frozen, django_capture_on_commit_callbacks):
    client.force_login(world.officials["binh"])
    assert client.get(reverse("schedule:overdue")).status_code == 403
    client.force_login(world.officials["truong"])
    response = client.get(reverse("schedule:overdue"))
    rows = response.context["rows"]
    assert sorted((o.unit.name, o.late) for o in rows) == [
        ("Sở Tư pháp tỉnh An", 10),  # the head's own unit is a member too
        ("Sở Tư pháp tỉnh Bình", 10),
        ("Sở Tư pháp tỉnh Châu", 10),
    ]
    chau = world.units[2]
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("schedule:remind"), {"step": world.steps[StepKind.PLEDGE].pk, "unit": chau.pk})
    assert Reminder.objects.get().sent_by == world.officials["truong"]
    assert Notification.objects.get().user == world.officials["chau"]
    rows = client.get(reverse("schedule:overdue")).context["rows"]
    assert [o.last_reminded for o in rows if o.unit == chau] == [date(2026, 4, 10)]


def test_a_clusters_own_earlier_date_makes_its_members_late_before_the_ministrys(client, world):
    """The overdue view builds only steps already past; a cluster's own date counts too."""
    from schedule.models import ClusterDate

    conference = world.steps[StepKind.CONFERENCE]  # the Ministry's date: 20/12/2026
    ClusterDate.objects.create(step=conference, cluster=world.cluster, due_date=date(2026, 12, 1))
    client.force_login(world.officials["bo"])
    with time_machine.travel("2026-12-05 09:00 +0700", tick=False):
        rows = client.get(reverse("schedule:overdue")).context["rows"]
    assert [(o.step.kind, o.unit.name, o.late) for o in rows if o.step == conference] == [
        (StepKind.CONFERENCE, "Sở Tư pháp tỉnh An", 4)
    ]
    with time_machine.travel("2026-11-30 09:00 +0700", tick=False):
        assert not [o for o in client.get(reverse("schedule:overdue")).context["rows"] if o.step == conference]


def test_the_overdue_view_runs_a_fixed_number_of_queries(client, world, frozen, django_assert_max_num_queries):
    client.force_login(world.officials["bo"])
    client.get(reverse("schedule:overdue"))
    with django_assert_max_num_queries(16) as few:  # 2 of them name the years not set up
        client.get(reverse("schedule:overdue"))
    for _n in range(40):
        unit = UnitFactory()
        MembershipFactory(cluster=world.cluster, unit=unit, year=2026, role=Membership.Role.MEMBER)
        OfficialFactory(user=UserFactory(), unit=unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("schedule:overdue"))
    assert len(response.context["rows"]) == 43


def test_years_and_clusters_not_set_up_are_named_to_ministry_staff(client, world, frozen):
    """A year without members makes its unit steps owe nothing: the overdue view would say
    nobody is late. Ministry staff are told which years and clusters reach nobody."""
    Step.objects.create(year=2025, kind=StepKind.RESULTS, due_date=date(2025, 11, 15))
    headless = ClusterFactory(name="Cụm thi đua không trưởng", short_name="Cụm không trưởng")
    MembershipFactory(cluster=headless, unit=UnitFactory(), year=2026, role=Membership.Role.MEMBER)
    client.force_login(world.officials["bo"])

    overdue = client.get(reverse("schedule:overdue"))
    assert [(g.year, g.no_members) for g in overdue.context["gaps"]] == [(2025, True)]
    assert reverse("year_setup", args=[2025]) in overdue.content.decode()
    calendar = client.get(reverse("schedule:year", args=[2026]))
    assert [(g.year, [c.name for c in g.headless]) for g in calendar.context["gaps"]] == [
        (2026, ["Cụm thi đua không trưởng"])
    ]  # the conference is the cluster heads' step; world's own cluster has its head
    assert "Cụm không trưởng" in calendar.content.decode()

    client.force_login(world.officials["truong"])  # a cluster head's staff cannot set up years
    assert client.get(reverse("schedule:overdue")).context["gaps"] == []
    MembershipFactory(cluster=world.cluster, unit=world.units[0], year=2025, role=Membership.Role.HEAD)
    client.force_login(world.officials["bo"])
    assert client.get(reverse("schedule:overdue")).context["gaps"] == []


def test_the_overdue_list_is_paged_and_filtered_by_step(client, world, frozen, monkeypatch):
    from schedule import views

    monkeypatch.setattr(views, "OVERDUE_PAGE_SIZE", 2)
    client.force_login(world.officials["truong"])
    first = client.get(reverse("schedule:overdue"))
    assert len(first.context["rows"]) == 2 and first.context["page"].paginator.count == 3
    second = client.get(reverse("schedule:overdue"), {"page": 2})
    names = {o.unit.name for o in first.context["rows"]} | {o.unit.name for o in second.context["rows"]}
    assert len(names) == 3 and 'data-testid="overdue-count">3' in second.content.decode()
    assert client.get(reverse("schedule:overdue"), {"step": StepKind.PLEDGE}).context["page"].paginator.count == 3
    other = next(kind for kind in StepKind if kind != StepKind.PLEDGE)
    unknown = client.get(reverse("schedule:overdue"), {"step": other})  # no one late on it: not offered, all shown
    assert unknown.context["page"].paginator.count == 3 and unknown.context["kind"] == other


def test_the_bell_counts_unread_notifications_in_one_query(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = world.officials["binh"]
    client.force_login(user)
    for n in range(5):
        Notification.objects.create(user=user, kind="reminder", text=f"Nhắc {n}")
    Notification.objects.create(user=world.officials["chau"], kind="reminder", text="not mine")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("schedule:feed_link")).content.decode()
    assert 'data-testid="unread-count">5<' in page
    assert len([q for q in queries.captured_queries if "schedule_notification" in q["sql"]]) == 1


def test_a_step_recorded_as_done_leaves_the_overdue_view(client, world, frozen, monkeypatch):
    from schedule import registry

    monkeypatch.setattr(registry, "completion_providers", {})  # a step no app tracks
    client.force_login(world.officials["truong"])
    chau = world.units[2]
    client.post(reverse("schedule:record_done"), {"step": world.steps[StepKind.PLEDGE].pk, "unit": chau.pk})
    rows = client.get(reverse("schedule:overdue")).context["rows"]
    assert chau not in {o.unit for o in rows} and len(rows) == 2
    from schedule.models import Completion

    assert Completion.objects.get().done_on == date(2026, 4, 10)


def test_a_step_another_app_tracks_is_not_recorded_here(client, world, frozen, monkeypatch):
    from schedule import registry
    from schedule.models import Completion

    monkeypatch.setattr(registry, "completion_providers", {StepKind.PLEDGE: [lambda step, unit_ids: {}]})
    client.force_login(world.officials["bo"])
    assert not client.get(reverse("schedule:overdue")).context["rows"][0].recordable
    client.post(reverse("schedule:record_done"), {"step": world.steps[StepKind.PLEDGE].pk, "unit": world.units[2].pk})
    assert not Completion.objects.exists()


def test_the_notification_list_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    user = world.officials["binh"]
    client.force_login(user)
    Notification.objects.create(user=user, kind="reminder", text="Nhắc")
    client.get(reverse("schedule:notifications"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("schedule:notifications"))
    Notification.objects.bulk_create(Notification(user=user, kind="reminder", text=f"Nhắc {n}") for n in range(60))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("schedule:notifications"))
