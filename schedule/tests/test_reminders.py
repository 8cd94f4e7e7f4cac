"""The daily reminders: the right days, the right people, once; never twice after a
restart or with a second beat process; "nhắc" by hand."""

from collections import Counter
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from schedule import tasks
from schedule.models import Completion, Notification, Reminder, StepKind
from schedule.services import calendar, reminders

HANOI = "Asia/Ho_Chi_Minh"


def run_day(day):
    with time_machine.travel(f"{day.isoformat()} 07:00 +0700", tick=False):
        return tasks.send_daily_reminders()


def walk(start, end, on_day=None):
    """Run the daily task on every day from start to end; {(username, step kind): [days]}
    from the reminders recorded, each checked against the e-mail that went out."""
    sent = {}
    day = start
    while day <= end:
        if on_day:
            on_day(day)
        before = len(mail.outbox)
        run_day(day)
        todays = Reminder.objects.filter(day=day).select_related("user", "step").order_by("pk")
        assert sorted(m.to[0] for m in mail.outbox[before:]) == sorted(r.user.email for r in todays)
        for reminder in todays:
            sent.setdefault((reminder.user.username, reminder.step.kind), []).append(day)
        day += timedelta(days=1)
    return sent


def test_a_whole_year_reminds_on_the_right_days_the_right_people_once(world):
    pledge = world.steps[StepKind.PLEDGE]

    def binh_pledges_on_5_april(day):
        if day == date(2026, 4, 5):
            Completion.objects.create(step=pledge, unit=world.units[1], done_on=day)

    sent = walk(date(2026, 1, 1), date(2027, 1, 15), binh_pledges_on_5_april)
    late_days = [date(2026, 3, 31) + timedelta(days=n) for n in range(3, 291, 3)]  # every 3 days late
    late_days = [d for d in late_days if d <= date(2027, 1, 15)]
    assert sent[("chau", StepKind.PLEDGE)] == [date(2026, 3, 24), *late_days]
    assert sent[("truong", StepKind.PLEDGE)] == [date(2026, 3, 24), *late_days]
    assert sent[("binh", StepKind.PLEDGE)] == [date(2026, 3, 24), date(2026, 4, 3)]  # done on 5 April
    assert sent[("truong", StepKind.CONFERENCE)] == [date(2026, 12, 15)]  # heads only, no late reminders
    assert ("bo", StepKind.PLEDGE) not in sent and ("binh", StepKind.CONFERENCE) not in sent
    per_person_day = Counter((m.to[0], m.subject, m.body) for m in mail.outbox)
    assert max(per_person_day.values()) == 1
    assert Reminder.objects.count() == len(mail.outbox) == Notification.objects.count()


def test_running_the_task_twice_the_same_day_sends_nothing_the_second_time(world):
    day = date(2026, 3, 24)
    assert run_day(day) == 3
    assert run_day(day) == 0
    assert len(mail.outbox) == 3
    assert run_day(day + timedelta(days=1)) == 0  # not a reminder day


def test_a_worker_that_died_before_sending_does_not_send_again_on_restart(world, monkeypatch):
    day = date(2026, 3, 24)

    def crash(ids):
        raise SystemExit("worker killed")

    monkeypatch.setattr("schedule.mail.send_notification_emails", crash)
    with pytest.raises(SystemExit):
        run_day(day)
    monkeypatch.undo()
    assert Reminder.objects.count() == 3  # the rows went in before the e-mails
    assert run_day(day) == 0
    assert mail.outbox == []


def test_a_second_beat_racing_the_first_sends_nothing_twice(world, monkeypatch):
    """The second process reads the same "not reminded yet" state, then the first one
    commits its reminders: the database's unique constraint refuses the second's rows."""
    day = date(2026, 3, 24)
    real_people_of = reminders.people_of
    raced = []

    def other_beat_runs_first(unit_ids):
        if not raced:
            raced.append(True)
            run_day(day)  # the other process, all the way through
        return real_people_of(unit_ids)

    monkeypatch.setattr(reminders, "people_of", other_beat_runs_first)
    second = run_day(day)
    assert raced and second == 0
    assert len(mail.outbox) == 3
    assert Reminder.objects.count() == 3


def test_the_database_refuses_a_second_reminder_for_a_step_person_and_day(world):
    user = world.officials["binh"]
    Reminder.objects.create(step=world.steps[StepKind.PLEDGE], user=user, day=date(2026, 3, 24))
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(step=world.steps[StepKind.PLEDGE], user=user, day=date(2026, 3, 24))


def test_moving_a_step_moves_the_reminders(world):
    pledge = world.steps[StepKind.PLEDGE]
    pledge.due_date = date(2026, 4, 30)
    pledge.save()
    assert run_day(date(2026, 3, 24)) == 0
    assert run_day(date(2026, 4, 23)) == 3


def test_a_cluster_date_moves_its_members_reminders(world):
    calendar.set_cluster_dates(world.cluster, 2026, {world.steps[StepKind.PLEDGE]: date(2026, 3, 15)}, _bo(world))
    assert run_day(date(2026, 3, 24)) == 3  # 9 days late by the cluster's date: every 3 days
    assert Reminder.objects.filter(day=date(2026, 3, 24)).count() == 3
    assert run_day(date(2026, 3, 25)) == 0
    assert run_day(date(2026, 3, 8)) == 3


def _bo(world):
    return world.officials["bo"]


def test_remind_now_sends_one_and_records_it(world, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr("schedule.services.reminders.queue_emails", queued.append)
    pledge, chau = world.steps[StepKind.PLEDGE], world.units[2]
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.remind_now(pledge, chau, world.officials["truong"], today=date(2026, 4, 2)) == 1
    reminder = Reminder.objects.get()
    assert (reminder.unit, reminder.sent_by, reminder.day) == (chau, world.officials["truong"], date(2026, 4, 2))
    assert len(queued) == 1
    with pytest.raises(ValidationError) as again:
        reminders.remind_now(pledge, chau, world.officials["truong"], today=date(2026, 4, 2))
    assert again.value.code == "state"


def test_remind_now_refuses_a_unit_that_has_done_the_step(world):
    pledge, chau = world.steps[StepKind.PLEDGE], world.units[2]
    Completion.objects.create(step=pledge, unit=chau, done_on=date(2026, 3, 30))
    with pytest.raises(ValidationError):
        reminders.remind_now(pledge, chau, world.officials["bo"], today=date(2026, 4, 2))


def test_a_member_cannot_remind_another_member(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        reminders.remind_now(world.steps[StepKind.PLEDGE], world.units[2], world.officials["binh"])
