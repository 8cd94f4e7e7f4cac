from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(SimpleHistoryAdmin):
    """Clients are created on the clients' page (or ``manage.py api_client create``), which shows
    the token once; here they are read, corrected and revoked."""

    list_display = ["name", "owner_unit", "scopes", "may_see_cccd", "created_at", "last_used", "revoked_at"]
    list_filter = ["may_see_cccd", "revoked_at"]
    search_fields = ["name", "contact"]
    readonly_fields = ["token_hint", "created_by", "created_at", "last_used", "revoked_at"]
    fields = ["name", "owner_unit", "contact", "scopes", "may_see_cccd", *readonly_fields]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected clients' tokens"))
    def revoke(self, request, queryset):
        for client in queryset.filter(revoked_at__isnull=True):
            services.revoke_client(client, request.user)
        messages.success(request, _("Revoked."))
