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
from django.db.models import Exists, OuterRef, Q

from emulation.models import Membership
from emulation.permissions import headed_cluster_ids, is_ministry_staff, unit_id_of

from .models import CriteriaTable, ReviewerAssignment, Scorecard


@rules.predicate
def is_published_table(user, table):
    return table is not None and table.status != CriteriaTable.Status.DRAFT


@rules.predicate
def is_own_scorecard(user, card):
    return card is not None and unit_id_of(user) == card.unit_id


def assigned_cards(unit_id, year):
    """The year's scorecards the unit is assigned to review: its tables' cards, of every unit
    or of one cluster's members that year, never the unit's own (a queryset)."""
    in_scope = Q(cluster__isnull=True) | Q(
        cluster_id__in=Membership.objects.filter(unit_id=OuterRef(OuterRef("unit_id")), year=year).values("cluster_id")
    )
    assignments = ReviewerAssignment.objects.filter(reviewer_id=unit_id, table_id=OuterRef("table_id")).filter(in_scope)
    return Scorecard.objects.filter(year=year).filter(Exists(assignments)).exclude(unit_id=unit_id)


def review_queue(user, year):
    """The scorecards the user reviews in a year (a queryset): all of them for ministry staff,
    the assigned scope for a reviewing unit's officials; None for anyone else. The list
    counterpart of ``scoring.review_scorecard``."""
    if is_ministry_staff(user):
        return Scorecard.objects.filter(year=year)
    unit_id = unit_id_of(user)
    if unit_id is None or not ReviewerAssignment.objects.filter(reviewer_id=unit_id, table__year=year).exists():
        return None
    return assigned_cards(unit_id, year)


@rules.predicate
def is_assigned_reviewer(user, card):
    """The user's unit is assigned to review this scorecard's table (all units, or a
    cluster the card's unit belongs to that year), and it is not the card's own unit."""
    unit_id = unit_id_of(user)
    if card is None or card.pk is None or unit_id is None or unit_id == card.unit_id:
        return False
    return assigned_cards(unit_id, card.year).filter(pk=card.pk).exists()


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
