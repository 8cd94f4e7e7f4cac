"""The unit's roster: add a person, edit them, end a posting, record who read a full record."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from emulation.permissions import unit_id_of
from emulation.services import save_with_history

from .. import cccd
from ..models import AccessLog, Person, Posting
from ..permissions import keeps, person_unit_id, require

PERSON_FIELDS = ("full_name", "date_of_birth", "gender", "cccd", "staff_code")
POSTING_FIELDS = ("position", "staff_kind", "start")


def _save_person(person, by):
    person.full_clean(validate_constraints=False, validate_unique=False)
    if person.staff_code and Person.objects.filter(staff_code=person.staff_code).exclude(pk=person.pk).exists():
        raise ValidationError({"staff_code": _("Another person has this staff code.")})
    try:
        with transaction.atomic():
            save_with_history(person, by)
    except IntegrityError as error:
        raise ValidationError({"cccd": _("A person with this identification number is already registered.")}) from error


@transaction.atomic
def add_person(unit, by, posting, **fields):
    """Register a new person with an open posting in ``unit``; ``posting`` holds position, staff_kind, start."""
    require(by, "people.manage_roster", unit)
    existing = Person.objects.filter(cccd=cccd.normalise(fields.get("cccd"))).first()
    if existing is not None:
        raise ValidationError(
            {"cccd": _("%(name)s already has this identification number: ask their unit for a transfer.")
             % {"name": existing.full_name}}
        )  # fmt: skip
    person = Person(**fields)
    _save_person(person, by)
    open_posting(person, unit, by, **posting)
    return person


def open_posting(person, unit, by, position, staff_kind, start):
    """A new open posting (the caller has checked who may); refused if one is open or overlaps."""
    posting = Posting(person=person, unit=unit, position=position, staff_kind=staff_kind, start=start)
    posting.full_clean(validate_constraints=False)
    if Posting.objects.filter(person=person).open().exists():
        raise ValidationError(_("This person already has an open posting."), code="open_posting")
    if Posting.objects.filter(person=person, end__gte=start).exists():
        raise ValidationError({"start": _("The person was posted elsewhere after this date.")})
    save_with_history(posting, by)
    return posting


@transaction.atomic
def edit_person(person, by, posting_fields=None, **fields):
    """Correct a person's details, and the position and kind of staff of their open posting."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    require(by, "people.edit_person", person)
    for name, value in fields.items():
        setattr(locked, name, value)
    _save_person(locked, by)
    if posting_fields:
        posting = Posting.objects.select_for_update().open().get(person=locked)
        for name, value in posting_fields.items():
            setattr(posting, name, value)
        posting.full_clean(validate_constraints=False)
        save_with_history(posting, by)
    return locked


@transaction.atomic
def end_posting(posting, by, end):
    """The person leaves the unit (retirement, resignation …) on ``end``."""
    locked = Posting.objects.select_for_update().select_related("person").get(pk=posting.pk)
    require(by, "people.manage_roster", locked.unit)
    if locked.end is not None:
        raise ValidationError(_("This posting has already ended."), code="state")
    if end < locked.start:
        raise ValidationError({"end": _("The end date cannot be before the start date.")})
    locked.end = end
    save_with_history(locked, by)
    return locked


def log_access(person, by, purpose):
    """A full record opened by someone outside the person's unit is written down."""
    if keeps(by, person_unit_id(person)):
        return None
    return AccessLog.objects.create(user=by, person=person, viewer_unit_id=unit_id_of(by), purpose=purpose[:200])


def log_outside_access(person, system, unit_id, purpose):
    """A full record read by an outside system (the API) is always written down: the system
    belongs to no unit of the person, whatever its owner."""
    return AccessLog.objects.create(
        person=person, outside_system=system[:200], viewer_unit_id=unit_id, purpose=purpose[:200]
    )
