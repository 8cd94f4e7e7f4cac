from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ClusterDate, Notification, Reminder, Step


@admin.register(Step)
class StepAdmin(SimpleHistoryAdmin):
    list_display = ["year", "kind", "due_date", "actor", "blocking"]
    list_filter = ["year", "kind", "actor"]


@admin.register(ClusterDate)
class ClusterDateAdmin(SimpleHistoryAdmin):
    list_display = ["step", "cluster", "due_date"]
    list_select_related = ["step", "cluster"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """A record of what was sent: read only."""

    list_display = ["day", "step", "unit", "user", "sent_by"]
    list_select_related = ["step", "unit", "user", "sent_by"]
    list_filter = ["day"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created", "user", "kind", "text", "read_at"]
    list_select_related = ["user"]
    list_filter = ["kind"]
