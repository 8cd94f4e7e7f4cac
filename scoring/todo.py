"""The scoring lines of the dashboard's "việc cần làm" list, in one query: whether the
unit's table is published, the unit's own scorecard, the scorecards waiting for the review
of a reviewing unit and, for ministry staff, the scorecards waiting for review or for the
final decision."""

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.permissions import is_ministry_staff, official_of
from emulation.registry import Action

from .models import CriteriaTable, Scorecard
from .permissions import assigned_cards


def _assigned_submitted(unit_id, year):
    """The submitted scorecards the unit is assigned to review (a filter on the join)."""
    waiting = assigned_cards(unit_id, year).filter(status=Scorecard.Status.SUBMITTED)
    return Q(scorecards__in=waiting.values("pk"))


def _counts(unit_id, unit_type, ministry, year):
    """One query: the year's tables, left-joined to their scorecards, counting only what can
    apply to the user (a count that cannot is not compiled)."""
    counts = {}
    if unit_id:
        own = Q(scorecards__unit_id=unit_id)
        draft = Q(scorecards__status=Scorecard.Status.DRAFT)
        counts.update(
            published=Count("pk", filter=Q(unit_type=unit_type, status=CriteriaTable.Status.PUBLISHED), distinct=True),
            own=Max("scorecards__pk", filter=own),
            own_draft=Count("scorecards", filter=own & draft),
            own_returned=Count("scorecards", filter=own & draft & ~Q(scorecards__return_reason="")),
        )
    if ministry:
        counts.update(
            submitted=Count("scorecards", filter=Q(scorecards__status=Scorecard.Status.SUBMITTED)),
            reviewed=Count("scorecards", filter=Q(scorecards__status=Scorecard.Status.REVIEWED)),
        )
    elif unit_id:
        counts["assigned"] = Count("scorecards", filter=_assigned_submitted(unit_id, year))
    return CriteriaTable.objects.filter(year=year).aggregate(**counts)


def scoring_todo(user, year):
    official = official_of(user)
    ministry = is_ministry_staff(user)
    if official is None and not ministry:
        return []
    unit_id = official.unit_id if official else None
    unit_type = official.unit.type if official else None
    counts = _counts(unit_id, unit_type, ministry, year)
    actions = []
    if official is not None:
        if counts.get("own_draft"):
            label = (
                _("Your scorecard was returned: complete it and submit again")
                if counts.get("own_returned")
                else _("Complete and submit your unit's self-score")
            )
            actions.append(Action(label, reverse("scoring:card", args=[counts["own"]]), 1, "warning"))
        elif counts.get("own") is None and counts.get("published"):
            actions.append(Action(_("Start your unit's self-score"), f"{reverse('scoring:index')}?year={year}", 1))
    cards = reverse("scoring:cards")
    if counts.get("assigned") and not ministry:
        url = f"{cards}?year={year}&status=submitted"
        actions.append(Action(_("Scorecards to review"), url, counts.get("assigned")))
    if ministry:
        if counts.get("submitted"):
            url = f"{cards}?year={year}&status=submitted"
            actions.append(Action(_("Scorecards to review"), url, counts.get("submitted")))
        if counts.get("reviewed"):
            url = f"{cards}?year={year}&status=reviewed"
            actions.append(Action(_("Reviewed scorecards to make final"), url, counts.get("reviewed")))
    return actions
