"""Who may launch, see and act on campaigns and pledges (``rules`` predicates).

- Launch / manage a campaign: ministry staff for the sector's; the staff of the unit
  heading a cluster, for a campaign of that cluster whose every year they head it;
  the officials of a unit for its own internal ones (ministry staff may manage all).
- See a campaign: ministry staff see all; others see those in their scope (the whole
  sector, a cluster their unit belongs to in the period, their unit listed) and those
  their unit or cluster launched.
- A pledge is made, edited, submitted and its results entered by an official of its
  unit; it is reviewed (accept / return, assess results) by its reviewer: ministry
  staff for a sector campaign, the staff of the cluster's head unit in the pledge's
  year for a cluster campaign, the launching unit's head for an internal one.
"""

import rules
from django.db.models import Exists, OuterRef, Q

from emulation.models import Membership
from emulation.permissions import headed_cluster_ids, is_ministry_staff, official_of, unit_id_of

from .models import Campaign


def heads_cluster_all_years(user, cluster_id, years):
    """Does the user's unit head the cluster in every one of ``years``? (one query per year)"""
    years = list(years)
    if not unit_id_of(user) or not cluster_id or not years:
        return False
    return all(cluster_id in headed_cluster_ids(user, year) for year in years)


def may_launch(user, level, cluster=None, unit=None, years=()):
    """May ``user`` launch (or manage) a campaign of this level, launcher and years?"""
    if is_ministry_staff(user):
        return True
    if level == Campaign.Level.CLUSTER:
        return cluster is not None and heads_cluster_all_years(user, getattr(cluster, "pk", cluster), years)
    if level == Campaign.Level.UNIT:
        return unit is not None and unit_id_of(user) == getattr(unit, "pk", unit)
    return False


def launch_levels(user, year):
    """The levels a user could launch a campaign at (for the form's choices)."""
    levels = []
    if is_ministry_staff(user):
        return list(Campaign.Level.values)
    if headed_cluster_ids(user, year):
        levels.append(Campaign.Level.CLUSTER)
    if unit_id_of(user):
        levels.append(Campaign.Level.UNIT)
    return levels


@rules.predicate
def can_manage_campaign(user, campaign):
    if campaign is None:
        return False
    return may_launch(user, campaign.level, campaign.launching_cluster_id, campaign.launching_unit_id, campaign.years)


def visible_campaigns(user):
    """The campaigns ``user`` may see (a queryset, no duplicates)."""
    if is_ministry_staff(user):
        return Campaign.objects.all()
    unit_id = unit_id_of(user)
    if unit_id is None:
        return Campaign.objects.filter(scope=Campaign.Scope.SECTOR)
    member_of_scope = Membership.objects.filter(
        unit_id=unit_id,
        cluster__campaigns_in_scope=OuterRef("pk"),
        year__gte=OuterRef("first_year"),
        year__lte=OuterRef("last_year"),
    )
    member_of_launcher = Membership.objects.filter(
        unit_id=unit_id,
        cluster_id=OuterRef("launching_cluster_id"),
        year__gte=OuterRef("first_year"),
        year__lte=OuterRef("last_year"),
    )
    unit_listed = Campaign.units.through.objects.filter(campaign_id=OuterRef("pk"), unit_id=unit_id)
    return Campaign.objects.filter(
        Q(scope=Campaign.Scope.SECTOR)
        | Q(launching_unit_id=unit_id)
        | Q(Exists(member_of_launcher))
        | Q(scope=Campaign.Scope.CLUSTERS, pk__in=Campaign.objects.filter(Exists(member_of_scope)).values("pk"))
        | Q(scope=Campaign.Scope.UNITS) & Q(Exists(unit_listed))
    )


@rules.predicate
def can_view_campaign(user, campaign):
    if campaign is None:
        return False
    return is_ministry_staff(user) or visible_campaigns(user).filter(pk=campaign.pk).exists()


def unit_in_scope(campaign, unit_id, year):
    """Is the unit a participant of the campaign in ``year``? (one query at most)"""
    if campaign.scope == Campaign.Scope.SECTOR:
        return True
    if campaign.scope == Campaign.Scope.UNITS:
        return campaign.units.filter(pk=unit_id).exists()
    return Membership.objects.filter(unit_id=unit_id, year=year, cluster__campaigns_in_scope=campaign).exists()


def is_reviewer(user, campaign, year):
    """Does ``user`` review the pledges of ``campaign`` in ``year``?"""
    if not user.is_authenticated:
        return False
    if campaign.level == Campaign.Level.SECTOR:
        return is_ministry_staff(user)
    if campaign.level == Campaign.Level.CLUSTER:
        return campaign.launching_cluster_id in headed_cluster_ids(user, year)
    official = official_of(user)
    return bool(official and official.is_unit_head and official.unit_id == campaign.launching_unit_id)


@rules.predicate
def is_pledge_unit_official(user, pledge):
    return pledge is not None and unit_id_of(user) == pledge.unit_id


@rules.predicate
def is_row_unit_official(user, row):
    """An official of the unit whose pledge registers this person (a ``PledgedIndividual``)."""
    return row is not None and unit_id_of(user) == row.pledge.unit_id


@rules.predicate
def is_pledge_reviewer(user, pledge):
    return pledge is not None and is_reviewer(user, pledge.campaign, pledge.year)


def reviewable_q(user, year):
    """The pledges of ``year`` the user reviews (``is_pledge_reviewer`` as a Q on Pledge, no
    query of its own): the pledge list and the dashboard filter with it."""
    official = official_of(user)
    q = Q(pk__in=[])
    if official:
        heads = Membership.objects.filter(
            unit_id=official.unit_id,
            year=OuterRef("year"),
            role=Membership.Role.HEAD,
            cluster_id=OuterRef("campaign__launching_cluster_id"),
        )
        q |= Q(campaign__level=Campaign.Level.CLUSTER) & Q(Exists(heads))
        if official.is_unit_head:
            q |= Q(campaign__level=Campaign.Level.UNIT, campaign__launching_unit_id=official.unit_id)
    if is_ministry_staff(user):
        q |= Q(campaign__level=Campaign.Level.SECTOR)
    return q & Q(year=year)


def own_q(user):
    """The pledges of the user's unit (``is_pledge_unit_official`` as a Q on Pledge)."""
    return Q(unit_id=unit_id_of(user) or 0)


@rules.predicate
def may_pledge(user, campaign):
    """An official whose unit could pledge under this campaign (the year is checked by the service)."""
    return campaign is not None and unit_id_of(user) is not None


@rules.predicate
def sees_cluster_overview(user, cluster_and_year):
    cluster_id, year = cluster_and_year
    return is_ministry_staff(user) or cluster_id in headed_cluster_ids(user, year)


rules.add_perm("campaigns.view_campaign", can_view_campaign)
rules.add_perm("campaigns.manage_campaign", can_manage_campaign)
rules.add_perm("campaigns.create_pledge", may_pledge & can_view_campaign)
rules.add_perm("campaigns.view_pledge", is_pledge_unit_official | is_pledge_reviewer | is_ministry_staff)
rules.add_perm("campaigns.edit_pledge", is_pledge_unit_official)
rules.add_perm("campaigns.link_individual", is_row_unit_official | is_ministry_staff)
rules.add_perm("campaigns.review_pledge", is_pledge_reviewer)
rules.add_perm("campaigns.view_cluster_overview", sees_cluster_overview)


@rules.predicate
def is_progress_unit_official(user, progress):
    return progress is not None and is_pledge_unit_official(user, progress.pledge)


@rules.predicate
def is_progress_reviewer(user, progress):
    return progress is not None and is_pledge_reviewer(user, progress.pledge)


# The mid-year progress report: the pledge's unit reports it, the pledge's reviewer reads and
# may return it, ministry staff read every one.
rules.add_perm("campaigns.view_progress", is_progress_unit_official | is_progress_reviewer | is_ministry_staff)
rules.add_perm("campaigns.report_progress", is_progress_unit_official)
rules.add_perm("campaigns.review_progress", is_progress_reviewer)
