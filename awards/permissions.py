"""Who may do what with votes, nominations, rules and handovers (``rules`` predicates).

- Ministry staff edit the rules, decide nominations, confirm handovers, import the
  award history, and see every vote.
- The staff of the unit heading a cluster in a year run that cluster's votes for that
  year and record the handover.
- Officials of a member unit see their cluster's votes, and the results once published.
- Only the official on a vote's roll casts that unit's ballot.

Pages and services ask ``may`` (the rules registry), not ``user.has_perm``: Django says
yes to every permission of a superuser, who here is ministry staff and no more (a
superuser does not run the votes of a cluster their unit does not head).
"""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from emulation.models import Membership
from emulation.permissions import heads_cluster, is_ministry_staff, is_official, unit_id_of

from .models import Dossier, Nomination, Vote


def may(user, perm, obj=None):
    """Does the rule allow it? Asked of the rules registry, without the superuser shortcut."""
    return bool(user.is_authenticated and user.is_active and rules.has_perm(perm, user, obj))


def require(user, perm, obj=None):
    if not may(user, perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


@rules.predicate
def runs_vote(user, vote):
    return vote is not None and vote.cluster_id is not None and heads_cluster(user, vote.cluster_id, vote.year)


@rules.predicate
def of_the_records_unit(user, record):
    """An official of the unit an award record is for."""
    return record is not None and unit_id_of(user) == record.unit_id


@rules.predicate
def manages_council_session(user, session):
    """The emulation office runs the sector council's sessions; a unit's head (who names its
    council, ``people.manage_council``) runs the sessions of the unit's council."""
    if session is None:
        return False
    if session.unit_id is None:
        return is_ministry_staff(user)
    return rules.has_perm("people.manage_council", user, session.unit)


@rules.predicate
def runs_council_vote(user, vote):
    """Whoever runs a council session runs its ballots."""
    return vote is not None and vote.session_id is not None and manages_council_session(user, vote.session)


@rules.predicate
def is_member_of_vote_cluster(user, vote):
    unit_id = unit_id_of(user)
    if vote is None or unit_id is None:
        return False
    return Membership.objects.filter(cluster_id=vote.cluster_id, year=vote.year, unit_id=unit_id).exists()


@rules.predicate
def is_on_roll(user, vote):
    """The official casting a unit's ballot in this vote (its head or a delegate)."""
    return vote is not None and user.is_authenticated and vote.voters.filter(official__user=user).exists()


@rules.predicate
def runs_handover(user, handover):
    return handover is not None and heads_cluster(user, handover.cluster_id, handover.year)


@rules.predicate
def is_member_of_handover_cluster(user, handover):
    unit_id = unit_id_of(user)
    if handover is None or unit_id is None:
        return False
    return Membership.objects.filter(cluster_id=handover.cluster_id, year=handover.year, unit_id=unit_id).exists()


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


# --- dossiers: the proposing unit prepares; whoever holds it now forwards or returns it;
# the Ministry's emulation office receives, its assigned officer checks, the office sends on.


@rules.predicate
def prepares_dossier(user, dossier):
    return dossier is not None and unit_id_of(user) == dossier.unit_id


@rules.predicate
def held_by_office(user, dossier):
    return dossier is not None and dossier.holder_id is not None and dossier.holder.is_emulation_office


@rules.predicate
def holds_dossier(user, dossier):
    """The staff of the unit holding the dossier now (for the office: ministry staff)."""
    if dossier is None or dossier.holder_id is None:
        return False
    if unit_id_of(user) == dossier.holder_id:
        return True
    return bool(is_ministry_staff(user) and held_by_office(user, dossier))


@rules.predicate
def is_assigned_officer(user, dossier):
    return dossier is not None and dossier.officer_id is not None and dossier.officer_id == user.pk


@rules.predicate
def reviews_dossier(user, dossier):
    return dossier is not None and dossier.reviewer_id is not None and unit_id_of(user) == dossier.reviewer_id


rules.add_perm("awards.create_dossier", is_official)
rules.add_perm("awards.edit_dossier", prepares_dossier)
rules.add_perm("awards.view_dossier", is_ministry_staff | prepares_dossier | reviews_dossier | holds_dossier)
rules.add_perm("awards.forward_dossier", holds_dossier & ~held_by_office)
rules.add_perm("awards.return_dossier", holds_dossier)
rules.add_perm("awards.receive_dossier", is_ministry_staff & held_by_office)
rules.add_perm("awards.manage_dossiers", is_ministry_staff)
rules.add_perm("awards.check_dossier", is_ministry_staff & is_assigned_officer)
rules.add_perm("awards.edit_requirements", is_ministry_staff)
rules.add_perm("awards.manage_decisions", is_ministry_staff)
rules.add_perm("awards.view_decision", is_ministry_staff)

rules.add_perm("awards.edit_rules", is_ministry_staff)
rules.add_perm("awards.manage_vote", runs_vote | runs_council_vote)
rules.add_perm("awards.manage_council_session", manages_council_session)
rules.add_perm("awards.cast_ballot", is_on_roll)
rules.add_perm(
    "awards.view_vote", runs_vote | runs_council_vote | is_ministry_staff | is_member_of_vote_cluster | is_on_roll
)
rules.add_perm("awards.view_count", runs_vote | runs_council_vote | is_ministry_staff)
rules.add_perm("awards.create_nomination", is_ministry_staff | is_official)  # ministry: any unit; else own
rules.add_perm("awards.edit_nomination", is_ministry_staff | nominates_for_own_unit | nominates_for_headed_cluster)
rules.add_perm("awards.view_nomination", is_ministry_staff | nominates_for_headed_cluster | is_nominated_unit)
rules.add_perm("awards.decide_nomination", is_ministry_staff)
rules.add_perm("awards.record_handover", runs_handover)
rules.add_perm("awards.confirm_handover", is_ministry_staff)
rules.add_perm("awards.view_handover", runs_handover | is_ministry_staff | is_member_of_handover_cluster)
rules.add_perm("awards.import_history", is_ministry_staff)
rules.add_perm("awards.match_history", is_ministry_staff | of_the_records_unit)


def sees_result(user, vote):
    """Those running or overseeing a vote see its count once closed; its members once published."""
    if not vote.is_finished:
        return False
    return may(user, "awards.view_count", vote) or (vote.is_published and may(user, "awards.view_vote", vote))


# --- lists: what the object rules above allow, as querysets ---------------------------------


def visible_votes(user, year):
    """The votes of ``year`` that ``awards.view_vote`` lets the user see."""
    votes = Vote.objects.filter(year=year)
    if is_ministry_staff(user):
        return votes
    member_of = Membership.objects.filter(unit_id=unit_id_of(user), year=year).values("cluster_id")
    return votes.filter(cluster_id__in=member_of)


def visible_nominations(user):
    """The nominations that ``awards.view_nomination`` lets the user see."""
    nominations = Nomination.objects.all()
    if is_ministry_staff(user):
        return nominations
    unit_id = unit_id_of(user)
    headed = Membership.objects.filter(unit_id=unit_id, role=Membership.Role.HEAD).values_list("cluster_id", "year")
    condition = Q(unit_id=unit_id)
    for cluster_id, year in headed:
        condition |= Q(cluster_id=cluster_id, year=year)
    return nominations.filter(condition)


def visible_dossiers(user):
    """The dossiers that ``awards.view_dossier`` lets the user see."""
    dossiers = Dossier.objects.all()
    if is_ministry_staff(user):
        return dossiers
    unit_id = unit_id_of(user)
    if unit_id is None:
        return dossiers.none()
    return dossiers.filter(Q(unit_id=unit_id) | Q(reviewer_id=unit_id) | Q(holder_id=unit_id))


def held_q(user):
    """Dossiers under review waiting on the user's unit (for ministry staff: on the office).

    A dossier sent up to the Prime Minister or the President is held by the office (which
    records the outcome) but waits on the outside body, not on the office: it is left out here,
    so neither the inbox's list nor the dashboard counts it as the office's work;
    ``sent_up_q`` lists it apart."""
    unit_id = unit_id_of(user)
    held = Q(holder_id=unit_id) if unit_id else Q(pk__in=[])
    if is_ministry_staff(user):
        held |= Q(holder__is_emulation_office=True)
    return held & ~Q(state__in=[Dossier.State.DRAFT, Dossier.State.SENT_UP, *Dossier.FINISHED])


def sent_up_q(user):
    """Dossiers the office sent up and whose outcome it awaits (for ministry staff)."""
    return Q(state=Dossier.State.SENT_UP) if is_ministry_staff(user) else Q(pk__in=[])


def held_dossiers(user):
    return Dossier.objects.filter(held_q(user))
