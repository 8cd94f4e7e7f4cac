from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessLog, CouncilMember, IndividualTitle, Person, PersonYear, Posting, Prerequisite, Transfer


class PostingInline(admin.TabularInline):
    model = Posting
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "date_of_birth", "gender", "staff_code"]
    search_fields = ["full_name", "cccd", "staff_code"]
    inlines = [PostingInline]


@admin.register(Transfer)
class TransferAdmin(SimpleHistoryAdmin):
    list_display = ["person", "from_unit", "to_unit", "date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["person"]


@admin.register(PersonYear)
class PersonYearAdmin(SimpleHistoryAdmin):
    list_display = ["person", "year", "unit", "grading", "discipline"]
    list_filter = ["year", "grading"]
    raw_id_fields = ["person"]


@admin.register(IndividualTitle)
class IndividualTitleAdmin(SimpleHistoryAdmin):
    list_display = ["person_year", "title", "status", "decision_number"]
    list_filter = ["status", "title"]
    raw_id_fields = ["person_year"]


@admin.register(Prerequisite)
class PrerequisiteAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "required_title", "years", "valid_from", "valid_to", "unverified"]


@admin.register(CouncilMember)
class CouncilMemberAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "last_year", "user", "role", "appointed_by"]
    list_filter = ["role"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "outside_system", "person", "viewer_unit", "purpose"]
    raw_id_fields = ["person"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
