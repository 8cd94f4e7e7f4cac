"""Admin for the rules and the award history (editable data), and read-only views of
votes, nominations and handovers, whose states change only through the services.

Ballots and participations are deliberately not registered: no admin page, no change
history (LogEntry) and no simple_history table ever touches a ballot."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AwardRecord,
    BaseSalary,
    Candidate,
    ConsultationRule,
    CouncilRule,
    DecisionBasis,
    Handover,
    Nomination,
    Prerequisite,
    RewardAmount,
    TitleRule,
    Vote,
    Voter,
)


class PrerequisiteInline(admin.TabularInline):
    model = Prerequisite
    extra = 0
    autocomplete_fields = ["required_title"]


@admin.register(TitleRule)
class TitleRuleAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "first_year",
        "last_year",
        "chosen_by_vote",
        "threshold_percent",
        "seats_kind",
        "seats_value",
    ]
    list_filter = ["chosen_by_vote", "seats_kind"]
    search_fields = ["title__name", "legal_basis", "notes"]
    autocomplete_fields = ["title", "seats_source_title"]
    list_select_related = ["title"]
    inlines = [PrerequisiteInline]
    exclude = ["version"]


@admin.register(AwardRecord)
class AwardRecordAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title", "unit", "person_name", "decision_number", "decision_date", "source"]
    list_filter = ["year", "title", "source"]
    search_fields = ["unit__name", "person_name", "decision_number"]
    autocomplete_fields = ["title", "unit"]
    list_select_related = ["title", "unit"]
    readonly_fields = ["nomination"]


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CandidateInline(ReadOnlyMixin, admin.TabularInline):
    model = Candidate
    fields = ["unit", "origin", "withdrawn", "withdrawn_reason", "votes", "share", "passed", "rank", "seated"]
    readonly_fields = fields


class VoterInline(ReadOnlyMixin, admin.TabularInline):
    model = Voter
    fields = ["unit", "official", "is_delegate", "present", "voted"]
    readonly_fields = fields


@admin.register(Vote)
class VoteAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["title", "cluster", "year", "state", "mode", "seats"]
    list_filter = ["year", "state", "mode", "title"]
    search_fields = ["cluster__name", "title__name"]
    list_select_related = ["title", "cluster"]
    inlines = [CandidateInline, VoterInline]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["title", "year", "unit", "person_name", "state", "decision_number", "decision_date"]
    list_filter = ["year", "state", "title"]
    search_fields = ["unit__name", "person_name", "decision_number"]
    list_select_related = ["title", "unit"]


@admin.register(Handover)
class HandoverAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["cluster", "year", "next_head", "state"]
    list_filter = ["year", "state"]
    list_select_related = ["cluster", "next_head"]


# The rule rows of decisions and consultations (grounds and office by date, base salary, reward
# multiples, publication periods, the council's ballot rules): ministry staff correct them here, each change in history.
for rule_model in (DecisionBasis, BaseSalary, RewardAmount, ConsultationRule, CouncilRule):
    admin.site.register(rule_model, SimpleHistoryAdmin)
