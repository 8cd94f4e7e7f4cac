"""What scoring tells the year's calendar (``schedule.registry``): which units have sent
their self-score for the results step, and when, and where each unit does it; and which
reviewers have finished the review step. At most two queries per provider whatever the data
size."""

from django.db.models import Count, Max, Q
from django.urls import reverse

from emulation.models import Membership
from schedule import registry
from schedule.models import Actor, StepKind

from .models import Scorecard

SENT = [Scorecard.Status.SUBMITTED, Scorecard.Status.REVIEWED, Scorecard.Status.FINAL]
REVIEWED = [Scorecard.Status.REVIEWED, Scorecard.Status.FINAL]
WAITING = Q(status=Scorecard.Status.SUBMITTED)


def results_done(step, unit_ids):
    """Units whose scorecard for the step's year is sent (and not returned), on the day sent."""
    sent = registry.among(Scorecard.objects.filter(year=step.year, status__in=SENT), "unit_id", unit_ids)
    return dict(sent.values_list("unit_id", "submitted_at"))


def results_urls(found):
    """The unit's scorecard of the year, or the page where it opens one."""
    years, unit_ids = {o.step.year for o in found}, {o.unit.pk for o in found}
    cards = Scorecard.objects.filter(year__in=years, unit_id__in=unit_ids).values_list("unit_id", "year", "pk")
    card_of = {(unit_id, year): pk for unit_id, year, pk in cards}
    start = reverse("scoring:index")
    urls = {}
    for obligation in found:
        pk = card_of.get((obligation.unit.pk, obligation.step.year))
        key = (obligation.step.pk, obligation.unit.pk)
        urls[key] = reverse("scoring:card", args=[pk]) if pk else f"{start}?year={obligation.step.year}"
    return urls


def _finished(waiting, last):
    """A review is finished when a card has been reviewed and no sent card waits."""
    return last if last is not None and not waiting else None


def _office_review(step, unit_ids):
    state = Scorecard.objects.filter(year=step.year).aggregate(
        waiting=Count("pk", filter=WAITING), last=Max("reviewed_at", filter=Q(status__in=REVIEWED))
    )
    day = _finished(state["waiting"], state["last"])
    return dict.fromkeys(unit_ids, day) if day else {}


def _heads_review(step, unit_ids):
    heads = registry.among(Membership.objects.filter(year=step.year, role=Membership.Role.HEAD), "unit_id", unit_ids)
    if step.cluster_id:
        heads = heads.filter(cluster_id=step.cluster_id)
    head_of = dict(heads.values_list("cluster_id", "unit_id"))
    members = Membership.objects.filter(year=step.year, cluster_id__in=list(head_of)).exclude(role=Membership.Role.HEAD)
    card = Q(unit__scorecards__year=step.year)
    rows = members.values("cluster_id").annotate(
        waiting=Count("unit__scorecards", filter=card & Q(unit__scorecards__status=Scorecard.Status.SUBMITTED)),
        last=Max("unit__scorecards__reviewed_at", filter=card & Q(unit__scorecards__status__in=REVIEWED)),
    )
    finished = {cluster_id: _finished(waiting, last) for cluster_id, waiting, last in rows.values_list(
        "cluster_id", "waiting", "last")}  # fmt: skip
    days = {}
    for cluster_id, unit_id in head_of.items():  # a unit heading two clusters has finished both
        days.setdefault(unit_id, []).append(finished.get(cluster_id))
    return {unit_id: max(found) for unit_id, found in days.items() if None not in found}


def review_done(step, unit_ids):
    """{unit_id: day} of the reviewers who have finished the review step: no sent scorecard
    waits for their review and at least one was reviewed, on the day of the last review. The
    emulation office reviews every card of the year, a cluster head its members' cards; a card
    sent after that opens the step again. A step every unit owes is recorded by hand
    (``review_tracks``)."""
    if step.actor == Actor.OFFICE:
        return _office_review(step, unit_ids)
    if step.actor == Actor.CLUSTER_HEADS:
        return _heads_review(step, unit_ids)
    return {}


def review_tracks(steps):
    """The review steps this application tracks: the office's and the cluster heads' in a
    year with scorecards here. A step every unit owes, or the review of a year nobody scored
    in the application, is recorded by hand (one query)."""
    years = {step.year for step in steps}
    scored = set(Scorecard.objects.filter(year__in=years).values_list("year", flat=True).distinct())
    return {step.pk for step in steps if step.actor in (Actor.OFFICE, Actor.CLUSTER_HEADS) and step.year in scored}


def review_urls(found):
    """The list of the year's scorecards, where a reviewer opens those waiting."""
    start = reverse("scoring:cards")
    return {(o.step.pk, o.unit.pk): f"{start}?year={o.step.year}" for o in found}


def register():
    registry.add_completion_provider(StepKind.REVIEW, review_done, tracks=review_tracks)
    registry.add_action_url(StepKind.REVIEW, review_urls)
    registry.add_completion_provider(StepKind.RESULTS, results_done)
    registry.add_action_url(StepKind.RESULTS, results_urls)
