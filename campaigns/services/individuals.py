"""The persons a pledge registers, linked to the people registry. A pledge names each person
in free text; the row is linked to the registry's person whose name is the same (NFC, case and
spacing aside) and who worked in the pledge's unit during its year. Where nobody or several do,
an official of the unit (or ministry staff) chooses on the "to link" page. Linking changes no
content of the pledge, so it is allowed whatever the pledge's state.

Once the pledge is sent, each linked row registered for one of the unit's own titles (Lao động
tiên tiến, Chiến sĩ thi đua cơ sở) is the person's registration in the unit's year grid: it is
registered there when the pledge is sent or, for a row linked later, when it is linked."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from emulation.services import require, save_with_history
from people import queries as people_queries
from people.services.years import register_pledged

from ..models import Pledge, PledgedIndividual


def unlinked_individuals():
    return PledgedIndividual.objects.filter(person__isnull=True)


def person_choices(row):
    """The persons who worked in the row's unit during its pledge's year, by name."""
    return people_queries.staff_of(row.pledge.unit, row.pledge.year)


@transaction.atomic
def link_individuals(by=None, rows=None):
    """Link every unlinked row (or those given) whose name, unit and year point to one person.
    Returns (linked, left)."""
    rows = list((rows if rows is not None else unlinked_individuals()).select_related("pledge__unit"))
    linked = people_queries.same_person(rows, lambda row: (row.pledge.unit, row.pledge.year, row.full_name))
    for row, person in linked:
        row.person = person
        save_with_history(row, by, update_fields=["person"])
    for pledge in {row.pledge for row, _person in linked}:
        register_in_year_grid(pledge, by)
    return len(linked), len(rows) - len(linked)


def register_in_year_grid(pledge, by):
    """Register the sent pledge's linked rows in the unit's year grid (see above); a draft or
    returned pledge registers nothing yet. Returns how many titles were registered."""
    if pledge.status in Pledge.EDITABLE:
        return 0
    rows = pledge.individuals.filter(person__isnull=False).select_related("person", "title")
    return register_pledged(pledge.unit, pledge.year, [(row.person, row.title) for row in rows], by)


@transaction.atomic
def link_individual(row, person, by):
    """An official of the pledge's unit (or ministry staff) says who the row's person is."""
    require(by, "campaigns.link_individual", row)
    if person.pk not in {p.pk for p in person_choices(row)}:
        raise ValidationError(
            _("%(person)s did not work in %(unit)s in %(year)s.")
            % {"person": person, "unit": row.pledge.unit, "year": row.pledge.year}
        )
    row.person = person
    save_with_history(row, by, update_fields=["person"])
    register_in_year_grid(row.pledge, by)
    return row
