"""The cluster's pledges as Excel sheets: one row per pledge, one row per target with
its actual, rate and whether it was met."""

from django.utils.translation import gettext as _


def _yes_no(value):
    return _("Yes") if value else _("No")


def _pledge_row(pledge):
    return [
        pledge.unit.name,
        pledge.campaign.name,
        pledge.get_status_display(),
        _yes_no(pledge.is_late),
        pledge.collective_title.name if pledge.collective_title else "",
        len(pledge.individuals.all()),
        pledge.signer_name,
        pledge.submitted_at.strftime("%d/%m/%Y") if pledge.submitted_at else "",
    ]


def _target_row(pledge, target):
    rate = target.rate
    return [
        pledge.unit.name,
        target.number,
        target.name,
        target.unit_of_measure,
        target.get_direction_display(),
        target.value,
        target.actual,
        round(float(rate), 2) if rate is not None else None,
        "" if target.is_met is None else _yes_no(target.is_met),
        _("Common") if target.is_common else _("Own"),
    ]


def pledge_sheets(pledges):
    """[(title, headers, rows)] for ``emulation.spreadsheets``; ``pledges`` as
    ``campaigns.queries.cluster_pledges`` gives them (targets and individuals prefetched)."""
    pledge_headers = [
        _("Unit"),
        _("Campaign"),
        _("Status"),
        _("Late"),
        _("Collective title"),
        _("Individuals"),
        _("Signed by"),
        _("Submitted on"),
    ]
    target_headers = [
        _("Unit"),
        _("No."),
        _("Target"),
        _("Unit of measure"),
        _("Direction"),
        _("Target value"),
        _("Actual"),
        _("Rate (%)"),
        _("Met"),
        _("Kind"),
    ]
    targets = [_target_row(pledge, target) for pledge in pledges for target in pledge.targets.all()]
    return [
        (_("Pledges"), pledge_headers, [_pledge_row(pledge) for pledge in pledges]),
        (_("Targets and results"), target_headers, targets),
    ]
