"""Who may do what with criteria tables and scorecards (``rules`` predicates).

- ministry staff build, import, copy and publish tables, assign reviewing units, review
  any scorecard and make it final;
- a unit's officials self-score their own unit's scorecard, attach evidence and the
  chairman's certification, and submit it; they always see it, with every change the
  reviewers made and why;
- officials of a unit assigned to review a table (for every unit, or one cluster's members)
  review those scorecards, never their own unit's;
- cluster head staff see their members' scorecards for the years they head the cluster;
- everyone logged in sees published tables and the ranking.

These say *who*; *when* (a draft only, a submitted card only …) is the transition tables'
business (``scoring/transitions.py``), so no role, the superuser's included, gets past a state.
"""

import rules
from django.db.models import Q

from emulation.models import Membership
from emulation.permissions import headed_cluster_ids, is_ministry_staff, unit_id_of

from .models import CriteriaTable, ReviewerAssignment


@rules.predicate
def is_published_table(user, table):
    return table is not None and table.status != CriteriaTable.Status.DRAFT


@rules.predicate
def is_own_scorecard(user, card):
    return card is not None and unit_id_of(user) == card.unit_id


def reviewer_assignments_for(unit_id):
    """The assignments of a unit as reviewer (a queryset)."""
    return ReviewerAssignment.objects.filter(reviewer_id=unit_id)


@rules.predicate
def is_assigned_reviewer(user, card):
    """The user's unit is assigned to review this scorecard's table (all units, or a
    cluster the card's unit belongs to that year), and it is not the card's own unit."""
    unit_id = unit_id_of(user)
    if card is None or unit_id is None or unit_id == card.unit_id:
        return False
    members = Membership.objects.filter(unit_id=card.unit_id, year=card.year).values("cluster_id")
    return (
        reviewer_assignments_for(unit_id)
        .filter(table_id=card.table_id)
        .filter(Q(cluster__isnull=True) | Q(cluster_id__in=members))
        .exists()
    )


@rules.predicate
def heads_card_cluster(user, card):
    if card is None:
        return False
    clusters = headed_cluster_ids(user, card.year)
    return (
        bool(clusters)
        and Membership.objects.filter(unit_id=card.unit_id, year=card.year, cluster_id__in=clusters).exists()
    )


is_reviewer = is_ministry_staff | is_assigned_reviewer

rules.add_perm("scoring.manage_tables", is_ministry_staff)
rules.add_perm("scoring.view_table", is_ministry_staff | (rules.is_authenticated & is_published_table))
rules.add_perm("scoring.view_ranking", rules.is_authenticated)
rules.add_perm(
    "scoring.view_scorecard", is_own_scorecard | is_ministry_staff | is_assigned_reviewer | heads_card_cluster
)
rules.add_perm("scoring.edit_scorecard", is_own_scorecard)
rules.add_perm("scoring.review_scorecard", is_reviewer)
rules.add_perm("scoring.finalize_scorecard", is_ministry_staff)
