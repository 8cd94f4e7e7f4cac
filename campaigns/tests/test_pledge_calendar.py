"""A pledge under a cluster's regular campaign reads its deadline from the year's calendar
(the pledge step, as the cluster dates it): shown on the pages, recorded late, refused late only
where the step's rule says so, and carried by the reminder. Another campaign keeps its own date."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from campaigns import services
from campaigns.models import Campaign
from schedule.models import ClusterDate, Step, StepKind

from .factories import CampaignFactory
from .test_services import fill, make

pytestmark = pytest.mark.django_db
BASIS = "Hướng dẫn 150/HD-BTP"


def at(month, day):
    return time_machine.travel(datetime.datetime(2023, month, day, 9, tzinfo=datetime.UTC))


@pytest.fixture
def step(world):
    step = Step.objects.create(year=2023, kind=StepKind.PLEDGE, due_date=datetime.date(2023, 3, 31), basis=BASIS)
    ClusterDate.objects.create(step=step, cluster=world.cluster, due_date=datetime.date(2023, 3, 20))
    return step


def test_the_calendar_replaces_the_campaigns_own_date(world, step, client):
    assert world.campaign.registration_deadline == datetime.date(2023, 1, 31)
    with at(2, 15):  # past the campaign's own date, inside the calendar's
        on_time = services.submit_pledge(fill(world, make(world)), world.official_a)
    assert not on_time.is_late
    late = fill(world, services.create_pledge(world.campaign, 2023, world.official_b), by=world.official_b)
    with at(3, 25):  # past the cluster's own date, inside the Ministry's
        late = services.submit_pledge(late, world.official_b)
    assert late.is_late
    client.force_login(world.head_staff)
    html = client.get(f"/campaigns/{world.campaign.pk}/?year=2023").content.decode()
    assert "20/03/2023" in html and BASIS in html and "31/01/2023" not in html
    html = client.get(f"/campaigns/pledges/{late.pk}/").content.decode()
    assert 'data-testid="pledge-deadline"' in html and "Chậm 5 ngày" in html
    html = client.get(f"/campaigns/clusters/{world.cluster.slug}/?year=2023").content.decode()
    assert "20/03/2023" in html


def test_a_step_moved_in_the_calendar_moves_the_pledges_deadline(world, step, client):
    ClusterDate.objects.filter(step=step).delete()
    Step.objects.filter(pk=step.pk).update(due_date=datetime.date(2023, 4, 15))
    with at(4, 10):
        assert not services.submit_pledge(fill(world, make(world)), world.official_a).is_late
    client.force_login(world.head_staff)
    assert "15/04/2023" in client.get(f"/campaigns/{world.campaign.pk}/?year=2023").content.decode()


def test_a_blocking_pledge_step_refuses_late_pledges(world, step):
    Step.objects.filter(pk=step.pk).update(blocking=True)
    pledge = fill(world, make(world))
    with at(3, 21), pytest.raises(ValidationError, match="20/03/2023"):
        services.submit_pledge(pledge, world.official_a)
    pledge.refresh_from_db()
    assert pledge.status == pledge.Status.DRAFT and pledge.submitted_at is None


def test_the_reminder_gives_the_calendars_date(world, step, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr("emulation.tasks.send_email.delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_members(world.campaign, 2023, world.head_staff, base_url="http://thidua")
    assert queued and all("20/03/2023" in body for _subject, body, _to in queued)


def test_a_thematic_campaign_keeps_its_own_date(world, step):
    thematic = CampaignFactory(
        launching_cluster=world.cluster, kind=Campaign.Kind.THEMATIC, registration_deadline=datetime.date(2023, 2, 28)
    )
    thematic.titles.set(world.campaign.titles.all())
    pledge = services.create_pledge(thematic, 2023, world.official_a)
    pledge = fill(world, pledge)
    with at(3, 1):
        assert services.submit_pledge(pledge, world.official_a).is_late
