"""The dashboard's to-do lines ("needs your action") for pledges and their mid-year progress:
three queries at most whatever the data (the user's official row and unit are already loaded
by the dashboard; the calendar is asked only when a progress report is owed)."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.models import Membership
from emulation.permissions import is_ministry_staff, official_of
from emulation.registry import Action
from people.models import Posting
from schedule import queries as calendar

from .models import Campaign, Pledge, PledgedIndividual, Progress
from .permissions import reviewable_q

Status = Pledge.Status
# Results are entered from October (the Ministry's year-end guidance), or any time for past years.
RESULTS_SEASON_MONTH = 10


def _url(name, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse(name) + (f"?{query}" if query else "")


def _results_season(year):
    today = timezone.localdate()
    return year < today.year or today >= datetime.date(year, RESULTS_SEASON_MONTH, 1)


# A pledge naming a person not yet linked, of a unit that keeps its roster here.
_unlinked = PledgedIndividual.objects.filter(pledge_id=OuterRef("pk"), person__isnull=True)
_roster = Posting.objects.filter(unit_id=OuterRef("unit_id"))
_progress_sent = Progress.objects.filter(pledge_id=OuterRef("pk"), phase__isnull=True, status=Progress.Status.SUBMITTED)
# The mid-year report is asked for from a month before the calendar's date for it.
PROGRESS_NOTICE_DAYS = 30


def _progress_season(year):
    due = calendar.due_date(calendar.StepKind.MID_YEAR, year)
    return due is not None and timezone.localdate() >= due - datetime.timedelta(days=PROGRESS_NOTICE_DAYS)


def _counts(unit_id, reviewable, year):
    """The pledge counts of the dashboard in one query, only those that can apply to the user
    (a count that cannot is not compiled: Django's compiling is most of this query's time)."""
    own = Q(unit_id=unit_id)
    counts, where = {}, reviewable
    if unit_id:
        counts.update(
            draft=Count("pk", filter=own & Q(status=Status.DRAFT)),
            returned=Count("pk", filter=own & Q(status=Status.RETURNED)),
            accepted=Count("pk", filter=own & Q(status=Status.ACCEPTED)),
            progress=Count("pk", filter=own & Q(status=Status.ACCEPTED) & ~Q(Exists(_progress_sent))),
            unlinked=Count("pk", filter=own & Q(Exists(_unlinked)) & Q(Exists(_roster))),
        )
        where = own | reviewable
    counts.update(
        to_review=Count("pk", filter=reviewable & Q(status=Status.SUBMITTED)),
        to_assess=Count("pk", filter=reviewable & Q(status=Status.RESULTS_REPORTED)),
    )
    return Pledge.objects.filter(where, year=year).aggregate(**counts)


def pledge_actions(user, year):
    official = official_of(user)
    if official is None and not is_ministry_staff(user):
        return []
    unit_id = official.unit_id if official else None
    counts = _counts(unit_id, reviewable_q(user, year), year)
    mine, review = "campaigns:pledge_list", "campaigns:pledge_list"
    actions = []
    if unit_id:
        in_cluster = Membership.objects.filter(unit_id=unit_id, year=year, cluster_id=OuterRef("launching_cluster_id"))
        pledged = Pledge.objects.filter(campaign_id=OuterRef("pk"), unit_id=unit_id, year=year)
        listed = Campaign.units.through.objects.filter(campaign_id=OuterRef("pk"), unit_id=unit_id)
        missing = (
            Campaign.objects.covering(year)
            .filter(
                Q(level=Campaign.Level.CLUSTER, kind=Campaign.Kind.REGULAR) & Q(Exists(in_cluster))
                | Q(scope=Campaign.Scope.UNITS) & Q(Exists(listed))
            )
            .filter(~Exists(pledged))
            .count()
        )
        if missing:
            actions.append(Action(_("Campaigns to register for"), _url("campaigns:index", year=year), missing))
    lines = [
        ("draft", _("Pledges to submit"), _url(mine, year=year, status=Status.DRAFT), "primary"),
        ("returned", _("Returned pledges to fix"), _url(mine, year=year, status=Status.RETURNED), "danger"),
        (
            "unlinked",
            _("Pledges naming persons to link to the registry"),
            _url("campaigns:individuals_unlinked"),
            "info",
        ),
        (
            "to_review",
            _("Pledges to review"),
            _url(review, role="review", year=year, status=Status.SUBMITTED),
            "warning",
        ),
        (
            "to_assess",
            _("Results to assess"),
            _url(review, role="review", year=year, status=Status.RESULTS_REPORTED),
            "warning",
        ),
    ]
    if counts.get("progress") and _progress_season(year):
        lines.insert(
            2,
            (
                "progress",
                _("Mid-year progress reports to send"),
                _url(mine, year=year, status=Status.ACCEPTED),
                "warning",
            ),
        )
    if _results_season(year):
        lines.insert(2, ("accepted", _("Results to enter"), _url(mine, year=year, status=Status.ACCEPTED), "warning"))
    actions += [Action(label, url, counts[key], kind) for key, label, url, kind in lines if counts.get(key)]
    return actions
