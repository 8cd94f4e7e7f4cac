"""The unit's year for its staff: grading, registered titles, proposal, the council's
assessment and the head's decision (the INDIVIDUAL_TITLE machine), and the council itself."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from emulation.models import Title
from emulation.permissions import official_of
from emulation.services import save_with_history

from .. import queries
from ..models import CouncilMember, IndividualTitle, PersonYear
from ..permissions import require
from ..transitions import INDIVIDUAL_TITLE


def _posting_in(unit, person, year):
    posting = next((p for p in queries.year_postings(unit, year) if p.person_id == person.pk), None)
    if posting is None:
        raise ValidationError(_("%(name)s did not work in this unit in %(year)s.") % {"name": person, "year": year})
    return posting


def person_year(unit, person, year, by):
    """The person's year in the unit, created on first use (locked)."""
    require(by, "people.manage_roster", unit)
    posting = _posting_in(unit, person, year)
    row, _created = PersonYear.objects.select_for_update().get_or_create(
        person=person, year=year, defaults={"unit": posting.unit}
    )
    return row


@transaction.atomic
def grade(unit, person, year, by, grading, discipline="", discipline_date=None):
    row = person_year(unit, person, year, by)
    if row.titles.filter(status=IndividualTitle.Status.DECIDED).exists():
        raise ValidationError(_("A title of this year is already recognised: revoke it before changing the grading."),
                              code="state")  # fmt: skip
    row.grading, row.discipline, row.discipline_date = grading, discipline, discipline_date
    row.full_clean(validate_constraints=False)
    save_with_history(row, by)
    return row


@transaction.atomic
def register_title(unit, person, year, title, by):
    """The person registers for one of the unit's titles (đăng ký danh hiệu) at the start of the year."""
    if title.level == Title.Level.COLLECTIVE:
        raise ValidationError(_("«%(title)s» is a title for collectives, not for a person.") % {"title": title},
                              code="kind")  # fmt: skip
    if title not in queries.unit_titles():
        raise ValidationError(_("«%(title)s» is not decided by the unit.") % {"title": title}, code="kind")
    row = person_year(unit, person, year, by)
    try:
        with transaction.atomic():
            record = IndividualTitle(person_year=row, title=title)
            save_with_history(record, by)
    except IntegrityError as error:
        raise ValidationError(_("This title is already registered for the year."), code="duplicate") from error
    return record


@transaction.atomic
def register_pledged(unit, year, entries, by):
    """The titles a unit's pledge registers for its staff: ``entries`` are (person, title) of the
    pledge's rows linked to a person. Each of the unit's own titles not yet in the person's year is
    registered there; titles decided higher up, and persons who did not work in the unit that year,
    are left to the pledge. The caller checks that ``by`` may send the pledge. Returns the count."""
    own = {title.pk for title in queries.unit_titles()}
    postings = {posting.person_id: posting for posting in queries.year_postings(unit, year)}
    made = 0
    for person, title in entries:
        if title.pk not in own or person.pk not in postings:
            continue
        row, _created = PersonYear.objects.select_for_update().get_or_create(
            person=person, year=year, defaults={"unit": postings[person.pk].unit}
        )
        if not row.titles.filter(title=title).exists():
            save_with_history(IndividualTitle(person_year=row, title=title), by)
            made += 1
    return made


def _lock(record):
    return IndividualTitle.objects.select_for_update().select_related("person_year__person", "person_year__unit",
                                                                       "title").get(pk=record.pk)  # fmt: skip


def _require_eligible(locked, on=None):
    result = queries.meets(locked.person_year.person, locked.title, locked.person_year.year, on=on)
    if not result.ok:
        raise ValidationError(result.missing, code="prerequisite")


def _act(record, by, action, **changes):
    locked = _lock(record)
    INDIVIDUAL_TITLE.check(locked, action, by)
    INDIVIDUAL_TITLE.move(locked, action)
    for name, value in changes.items():
        setattr(locked, name, value)
    save_with_history(locked, by)
    return locked


@transaction.atomic
def propose_title(record, by):
    locked = _lock(record)
    INDIVIDUAL_TITLE.check(locked, "propose", by)
    _require_eligible(locked)
    return _act(locked, by, "propose")


@transaction.atomic
def withdraw_title(record, by):
    return _act(record, by, "withdraw")


@transaction.atomic
def remove_title(record, by):
    locked = _lock(record)
    INDIVIDUAL_TITLE.check(locked, "remove", by)
    locked._history_user = by
    locked.delete()


@transaction.atomic
def assess_title(record, by, note=""):
    return _act(record, by, "assess", council_note=note[:255])


@transaction.atomic
def assess_by_ballot(record, by, note):
    """The unit's council carried the title by secret ballot: the counted ballot is the council's
    assessment, so the title is assessed when the session closes (``by``, who closed it, is
    recorded). The state and the ballot guard still hold: a title already moved on, or one the
    ballot did not carry, is left as it is."""
    locked = _lock(record)
    if not INDIVIDUAL_TITLE.allows(locked, "assess") or INDIVIDUAL_TITLE.blocked(locked, "assess"):
        return locked
    INDIVIDUAL_TITLE.move(locked, "assess")
    locked.council_note = note[:255]
    save_with_history(locked, by)
    return locked


@transaction.atomic
def reject_title(record, by, note=""):
    return _act(record, by, "reject", council_note=note[:255])


@transaction.atomic
def decide_title(record, by, number, date):
    """The head recognises the title by decision; refused if a prerequisite in force on the
    decision's date is missing or the unit's quota for the title is full."""
    locked = _lock(record)
    INDIVIDUAL_TITLE.check(locked, "decide", by)
    if not number or date is None:
        raise ValidationError(_("Give the decision's number and date."), code="decision")
    _require_eligible(locked, on=date)
    person_year = locked.person_year
    unit_id = queries.current_unit_id(person_year.unit_id)
    quota = queries.quota(unit_id, person_year.year, locked.title, on=date)
    if quota is not None and quota[0] + 1 > quota[1]:
        raise ValidationError(
            _("The quota of «%(title)s» is full: %(used)s of %(allowed)s allowed (%(basis)s).")
            % {"title": locked.title, "used": quota[0], "allowed": quota[1], "basis": quota[2].legal_basis},
            code="quota",
        )
    return _act(locked, by, "decide", decision_number=number, decision_date=date, decided_by=by)


@transaction.atomic
def revoke_title(record, by):
    return _act(record, by, "revoke", decision_number="", decision_date=None, decided_by=None)


@transaction.atomic
def add_council_member(unit, year, user, by, last_year=None, role=CouncilMember.Role.MEMBER, appointed_by=""):
    """Seat an official of the unit on its council for ``year``, or for the term ``year``–``last_year``."""
    require(by, "people.manage_council", unit)
    official = official_of(user)
    if official is None or official.unit_id not in queries.merged_into(unit.pk):
        raise ValidationError({"user": _("Council members are officials of the unit.")})
    member = CouncilMember(unit=unit, year=year, last_year=last_year, user=user, role=role, appointed_by=appointed_by)
    member.full_clean(exclude=["user", "unit"], validate_constraints=False)
    seats = CouncilMember.objects.select_for_update().filter(unit=unit, user=user)
    if any(seat.year <= member.final_year and year <= seat.final_year for seat in seats):
        raise ValidationError({"user": _("This official is already on the council.")})
    save_with_history(member, by)
    return member


@transaction.atomic
def remove_council_member(member, by, year=None):
    """Take the seat off the council from ``year`` on: a term started earlier ends the year before,
    so the years it served (and the ballots it cast) stay on record; a seat of ``year`` itself goes."""
    require(by, "people.manage_council", member.unit)
    member = CouncilMember.objects.select_for_update().get(pk=member.pk)
    if year is not None and year > member.year:
        member.last_year = year - 1
        save_with_history(member, by)
        return member
    member._history_user = by
    try:
        member.delete()
    except ProtectedError as error:
        raise ValidationError(_("This seat has voted in a council ballot; it stays on record.")) from error
    return None
