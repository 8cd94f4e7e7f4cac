"""Who may see and do what in the core (``rules`` predicates).

The roles, from domain.md:
- unit official: any user with an Official row; sees their own unit's work;
- unit head: an official marked is_unit_head; approves and votes for the unit;
- cluster head staff: officials of the unit that heads a cluster in a year; they
  see and review that cluster's work for the years their unit heads it;
- ministry staff: officials of the unit marked as the Ministry's emulation office
  (and superusers); they see everything and set up the year.

Later apps build their object rules from these predicates in their own
``permissions.py``; views check with ``user.has_perm`` and templates with
``{% has_perm %}`` from ``rules``.
"""

import rules

from .models import Membership


def official_of(user):
    """The user's Official row, or None (cached on the user object)."""
    if not user.is_authenticated:
        return None
    try:
        return user.official
    except Exception:  # RelatedObjectDoesNotExist
        return None


def unit_id_of(user):
    official = official_of(user)
    return official.unit_id if official else None


@rules.predicate
def is_ministry_staff(user):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    official = official_of(user)
    return bool(official and official.unit.is_emulation_office)


@rules.predicate
def is_official(user):
    return official_of(user) is not None


@rules.predicate
def is_unit_head(user):
    official = official_of(user)
    return bool(official and official.is_unit_head)


# Bumped whenever a membership or an official changes (see ``forget_roles``): a cached
# answer from before the change is not used again, in tests as on a long request.
_structure_version = [0]


def forget_roles(**kwargs):
    """post_save/post_delete receiver for Membership and Official."""
    _structure_version[0] += 1


def _role_cache(user):
    """A dict kept on the user object (so for one request), emptied when the structure changes."""
    real = getattr(user, "_wrapped", user)  # request.user is a lazy wrapper
    cache = real.__dict__.setdefault("_emulation_roles", {"version": None})
    if cache["version"] != _structure_version[0]:
        cache.clear()
        cache["version"] = _structure_version[0]
    return cache


def headed_cluster_ids(user, year):
    """Ids of the clusters the user's unit heads in ``year``: one query per user and year,
    cached on the user object for the request. Every app asks this one helper."""
    unit_id = unit_id_of(user)
    if unit_id is None:
        return frozenset()
    cache = _role_cache(user)
    key = ("headed", unit_id, year)
    if key not in cache:
        cache[key] = frozenset(
            Membership.objects.filter(unit_id=unit_id, year=year, role=Membership.Role.HEAD).values_list(
                "cluster_id", flat=True
            )
        )
    return cache[key]


def heads_cluster(user, cluster_id, year):
    """Is the user on the staff of the unit heading that cluster that year?"""
    return cluster_id in headed_cluster_ids(user, year)


@rules.predicate
def is_cluster_head_staff(user):
    """Is the user's unit head of any cluster in any year (for showing menus)."""
    unit_id = unit_id_of(user)
    return bool(unit_id) and Membership.objects.filter(unit_id=unit_id, role=Membership.Role.HEAD).exists()


@rules.predicate
def is_own_unit(user, unit):
    return unit is not None and unit_id_of(user) == unit.pk


is_authenticated = rules.is_authenticated

rules.add_perm("emulation.view_structure", is_authenticated)
rules.add_perm("emulation.setup_year", is_ministry_staff)
rules.add_perm("emulation.view_unit_officials", is_ministry_staff | is_own_unit)
# Officials' accounts: ministry staff for every unit; a unit's own head for its staff
# (naming a unit's head stays with ministry staff).
rules.add_perm("emulation.add_officials", is_ministry_staff | is_unit_head)
rules.add_perm("emulation.manage_officials", is_ministry_staff | (is_unit_head & is_own_unit))
rules.add_perm("emulation.appoint_unit_head", is_ministry_staff)


@rules.predicate
def heads_figure_cluster(user, figure):
    """The staff of the unit heading the figure's cluster in the figure's year."""
    return figure is not None and heads_cluster(user, figure.cluster_id, figure.year)


rules.add_perm("emulation.report_cluster_figures", is_ministry_staff | heads_figure_cluster)
