"""The calendar's verbs, by topic: ``calendar`` (the year's steps and clusters' dates),
``notifications`` (notify, read, preferences, feed keys) and ``reminders`` (daily and by
hand). Other apps call ``notify`` from here::

    from schedule.services import notify
    notify([official.user], NotificationKind.RETURNED, text, url)
"""

from .notifications import notify

__all__ = ["notify"]
