"""Reminder e-mails go through a real Celery worker after the transaction commits."""

import pytest
from django.core import mail

from campaigns import services
from campaigns.models import Reminder
from emulation.testing import wait_until


@pytest.mark.django_db(transaction=True)
def test_reminders_are_sent_by_the_worker(world, celery_worker, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    count = services.remind_members(world.campaign, 2023, world.head_staff, base_url="http://thidua")
    assert count == 3  # nobody has submitted yet
    wait_until(lambda: len(mail.outbox) == 3)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "canbo_a@example.vn",
        "canbo_b@example.vn",
        "truong@example.vn",
    ]
    # canbo_a and thutruong_a are both officials of unit A: one e-mail to both.
    unit_a = next(message for message in mail.outbox if "canbo_a@example.vn" in message.to)
    assert unit_a.to == ["canbo_a@example.vn", "thutruong_a@example.vn"]
    assert "Nhắc nhở" in unit_a.subject
    assert Reminder.objects.filter(campaign=world.campaign, year=2023).count() == 3
