from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import certificate_services
from .models import CertificateCorrection, CertificateLayout, LayoutField, ReportJob


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
        "phase_number",
        "state",
        "progress",
        "requested_by",
        "created_at",
    ]
    list_filter = ["kind", "state", "year"]
    list_select_related = ["cluster", "unit", "requested_by", "phase"]
    search_fields = ["cluster__name", "requested_by__username", "requested_by__full_name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LayoutFieldInline(admin.TabularInline):
    model = LayoutField
    extra = 0
    fields = ["field", "printed", "x_mm", "y_mm", "width_mm", "font", "font_size_pt", "align"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CertificateLayout)
class CertificateLayoutAdmin(SimpleHistoryAdmin):
    """Read-only but for making a layout the unit's default: layouts are adjusted on their page
    (reports/certificate_views.py), through reports.certificate_services."""

    list_display = ["name", "unit", "kind", "page_width_mm", "page_height_mm", "is_default", "updated_by", "updated_at"]
    list_filter = ["kind", "is_default"]
    list_select_related = ["unit", "updated_by"]
    search_fields = ["name", "unit__name"]
    inlines = [LayoutFieldInline]
    actions = ["make_default"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Make it the unit's default for its kind"))
    def make_default(self, request, queryset):
        for layout in queryset.order_by("pk"):
            certificate_services.make_default(layout, request.user)


@admin.register(CertificateCorrection)
class CertificateCorrectionAdmin(SimpleHistoryAdmin):
    list_display = ["line", "field", "dx_mm", "dy_mm", "font_size_pt", "layout"]
    list_select_related = ["line", "layout"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
