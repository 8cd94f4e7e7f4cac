"""The scoring page of a year: one's own scorecard, the scorecards one reviews, the tables
and the rankings."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from emulation.permissions import is_ministry_staff, official_of
from emulation.views import requested_year, year_choices

from .. import queries
from ..models import CriteriaTable, Scorecard
from ..permissions import review_queue
from ..services import scorecards
from .common import show_errors


@login_required
def index(request):
    year = requested_year(request)
    official = official_of(request.user)
    own_card = None
    can_open = False
    if official:
        own_card = Scorecard.objects.filter(unit_id=official.unit_id, year=year).select_related("table").first()
        if own_card is None:
            can_open = queries.published_table(year, official.unit.type) is not None
    to_review = review_queue(request.user, year)
    tables = CriteriaTable.objects.filter(year=year)
    context = {
        "year": year,
        "years": year_choices(),
        "official": official,
        "own_card": own_card,
        "can_open": can_open,
        "review_counts": _status_counts(to_review) if to_review is not None else [],
        "tables": tables.exclude(status=CriteriaTable.Status.SUPERSEDED)
        if is_ministry_staff(request.user)
        else tables.filter(status=CriteriaTable.Status.PUBLISHED),
        "unit_types": queries.unit_types_with_tables(year),
    }
    return render(request, "scoring/index.html", context)


def _status_counts(cards):
    """[{status, label, badge, n}] of a queryset of scorecards, in workflow order."""
    counts = dict(cards.values_list("status").annotate(n=Count("pk")).order_by())
    return [
        {"status": status, "label": label, "badge": Scorecard.BADGES[status], "n": counts[status]}
        for status, label in Scorecard.Status.choices
        if counts.get(status)
    ]


@require_POST
@login_required
def open_own_scorecard(request):
    official = official_of(request.user)
    if official is None:
        raise PermissionDenied
    year = requested_year(request)
    try:
        card = scorecards.open_scorecard(official.unit, year, by=request.user)
    except ValidationError as error:
        show_errors(request, error)
        return redirect(f"{reverse('scoring:index')}?year={year}")
    return redirect("scoring:card", pk=card.pk)
