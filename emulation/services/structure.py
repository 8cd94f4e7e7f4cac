"""Actions that change the sector's structure: memberships and leadership by year.

Each service runs in one transaction, locks what it checks, checks the permission
rule, writes history (simple_history, with ``by`` as the author) and refuses a bad
request with ``ValidationError`` (shown to the user) or ``PermissionDenied``.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ..models import Cluster, Membership
from ..text import sort_key
from . import require, save_with_history


def _current_unit(unit):
    """Follow successors: a unit merged away (2025) is replaced by the unit that took it over."""
    seen = set()
    while not unit.active and unit.successor_id and unit.pk not in seen:
        seen.add(unit.pk)
        unit = unit.successor
    return unit


@transaction.atomic
def copy_memberships(from_year, to_year, by, clusters=None):
    """Start ``to_year`` with last year's members (roles are set afterwards), of every
    cluster or only of ``clusters``.

    Merged units are replaced by their successors; clusters no longer active and
    memberships that already exist are skipped. Returns the number created.
    """
    require(by, "emulation.setup_year")
    if to_year <= from_year:
        raise ValidationError(_("The new year must come after the year copied from."))
    active_clusters = set(Cluster.objects.active_in(to_year).values_list("pk", flat=True))
    existing = set(Membership.objects.filter(year=to_year).values_list("cluster_id", "unit_id"))
    source = Membership.objects.filter(year=from_year).select_related("unit__successor").order_by("pk")
    if clusters is not None:
        source = source.filter(cluster__in=clusters)
    new_rows = []
    for membership in source:
        unit = _current_unit(membership.unit)
        key = (membership.cluster_id, unit.pk)
        if membership.cluster_id in active_clusters and unit.active and key not in existing:
            existing.add(key)
            new_rows.append(Membership(cluster_id=membership.cluster_id, unit=unit, year=to_year))
    bulk_create_with_history(new_rows, Membership, default_user=by)
    return len(new_rows)


@transaction.atomic
def set_leadership(cluster, year, head, deputies, by):
    """Set the head (Trưởng) and deputies (Phó Trưởng) of a cluster for a year."""
    require(by, "emulation.setup_year")
    deputies = [unit for unit in deputies if unit is not None]
    if head is None:
        raise ValidationError(_("Choose the head unit."))
    if head in deputies or len(set(deputies)) != len(deputies):
        raise ValidationError(_("The head and the deputies must be different units."))
    memberships = {
        m.unit_id: m for m in Membership.objects.select_for_update().filter(cluster=cluster, year=year).order_by("pk")
    }
    missing = [unit for unit in [head, *deputies] if unit.pk not in memberships]
    if missing:
        raise ValidationError(
            _("%(units)s is not a member of this cluster in %(year)s.")
            % {"units": ", ".join(str(unit) for unit in missing), "year": year}
        )
    wanted = {unit.pk: Membership.Role.DEPUTY for unit in deputies}
    wanted[head.pk] = Membership.Role.HEAD
    # Clear roles first so the one-head constraint never sees two heads at once.
    for membership in memberships.values():
        if membership.role != Membership.Role.MEMBER and wanted.get(membership.unit_id) != membership.role:
            membership.role = Membership.Role.MEMBER
            save_with_history(membership, by, update_fields=["role"])
    for unit_id, role in wanted.items():
        membership = memberships[unit_id]
        if membership.role != role:
            membership.role = role
            save_with_history(membership, by, update_fields=["role"])


def propose_head(cluster, year):
    """The next head by rotation (luân phiên) among this year's members: see ``rotation_choice``."""
    units = [m.unit for m in Membership.objects.filter(cluster=cluster, year=year).select_related("unit")]
    return rotation_choice(units, last_headed_years([cluster.pk], year)[cluster.pk], year)


def last_headed_years(cluster_ids, year):
    """{cluster_id: {unit_id: the last year before ``year`` it headed the cluster}}, one query."""
    result = defaultdict(dict)
    rows = (
        Membership.objects.filter(cluster_id__in=cluster_ids, role=Membership.Role.HEAD, year__lt=year)
        .values("cluster_id", "unit_id")
        .annotate(last=Max("year"))
        .values_list("cluster_id", "unit_id", "last")
    )
    for cluster_id, unit_id, last in rows:
        result[cluster_id][unit_id] = last
    return result


def rotation_choice(units, last_headed, year):
    """Among ``units``, the one that has gone longest without heading the cluster (never
    before anyone else), other than last year's head; ties go to Vietnamese name order.
    None when there are no units."""
    if not units:
        return None
    previous_head = next((unit for unit, last in last_headed.items() if last == year - 1), None)
    candidates = [unit for unit in units if unit.pk != previous_head] or units
    return min(candidates, key=lambda unit: (last_headed.get(unit.pk, 0), sort_key(unit.name)))
