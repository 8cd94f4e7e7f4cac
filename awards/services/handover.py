"""The handover of the head role (trao Cờ đăng cai): recorded at the year-end
conference by the head's staff, confirmed by the Ministry (``transitions.HANDOVER``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.models import Membership
from emulation.services import copy_memberships, save_with_history, set_leadership

from ..models import Handover
from ..transitions import HANDOVER


@transaction.atomic
def record_handover(cluster, year, by, *, head, deputies=(), conference_date=None, conference_place=""):
    """At the year-end conference the head's staff record next year's proposed head
    and deputies (chosen among this year's members). Can be corrected until confirmed."""
    handover = Handover.objects.select_for_update().filter(cluster=cluster, year=year).first()
    if handover is None:
        handover = Handover(cluster=cluster, year=year, recorded_by=by)
    HANDOVER.check(handover, "record", by)
    deputies = [unit for unit in deputies if unit is not None]
    if head is None:
        raise ValidationError(_("Choose next year's head unit."))
    if head in deputies or len(set(deputies)) != len(deputies) or len(deputies) > 2:
        raise ValidationError(_("The head and the deputies must be different units."))
    member_ids = set(Membership.objects.filter(cluster=cluster, year=year).values_list("unit_id", flat=True))
    outside = [str(unit) for unit in [head, *deputies] if unit.pk not in member_ids]
    if outside:
        raise ValidationError(
            _("%(units)s is not a member of this cluster in %(year)s.") % {"units": ", ".join(outside), "year": year}
        )
    handover.next_head = head
    handover.next_deputy_1 = deputies[0] if deputies else None
    handover.next_deputy_2 = deputies[1] if len(deputies) > 1 else None
    handover.conference_date, handover.conference_place = conference_date, conference_place
    handover.recorded_by = by
    save_with_history(handover, by)
    return handover


@transaction.atomic
def confirm_handover(handover, by):
    """Ministry staff confirm: the cluster's next-year members are started from this
    year's if it has none yet, then next year's head and deputies are set."""
    locked = Handover.objects.select_for_update().select_related("cluster").get(pk=handover.pk)
    HANDOVER.check(locked, "confirm", by)
    next_year = locked.year + 1
    if not Membership.objects.filter(cluster=locked.cluster, year=next_year).exists():
        copy_memberships(locked.year, next_year, by, clusters=[locked.cluster])
    set_leadership(locked.cluster, next_year, locked.next_head, locked.deputies, by)
    HANDOVER.move(locked, "confirm")
    locked.confirmed_by, locked.confirmed_at = by, timezone.now()
    save_with_history(locked, by)
    return locked
