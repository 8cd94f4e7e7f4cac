"""In-app notifications (the bell), e-mail preferences and the private calendar feed key."""

import hashlib
import logging
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import EmailPreference, FeedKey, Notification, NotificationKind

log = logging.getLogger(__name__)


def notify(users, kind, text, url=""):
    """Tell each user something that changes their work: one notification each, and an
    e-mail after commit to those who want e-mail for this kind. Returns the notifications."""
    kind = NotificationKind(kind)
    users = [user for user in users if user is not None and user.is_active]
    notes = Notification.objects.bulk_create(
        [Notification(user=user, kind=kind, text=str(text)[:500], url=url[:500]) for user in users]
    )
    ids = [note.pk for note in notes]
    if ids:
        transaction.on_commit(lambda: queue_emails(ids))
    return notes


def queue_emails(ids):
    """Hand the e-mails to the worker; a broker that is down loses the e-mail, not the notification."""
    from ..tasks import send_notification_emails

    try:
        send_notification_emails.delay(ids)
    except Exception:  # the broker's errors are many kinds; the notification is saved either way
        log.exception("could not queue notification e-mails %s", ids)


@transaction.atomic
def mark_read(notification, by):
    if notification.user_id != by.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def mark_all_read(by):
    return Notification.objects.filter(user=by, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def set_email_preferences(user, wanted):
    """``wanted`` is {kind: bool}: e-mail for that kind or not."""
    for kind, email in wanted.items():
        EmailPreference.objects.update_or_create(user=user, kind=NotificationKind(kind), defaults={"email": email})


def email_wanted(users, kind):
    """The ids of ``users`` who want e-mail for ``kind`` (one query)."""
    refused = set(
        EmailPreference.objects.filter(user__in=users, kind=kind, email=False).values_list("user_id", flat=True)
    )
    return {user.pk for user in users if user.pk not in refused}


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def new_feed_key(user):
    """A new private key for the user's calendar feed; the old one opens nothing any more.
    Only its digest is stored: the key is shown once."""
    key = secrets.token_urlsafe(32)
    FeedKey.objects.update_or_create(user=user, defaults={"digest": digest(key)})
    return key


def feed_owner(key):
    """The user whose feed this key opens, or None."""
    found = FeedKey.objects.filter(digest=digest(key or "")).select_related("user").first()
    return found.user if found and found.user.is_active else None
