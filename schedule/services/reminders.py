"""Reminders: the daily ones (Celery beat) and "nhắc" by hand from the overdue view.

At most one reminder per step, person and day: the ``Reminder`` row is inserted first, in
its own savepoint, and the database's unique constraint refuses a second one, whichever
worker, beat process or button tries. Only a notification whose row went in is sent.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from emulation.models import Official
from emulation.services import require

from .. import obligations, registry
from ..models import Notification, NotificationKind, Reminder, Step
from .calendar import sync_sourced_steps
from .notifications import queue_emails


def reminder_text(obligation, today):
    due = date_format(obligation.due, "SHORT_DATE_FORMAT")
    step = obligation.step.name
    late = obligation.days_late(today)
    if late:
        return _("%(step)s %(year)s was due on %(due)s: %(days)s days late.") % {
            "step": step,
            "year": obligation.step.year,
            "due": due,
            "days": late,
        }
    return _("%(step)s %(year)s is due on %(due)s (in %(days)s days).") % {
        "step": step,
        "year": obligation.step.year,
        "due": due,
        "days": (obligation.due - today).days,
    }


def people_of(unit_ids):
    """{unit id: [active users]} of the units' officials (one query)."""
    people = defaultdict(list)
    officials = Official.objects.filter(unit_id__in=unit_ids, user__is_active=True).select_related("user")
    for official in officials.order_by("pk"):
        people[official.unit_id].append(official.user)
    return people


def action_urls(found):
    """{(step id, unit id): url}: where each unit does its step, as the step's app says,
    else the calendar page."""
    calendar = reverse("schedule:index")
    urls = registry.action_urls(found)
    return {(o.step.pk, o.unit.pk): urls.get((o.step.pk, o.unit.pk)) or calendar for o in found}


def _remind(obligation, user, today, url, by=None):
    """The notification if this reminder is the day's first for the step and person, else None."""
    try:
        with transaction.atomic():
            Reminder.objects.create(step=obligation.step, user=user, unit=obligation.unit, day=today, sent_by=by)
            return Notification.objects.create(
                user=user,
                kind=NotificationKind.REMINDER,
                text=reminder_text(obligation, today),
                url=url,
            )
    except IntegrityError:
        return None


def send_due_reminders(today=None):
    """Today's reminders, N days before each due date and on the days of delay, to the
    officials of every unit still owing. Returns the ids of the notifications made."""
    today = today or timezone.localdate()
    years = {today.year - 1, today.year, today.year + 1}
    sync_sourced_steps(years)  # dates a source changed outside its own verbs (admin, imports)
    due = [o for o in obligations.of_years(years) if o.reminder_due(today)]
    people = people_of({o.unit.pk for o in due})
    urls = action_urls(due)
    made = []
    for obligation in due:
        url = urls[(obligation.step.pk, obligation.unit.pk)]
        for user in people.get(obligation.unit.pk, []):
            note = _remind(obligation, user, today, url)
            if note is not None:
                made.append(note.pk)
    return made


@transaction.atomic
def remind_now(step, unit, by, today=None):
    """ "Nhắc": one reminder now to the unit's officials for the step, recorded as sent by
    ``by``; refused when the unit has done it or was already reminded today."""
    require(by, "schedule.remind", (unit.pk, step.year))
    today = today or timezone.localdate()
    step = Step.objects.select_for_update().get(pk=step.pk)
    owing = [o for o in obligations.build([step]) if o.unit.pk == unit.pk]
    if not owing:
        raise ValidationError(_("This unit has nothing to do for this step."), code="state")
    if owing[0].done_on is not None:
        raise ValidationError(_("This unit has already done this step."), code="state")
    people = people_of({unit.pk}).get(unit.pk, [])
    if not people:
        raise ValidationError(_("This unit has no official with a login to remind."), code="no_one")
    url = action_urls(owing)[(step.pk, unit.pk)]
    made = [note.pk for user in people if (note := _remind(owing[0], user, today, url, by))]
    if not made:
        raise ValidationError(_("This unit's officials were already reminded of this step today."), code="state")
    transaction.on_commit(lambda: queue_emails(made))
    return len(made)
