"""A reminder opens the page where the unit does the step (its pledge form, its progress
report for the phase), not the calendar; the calendar only when no app names a page."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import Phase, Pledge
from emulation.tests.factories import MembershipFactory, UnitFactory
from schedule import obligations, tasks
from schedule.models import Notification, Step, StepKind
from schedule.services import reminders

from .factories import PledgeFactory, PledgeTargetFactory

pytestmark = pytest.mark.django_db

END = datetime.date(2023, 5, 19)


@pytest.fixture
def phase(world):
    Step.objects.create(year=2023, kind=StepKind.MID_YEAR, due_date=datetime.date(2023, 6, 20), remind_days_before=3)
    campaign = type(world.campaign).objects.get(pk=world.campaign.pk)
    row = {"number": 1, "name": "Đợt 1", "start": datetime.date(2023, 1, 1), "end": END, "goal": ""}
    services.save_campaign(campaign, world.head_staff, expected_version=campaign.version, phases=[row])
    return Phase.objects.get(campaign=world.campaign)


def links_on(day):
    with time_machine.travel(f"{day.isoformat()} 07:00 +0700", tick=False):
        tasks.send_daily_reminders()
    notes = Notification.objects.filter(created__date=day).select_related("user")
    return {note.user.username: note.url for note in notes}


def test_the_reminder_of_a_phase_opens_the_units_pledge_for_that_phase(world, phase, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "http://thidua"
    accepted = PledgeFactory(campaign=world.campaign, unit=world.unit_a, status=Pledge.Status.ACCEPTED)
    PledgeTargetFactory(pledge=accepted, number=1, name="Số việc thi hành xong", value=Decimal(100))
    draft = PledgeFactory(campaign=world.campaign, unit=world.unit_b, status=Pledge.Status.DRAFT)
    mail.outbox = []
    links = links_on(datetime.date(2023, 5, 16))  # three days before the phase's end
    report = reverse("campaigns:progress_edit", args=[accepted.pk]) + f"?phase={phase.pk}"
    assert links["canbo_a"] == links["thutruong_a"] == report
    assert links["canbo_b"] == reverse("campaigns:pledge_edit", args=[draft.pk])  # accepted first, then report
    no_pledge = reverse("campaigns:campaign_detail", args=[world.campaign.pk]) + "?year=2023"
    assert links["truong"] == no_pledge  # the head unit has no pledge yet: the campaign's page to make one
    sent = {message.to[0]: message for message in mail.outbox}
    assert f"http://thidua{report}" in sent["canbo_a@example.vn"].body
    assert f'href="http://thidua{report}"' in sent["canbo_a@example.vn"].alternatives[0][0]


def test_the_nhac_button_sends_the_same_link(world, phase):
    pledge = PledgeFactory(
        campaign=world.campaign, unit=world.unit_b, status=Pledge.Status.RETURNED, return_reason="Thiếu chỉ tiêu"
    )
    step = Step.objects.get(kind=StepKind.PHASE_REVIEW)
    with time_machine.travel("2023-05-25 09:00 +0700", tick=False):
        reminders.remind_now(step, world.unit_b, world.ministry)
    assert set(Notification.objects.values_list("url", flat=True)) == {
        reverse("campaigns:pledge_edit", args=[pledge.pk])
    }


def test_the_registration_reminder_opens_the_pledge_and_other_steps_the_calendar(world):
    Step.objects.create(year=2023, kind=StepKind.PLEDGE, due_date=datetime.date(2023, 3, 31), remind_days_before=7)
    Step.objects.create(year=2023, kind=StepKind.CONFERENCE, due_date=datetime.date(2023, 3, 31))
    PledgeFactory(  # registered
        campaign=world.campaign,
        unit=world.unit_a,
        status=Pledge.Status.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime(2023, 3, 20, 9)),
    )
    links = {}
    with time_machine.travel("2023-03-24 07:00 +0700", tick=False):
        for note in Notification.objects.filter(pk__in=reminders.send_due_reminders()).select_related("user"):
            links.setdefault(note.user.username, set()).add(note.url)
    assert links["canbo_b"] == {
        reverse("campaigns:campaign_detail", args=[world.campaign.pk]) + "?year=2023",
        reverse("schedule:index"),  # the conference: no app says where it is done
    }
    assert links["canbo_a"] == {reverse("schedule:index")}  # sent its pledge: only the conference is left


def test_the_links_of_many_units_take_a_fixed_number_of_queries(world, phase, django_assert_max_num_queries):
    def links():
        found = obligations.build(Step.objects.filter(kind__in=[StepKind.PHASE_REVIEW, StepKind.MID_YEAR]))
        with django_assert_max_num_queries(6) as counted:
            urls = reminders.action_urls(found)
        assert set(urls) == {(o.step.pk, o.unit.pk) for o in found}
        return urls, len(counted.captured_queries)

    few, queries = links()
    for name in ("C", "D", "Đ", "E"):
        unit = UnitFactory(name=f"Sở Tư pháp tỉnh {name}")
        MembershipFactory(cluster=world.cluster, unit=unit, year=2023)
        PledgeFactory(campaign=world.campaign, unit=unit, status=Pledge.Status.ACCEPTED)
    many, more_queries = links()
    assert len(many) == len(few) + 2 * 4 and more_queries == queries
    assert all(url.startswith("/campaigns/") for url in many.values())
