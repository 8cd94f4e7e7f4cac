"""The figures a cluster reports as its own for a year: entered and removed by the head's
staff or by ministry staff (plain rows with their history: no state to move through)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import registry
from ..figures import ReportedFigure
from ..text import nfc
from . import require, save_with_history

TEXT_FIELDS = ("label", "unit_of_measure", "stated_as", "source")


@transaction.atomic
def add_figure(cluster, year, by, **fields):
    """A figure of the cluster's own report for ``year`` (label, value, of_total, unit of
    measure, the report's wording, source), after the ones already entered."""
    for name in TEXT_FIELDS:
        fields[name] = nfc((fields.get(name) or "").strip())
    figure = ReportedFigure(cluster=cluster, year=year, created_by=by, **fields)
    require(by, "emulation.report_cluster_figures", figure)
    last = ReportedFigure.objects.filter(cluster=cluster, year=year).order_by("-order").first()
    figure.order = last.order + 1 if last else 1
    _check_target(figure)
    figure.full_clean()
    save_with_history(figure, by)
    return figure


def _check_target(figure):
    """A figure given as a common target's total names a target the cluster's members pledge."""
    if figure.target_number is None:
        return
    targets = registry.common_targets(figure.cluster, figure.year)
    if figure.target_number not in targets:
        message = _("The cluster's regular campaign of %(year)s has no common target no. %(number)s.")
        raise ValidationError({"target_number": message % {"year": figure.year, "number": figure.target_number}})


@transaction.atomic
def remove_figure(figure, by):
    require(by, "emulation.report_cluster_figures", figure)
    figure._history_user = by
    figure.delete()
