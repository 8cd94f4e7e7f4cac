"""The dashboard's to-do lines for people: transfers to accept, titles for the council to
assess and for the head to decide, whatever the dashboard's year (the unit's own cycle runs
on its own calendar). At most three queries."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.permissions import official_of
from emulation.registry import Action

from .models import IndividualTitle, Transfer
from .permissions import council_seats, kept_unit_ids

S = IndividualTitle.Status


def _waiting_titles(units):
    """{year: (proposed, assessed)} of the units' titles."""
    rows = (
        IndividualTitle.objects.filter(person_year__unit_id__in=units, status__in=[S.PROPOSED, S.ASSESSED])
        .values("person_year__year")
        .annotate(proposed=Count("pk", filter=Q(status=S.PROPOSED)), assessed=Count("pk", filter=Q(status=S.ASSESSED)))
        .order_by()
    )
    return {row["person_year__year"]: (row["proposed"], row["assessed"]) for row in rows}


def people_actions(user, year):
    official = official_of(user)
    if official is None:
        return []
    units = kept_unit_ids(user)
    actions = []
    waiting = Transfer.objects.filter(to_unit_id__in=units, status=Transfer.Status.REQUESTED).count()
    if waiting:
        actions.append(Action(_("Transfers to your unit to accept"), reverse("people:transfers"), waiting, "warning"))
    seated = {seat_year for _unit, seat_year in council_seats(user)}
    if not (seated or official.is_unit_head):
        return actions
    for title_year, (proposed, assessed) in sorted(_waiting_titles(units).items()):
        url = reverse("people:year_grid", args=[official.unit.slug, title_year])
        if title_year in seated and proposed:
            actions.append(Action(_("Titles for the council to assess") + f" ({title_year})", url, proposed))
        if official.is_unit_head and assessed:
            actions.append(Action(_("Titles for you to recognise") + f" ({title_year})", url, assessed))
    return actions
