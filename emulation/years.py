"""The year a page shows: the one the user picked (remembered in the session), else the
year whose work is open for this user, else the latest year with memberships.

"Open work" comes from the later apps through the registry, without the core importing
them: the dashboard's to-do providers (``registry.add_action_provider``), asked for the
years around today, and the providers of open years (``registry.add_open_years_provider``)
for work further away. On 3 December with next year's campaign open for registration,
an official's pages open on next year.
"""

import time

from django.db.models import Max
from django.utils import timezone

from . import registry
from .models import Membership

SESSION_KEY = "year"  # the year the user picked
WORKING_KEY = "working_year"  # [year, when computed]: open work is asked at most every few minutes
WORKING_TTL = 300
FIRST, LAST = 1990, 2100


def today():
    return timezone.localdate()


def latest_member_year():
    """The latest year with memberships, not after the current calendar year (the calendar
    year if none)."""
    this_year = today().year
    latest = Membership.objects.filter(year__lte=this_year).aggregate(year=Max("year"))["year"]
    return latest or this_year


def _valid(year):
    try:
        year = int(year)
    except (TypeError, ValueError):
        return None
    return year if FIRST <= year <= LAST else None


def _asked_years(user):
    this_year = today().year
    return sorted({this_year - 1, this_year, this_year + 1} | set(registry.open_years_for(user)))


def actions_in(user, year):
    """The to-dos of ``year``, asked of the providers once per user and year for the request."""
    real = getattr(user, "_wrapped", user)
    cache = real.__dict__.setdefault("_actions_by_year", {})
    if year not in cache:
        cache[year] = registry.actions_for(user, year) if user.is_authenticated else []
    return cache[year]


def actions_by_year(user):
    """{year: [Action]} of the dashboard's to-dos for last, this and next calendar year and
    the years the open-years providers name."""
    if not user.is_authenticated:
        return {}
    return {year: actions_in(user, year) for year in _asked_years(user)}


def open_work(user):
    """{year: [Action]} of the years with work of their own open for this user. A to-do
    listed alike in every year asked (a ballot to cast, a nomination to decide) belongs to
    no year and is left out."""
    asked = actions_by_year(user)
    if not asked:
        return {}
    everywhere = set.intersection(*(set(actions) for actions in asked.values()))
    work = {}
    for year, actions in asked.items():
        own = [action for action in actions if action not in everywhere]
        if own:
            work[year] = own
    return work


def working_year(user=None):
    """The newest year with open work for this user (older ones are listed on the dashboard),
    else the latest year with memberships."""
    if user is not None and user.is_authenticated:
        work = open_work(user)
        if work:
            return max(work)
    return latest_member_year()


def _session_work(request):
    """(working year, open years) for the request's user, kept in the session for a few
    minutes so that pages do not ask every app on every request."""
    session = getattr(request, "session", None)
    kept = session.get(WORKING_KEY) if session is not None else None
    if kept and len(kept) == 3 and _valid(kept[0]) and 0 <= time.time() - kept[1] < WORKING_TTL:
        return kept[0], kept[2]
    year = working_year(request.user)
    open_years = sorted(open_work(request.user)) if request.user.is_authenticated else []
    if session is not None and request.user.is_authenticated:
        session[WORKING_KEY] = [year, time.time(), open_years]
    return year, open_years


def open_years(request):
    """The years with open work for the request's user (kept in the session a few minutes)."""
    return _session_work(request)[1]


def other_years_work(request, year):
    """[(year, [Action])] of the other years with open work, without the to-dos that
    ``year`` lists too (those belong to no year)."""
    shown = set(actions_in(request.user, year))
    other = []
    for other_year in open_years(request):
        if other_year != year:
            actions = [action for action in actions_in(request.user, other_year) if action not in shown]
            if actions:
                other.append((other_year, actions))
    return other


def requested_year(request):
    """The year a page shows: ?year=YYYY (then remembered), else the remembered one, else
    the working year."""
    year = _valid(request.GET.get("year"))
    session = getattr(request, "session", None)
    if year is not None:
        if session is not None and session.get(SESSION_KEY) != year:
            session[SESSION_KEY] = year
        return year
    remembered = _valid(session.get(SESSION_KEY)) if session is not None else None
    return remembered or _session_work(request)[0]


def year_choices(request=None):
    """The years of the picker: those with memberships, and for a request also the years
    with open work and the year shown."""
    years = set(Membership.objects.order_by().values_list("year", flat=True).distinct())
    if request is not None:
        years |= set(open_years(request))
        years.add(requested_year(request))
    return sorted(years, reverse=True)
