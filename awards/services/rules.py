"""Title rules (quy định về danh hiệu): edited by ministry staff, with history."""

from django.db import transaction

from emulation.concurrency import check_version
from emulation.services import save_with_history

from ..models import TitleRule
from ..permissions import require


@transaction.atomic
def save_rule(rule, by, expected_version=None):
    """Create or change a title's rule (ministry staff). ``rule`` carries the new values."""
    require(by, "awards.edit_rules")
    if rule.pk:
        locked = TitleRule.objects.select_for_update().get(pk=rule.pk)
        check_version(locked, expected_version)
        rule.version = locked.version
    rule.full_clean()
    save_with_history(rule, by)
    return rule


@transaction.atomic
def save_requirement(requirement, by):
    """Create or change a line of the dossiers' checklist (ministry staff)."""
    require(by, "awards.edit_requirements")
    requirement.full_clean()
    save_with_history(requirement, by)
    return requirement


@transaction.atomic
def save_rule_row(row, by):
    """Create or change a dated rule row (``awards.rule_rows.KINDS``: legal basis of decisions,
    base salary, reward amount, public consultation rule), ministry staff only."""
    require(by, "awards.edit_rules")
    if row.pk:  # two staff saving the same row at once: one after the other, both in the history
        type(row).objects.select_for_update().get(pk=row.pk)
    row.full_clean()
    save_with_history(row, by)
    return row
