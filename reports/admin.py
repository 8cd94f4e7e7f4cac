from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(SimpleHistoryAdmin):
    """Read-only: jobs change state only through reports.services (the pages and tasks)."""

    list_display = [
        "pk",
        "kind",
        "year",
        "cluster",
        "unit",
        "form_code",
        "phase",
        "state",
        "progress",
        "requested_by",
        "created_at",
    ]
    list_filter = ["kind", "state", "year"]
    list_select_related = ["cluster", "unit", "requested_by"]
    search_fields = ["cluster__name", "requested_by__username", "requested_by__full_name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
