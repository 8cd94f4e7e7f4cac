"""The mid-year review (sơ kết): a unit reports its progress against its accepted pledge by
the calendar's date; the cluster head sees every member's figures and may return a report;
the calendar learns who has sent theirs."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from campaigns import services
from campaigns.models import Phase, Pledge, Progress
from campaigns.transitions import PROGRESS
from emulation.transitions import walk
from schedule import registry as calendar_registry
from schedule.models import Step, StepKind

from .factories import PledgeFactory, PledgeTargetFactory

pytestmark = pytest.mark.django_db

ROLES = ["official_a", "head_a", "official_b", "head_staff", "ministry"]
MID_YEAR = datetime.date(2023, 6, 20)


@pytest.fixture
def accepted(world):
    pledge = PledgeFactory(campaign=world.campaign, unit=world.unit_a, status=Pledge.Status.ACCEPTED)
    PledgeTargetFactory(pledge=pledge, number=1, name="Số việc thi hành xong", value=Decimal(24196))
    PledgeTargetFactory(pledge=pledge, number=2, name="Tỷ lệ hòa giải thành", value=Decimal(80))
    return pledge


@pytest.fixture
def step(db):
    return Step.objects.create(year=2023, kind=StepKind.MID_YEAR, due_date=MID_YEAR, basis="Công văn 1234/BTP-TĐKT")


def values(progress, *numbers):
    return {f.target_id: Decimal(n) for f, n in zip(progress.figures.order_by("target__number"), numbers, strict=True)}


def fill(progress, user, *numbers, note="Đã thi hành xong 12.001 việc."):
    return services.save_progress(
        progress, user, progress.version, as_of=MID_YEAR, values=values(progress, *numbers), note=note
    )


def test_a_report_is_made_only_for_an_accepted_pledge(world, accepted):
    draft = PledgeFactory(campaign=world.campaign, unit=world.unit_b)
    with pytest.raises(ValidationError) as refused:
        services.start_progress(draft, world.official_b)
    assert refused.value.code == "state"
    progress = services.start_progress(accepted, world.official_a)
    assert progress.status == Progress.Status.DRAFT
    assert progress.as_of == datetime.date(2023, 6, 30)  # no calendar step: the end of June
    assert progress.figures.count() == 2
    assert services.start_progress(accepted, world.head_a) == progress  # opened again: the same report
    with pytest.raises(PermissionDenied):
        services.start_progress(accepted, world.official_b)


def test_the_date_comes_from_the_calendar_and_lateness_is_recorded(world, accepted, step):
    progress = services.start_progress(accepted, world.official_a)
    assert progress.as_of == MID_YEAR
    progress = fill(progress, world.official_a, 12001, "84.8")
    with time_machine.travel(datetime.datetime(2023, 6, 25, 9, tzinfo=datetime.UTC)):
        progress = services.submit_progress(progress, world.official_a)
    assert progress.status == Progress.Status.SUBMITTED and progress.is_late


def test_a_blocking_step_refuses_a_late_report(world, accepted, step):
    Step.objects.filter(pk=step.pk).update(blocking=True)
    progress = fill(services.start_progress(accepted, world.official_a), world.official_a, 1, 2)
    with time_machine.travel(datetime.datetime(2023, 6, 25, 9, tzinfo=datetime.UTC)), pytest.raises(ValidationError):
        services.submit_progress(progress, world.official_a)


def test_submitting_needs_every_figure_and_a_report(world, accepted):
    progress = services.start_progress(accepted, world.official_a)
    with pytest.raises(ValidationError) as refused:
        services.submit_progress(progress, world.official_a)
    text = " ".join(refused.value.messages)
    assert "Số việc thi hành xong" in text and "Tỷ lệ hòa giải thành" in text


def test_the_reviewer_returns_with_a_reason_and_the_unit_sends_again(world, accepted):
    progress = fill(services.start_progress(accepted, world.official_a), world.official_a, 12001, 84)
    progress = services.submit_progress(progress, world.official_a)
    with pytest.raises(ValidationError):
        services.return_progress(progress, world.head_staff, "  ")
    progress = services.return_progress(progress, world.head_staff, "Chỉ tiêu 2 tính sai")
    assert progress.status == Progress.Status.RETURNED
    progress = fill(progress, world.official_a, 12001, "84.5")
    assert progress.status == Progress.Status.DRAFT and progress.return_reason == "Chỉ tiêu 2 tính sai"
    assert services.submit_progress(progress, world.official_a).return_reason == ""


# --- the machine walked: what the page offers is what the service accepts ----------------

OFFERS = {
    "edit": 'data-testid="save-progress"',
    "submit": 'data-testid="submit-progress"',
    "return": 'data-testid="return-progress"',
}
CALLS = {
    "edit": lambda p, u: fill(p, u, 1, 2),
    "submit": lambda p, u: services.submit_progress(p, u),
    "return": lambda p, u: services.return_progress(p, u, "Thiếu số liệu"),
}


class _Rollback(Exception):
    pass


def accepts(action, progress, user):
    try:
        with transaction.atomic():
            CALLS[action](progress, user)
            raise _Rollback
    except _Rollback:
        return True
    except (ValidationError, PermissionDenied):
        return False


def test_the_table_names_every_action_the_page_offers():
    assert set(PROGRESS) == set(OFFERS) == set(CALLS)


@pytest.mark.parametrize("role", ROLES)
def test_the_page_offers_exactly_what_the_service_accepts(client, world, accepted, role):
    user = getattr(world, role)
    progress = fill(services.start_progress(accepted, world.official_a), world.official_a, 1, 2)
    client.force_login(user)
    for state in PROGRESS.states(Progress):
        Progress.objects.filter(pk=progress.pk).update(status=state, return_reason="Thiếu số liệu")
        progress.refresh_from_db()
        response = client.get(f"/campaigns/pledges/{accepted.pk}/progress/")
        page = response.content.decode() if response.status_code == 200 else ""
        accepted_actions = {a for at, a in walk(PROGRESS, Progress) if at == state and accepts(a, progress, user)}
        offered = {action for action, marker in OFFERS.items() if marker in page}
        assert offered == accepted_actions, (role, state)


# --- the pages -----------------------------------------------------------------------------


def test_the_unit_fills_and_sends_its_report_from_the_page(client, world, accepted, step):
    client.force_login(world.official_a)
    page = client.get(f"/campaigns/pledges/{accepted.pk}/progress/").content.decode()
    assert "Công văn 1234/BTP-TĐKT" in page and "20/06/2023" in page
    progress = Progress.objects.get(pledge=accepted, phase=None)
    first, second = progress.figures.order_by("target__number")
    data = {
        "version": progress.version,
        "as_of": "2023-06-15",
        f"value_{first.target_id}": "12.001",
        f"value_{second.target_id}": "84,8",
        "note": "",
        "submit": "",
    }
    response = client.post(f"/campaigns/pledges/{accepted.pk}/progress/", data)
    assert response.status_code == 200  # no report text: back with the error, figures as typed
    html = response.content.decode()
    assert 'value="12.001"' in html and 'value="84,8"' in html
    assert Progress.objects.get().version == progress.version  # nothing was saved: one transaction
    data.update(note="Đã thi hành xong 12.001 việc.")
    response = client.post(f"/campaigns/pledges/{accepted.pk}/progress/", data, follow=True)
    assert "Đã gửi báo cáo sơ kết" in response.content.decode()
    progress.refresh_from_db()
    assert progress.status == Progress.Status.SUBMITTED and progress.as_of == datetime.date(2023, 6, 15)
    assert [f.value for f in progress.figures.order_by("target__number")] == [Decimal(12001), Decimal("84.8")]


def test_others_cannot_open_or_start_a_units_report(client, world, accepted):
    client.force_login(world.official_b)
    assert client.get(f"/campaigns/pledges/{accepted.pk}/progress/").status_code == 403
    client.force_login(world.head_staff)  # the reviewer reads, never starts, a unit's report
    assert client.get(f"/campaigns/pledges/{accepted.pk}/progress/").status_code == 403
    assert not Progress.objects.exists()


def test_the_cluster_head_sees_every_members_progress(client, world, accepted, django_assert_max_num_queries):
    progress = services.submit_progress(
        fill(services.start_progress(accepted, world.official_a), world.official_a, 12001, "84.8"), world.official_a
    )
    client.force_login(world.head_staff)
    url = f"/campaigns/clusters/{world.cluster.slug}/progress/?year=2023"
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        response = client.get(url)
    html = response.content.decode()
    assert "12.001" in html and "84,8" in html and "49,6" in html  # 12.001 of 24.196
    assert "1 trên 3 thành viên" in html
    other = PledgeFactory(campaign=world.campaign, unit=world.unit_b, status=Pledge.Status.ACCEPTED)
    for number in range(1, 6):
        PledgeTargetFactory(pledge=other, number=number, value=Decimal(10))
    services.start_progress(other, world.official_b)
    with django_assert_max_num_queries(len(few.captured_queries)):  # one more member's report: no more queries
        assert client.get(url).status_code == 200
    client.force_login(world.official_b)
    assert client.get(url).status_code == 403
    assert progress.status == Progress.Status.SUBMITTED


def test_the_calendar_knows_who_has_sent_their_report(world, accepted, step):
    progress = fill(services.start_progress(accepted, world.official_a), world.official_a, 1, 2)
    units = {world.unit_a.pk, world.unit_b.pk}
    assert calendar_registry.done_by(step, units) == {}
    services.submit_progress(progress, world.official_a)
    assert set(calendar_registry.done_by(step, units)) == {world.unit_a.pk}


def test_the_dashboard_asks_for_the_report_from_a_month_before(client, world, accepted, step):
    with time_machine.travel(datetime.datetime(2023, 5, 1, 9, tzinfo=datetime.UTC)):
        client.force_login(world.official_a)
        assert "Báo cáo sơ kết cần gửi" not in client.get("/?year=2023").content.decode()
    with time_machine.travel(datetime.datetime(2023, 6, 1, 9, tzinfo=datetime.UTC)):
        client.force_login(world.official_a)
        assert "Báo cáo sơ kết cần gửi" in client.get("/?year=2023").content.decode()


@pytest.fixture
def phase(world):
    return Phase.objects.create(
        campaign=world.campaign,
        number=1,
        name="Đợt 1",
        start=datetime.date(2023, 1, 1),
        end=datetime.date(2023, 5, 19),
        goal="Chào mừng kỷ niệm 78 năm Ngày truyền thống ngành Tư pháp",
    )


def test_a_phase_has_its_own_report_as_of_its_end_and_no_step_no_lateness(world, accepted, step, phase):
    mid_year = services.start_progress(accepted, world.official_a)
    at_phase = services.start_progress(accepted, world.official_a, phase)
    assert at_phase.pk != mid_year.pk and at_phase.phase == phase
    assert at_phase.as_of == datetime.date(2023, 5, 19) and mid_year.as_of == MID_YEAR
    assert services.start_progress(accepted, world.official_a, phase).pk == at_phase.pk
    # the phase made outside campaigns' verbs has no calendar step yet (test_phase_calendar.py)
    with time_machine.travel(datetime.datetime(2023, 9, 1, 9), tick=False):  # long after the mid-year step
        sent = services.submit_progress(fill(at_phase, world.official_a, 12001, 70), world.official_a)
    assert not sent.is_late
    assert calendar_registry.done_by(step, [world.unit_a.pk]) == {}  # the mid-year review is still owed


def test_a_phase_of_another_year_or_campaign_is_refused(world, accepted, phase):
    phase.end = datetime.date(2024, 1, 31)
    phase.save()
    with pytest.raises(ValidationError):
        services.start_progress(accepted, world.official_a, phase)


def test_the_phase_pages_show_its_goal_and_dates(client, world, accepted, phase):
    client.force_login(world.official_a)
    detail = client.get(f"/campaigns/pledges/{accepted.pk}/").content.decode()
    assert f"/campaigns/pledges/{accepted.pk}/progress/?phase={phase.pk}" in detail
    page = client.get(f"/campaigns/pledges/{accepted.pk}/progress/?phase={phase.pk}").content.decode()
    assert "Chào mừng kỷ niệm 78 năm" in page and "19/05/2023" in page
    assert Progress.objects.get(pledge=accepted).phase == phase
    assert client.get(f"/campaigns/pledges/{accepted.pk}/progress/?phase={phase.pk + 7}").status_code == 404
    client.force_login(world.head_staff)
    url = f"/campaigns/clusters/{world.cluster.slug}/progress/?year=2023&phase={phase.pk}"
    overview = client.get(url).content.decode()
    assert "Chào mừng kỷ niệm 78 năm" in overview and f"phase={phase.pk}" in overview
