"""Reads of the people app; other apps use these, never the models directly.

Public: ``merged_into``, ``current_unit_id``, ``roster``, ``year_rows``, ``unit_titles``, ``meets``, ``eligibility``,
``quota``, ``person_page``, ``rules_in_force``, ``initiatives_of``, ``person_by_cccd``, ``recognised_titles``.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from emulation.models import Title, Unit
from emulation.text import nfc, vi_collate

from .models import (
    Grading,
    IndividualTitle,
    Initiative,
    InitiativeAuthor,
    Person,
    PersonYear,
    Posting,
    Prerequisite,
    Scope,
    Transfer,
)

K = Prerequisite.Kind
DECIDED = IndividualTitle.Status.DECIDED


def _successors():
    return dict(Unit.objects.filter(successor__isnull=False).values_list("pk", "successor_id"))


def current_unit_id(unit_id):
    """The unit that carries on ``unit_id`` today, following mergers (one query)."""
    successors, seen = _successors(), set()
    while unit_id in successors and unit_id not in seen:
        seen.add(unit_id)
        unit_id = successors[unit_id]
    return unit_id


def merged_into(unit_id):
    """Ids of the unit and of every unit merged into it, however many mergers back (one query)."""
    predecessors = {}
    for pk, successor_id in _successors().items():
        predecessors.setdefault(successor_id, []).append(pk)
    family, todo = set(), [unit_id]
    while todo:
        current = todo.pop()
        if current not in family:
            family.add(current)
            todo.extend(predecessors.get(current, ()))
    return family


def roster(unit):
    """The open postings of the unit and of the units merged into it, by name."""
    return (
        Posting.objects.open()
        .filter(unit_id__in=merged_into(unit.pk))
        .select_related("person", "unit")
        .order_by(vi_collate("person__full_name"), "pk")
    )


def year_posting_ids(unit, year, person_id=None):
    """The ids of ``year_postings`` (of one person's only, given ``person_id``), in their order,
    without loading the postings: the year grid pages these and loads one page's postings."""
    postings = Posting.objects.during(datetime.date(year, 1, 1), datetime.date(year, 12, 31)).filter(
        unit_id__in=merged_into(unit.pk)
    )
    ordered = postings.order_by(vi_collate("person__full_name"), "person_id", "-start")
    seen, ids = set(), []
    # The person is picked here, not in SQL: a person id from the URL may be out of the database's
    # integer range (SQLite refuses it), and the unit's year is a few hundred rows of two numbers.
    for pk, person in ordered.values_list("pk", "person_id"):
        if person not in seen and person_id in (None, person):
            seen.add(person)
            ids.append(pk)
    return ids


def postings_in_order(ids):
    """The postings with these ids, with person and unit, in the order of ``ids``."""
    by_pk = Posting.objects.select_related("person", "unit").in_bulk(ids)
    return [by_pk[pk] for pk in ids]


def year_postings(unit, year):
    """One posting per person who worked in the unit (or a unit merged into it) during ``year``:
    the latest of the year, by name."""
    return postings_in_order(year_posting_ids(unit, year))


def name_key(name):
    """A person's name as free text is compared: NFC, case and spacing aside."""
    return " ".join(nfc(name or "").casefold().split())


def named(people, name):
    """Those of ``people`` whose full name is ``name`` (``name_key`` equal)."""
    key = name_key(name)
    return [person for person in people if name_key(person.full_name) == key]


def staff_of(unit, year):
    """The persons who worked in the unit (or a unit merged into it) during ``year``, by name."""
    return [posting.person for posting in year_postings(unit, year)]


def same_person(rows, where):
    """[(row, person)] for the rows that name one person only: ``where(row) -> (unit, year,
    name)``, and exactly one of the unit's staff of that year has the name. Free-text names
    of earlier records (award history, pledges) are linked to the registry this way; the staff
    of each unit and year are loaded once."""
    staff, found = {}, []
    for row in rows:
        unit, year, name = where(row)
        if (unit.pk, year) not in staff:
            staff[unit.pk, year] = staff_of(unit, year)
        same = named(staff[unit.pk, year], name)
        if len(same) == 1:
            found.append((row, same[0]))
    return found


def chosen_person(value):
    """The person an official chose in a form (a raw POST value), or None for anything that
    is not one person's id ("", "abc", 25 digits)."""
    value = str(value or "")
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return Person.objects.filter(pk=int(value)).first()


def unit_titles():
    """The titles for individuals a unit's head decides (the catalogue says who confers each)."""
    return list(
        Title.objects.filter(kind=Title.Kind.TITLE, level__in=[Title.Level.INDIVIDUAL, Title.Level.BOTH])
        .filter(decided_by=Title.DecidedBy.UNIT)
        .order_by("order", "name")
    )


def rules_in_force(titles, day):
    """{title_id: [Prerequisite]} in force on ``day``."""
    rows = Prerequisite.objects.filter(title__in=titles, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    by_title = {}
    for rule in rows.select_related("required_title", "title"):
        by_title.setdefault(rule.title_id, []).append(rule)
    return by_title


@dataclass
class History:
    """The gradings and the recognised titles of some persons, loaded in two queries."""

    years: dict = field(default_factory=dict)  # person_id → {year: PersonYear}
    titles: set = field(default_factory=set)  # (person_id, year, title_id) recognised
    initiatives: dict = field(default_factory=dict)  # (person_id, year) → widest scope rank recognised

    @classmethod
    def load(cls, person_ids, first=None, last=None):
        """The history of ``person_ids``, only from year ``first`` to ``last`` when given."""
        history = cls()
        span = {key: value for key, value in (("year__gte", first), ("year__lte", last)) if value is not None}
        person_years = PersonYear.objects.filter(person_id__in=person_ids, **span)
        for person_year in person_years.only("person_id", "year", "grading", "discipline", "discipline_date"):
            history.years.setdefault(person_year.person_id, {})[person_year.year] = person_year
        decided = IndividualTitle.objects.filter(
            person_year__person_id__in=person_ids, status=DECIDED, **{f"person_year__{k}": v for k, v in span.items()}
        )
        for row in decided.values_list("person_year__person_id", "person_year__year", "title_id"):
            history.titles.add(row)
        authored = InitiativeAuthor.objects.filter(
            person_id__in=person_ids,
            initiative__status=Initiative.Status.RECOGNISED,
            **{f"initiative__{k}": v for k, v in span.items()},
        ).values_list("person_id", "initiative__year", "initiative__scope")
        for person_id, year, scope in authored:
            key = (person_id, year)
            history.initiatives[key] = max(history.initiatives.get(key, -1), Scope.rank(scope))
        return history

    def has(self, person_id, year, title_id):
        return (person_id, year, title_id) in self.titles


@dataclass(frozen=True)
class Check:
    rule: Prerequisite
    ok: bool
    reason: str


@dataclass
class Eligibility:
    title: Title
    year: int
    checks: list

    @property
    def ok(self):
        return all(check.ok for check in self.checks)

    @property
    def missing(self):
        return [check.reason for check in self.checks if not check.ok]


def _span(rule, year):
    return list(range(year - rule.years + 1, year + 1))


def _title_check(rule, person_id, year, history):
    years = [year] if rule.kind == K.TITLE_SAME_YEAR else _span(rule, year)
    lacking = [y for y in years if not history.has(person_id, y, rule.required_title_id)]
    if not lacking:
        return Check(rule, True, "")
    if rule.kind == K.TITLE_SAME_YEAR or rule.years == 1:
        reason = _("«%(title)s» not recognised in %(year)s.") % {"title": rule.required_title, "year": year}
    else:
        reason = _("Needs «%(title)s» in %(count)s consecutive years; missing: %(years)s.") % {
            "title": rule.required_title,
            "count": rule.years,
            "years": ", ".join(str(y) for y in lacking),
        }
    return Check(rule, False, reason)


def _grading_check(rule, person_id, year, history):
    years = history.years.get(person_id, {})
    needed = Grading.rank(rule.grading)
    lacking = [y for y in _span(rule, year) if Grading.rank(getattr(years.get(y), "grading", "")) > needed]
    if not lacking:
        return Check(rule, True, "")
    if rule.years == 1:
        return Check(rule, False, _("Needs grading «%(grading)s» or better in %(year)s.")
                     % {"grading": Grading(rule.grading).label, "year": year})  # fmt: skip
    reason = _("Needs grading «%(grading)s» or better in %(count)s consecutive years; not in: %(years)s.") % {
        "grading": Grading(rule.grading).label,
        "count": rule.years,
        "years": ", ".join(str(y) for y in lacking),
    }
    return Check(rule, False, reason)


def _discipline_check(rule, person_id, year, history):
    person_year = history.years.get(person_id, {}).get(year)
    if person_year is None or not person_year.discipline:
        return Check(rule, True, "")
    reason = _("Disciplined: %(form)s, %(date)s.") % {
        "form": person_year.get_discipline_display(),
        "date": person_year.discipline_date.strftime("%m/%Y"),
    }
    return Check(rule, False, reason)


def _span_text(rule, year):
    span = _span(rule, year)
    return str(year) if len(span) == 1 else f"{span[0]}–{span[-1]}"


def _times_check(rule, person_id, year, history):
    held = [y for y in _span(rule, year) if history.has(person_id, y, rule.required_title_id)]
    if len(held) >= rule.times:
        return Check(rule, True, "")
    reason = _("Needs «%(title)s» %(times)s times in %(years)s; held: %(held)s.") % {
        "title": rule.required_title,
        "times": rule.times,
        "years": _span_text(rule, year),
        "held": ", ".join(str(y) for y in held) or "—",
    }
    return Check(rule, False, reason)


def _initiative_check(rule, person_id, year, history):
    """One initiative recognised at the scope or wider, in the year or, for a rule of several
    years, in any year of the span."""
    needed = Scope.rank(rule.scope)
    if any(history.initiatives.get((person_id, y), -1) >= needed for y in _span(rule, year)):
        return Check(rule, True, "")
    years = _span_text(rule, year)
    if needed <= 0:
        return Check(rule, False, _("No recognised initiative in %(years)s.") % {"years": years})
    reason = _("No initiative recognised with an effect of «%(scope)s» or wider in %(years)s.") % {
        "scope": Scope(rule.scope).label,
        "years": years,
    }
    return Check(rule, False, reason)


CHECKS = {
    K.TITLE_SAME_YEAR: _title_check,
    K.TITLE_CONSECUTIVE: _title_check,
    K.TITLE_TIMES: _times_check,
    K.GRADING: _grading_check,
    K.NO_DISCIPLINE: _discipline_check,
    K.INITIATIVE: _initiative_check,
}


def evaluate(person_id, title, year, rules, history):
    """The person's eligibility for the title in the year under ``rules`` (quotas are the unit's)."""
    checks = [CHECKS[rule.kind](rule, person_id, year, history) for rule in rules if rule.kind in CHECKS]
    return Eligibility(title, year, checks)


def meets(person, title, year, on=None):
    """Does the person meet the title's prerequisites in ``year`` (rules in force on ``on``,
    by default the year's last day)? ``.ok`` and ``.missing`` (the reasons) say."""
    day = on or datetime.date(year, 12, 31)
    rules = rules_in_force([title], day).get(title.pk, [])
    return evaluate(person.pk, title, year, rules, History.load([person.pk]))


def eligibility(person_ids, titles, year):
    """{(person_id, title_id): Eligibility} for many persons at once (a fixed number of queries)."""
    rules = rules_in_force(titles, datetime.date(year, 12, 31))
    reach = max((rule.years for in_force in rules.values() for rule in in_force), default=1)
    history = History.load(person_ids, first=year - max(reach, 1) + 1, last=year)
    return {
        (person_id, title.pk): evaluate(person_id, title, year, rules.get(title.pk, []), history)
        for person_id in person_ids
        for title in titles
    }


def quota(unit_id, year, title, on=None):
    """(recognised now, allowed, rule) for the unit's share-capped title in ``year``, counting
    the unit and the units merged into it; None when no quota is in force."""
    day = on or datetime.date(year, 12, 31)
    return _quota(unit_id, year, title, rules_in_force([title], day).get(title.pk, []))


def quotas(unit_id, year, titles):
    """[(title, quota)] for these titles, the rules in force read once."""
    rules = rules_in_force(titles, datetime.date(year, 12, 31))
    return [(title, _quota(unit_id, year, title, rules.get(title.pk, []))) for title in titles]


def _quota(unit_id, year, title, rules):
    rule = next((r for r in rules if r.kind == K.QUOTA), None)
    if rule is None:
        return None
    family = merged_into(unit_id)
    in_unit = IndividualTitle.objects.filter(person_year__unit_id__in=family, person_year__year=year, status=DECIDED)
    used = in_unit.filter(title=title).count()
    base = in_unit.filter(title_id=rule.required_title_id).count()
    return used, math.floor(base * rule.share_percent / 100), rule


def person_page(pk):
    """The person with postings, transfers and years (titles included) in a fixed number of queries."""
    postings = Posting.objects.select_related("unit__successor").order_by("-start", "-pk")
    transfers = Transfer.objects.select_related("from_unit", "to_unit")
    years = PersonYear.objects.select_related("unit").prefetch_related(
        Prefetch("titles", IndividualTitle.objects.select_related("title", "person_year__unit"))
    )
    authorships = InitiativeAuthor.objects.select_related("initiative__unit").order_by("-initiative__year", "pk")
    return Person.objects.prefetch_related(
        Prefetch("postings", postings),
        Prefetch("transfers", transfers),
        Prefetch("years", years),
        Prefetch("initiative_authorships", authorships),
    ).get(pk=pk)


def initiatives_of(unit, year):
    """The initiatives of the unit (and of the units merged into it) for the year, by name,
    with their authors, in a fixed number of queries."""
    authors = InitiativeAuthor.objects.select_related("person").order_by("-share", "pk")
    return (
        Initiative.objects.filter(unit_id__in=merged_into(unit.pk), year=year)
        .select_related("unit")
        .prefetch_related(Prefetch("authors", authors))
        .order_by(vi_collate("name"), "pk")
    )


def pending_transfers_to(unit_ids):
    return Transfer.objects.filter(to_unit_id__in=unit_ids, status=Transfer.Status.REQUESTED).select_related(
        "person", "from_unit", "to_unit"
    )


def person_by_cccd(number):
    """The person with this identification number (or None), with the units they were posted in."""
    postings = Prefetch("postings", Posting.objects.order_by("start"))
    return Person.objects.filter(cccd=number).prefetch_related(postings).first()


def recognised_titles(person):
    """The unit's titles recognised for the person (decided, with a decision), newest first."""
    return (
        IndividualTitle.objects.filter(person_year__person=person, status=DECIDED)
        .select_related("title", "person_year__unit")
        .order_by("-person_year__year", "pk")
    )
