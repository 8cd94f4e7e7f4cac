from django.utils.functional import SimpleLazyObject

from .models import Notification


def notifications(request):
    """The bell's unread count: one COUNT, and only on pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: Notification.objects.unread().filter(user=user).count())}
