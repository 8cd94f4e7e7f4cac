"""Who may do what with the calendar (``rules`` predicates: who someone is, never when).

- everyone with a login reads the calendar, their notifications and their own feed;
- ministry staff set up the year's calendar and see and remind everyone;
- a cluster head's staff set their cluster's own dates for the years their unit heads it,
  and see and remind that cluster's members.
"""

import rules

from emulation.models import Membership
from emulation.permissions import headed_cluster_ids, heads_cluster, is_cluster_head_staff, is_ministry_staff


@rules.predicate
def heads_this_cluster(user, target):
    """``target`` is (cluster id, year)."""
    if not target:
        return False
    cluster_id, year = target
    return heads_cluster(user, cluster_id, year)


@rules.predicate
def heads_a_cluster_of(user, target):
    """``target`` is (unit id, year): the user's unit heads a cluster the unit belongs to that year."""
    if not target:
        return False
    unit_id, year = target
    headed = headed_cluster_ids(user, year)
    if not headed:
        return False
    return Membership.objects.filter(unit_id=unit_id, year=year, cluster_id__in=headed).exists()


rules.add_perm("schedule.view_calendar", rules.is_authenticated)
rules.add_perm("schedule.edit_calendar", is_ministry_staff)
rules.add_perm("schedule.edit_cluster_dates", is_ministry_staff | heads_this_cluster)
rules.add_perm("schedule.view_overdue", is_ministry_staff | is_cluster_head_staff)
rules.add_perm("schedule.remind", is_ministry_staff | heads_a_cluster_of)
rules.add_perm("schedule.record_completion", is_ministry_staff | heads_a_cluster_of)
