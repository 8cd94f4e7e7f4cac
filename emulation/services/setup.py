"""Ministry staff set up the sector without the admin: clusters (create, rename, end),
units (create, rename, merge into a successor) and a cluster's members of a year (added
and removed in bulk). Slugs are made from the names ("Cụm VII" → ``cum-vii``), never typed.

Verbs: create_cluster, rename_cluster, end_cluster, create_unit, rename_unit, merge_unit,
change_members.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Cluster, Membership, Unit
from ..text import nfc, vi_slug
from . import require, save_with_history

SLUG_LENGTH = 100


def unique_slug(model, name, exclude_pk=None):
    """A slug keeping the Vietnamese meaning of ``name``, made unique with -2, -3 …"""
    base = vi_slug(name)[: SLUG_LENGTH - 4].strip("-") or model._meta.model_name
    taken = set(model.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _clean_name(model, name, exclude_pk=None):
    name = nfc(name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    if model.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise ValidationError({"name": _("Another one already has this name.")}, code="unique")
    return name


@transaction.atomic
def create_cluster(by, name, first_year, kind=Cluster.Kind.CLUSTER, short_name="", parent=None):
    require(by, "emulation.setup_year")
    cluster = Cluster(
        name=_clean_name(Cluster, name), short_name=short_name, kind=kind, parent=parent, first_year=first_year
    )
    cluster.slug = unique_slug(Cluster, cluster.name)
    cluster.full_clean()
    save_with_history(cluster, by)
    return cluster


@transaction.atomic
def rename_cluster(cluster, by, name, short_name=""):
    """A new name; the slug (and so every link to the cluster) stays."""
    require(by, "emulation.setup_year")
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    cluster.name, cluster.short_name = _clean_name(Cluster, name, cluster.pk), short_name
    save_with_history(cluster, by, update_fields=["name", "short_name"])
    return cluster


@transaction.atomic
def end_cluster(cluster, by, last_year):
    """The cluster's last year (None: it goes on). Refused while it has members after it."""
    require(by, "emulation.setup_year")
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if last_year is not None:
        if last_year < cluster.first_year:
            raise ValidationError({"last_year": _("The last year cannot be before the first year.")})
        later = Membership.objects.filter(cluster=cluster, year__gt=last_year).order_by("year").first()
        if later:
            raise ValidationError(
                {"last_year": _("The cluster has members in %(year)s: remove them first.") % {"year": later.year}}
            )
    cluster.last_year = last_year
    save_with_history(cluster, by, update_fields=["last_year"])
    return cluster


@transaction.atomic
def create_unit(by, name, type, short_name="", province="", parent=None):
    require(by, "emulation.setup_year")
    unit = Unit(name=_clean_name(Unit, name), short_name=short_name, type=type, province=province, parent=parent)
    unit.slug = unique_slug(Unit, unit.name)
    unit.full_clean()
    save_with_history(unit, by)
    return unit


@transaction.atomic
def rename_unit(unit, by, name, short_name="", province=""):
    require(by, "emulation.setup_year")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    unit.name, unit.short_name, unit.province = _clean_name(Unit, name, unit.pk), short_name, province
    save_with_history(unit, by, update_fields=["name", "short_name", "province"])
    return unit


def _refuse_merge(unit, successor):
    if successor.pk == unit.pk:
        raise ValidationError({"successor": _("A unit cannot be merged into itself.")})
    if not unit.active:
        raise ValidationError(_("This unit has already been merged or closed."), code="state")
    if not successor.active:
        raise ValidationError({"successor": _("The successor must be an active unit.")})


@transaction.atomic
def merge_unit(unit, successor, from_year, by):
    """Merge ``unit`` into ``successor`` (2025: provinces merged): from ``from_year`` on the
    successor takes over the unit's memberships (with their roles, where it is not a member
    already) and the unit is no longer active. Years before stay as they were."""
    require(by, "emulation.setup_year")
    unit, successor = (Unit.objects.select_for_update().get(pk=pk) for pk in (unit.pk, successor.pk))
    _refuse_merge(unit, successor)
    taken = set(Membership.objects.filter(unit=successor, year__gte=from_year).values_list("cluster_id", "year"))
    for membership in Membership.objects.select_for_update().filter(unit=unit, year__gte=from_year).order_by("pk"):
        membership._history_user = by
        if (membership.cluster_id, membership.year) in taken:
            membership.delete()
        else:
            membership.unit = successor
            save_with_history(membership, by, update_fields=["unit"])
    unit.successor, unit.active = successor, False
    save_with_history(unit, by, update_fields=["successor", "active"])
    return unit


@transaction.atomic
def change_members(cluster, year, by, add=(), remove=()):
    """Add units to and remove units from a cluster's members of ``year``, in one go.
    Returns (added, removed) counts. A removed head or deputy loses its role with it."""
    require(by, "emulation.setup_year")
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if not cluster.applies_in(year):
        raise ValidationError(_("The cluster is not active in %(year)s.") % {"year": year}, code="state")
    current = {m.unit_id: m for m in Membership.objects.select_for_update().filter(cluster=cluster, year=year)}
    removed = 0
    for unit in remove:
        membership = current.pop(unit.pk, None)
        if membership is not None:
            membership._history_user = by
            membership.delete()
            removed += 1
    added = 0
    for unit in sorted(add, key=lambda unit: unit.pk):
        if unit.pk in current:
            continue
        if not unit.active:
            raise ValidationError(_("%(unit)s is no longer active.") % {"unit": unit})
        current[unit.pk] = Membership(cluster=cluster, unit=unit, year=year)
        save_with_history(current[unit.pk], by)
        added += 1
    return added, removed
