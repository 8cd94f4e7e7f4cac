"""The dashboard's to-do lines for people: transfers to accept, titles for the council to
assess and for the head to decide (at most three queries)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.permissions import official_of
from emulation.registry import Action

from .models import IndividualTitle, Transfer
from .permissions import council_seats, kept_unit_ids

S = IndividualTitle.Status


def people_actions(user, year):
    official = official_of(user)
    if official is None:
        return []
    units = kept_unit_ids(user)
    actions = []
    waiting = Transfer.objects.filter(to_unit_id__in=units, status=Transfer.Status.REQUESTED).count()
    if waiting:
        actions.append(Action(_("Transfers to your unit to accept"), reverse("people:transfers"), waiting, "warning"))
    seated = year in {seat_year for _unit, seat_year in council_seats(user)}
    if not (seated or official.is_unit_head):
        return actions
    counts = IndividualTitle.objects.filter(person_year__unit_id__in=units, person_year__year=year).aggregate(
        proposed=Count("pk", filter=Q(status=S.PROPOSED)), assessed=Count("pk", filter=Q(status=S.ASSESSED))
    )
    url = reverse("people:year_grid", args=[official.unit.slug, year])
    if seated and counts["proposed"]:
        actions.append(Action(_("Titles for the council to assess"), url, counts["proposed"]))
    if official.is_unit_head and counts["assessed"]:
        actions.append(Action(_("Titles for you to recognise"), url, counts["assessed"]))
    return actions
