"""A campaign phase's review (sơ kết đợt) is a step of the year's calendar: due on the phase's
end for the launching cluster's members, read by the progress pages, late when past it,
reminded as the mid-year review is, and moved with the phase."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from campaigns import services
from campaigns.calendar import phase_subject, sync_phase_steps
from campaigns.models import Phase, Pledge, Progress
from emulation.models import Membership
from emulation.tests.factories import ClusterFactory, MembershipFactory, OfficialFactory, UnitFactory, UserFactory
from schedule import obligations, tasks
from schedule.models import Reminder, Step, StepKind

from .factories import PledgeFactory, PledgeTargetFactory

pytestmark = pytest.mark.django_db

END = datetime.date(2023, 5, 19)


def phase_row(phase=None, **fields):
    row = {"number": 1, "name": "Đợt 1", "start": datetime.date(2023, 1, 1), "end": END, "goal": "Chào mừng 19/5"}
    if phase is not None:
        row.update(id=phase.pk, number=phase.number, name=phase.name, start=phase.start, end=phase.end)
    row.update(fields)
    return row


def save_phases(world, *rows):
    campaign = type(world.campaign).objects.get(pk=world.campaign.pk)
    return services.save_campaign(campaign, world.head_staff, expected_version=campaign.version, phases=list(rows))


@pytest.fixture
def mid_year(db):
    return Step.objects.create(
        year=2023,
        kind=StepKind.MID_YEAR,
        due_date=datetime.date(2023, 6, 20),
        remind_days_before=3,
        remind_every_days_late=2,
        basis="Công văn 1234/BTP-TĐKT",
    )


@pytest.fixture
def accepted(world):
    pledge = PledgeFactory(campaign=world.campaign, unit=world.unit_a, status=Pledge.Status.ACCEPTED)
    PledgeTargetFactory(pledge=pledge, number=1, name="Số việc thi hành xong", value=Decimal(100))
    return pledge


def phase_step(phase):
    return Step.objects.get(kind=StepKind.PHASE_REVIEW, subject=phase_subject(phase))


def send(progress, user, on):
    with time_machine.travel(datetime.datetime.combine(on, datetime.time(9)), tick=False):
        progress = services.save_progress(
            progress,
            user,
            progress.version,
            as_of=progress.as_of,
            values={f.target_id: Decimal(60) for f in progress.figures.all()},
            note="Đã làm 60 việc.",
        )
        return services.submit_progress(progress, user)


def test_saving_a_phase_puts_its_review_on_the_calendar_for_the_cluster(world, mid_year):
    save_phases(world, phase_row())
    phase = Phase.objects.get(campaign=world.campaign)
    step = phase_step(phase)
    assert (step.year, step.due_date, step.cluster) == (2023, END, world.cluster)
    assert "Đợt 1" in step.name and world.campaign.name in step.name and step.name.startswith("Sơ kết")
    assert (step.remind_days_before, step.remind_every_days_late) == (3, 2)  # as the mid-year review
    owing = {o.unit for o in obligations.build([step])}
    assert owing == {world.head_unit, world.unit_a, world.unit_b}  # the cluster's members, not the outsider
    assert sync_phase_steps({2023}) == 0  # twice: nothing more
    save_phases(world)  # the phase removed: so is its step
    assert not Step.objects.filter(kind=StepKind.PHASE_REVIEW).exists()


def test_a_moved_phase_end_moves_every_deadline_that_reads_it(client, world, mid_year, accepted):
    save_phases(world, phase_row())
    phase = Phase.objects.get(campaign=world.campaign)
    progress = services.start_progress(accepted, world.official_a, phase)
    assert services.progress.mid_year_deadline(accepted, phase).due == END
    save_phases(world, phase_row(phase, end=datetime.date(2023, 5, 31)))  # the cluster gives twelve more days
    phase.refresh_from_db()
    moved = datetime.date(2023, 5, 31)
    assert phase_step(phase).due_date == moved
    assert services.progress.mid_year_deadline(accepted, phase).due == moved
    client.force_login(world.head_staff)
    url = reverse("campaigns:cluster_progress", args=[world.cluster.slug]) + f"?year=2023&phase={phase.pk}"
    with time_machine.travel(datetime.datetime(2023, 6, 3, 9), tick=False):
        page = client.get(url).content.decode()
    assert "Hạn gửi: 31/05/2023." in page and "Chậm 3 ngày" in page
    sent = send(progress, world.official_a, datetime.date(2023, 5, 25))
    assert not sent.is_late  # late against the old end, on time against the moved one
    done = {o.unit: o.done_on for o in obligations.build([phase_step(phase)])}
    assert done[world.unit_a] == datetime.date(2023, 5, 25) and done[world.unit_b] is None


def test_a_report_after_the_phase_end_is_recorded_late_and_shown_so(client, world, mid_year, accepted):
    save_phases(world, phase_row())
    phase = Phase.objects.get(campaign=world.campaign)
    progress = services.start_progress(accepted, world.official_a, phase)
    client.force_login(world.official_a)
    url = reverse("campaigns:progress_edit", args=[accepted.pk]) + f"?phase={phase.pk}"
    with time_machine.travel(datetime.datetime(2023, 5, 23, 9), tick=False):
        page = client.get(url).content.decode()
    assert "Hạn gửi: 19/05/2023" in page and "Chậm 4 ngày" in page
    assert send(progress, world.official_a, datetime.date(2023, 5, 23)).is_late


def reminded(day):
    with time_machine.travel(f"{day.isoformat()} 07:00 +0700", tick=False):
        tasks.send_daily_reminders()
    return sorted(
        Reminder.objects.filter(day=day, step__kind=StepKind.PHASE_REVIEW).values_list("user__username", flat=True)
    )


def test_a_phase_review_is_reminded_before_and_when_late_once_a_day(world, mid_year, accepted):
    save_phases(world, phase_row())
    phase = Phase.objects.get(campaign=world.campaign)
    progress = services.start_progress(accepted, world.official_a, phase)
    everyone = ["canbo_a", "canbo_b", "thutruong_a", "truong"]
    assert reminded(datetime.date(2023, 5, 15)) == []
    assert reminded(datetime.date(2023, 5, 16)) == everyone  # three days before
    assert reminded(datetime.date(2023, 5, 16)) == everyone  # a restart the same day sends nothing more
    assert Reminder.objects.filter(day=datetime.date(2023, 5, 16)).count() == 4
    assert reminded(datetime.date(2023, 5, 20)) == []  # one day late: every two days
    assert reminded(datetime.date(2023, 5, 21)) == everyone
    send(progress, world.official_a, datetime.date(2023, 5, 22))
    assert reminded(datetime.date(2023, 5, 23)) == ["canbo_b", "truong"]  # unit A has sent its report


def test_phases_are_told_apart_by_themselves_not_by_their_numbers(client, world, mid_year, accepted):
    """Two phases both numbered 1 (a renumbering left them so): each has its own report, page
    and calendar step; a report for the second does not count for the first."""
    save_phases(
        world,
        phase_row(),
        phase_row(name="Đợt bổ sung", start=datetime.date(2023, 6, 1), end=datetime.date(2023, 9, 2)),
    )
    first, second = Phase.objects.filter(campaign=world.campaign).order_by("end")
    assert first.number == second.number == 1
    client.force_login(world.official_a)
    page = client.get(reverse("campaigns:progress_edit", args=[accepted.pk]) + f"?phase={second.pk}")
    assert page.context["phase"] == second and "02/09/2023" in page.content.decode()
    progress = Progress.objects.get(pledge=accepted)
    assert progress.phase == second and progress.as_of == datetime.date(2023, 9, 2)
    detail = client.get(reverse("campaigns:pledge_detail", args=[accepted.pk])).content.decode()
    assert f"?phase={first.pk}" in detail and f"?phase={second.pk}" in detail
    send(progress, world.official_a, datetime.date(2023, 8, 30))
    steps = {
        o.step: o.done_on for o in obligations.build([phase_step(first), phase_step(second)]) if o.unit == world.unit_a
    }
    assert steps == {phase_step(first): None, phase_step(second): datetime.date(2023, 8, 30)}
    client.force_login(world.head_staff)
    base = reverse("campaigns:cluster_progress", args=[world.cluster.slug]) + "?year=2023&phase="
    rows = client.get(base + str(second.pk)).context["rows"]
    assert [r["progress"] for r in rows if r["unit"] == world.unit_a] == [progress]
    rows = client.get(base + str(first.pk)).context["rows"]
    assert [r["progress"] for r in rows if r["unit"] == world.unit_a] == [None]
    other = Phase.objects.create(
        campaign=type(world.campaign).objects.create(
            name="Phong trào khác",
            level="cluster",
            launching_cluster=ClusterFactory(),
            document_number="2/KH",
            document_date=datetime.date(2023, 1, 1),
            issuing_body="Cụm",
            first_year=2023,
            last_year=2023,
        ),
        number=1,
        name="Đợt 1",
        start=datetime.date(2023, 1, 1),
        end=END,
    )
    assert client.get(base + str(other.pk)).status_code == 404  # another campaign's phase of the same number


def test_the_overdue_view_reads_the_phases_with_a_fixed_number_of_queries(
    client, world, mid_year, django_assert_max_num_queries
):
    save_phases(world, phase_row())
    client.force_login(world.ministry)
    url = reverse("schedule:overdue")
    with time_machine.travel(datetime.datetime(2023, 5, 25, 9), tick=False):
        client.get(url)
        with django_assert_max_num_queries(30) as one:
            response = client.get(url)
        assert "Sơ kết" in response.content.decode() and "Đợt 1" in response.content.decode()
        second = ClusterFactory(name="Cụm hai")
        for name in ("Sở Tư pháp tỉnh C", "Sở Tư pháp tỉnh D"):
            unit = UnitFactory(name=name)
            MembershipFactory(cluster=second, unit=unit, year=2023, role=Membership.Role.MEMBER)
            OfficialFactory(user=UserFactory(), unit=unit)
        campaign = type(world.campaign).objects.create(
            name="Phong trào cụm hai",
            level="cluster",
            launching_cluster=second,
            document_number="3/KH",
            document_date=datetime.date(2023, 1, 1),
            issuing_body="Cụm",
            first_year=2023,
            last_year=2023,
        )
        for number in (1, 2, 3):
            Phase.objects.create(
                campaign=campaign,
                number=number,
                name=f"Đợt {number}",
                start=datetime.date(2023, 1, 1),
                end=datetime.date(2023, 5, number),
            )
        sync_phase_steps({2023})
        with django_assert_max_num_queries(len(one.captured_queries)):
            rows = client.get(url).context["rows"]
    assert len([r for r in rows if r.step.kind == StepKind.PHASE_REVIEW]) == 3 + 3 * 2


def test_the_years_calendar_lists_the_phase_reviews_with_a_link_to_their_campaign(client, world, mid_year):
    save_phases(world, phase_row())
    client.force_login(world.ministry)
    page = client.get(reverse("schedule:year", args=[2023])).content.decode()
    listed = page.split('data-testid="sourced-steps"')[1].split("</table>")[0]
    assert "Đợt 1" in listed and "19/05/2023" in listed and world.cluster.name in listed
    assert reverse("campaigns:campaign_detail", args=[world.campaign.pk]) in listed
    assert "theo các đợt" in page  # says where their dates change
