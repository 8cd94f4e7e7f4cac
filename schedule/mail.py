"""The e-mails of notifications: Vietnamese, plain text and HTML, from templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Notification
from .services.notifications import email_wanted


def absolute(url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return getattr(settings, "SITE_URL", "").rstrip("/") + url


def _message(note):
    context = {"note": note, "link": absolute(note.url), "user": note.user}
    subject = _("[Emulation] %(kind)s") % {"kind": note.get_kind_display()}
    message = EmailMultiAlternatives(
        subject, render_to_string("schedule/email/notification.txt", context), None, [note.user.email]
    )
    message.attach_alternative(render_to_string("schedule/email/notification.html", context), "text/html")
    return message


def send_notification_emails(ids):
    """E-mail each notification to its user if they have an address and want this kind."""
    notes = list(Notification.objects.filter(pk__in=ids).select_related("user").order_by("pk"))
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for kind in {note.kind for note in notes}:
            of_kind = [note for note in notes if note.kind == kind and note.user.email]
            wanted = email_wanted([note.user for note in of_kind], kind)
            messages.extend(_message(note) for note in of_kind if note.user_id in wanted)
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
