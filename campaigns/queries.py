"""Read-only questions other apps (scoring, awards, reports) ask about campaigns and
pledges. Plain functions with stable signatures; each runs a fixed number of queries.

- ``regular_campaign(cluster, year)`` → the cluster's regular campaign for that year, or None
- ``registered_units(title, year, unit_ids=None)`` → ids of units that registered a collective title
- ``cluster_pledges(cluster, year)`` → the members' pledges, targets prefetched (year-end report)
- ``agreement_state(cluster, year)`` → is the cluster's pledge (giao ước) ready to sign?
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from emulation.models import Membership
from emulation.text import vi_collate

from .models import Campaign, Pledge, PledgedIndividual, PledgeTarget


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
