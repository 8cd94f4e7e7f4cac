"""The register of initiatives (sáng kiến): the unit's officials register, edit and submit an
initiative with its authors; the unit's head or its council recognises it with a scope of
effect and a decision, refuses it, or returns it with a reason (the INITIATIVE machine)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from emulation.services import save_with_history

from .. import queries
from ..models import Initiative, InitiativeAuthor, Scope
from ..permissions import require
from ..transitions import INITIATIVE

FIELDS = ("name", "first_applied", "changes", "effect", "evidence")
# The form checks the uploaded file itself; the model's own check covers the text fields.
CHECKED = ("name", "first_applied", "changes", "effect")


def check_authors(unit, year, authors):
    """Refuse authors who did not work in the unit that year, twice the same person, or shares
    over 100% in all. ``authors`` is a list of (person, share)."""
    allowed = {posting.person_id for posting in queries.year_postings(unit, year)}
    seen, total = set(), Decimal(0)
    for person, share in authors:
        if person.pk not in allowed:
            raise ValidationError(
                _("%(name)s did not work in this unit in %(year)s.") % {"name": person, "year": year}, code="author"
            )
        if person.pk in seen:
            raise ValidationError(_("%(name)s is named twice among the authors.") % {"name": person}, code="author")
        if share is None or not Decimal(0) < share <= Decimal(100):
            raise ValidationError(_("Each author's share is more than 0 and at most 100%."), code="share")
        seen.add(person.pk)
        total += share
    if total > 100:
        raise ValidationError(_("The authors' shares add up to more than 100%."), code="share")


def _save_authors(initiative, authors, by):
    for old in initiative.authors.all():
        old._history_user = by
        old.delete()
    for person, share in authors:
        save_with_history(InitiativeAuthor(initiative=initiative, person=person, share=share), by)


def _set_fields(initiative, fields):
    for name in FIELDS:
        if name in fields:
            setattr(initiative, name, fields[name])
    others = [f.name for f in Initiative._meta.fields if f.name not in CHECKED]
    initiative.full_clean(exclude=others, validate_constraints=False)


@transaction.atomic
def register_initiative(unit, year, by, fields, authors):
    """A new initiative of the unit for the year, as a draft."""
    require(by, "people.register_initiative", unit)
    check_authors(unit, year, authors)
    initiative = Initiative(unit=unit, year=year)
    _set_fields(initiative, fields)
    save_with_history(initiative, by)
    _save_authors(initiative, authors, by)
    return initiative


def _lock(initiative):
    return Initiative.objects.select_for_update().select_related("unit").get(pk=initiative.pk)


def _act(initiative, by, action, **changes):
    locked = _lock(initiative)
    INITIATIVE.check(locked, action, by)
    INITIATIVE.move(locked, action)
    for name, value in changes.items():
        setattr(locked, name, value)
    save_with_history(locked, by)
    return locked


@transaction.atomic
def edit_initiative(initiative, by, fields, authors):
    """Edit a draft, or a returned initiative, which goes back to draft."""
    locked = _lock(initiative)
    INITIATIVE.check(locked, "edit", by)
    check_authors(locked.unit, locked.year, authors)
    INITIATIVE.move(locked, "edit")
    _set_fields(locked, fields)
    save_with_history(locked, by)
    _save_authors(locked, authors, by)
    return locked


@transaction.atomic
def submit_initiative(initiative, by):
    locked = _lock(initiative)
    INITIATIVE.check(locked, "submit", by)
    if not locked.authors.exists():
        raise ValidationError(_("Name at least one author before submitting."), code="author")
    return _act(locked, by, "submit", return_reason="")


@transaction.atomic
def recognise_initiative(initiative, by, scope, number, date):
    """The unit's head or council recognises it by decision with its scope of effect."""
    locked = _lock(initiative)
    INITIATIVE.check(locked, "recognise", by)
    if scope not in Scope.values:
        raise ValidationError(_("Choose the scope of the initiative's effect."), code="scope")
    if not number or date is None:
        raise ValidationError(_("Give the decision's number and date."), code="decision")
    return _act(locked, by, "recognise", scope=scope, decision_number=number[:50], decision_date=date)


@transaction.atomic
def reject_initiative(initiative, by):
    return _act(initiative, by, "reject")


@transaction.atomic
def return_initiative(initiative, by, reason):
    locked = _lock(initiative)
    INITIATIVE.check(locked, "return", by)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Say why the initiative is returned."), code="reason")
    return _act(locked, by, "return", return_reason=reason[:500])
