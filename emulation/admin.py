from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Cluster, Membership, Official, ReportedFigure, Title, Unit, User

admin.site.site_header = _("Emulation and commendation — Justice sector")
admin.site.site_title = _("Emulation administration")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]
    ordering = ["-year"]


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "parent", "first_year", "last_year"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [MembershipInline]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "type", "province", "active", "is_emulation_office"]
    list_filter = ["type", "active", "is_emulation_office"]
    search_fields = ["name", "short_name", "province"]
    autocomplete_fields = ["parent", "successor"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "cluster", "year", "role"]
    list_filter = ["year", "role", "cluster"]
    search_fields = ["unit__name", "cluster__name"]
    autocomplete_fields = ["unit", "cluster"]
    list_select_related = ["unit", "cluster"]


@admin.register(Official)
class OfficialAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "unit", "position", "is_unit_head"]
    list_filter = ["is_unit_head"]
    search_fields = ["user__username", "user__full_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


@admin.register(Title)
class TitleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "level", "authority", "decided_by", "legal_basis", "first_year", "last_year"]
    list_filter = ["kind", "level", "decided_by"]
    search_fields = ["name", "legal_basis"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_staff", "is_active"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [(None, {"fields": ["username", "password", "full_name", "email"]}), *BaseUserAdmin.fieldsets[2:]]


@admin.register(ReportedFigure)
class ReportedFigureAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "year", "label", "value", "of_total", "stated_as"]
    list_filter = ["year"]
