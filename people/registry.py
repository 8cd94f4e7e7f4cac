"""What later apps add to the unit's own cycle for its staff, without people importing them.

People sits below awards (``docs/architecture.md``), so an app above that must hold back an
action on a person's title, or offer a page from the unit's year grid, registers it here from
its ``AppConfig.ready()``:

- ``add_title_guard(guard)``: ``guard(records) -> {record pk: {action: reason}}`` says, for a
  list of ``IndividualTitle`` rows, which actions of ``transitions.INDIVIDUAL_TITLE`` are refused
  now and why (awards: a title the unit's council must vote on by secret ballot, and that the
  ballot has not carried, can be neither assessed nor recognised). A fixed number of queries
  for the whole list: the year grid asks once for all its rows.
- ``add_year_grid_link(label, url, visible, order)``: a button on a unit's year grid,
  ``url(unit, year)``, shown when ``visible(user, unit, year)``.
- ``add_person_section(provider, order)``: a section of a person's page,
  ``provider(person, user) -> (heading, [(text, url or "")])``, or None when it has nothing
  (campaigns: the pledges that registered the person). One or two queries per provider.
"""

from collections.abc import Callable
from dataclasses import dataclass

title_guards = []


def add_title_guard(guard):
    if guard not in title_guards:
        title_guards.append(guard)


def _reasons(records):
    found = {record.pk: {} for record in records}
    for guard in title_guards:
        for pk, reasons in guard(records).items():
            for action, reason in reasons.items():
                found[pk].setdefault(action, reason)
    return found


def load_title_guards(records):
    """Set ``record.blocked`` ({action: reason}) on each record, every guard asked once for all
    of them: a page listing many records asks this first, then the machine reads it."""
    records = list(records)
    if records:
        found = _reasons(records)
        for record in records:
            record.blocked = found[record.pk]


def title_blocked(record, action):
    """Why the action is refused on the record now, or None (asked anew unless loaded)."""
    blocked = getattr(record, "blocked", None)
    if blocked is None:
        blocked = _reasons([record])[record.pk] if title_guards else {}
    return blocked.get(action)


@dataclass(frozen=True)
class YearGridLink:
    label: str
    url: Callable
    visible: Callable
    order: int = 50


year_grid_links = []


def add_year_grid_link(label, url, visible, order=50):
    if all(link.label != label for link in year_grid_links):
        year_grid_links.append(YearGridLink(label, url, visible, order))
        year_grid_links.sort(key=lambda link: link.order)


def year_grid_links_for(user, unit, year):
    """(label, url) of the links this user may follow from the unit's year grid."""
    return [(link.label, link.url(unit, year)) for link in year_grid_links if link.visible(user, unit, year)]


person_sections = []


def add_person_section(provider, order=50):
    if all(found is not provider for _order, found in person_sections):
        person_sections.append((order, provider))
        person_sections.sort(key=lambda section: section[0])


def person_sections_for(person, user):
    """[(heading, [(text, url)])] of the sections later apps add to the person's page."""
    return [found for _order, provider in person_sections if (found := provider(person, user))]
