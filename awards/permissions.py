"""Who may do what with votes, nominations, rules and handovers (``rules`` predicates).

- Ministry staff edit the rules, decide nominations, confirm handovers, import the
  award history, and see every vote.
- The staff of the unit heading a cluster in a year run that cluster's votes for that
  year and record the handover.
- Officials of a member unit see their cluster's votes, and the results once published.
- Only the official on a vote's roll casts that unit's ballot (checked in the service).
"""

import rules

from emulation.models import Membership
from emulation.permissions import heads_cluster, is_ministry_staff, unit_id_of


@rules.predicate
def runs_vote(user, vote):
    return vote is not None and heads_cluster(user, vote.cluster_id, vote.year)


@rules.predicate
def is_member_of_vote_cluster(user, vote):
    unit_id = unit_id_of(user)
    if vote is None or unit_id is None:
        return False
    return Membership.objects.filter(cluster_id=vote.cluster_id, year=vote.year, unit_id=unit_id).exists()


@rules.predicate
def vote_is_published(user, vote):
    return vote is not None and vote.state == "published"


@rules.predicate
def nominates_for_own_unit(user, nomination):
    return nomination is not None and nomination.cluster_id is None and unit_id_of(user) == nomination.unit_id


@rules.predicate
def nominates_for_headed_cluster(user, nomination):
    return (
        nomination is not None
        and nomination.cluster_id is not None
        and heads_cluster(user, nomination.cluster_id, nomination.year)
    )


@rules.predicate
def is_nominated_unit(user, nomination):
    return nomination is not None and unit_id_of(user) == nomination.unit_id


rules.add_perm("awards.edit_rules", is_ministry_staff)
rules.add_perm("awards.manage_vote", runs_vote)
rules.add_perm("awards.view_vote", runs_vote | is_ministry_staff | is_member_of_vote_cluster)
rules.add_perm("awards.view_results", runs_vote | is_ministry_staff | (is_member_of_vote_cluster & vote_is_published))
rules.add_perm("awards.edit_nomination", is_ministry_staff | nominates_for_own_unit | nominates_for_headed_cluster)
rules.add_perm("awards.view_nomination", is_ministry_staff | nominates_for_headed_cluster | is_nominated_unit)
rules.add_perm("awards.decide_nomination", is_ministry_staff)
rules.add_perm("awards.confirm_handover", is_ministry_staff)
rules.add_perm("awards.import_history", is_ministry_staff)
