"""Ministry staff keep the prerequisites of titles."""

from django.db import transaction

from emulation.services import save_with_history

from ..permissions import require


@transaction.atomic
def save_prerequisite(rule, by):
    require(by, "people.edit_prerequisites")
    rule.full_clean()
    save_with_history(rule, by)
    return rule


@transaction.atomic
def delete_prerequisite(rule, by):
    require(by, "people.edit_prerequisites")
    rule._history_user = by
    rule.delete()
