"""Celery tasks of the calendar: thin, and safe to run twice."""

from datetime import date

from celery import shared_task
from django.conf import settings
from django.utils import translation

from . import mail
from .services import reminders


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_emails(ids):
    return mail.send_notification_emails(ids)


@shared_task
def send_daily_reminders(today=None):
    """Run by Celery beat (settings.CELERY_BEAT_SCHEDULE). ``today`` (ISO date) for tests
    and catching up. Each reminder row is committed before its e-mail is sent, and the
    database refuses a second row for the same step, person and day."""
    day = date.fromisoformat(today) if today else None
    with translation.override(settings.LANGUAGE_CODE):
        ids = reminders.send_due_reminders(day)
    return mail.send_notification_emails(ids) if ids else 0
