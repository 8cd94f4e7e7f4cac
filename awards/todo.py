"""The dashboard's "needs your action" lines for votes, nominations and handovers:
one query for everyone, one more for ministry staff, whatever the data size."""

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.models import Membership
from emulation.permissions import is_ministry_staff, unit_id_of
from emulation.registry import Action

from .models import Dossier, Handover, Nomination, Participation, Vote, Voter
from .permissions import held_q


def award_actions(user, year):
    if not user.is_authenticated:
        return []
    actions = []
    headed = Membership.objects.filter(unit_id=unit_id_of(user), year=year, role=Membership.Role.HEAD)
    on_roll = Voter.objects.filter(vote=OuterRef("pk"), official__user=user).filter(
        Q(present=True) | Q(vote__absent_may_vote=True)  # absent council members voting in writing
    )
    voted = Participation.objects.filter(vote=OuterRef("pk"), voter__official__user=user)
    to_cast = Q(state=Vote.State.OPEN, mode=Vote.Mode.ELECTRONIC) & Q(Exists(on_roll)) & ~Q(Exists(voted))
    runs = Q(year=year, cluster_id__in=headed.values("cluster_id"))
    counts = Vote.objects.filter(to_cast | runs).aggregate(
        to_cast=Count("pk", filter=to_cast),
        to_cast_id=Max("pk", filter=to_cast),
        draft=Count("pk", filter=runs & Q(state=Vote.State.DRAFT)),
        open=Count("pk", filter=runs & Q(state=Vote.State.OPEN)),
        closed=Count("pk", filter=runs & Q(state=Vote.State.CLOSED)),
    )
    if counts["to_cast"] == 1:
        actions.append(
            Action(_("Cast your ballot"), reverse("awards:ballot", args=[counts["to_cast_id"]]), 1, "danger")
        )
    elif counts["to_cast"]:
        actions.append(Action(_("Cast your ballot"), reverse("awards:index"), counts["to_cast"], "danger"))
    url = reverse("awards:index") + f"?year={year}"
    if counts["draft"]:
        actions.append(Action(_("Votes to prepare and open"), url, counts["draft"]))
    if counts["open"]:
        actions.append(Action(_("Votes in progress"), url, counts["open"], "warning"))
    if counts["closed"]:
        actions.append(Action(_("Vote results to publish"), url, counts["closed"], "warning"))
    if is_ministry_staff(user):
        # One query: at most two rows, the count of each kind of waiting item.
        nominations = (
            Nomination.objects.filter(state=Nomination.State.SUBMITTED)
            .order_by()
            .values("state")
            .annotate(n=Count("pk"))
        )
        handovers = (
            Handover.objects.filter(state=Handover.State.PROPOSED).order_by().values("state").annotate(n=Count("pk"))
        )
        waiting = {row["state"]: row["n"] for row in nominations.union(handovers, all=True)}
        if waiting.get(Nomination.State.SUBMITTED):
            url = reverse("awards:nomination_list") + "?state=submitted"
            actions.append(Action(_("Nominations to decide"), url, waiting[Nomination.State.SUBMITTED], "warning"))
        if waiting.get(Handover.State.PROPOSED):
            actions.append(
                Action(_("Handovers to confirm"), reverse("awards:handover_list"), waiting[Handover.State.PROPOSED])
            )
    return actions


def dossier_actions(user, year):
    """Dossiers waiting on the user's unit (the office's for ministry staff), those the user
    checks as officer in charge, and the unit's dossiers returned for correction: one query."""
    if not user.is_authenticated:
        return []
    unit_id = unit_id_of(user)
    returned = Q(unit_id=unit_id, state=Dossier.State.DRAFT) & ~Q(return_reason="") if unit_id else Q(pk__in=[])
    to_check = Q(officer_id=user.pk, state=Dossier.State.RECEIVED)
    held = held_q(user) & ~to_check
    counts = Dossier.objects.filter(held | to_check | returned).aggregate(
        held=Count("pk", filter=held), to_check=Count("pk", filter=to_check), returned=Count("pk", filter=returned)
    )
    inbox = reverse("awards:dossier_inbox")
    actions = []
    if counts["to_check"]:
        actions.append(Action(_("Dossiers to check"), inbox, counts["to_check"], "danger"))
    if counts["held"]:
        actions.append(Action(_("Dossiers waiting on you"), inbox, counts["held"], "warning"))
    if counts["returned"]:
        url = reverse("awards:dossier_list") + "?state=draft"
        actions.append(Action(_("Dossiers returned for correction"), url, counts["returned"], "danger"))
    return actions
