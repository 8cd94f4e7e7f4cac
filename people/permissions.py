"""Who may see and do what with the sector's staff (``rules`` predicates: who, never when).

- A unit's officials keep its roster: the persons posted there, and the persons posted in
  units merged into it (``Unit.successor``). They see full records and the whole CCCD.
- Ministry staff see every person and the whole CCCD; as they are outside the unit, every
  full record they open is logged.
- Officials of a unit where a person worked before, or of the unit a transfer is waiting
  at, see the person's page with the CCCD masked (and their visit is logged).
- The unit's council (members named for the year) assesses the titles its officials
  propose; the unit's head decides them and names the council.
- Ministry staff edit the prerequisites of titles.
- Initiatives: the unit's officials register, edit and submit them; the unit's head or a
  member of the unit's council for the initiative's year assesses them; ministry staff
  read them all.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from emulation.permissions import is_ministry_staff, official_of, unit_id_of

from .models import CouncilMember
from .queries import merged_into


def may(user, perm, obj=None):
    """The rules' answer, without Django's superuser shortcut: a unit's staff are its own
    business, so a superuser is ministry staff here, not a way round the rules."""
    return rules.has_perm(perm, user, obj)


def require(user, perm, obj=None):
    if not may(user, perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _cache(user, key, build):
    real = getattr(user, "_wrapped", user)  # request.user is a lazy wrapper
    store = real.__dict__.setdefault("_people_cache", {})
    if key not in store:
        store[key] = build()
    return store[key]


def kept_unit_ids(user):
    """Ids of the units whose rosters the user keeps: their own and those merged into it."""
    unit_id = unit_id_of(user)
    return _cache(user, "kept", lambda: merged_into(unit_id) if unit_id else set())


def council_seats(user):
    """{(unit_id, year)} where the user sits on the unit's council, each year of a term (one query, cached)."""
    if not user.is_authenticated:
        return set()
    return _cache(user, "seats", lambda: _seat_years(CouncilMember.objects.filter(user=user)))


def _seat_years(seats):
    rows = seats.values_list("unit_id", "year", "last_year")
    return {(unit_id, year) for unit_id, first, last in rows for year in range(first, (last or first) + 1)}


def keeps(user, unit_id):
    return unit_id is not None and unit_id in kept_unit_ids(user)


@rules.predicate
def keeps_roster(user, unit):
    return unit is not None and keeps(user, unit.pk)


@rules.predicate
def heads_unit(user, unit):
    official = official_of(user)
    return bool(unit is not None and official and official.is_unit_head and keeps(user, unit.pk))


@rules.predicate
def keeps_person(user, person):
    """Is the person posted (now) in a unit whose roster the user keeps?"""
    return person is not None and keeps(user, person_unit_id(person))


@rules.predicate
def knew_person(user, person):
    """Did the person work in the user's unit before, or is a transfer to it waiting?"""
    if person is None or not kept_unit_ids(user):
        return False
    return bool(kept_unit_ids(user) & person_related_unit_ids(person))


@rules.predicate
def sends_transfer(user, transfer):
    return transfer is not None and keeps(user, transfer.from_unit_id)


@rules.predicate
def receives_transfer(user, transfer):
    return transfer is not None and keeps(user, transfer.to_unit_id)


@rules.predicate
def keeps_title_unit(user, title):
    return title is not None and keeps(user, title.person_year.unit_id)


@rules.predicate
def sits_on_council(user, title):
    """Does the user sit, that year, on the council of the title's unit (or of the unit it merged into)?"""
    if title is None:
        return False
    person_year = title.person_year
    for unit_id, year in council_seats(user):
        family = _cache(user, ("family", unit_id), lambda u=unit_id: merged_into(u))
        if year == person_year.year and person_year.unit_id in family:
            return True
    return False


@rules.predicate
def heads_title_unit(user, title):
    return title is not None and heads_unit(user, title.person_year.unit)


@rules.predicate
def keeps_initiative_unit(user, initiative):
    return initiative is not None and keeps(user, initiative.unit_id)


@rules.predicate
def assesses_initiative(user, initiative):
    """The unit's head, or a member of the unit's council (or its successor's) for the initiative's year."""
    if initiative is None:
        return False
    official = official_of(user)
    if official and official.is_unit_head and keeps(user, initiative.unit_id):
        return True
    for unit_id, year in council_seats(user):
        family = _cache(user, ("family", unit_id), lambda u=unit_id: merged_into(u))
        if year == initiative.year and initiative.unit_id in family:
            return True
    return False


def person_unit_id(person):
    """The unit of the person's open posting (None if none); read from prefetched postings when there."""
    return getattr(_open_posting(person), "unit_id", None)


def _open_posting(person):
    if not hasattr(person, "_open_posting"):
        person._open_posting = next((p for p in person.postings.all() if p.end is None), None)
    return person._open_posting


def person_related_unit_ids(person):
    units = {posting.unit_id for posting in person.postings.all()}
    units.update(t.to_unit_id for t in person.transfers.all() if t.status == t.Status.REQUESTED)
    return units


rules.add_perm("people.view_person", is_ministry_staff | keeps_person | knew_person)
rules.add_perm("people.view_full_record", is_ministry_staff | keeps_person)
rules.add_perm("people.edit_person", keeps_person)
rules.add_perm("people.view_roster", is_ministry_staff | keeps_roster)
rules.add_perm("people.manage_roster", keeps_roster)
rules.add_perm("people.manage_council", heads_unit)
rules.add_perm("people.send_transfer", sends_transfer)
rules.add_perm("people.receive_transfer", receives_transfer)
rules.add_perm("people.propose_title", keeps_title_unit)
rules.add_perm("people.assess_title", sits_on_council)
rules.add_perm("people.decide_title", heads_title_unit)
rules.add_perm("people.edit_prerequisites", is_ministry_staff)
rules.add_perm("people.view_initiatives", is_ministry_staff | keeps_roster)
rules.add_perm("people.register_initiative", keeps_roster)
rules.add_perm("people.view_initiative", is_ministry_staff | keeps_initiative_unit | assesses_initiative)
rules.add_perm("people.edit_initiative", keeps_initiative_unit)
rules.add_perm("people.assess_initiative", assesses_initiative)
rules.add_perm("people.view_people", is_ministry_staff | rules.is_authenticated)
