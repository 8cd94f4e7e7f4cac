"""Launching and changing campaigns: their scope, titles, phases and common targets."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from emulation.concurrency import check_version
from emulation.services import require, save_with_history

from .. import calendar, permissions
from ..models import Campaign, CampaignTarget, Phase
from .common import _deny, _sync_rows

PHASE_FIELDS = ("number", "name", "start", "end", "goal")
TARGET_FIELDS = ("number", "name", "unit_of_measure", "direction", "default_value")


def _lock_for_edit(campaign, by, expected_version):
    if campaign.pk:
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        require(by, "campaigns.manage_campaign", locked)
        check_version(locked, expected_version)
        campaign.version = locked.version
    else:
        campaign.created_by = by


def _scope_of_level(campaign, clusters, units):
    """A cluster's campaign is for that cluster's members, a unit's for its units."""
    if campaign.level == Campaign.Level.CLUSTER:
        campaign.scope = Campaign.Scope.CLUSTERS
        clusters = [campaign.launching_cluster]
    elif campaign.level == Campaign.Level.UNIT:
        campaign.scope = Campaign.Scope.UNITS
        units = list(units or []) or [campaign.launching_unit]
    return clusters, units


def _set_scope(campaign, clusters, units, titles):
    if clusters is not None:
        campaign.clusters.set(clusters if campaign.scope == Campaign.Scope.CLUSTERS else [])
    if units is not None:
        campaign.units.set(units if campaign.scope == Campaign.Scope.UNITS else [])
    if titles is not None:
        campaign.titles.set(titles)
    if campaign.scope == Campaign.Scope.CLUSTERS and not campaign.clusters.exists():
        raise ValidationError({"clusters": _("Choose at least one cluster.")})
    if campaign.scope == Campaign.Scope.UNITS and not campaign.units.exists():
        raise ValidationError({"units": _("Choose at least one unit.")})


def _set_rows(campaign, phases, targets, by):
    if phases is not None:
        try:
            with transaction.atomic():
                _sync_rows(Phase, "campaign", campaign, phases, PHASE_FIELDS, by)
        except IntegrityError:  # PROTECT: progress reported for the phase, or a review of it issued
            raise ValidationError(_("A phase already reported on or reviewed cannot be removed.")) from None
    if targets is not None:
        try:
            with transaction.atomic():
                _sync_rows(CampaignTarget, "campaign", campaign, targets, TARGET_FIELDS, by)
        except IntegrityError:  # PROTECT: a pledge already uses the target
            raise ValidationError(_("A target already used in pledges cannot be removed.")) from None


@transaction.atomic
def save_campaign(
    campaign, by, *, expected_version=None, clusters=None, units=None, titles=None, phases=None, targets=None
):
    """Launch a new campaign (``campaign.pk`` is None) or save changes to one.

    ``campaign`` carries the new field values; the related lists replace the current
    ones when given (phases and targets are dicts of their fields, with "id" for rows
    kept). The user must be allowed to launch at both the old and the new level."""
    if not permissions.may_launch(
        by, campaign.level, campaign.launching_cluster_id, campaign.launching_unit_id, campaign.years
    ):
        _deny()
    _lock_for_edit(campaign, by, expected_version)
    years = _phase_years(campaign)
    clusters, units = _scope_of_level(campaign, clusters, units)
    campaign.full_clean()
    try:
        with transaction.atomic():
            save_with_history(campaign, by)
    except IntegrityError:
        raise ValidationError(_("This cluster already has a regular campaign starting that year.")) from None
    _set_scope(campaign, clusters, units, titles)
    _set_rows(campaign, phases, targets, by)
    # each phase's review is a step of the calendar due on its end: a moved end moves it
    calendar.sync_phase_steps(years | _phase_years(campaign) | set(campaign.years), by)
    return campaign


def _phase_years(campaign):
    if campaign.pk is None:
        return set()
    return set(Phase.objects.filter(campaign_id=campaign.pk).values_list("end__year", flat=True))
