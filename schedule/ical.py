"""The user's calendar as iCalendar (RFC 5545), for their own calendar application."""

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from . import agenda
from .mail import absolute


def _event(uid, day, summary, description, url):
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime.now(tz=timezone.get_fixed_timezone(0)))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    return event


def build(user, today=None):
    """Bytes of a VCALENDAR: an all-day event per step the user's unit must do, and one per
    step of those they oversee."""
    today = today or timezone.localdate()
    mine, watched = agenda.for_feed(user, today)
    link = absolute(reverse("schedule:index"))
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
    cal = Calendar()
    cal.add("prodid", "-//Bo Tu phap//Thi dua khen thuong//VI")
    cal.add("version", "2.0")
    with translation.override(settings.LANGUAGE_CODE):
        cal.add("x-wr-calname", _("Emulation calendar"))
        for obligation in mine:
            step = obligation.step
            summary = _("Due: %(step)s %(year)s") % {"step": step.name, "year": step.year}
            uid = f"step-{step.pk}-unit-{obligation.unit.pk}@{host}"
            cal.add_component(_event(uid, obligation.due, summary, step.basis or step.note, link))
        for group in watched:
            step = group.step
            summary = _("To follow: %(step)s %(year)s (%(owing)s of %(total)s units not done)") % {
                "step": step.name,
                "year": step.year,
                "owing": len(group.owing),
                "total": group.total,
            }
            cal.add_component(_event(f"step-{step.pk}-watch@{host}", group.due, summary, step.basis, link))
    return cal.to_ical()
