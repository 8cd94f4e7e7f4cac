"""Notifications: notify(), the e-mails (Vietnamese, plain and HTML), preferences, read state."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from schedule import mail as schedule_mail
from schedule.models import EmailPreference, Notification, NotificationKind
from schedule.services import notifications, notify


@pytest.fixture
def queued(monkeypatch):
    """E-mails queued after commit are sent at once (the worker's job, here in the test)."""
    monkeypatch.setattr(notifications, "queue_emails", schedule_mail.send_notification_emails)


def test_notify_makes_a_notification_each_and_emails_in_vietnamese(world, queued, django_capture_on_commit_callbacks):
    users = [world.officials["binh"], world.officials["chau"]]
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notify(users, NotificationKind.RETURNED, "Bản đăng ký bị trả lại: thiếu chỉ tiêu.", "/campaigns/")
    assert Notification.objects.filter(kind="returned").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["binh@example.vn", "chau@example.vn"]
    message = mail.outbox[0]
    assert "Kính gửi" in message.body and "Bản đăng ký bị trả lại" in message.body
    assert "http://127.0.0.1:8000/campaigns/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'href="http://127.0.0.1:8000/campaigns/"' in html
    assert "Kính gửi" in html


def test_a_user_who_turned_off_a_kind_gets_no_email_but_the_notification(
    world, queued, django_capture_on_commit_callbacks
):
    binh = world.officials["binh"]
    notifications.set_email_preferences(binh, {NotificationKind.RETURNED: False, NotificationKind.REMINDER: True})
    with django_capture_on_commit_callbacks(execute=True):
        notify([binh], NotificationKind.RETURNED, "Trả lại", "")
        notify([binh], NotificationKind.ACCEPTED, "Chấp nhận", "")
    assert [m.body.count("Chấp nhận") for m in mail.outbox] == [1]
    assert Notification.objects.filter(user=binh).count() == 2


def test_the_preferences_page(client, world):
    binh = world.officials["binh"]
    client.force_login(binh)
    wanted = {kind: "on" for kind in NotificationKind.values if kind != "vote_opened"}
    assert client.post(reverse("schedule:preferences"), wanted).status_code == 302
    assert list(EmailPreference.objects.filter(user=binh, email=False).values_list("kind", flat=True)) == [
        "vote_opened"
    ]
    assert client.get(reverse("schedule:preferences")).context["form"]["vote_opened"].initial is False


def test_the_list_shows_unread_and_opening_marks_read(client, world):
    binh = world.officials["binh"]
    first = Notification.objects.create(user=binh, kind="accepted", text="Đã chấp nhận", url="/schedule/")
    Notification.objects.create(user=binh, kind="reminder", text="Nhắc")
    other = Notification.objects.create(user=world.officials["chau"], kind="reminder", text="Của người khác")
    client.force_login(binh)
    assert len(client.get(reverse("schedule:notifications") + "?show=unread").context["page"]) == 2
    response = client.post(reverse("schedule:open_notification", args=[first.pk]))
    assert response["Location"] == "/schedule/"
    first.refresh_from_db()
    assert first.is_read
    assert len(client.get(reverse("schedule:notifications") + "?show=unread").context["page"]) == 1
    assert client.post(reverse("schedule:open_notification", args=[other.pk])).status_code == 404
    client.post(reverse("schedule:read_all"))
    assert not Notification.objects.unread().filter(user=binh).exists()
    assert Notification.objects.unread().filter(user=world.officials["chau"]).exists()


def test_a_notification_never_redirects_off_site(client, world):
    note = Notification.objects.create(
        user=world.officials["binh"], kind="other", text="x", url="https://evil.example/"
    )
    client.force_login(world.officials["binh"])
    assert client.post(reverse("schedule:open_notification", args=[note.pk]))["Location"] == reverse(
        "schedule:notifications"
    )
