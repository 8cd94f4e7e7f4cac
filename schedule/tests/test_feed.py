"""The private iCalendar feed: valid, personal, revocable."""

from datetime import date

import time_machine
from django.urls import reverse
from icalendar import Calendar

from schedule.models import FeedKey


def _new_link(client, user):
    client.force_login(user)
    link = client.post(reverse("schedule:feed_link")).context["link"]
    client.logout()
    return link


def test_the_feed_is_valid_icalendar_with_my_steps(client, world):
    link = _new_link(client, world.officials["truong"])
    with time_machine.travel("2026-04-10 09:00 +0700", tick=False):
        response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    starts = sorted((event.decoded("dtstart"), str(event["summary"])) for event in events)
    assert [day for day, _summary in starts] == [date(2026, 3, 31), date(2026, 3, 31), date(2026, 12, 20)]
    assert all(event.decoded("dtend") > event.decoded("dtstart") for event in events)
    assert len({str(event["uid"]) for event in events}) == len(events)


def test_a_new_link_revokes_the_old_one(client, world):
    old = _new_link(client, world.officials["binh"])
    assert client.get(old).status_code == 200
    new = _new_link(client, world.officials["binh"])
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert FeedKey.objects.count() == 1
    assert new.rsplit("/", 1)[-1].removesuffix(".ics") not in FeedKey.objects.get().digest  # only a digest is stored


def test_a_made_up_key_opens_nothing(client, world):
    assert client.get(reverse("schedule:feed", args=["not-a-key"])).status_code == 404
