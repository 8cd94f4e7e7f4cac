"""Read-only questions other apps (scoring, awards, reports) ask about campaigns and
pledges. Plain functions with stable signatures; each runs a fixed number of queries.

- ``regular_campaign(cluster, year)`` → the cluster's regular campaign for that year, or None
- ``registered_units(title, year, unit_ids=None)`` → ids of units that registered a collective title
- ``cluster_pledges(cluster, year)`` → the members' pledges, targets prefetched (year-end report)
- ``agreement_state(cluster, year)`` → is the cluster's pledge (giao ước) ready to sign?
- ``cluster_campaigns(cluster, year)`` → the campaigns running in a cluster, phases prefetched
- ``agreement(cluster, year)`` → the regular campaign, its common targets, each member's pledge
- ``pledge_counts(year)`` → the sector's pledges, targets with results and targets met
- ``campaigns_in_year(year)`` → every campaign running in the year (statistics biểu 0601)
- ``review_phases(campaign, year)``, ``phase_under_review(campaign, year, phase_id)`` → the
  phases ending in the year, whose end is a review (sơ kết đợt) besides the mid-year one
- ``cluster_review_phases(cluster, year)``, ``cluster_review_phase(cluster, year, phase_id)`` →
  the same for every campaign the cluster launched (its regular one and the others)
- ``regular_campaign_phases(year, number=None)`` → those phases of every cluster's regular campaign
- ``mid_year_progress(cluster, year, campaign=None, phase=None)`` → each member's progress
  report for the mid-year review or a phase, with its figures
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.models import Membership
from emulation.text import vi_collate
from schedule import queries as calendar

from .models import Campaign, Phase, Pledge, PledgedIndividual, PledgeTarget, Progress, ProgressFigure, target_met


def _pk(obj):
    return getattr(obj, "pk", obj)


def regular_campaign(cluster, year):
    """The regular campaign (phong trào thi đua thường xuyên) a cluster launched for ``year``
    — the one its members sign the yearly pledge (giao ước) under — or None. ``cluster`` is
    a Cluster or its id. One query."""
    return (
        Campaign.objects.covering(year)
        .filter(level=Campaign.Level.CLUSTER, kind=Campaign.Kind.REGULAR, launching_cluster_id=_pk(cluster))
        .order_by("-first_year", "pk")
        .first()
    )


def registered_units(title, year, unit_ids=None):
    """Set of ids of the units whose pledge for ``year`` registers ``title`` (a Title or its
    id) as its collective title, counting only pledges accepted or later (accepted,
    results reported, assessed). ``unit_ids`` narrows to those units. One query."""
    pledges = Pledge.objects.filter(year=year, collective_title_id=_pk(title), status__in=Pledge.ACCEPTED_OR_LATER)
    if unit_ids is not None:
        pledges = pledges.filter(unit_id__in=list(unit_ids))
    return set(pledges.values_list("unit_id", flat=True))


def cluster_pledges(cluster, year):
    """The pledges for ``year`` of the units that are members of ``cluster`` that year,
    under the campaigns that cluster launched (its regular campaign first), in any status.
    Each pledge has ``unit``, ``campaign``, ``collective_title`` loaded and ``targets``
    (ordered by number) and ``individuals`` prefetched. Three queries; a list."""
    member_ids = Membership.objects.filter(cluster_id=_pk(cluster), year=year).values("unit_id")
    pledges = (
        Pledge.objects.filter(
            year=year,
            unit_id__in=member_ids,
            campaign__level=Campaign.Level.CLUSTER,
            campaign__launching_cluster_id=_pk(cluster),
        )
        .select_related("unit", "campaign", "collective_title")
        .prefetch_related(
            Prefetch("targets", queryset=PledgeTarget.objects.order_by("number", "pk")),
            Prefetch("individuals", queryset=PledgedIndividual.objects.select_related("title").order_by("pk")),
        )
        .order_by("campaign__kind", "campaign_id", vi_collate("unit__name"))
    )
    return list(pledges)


@dataclass
class AgreementState:
    """Where a cluster's yearly pledge (giao ước) stands: ready to sign once every member's
    pledge under the regular campaign is accepted (or later)."""

    campaign: Campaign | None
    year: int
    member_count: int = 0
    accepted_count: int = 0
    missing_unit_ids: list = field(default_factory=list)

    @property
    def ready(self):
        return self.campaign is not None and self.member_count > 0 and self.accepted_count == self.member_count

    @classmethod
    def of(cls, campaign, year, member_ids, accepted_unit_ids):
        """The one computation of readiness, from the members and those accepted (or later)."""
        accepted = set(accepted_unit_ids)
        return cls(
            campaign=campaign,
            year=year,
            member_count=len(member_ids),
            accepted_count=sum(1 for unit_id in member_ids if unit_id in accepted),
            missing_unit_ids=[unit_id for unit_id in member_ids if unit_id not in accepted],
        )


def agreement_state(cluster, year):
    """AgreementState for the cluster's regular campaign in ``year`` (three queries)."""
    campaign = regular_campaign(cluster, year)
    if campaign is None:
        return AgreementState(campaign=None, year=year)
    member_ids = list(Membership.objects.filter(cluster_id=_pk(cluster), year=year).values_list("unit_id", flat=True))
    accepted = Pledge.objects.filter(
        campaign=campaign, year=year, unit_id__in=member_ids, status__in=Pledge.ACCEPTED_OR_LATER
    ).values_list("unit_id", flat=True)
    return AgreementState.of(campaign, year, member_ids, accepted)


def cluster_campaigns(cluster, year):
    """The campaigns running in the cluster in ``year``: those it launched and the sector's
    that cover it, phases prefetched in order (two queries)."""
    in_scope = Q(level=Campaign.Level.SECTOR) & (Q(scope=Campaign.Scope.SECTOR) | Q(clusters=cluster))
    return list(
        Campaign.objects.covering(year)
        .filter(Q(launching_cluster=cluster) | in_scope)
        .distinct()
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("number", "pk")))
        .order_by("level", "kind", "document_date", "pk")
    )


def agreement(cluster, year):
    """The cluster's regular campaign for ``year``, its common targets and {unit id: the
    member's pledge under it, common targets prefetched}, or None without a regular
    campaign (four queries)."""
    campaign = regular_campaign(cluster, year)
    if campaign is None:
        return None
    common = list(campaign.targets.order_by("number", "pk"))
    member_ids = Membership.objects.filter(cluster_id=_pk(cluster), year=year).values("unit_id")
    common_rows = PledgeTarget.objects.filter(campaign_target__isnull=False).order_by("number")
    pledges = (
        Pledge.objects.filter(campaign=campaign, year=year, unit_id__in=member_ids)
        .select_related("unit")
        .prefetch_related(Prefetch("targets", queryset=common_rows))
    )
    return {"campaign": campaign, "common": common, "pledges": {pledge.unit_id: pledge for pledge in pledges}}


def pledge_counts(year):
    """{"pledges", "with_results", "met"}: the sector's pledges of ``year``, their targets
    with an actual value, and of those the ones met (``target_met``; two queries)."""
    results = PledgeTarget.objects.filter(pledge__year=year, actual__isnull=False).values_list(
        "direction", "value", "actual", "kind"
    )
    results = list(results)
    return {
        "pledges": Pledge.objects.filter(year=year).count(),
        "with_results": len(results),
        "met": sum(1 for direction, value, actual, kind in results if target_met(direction, actual, value, kind)),
    }


def review_phases(campaign, year):
    """The phases of ``campaign`` that end in ``year``, in order: the reviews (sơ kết đợt) a
    unit may report progress for besides the mid-year one. One query."""
    if campaign is None:
        return []
    return list(Phase.objects.filter(campaign=campaign, end__year=year).order_by("number", "pk"))


def _cluster_phases(cluster, year):
    launched = Campaign.objects.filter(level=Campaign.Level.CLUSTER, launching_cluster_id=_pk(cluster))
    return Phase.objects.filter(campaign__in=launched, end__year=year).select_related("campaign")


def cluster_review_phases(cluster, year):
    """The phases ending in ``year`` of every campaign ``cluster`` launched (a Cluster or its
    id), campaign loaded, by end date: the cluster's reviews (sơ kết đợt). Two campaigns may
    each have a phase 1, so a phase is told by its key, never its number. One query."""
    return list(_cluster_phases(cluster, year).order_by("end", "number", "campaign_id", "pk"))


def cluster_review_phase(cluster, year, phase_id):
    """The phase ``phase_id`` if it is one of ``cluster_review_phases(cluster, year)``, else
    None (campaign loaded). One query."""
    if phase_id is None:
        return None
    return _cluster_phases(cluster, year).filter(pk=phase_id).first()


def phase_under_review(campaign, year, phase_id):
    """The phase ``phase_id`` if it is one of ``campaign``'s ending in ``year``, else None. By
    its key, not its number: two phases may share a number. One query."""
    if campaign is None or phase_id is None:
        return None
    return Phase.objects.filter(campaign=campaign, end__year=year, pk=phase_id).first()


def regular_campaign_phases(year, number=None):
    """The phases ending in ``year`` of every cluster's regular campaign (phase ``number``
    only, if given), campaign loaded, in phase order. One query."""
    phases = Phase.objects.filter(
        campaign__in=Campaign.objects.covering(year).filter(level=Campaign.Level.CLUSTER, kind=Campaign.Kind.REGULAR),
        end__year=year,
    )
    if number is not None:
        phases = phases.filter(number=number)
    return list(phases.select_related("campaign").order_by("number", "campaign_id", "pk"))


def mid_year_progress(cluster, year, campaign=None, phase=None):
    """The members of ``cluster`` in ``year`` (Vietnamese order), each with its pledge under
    the cluster's regular campaign, its progress report for the mid-year review (``phase``
    None) or for that Phase, and the report's figures in target order:
    [{"unit", "pledge", "progress", "figures"}]. Five queries at most."""
    campaign = campaign or regular_campaign(cluster, year)
    members = list(
        Membership.objects.filter(cluster=cluster, year=year).select_related("unit").order_by(vi_collate("unit__name"))
    )
    if campaign is None:
        return []
    pledges = Pledge.objects.filter(campaign=campaign, year=year, unit_id__in=[m.unit_id for m in members])
    by_unit = {pledge.unit_id: pledge for pledge in pledges}
    found_reports = Progress.objects.filter(pledge__in=list(by_unit.values()), phase=phase)
    reports = {p.pledge_id: p for p in found_reports}
    figures = {}
    found = ProgressFigure.objects.filter(progress__in=list(reports.values())).select_related("target")
    for figure in found.order_by("target__number", "target_id"):
        figures.setdefault(figure.progress_id, []).append(figure)
    rows = []
    for membership in members:
        pledge = by_unit.get(membership.unit_id)
        progress = reports.get(pledge.pk) if pledge else None
        if pledge is not None:
            pledge.campaign = campaign
        if progress is not None:
            progress.pledge = pledge
        rows.append(
            {
                "unit": membership.unit,
                "pledge": pledge,
                "progress": progress,
                "figures": figures.get(progress.pk, []) if progress else [],
            }
        )
    return rows


def campaigns_in_year(year):
    """Every campaign running in ``year`` (any launching level), for the yearly statistics
    forms (biểu 0601): one query, in a stable order."""
    return list(Campaign.objects.covering(year).order_by("level", "kind", "document_date", "pk"))


def pledge_deadline(campaign, year):
    """The registration deadline of ``campaign`` in ``year``: for a cluster's regular
    campaign, the calendar's pledge step as the cluster dates it; for any other campaign, or
    while the year's calendar has no pledge step, the campaign's own date. A
    ``schedule.queries.Deadline``, or None when neither has a date."""
    if campaign.level == Campaign.Level.CLUSTER and campaign.kind == Campaign.Kind.REGULAR:
        found = calendar.deadline(calendar.StepKind.PLEDGE, year, campaign.launching_cluster_id)
        if found is not None:
            return found
    own = campaign.deadline_for(year)
    return calendar.Deadline(due=own, blocking=False, basis=campaign.document_number, step_id=None) if own else None


def common_targets(cluster, year):
    """{number: name} of the common targets of the cluster's regular campaign for ``year``
    (two queries), for the figures the cluster reports as their totals."""
    campaign = regular_campaign(cluster, year)
    return dict(campaign.targets.order_by("number").values_list("number", "name")) if campaign else {}


def person_registrations(person, user):
    """The person's page section of the pledges that registered them (``people.registry``):
    each names the year, the title, the campaign and the unit, linked where the user may open
    the pledge."""
    rows = PledgedIndividual.objects.filter(person=person).select_related("title", "pledge__campaign", "pledge__unit")
    lines = []
    for row in rows.order_by("-pledge__year", "pk"):
        pledge = row.pledge
        text = f"{pledge.year}: {row.title.name} — {pledge.campaign.name} ({pledge.unit.name})"
        url = (
            reverse("campaigns:pledge_detail", args=[pledge.pk])
            if user.has_perm("campaigns.view_pledge", pledge)
            else ""
        )
        lines.append((text, url))
    return (_("Registered in pledges"), lines) if lines else None
