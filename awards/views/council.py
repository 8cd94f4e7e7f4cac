"""The sector council's sessions: the list and a new session (the emulation office), a
session's page (its agenda, who is present, its ballots and their results) and its actions.
The council's members cast their ballots on the vote engine's ballot page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.permissions import is_ministry_staff
from emulation.text import vi_collate

from ..council import CouncilSession, council_members, lines_needing_ballot
from ..models import Candidate, Dossier, Participation
from ..permissions import may
from ..queries import may_view_council_session
from ..services import council as services
from ..transitions import COUNCIL_SESSION
from .common import show_errors
from .unit_council import unit_session_detail


class SessionForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Award round (year)"), min_value=2000, max_value=2100)
    meeting_date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=gettext_lazy("Place"), max_length=255, required=False)


def _manages(user):
    return may(user, "awards.manage_dossiers")


def _load(request, pk):
    """The session, for whoever runs it, the office, or one of the year's council members (a
    unit's council: ministry staff see it too)."""
    session = get_object_or_404(CouncilSession.objects.select_related("unit"), pk=pk)
    outside_office = session.unit_id is not None and is_ministry_staff(request.user)
    if not (outside_office or may_view_council_session(request.user, session)):
        raise PermissionDenied
    return session


@never_cache
@login_required
def session_list(request):
    if not _manages(request.user):
        raise PermissionDenied
    form = SessionForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The council session is created: put the dossiers on its agenda."))
            return redirect("awards:council_session", pk=session.pk)
    page = Paginator(CouncilSession.objects.filter(unit=None), 30).get_page(request.GET.get("page"))
    return render(request, "awards/council_sessions.html", {"form": form, "page": page})


def _agenda(session):
    """[(dossier, [(line, needs a ballot)])] of the session's agenda."""
    dossiers = session.dossiers.select_related("unit").prefetch_related("lines__person", "lines__unit", "lines__title")
    agenda = []
    for dossier in dossiers.order_by(vi_collate("unit__name"), "pk"):
        balloted = {line.pk for line in lines_needing_ballot(dossier, session.meeting_date)}
        agenda.append((dossier, [(line, line.pk in balloted) for line in dossier.lines.all()]))
    return agenda


def _ballots(session, user):
    """The session's votes with their candidates, how many have voted, and the user's roll entry."""
    candidates = Candidate.objects.select_related(
        "dossier_line__person", "dossier_line__unit", "unit", "individual_title__person_year__person"
    )
    votes = list(
        session.votes.filter(runoff_of=None)
        .select_related("title")
        .prefetch_related(Prefetch("candidates", queryset=candidates.order_by("pk")))
        .order_by("title__order", "pk")
    )
    rows = []
    for vote in votes:
        voter = vote.voters.filter(official__user=user).first()
        voted = Participation.objects.filter(vote=vote).count()
        mine = voter is not None and Participation.objects.filter(vote=vote, voter=voter).exists()
        rows.append({"vote": vote, "voted": voted, "voter": voter, "mine": mine})
    return rows


@never_cache
@login_required
def session_detail(request, pk):
    session = _load(request, pk)
    if session.unit_id:
        return unit_session_detail(request, session, _ballots(session, request.user))
    manages = _manages(request.user)
    actions = COUNCIL_SESSION.available(session, request.user)
    waiting = Dossier.objects.none()
    if "edit" in actions:
        waiting = (
            Dossier.objects.filter(state=Dossier.State.AT_COUNCIL, year=session.year)
            .exclude(council_sessions__state__in=[CouncilSession.State.DRAFT, CouncilSession.State.VOTING])
            .select_related("unit")
            .order_by(vi_collate("unit__name"), "pk")
        )
    context = {
        "session": session,
        "actions": actions,
        "manages": manages,
        "agenda": _agenda(session),
        "waiting": waiting,
        "members": council_members(session.year),
        "ballots": _ballots(session, request.user),
    }
    return render(request, "awards/council_session.html", context)


def _run(request, call, success):
    try:
        call()
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, success)


@require_POST
@login_required
def session_add(request, pk):
    session = _load(request, pk)
    chosen = request.POST.get("dossier", "")
    dossier = Dossier.objects.filter(pk=int(chosen)).first() if chosen.isascii() and chosen.isdigit() else None
    if dossier is None:
        messages.error(request, _("Choose a dossier sent to the council."))
        return redirect("awards:council_session", pk=session.pk)
    _run(request, lambda: services.add_to_agenda(session, dossier, request.user), _("The dossier is on the agenda."))
    return redirect("awards:council_session", pk=session.pk)


@require_POST
@login_required
def session_remove(request, pk, dossier_pk):
    session = _load(request, pk)
    dossier = get_object_or_404(session.dossiers, pk=dossier_pk)
    _run(
        request,
        lambda: services.remove_from_agenda(session, dossier, request.user),
        _("The dossier is off the agenda."),
    )
    return redirect("awards:council_session", pk=session.pk)


@require_POST
@login_required
def session_open(request, pk):
    session = _load(request, pk)
    present = request.POST.getlist("present")
    _run(
        request,
        lambda: services.open_session(session, present, request.user),
        _("The session is open: the members can cast their secret ballots."),
    )
    return redirect("awards:council_session", pk=session.pk)


@require_POST
@login_required
def session_close(request, pk):
    session = _load(request, pk)
    _run(
        request,
        lambda: services.close_session(session, request.user),
        _("The ballots are counted and the results published to the members."),
    )
    return redirect("awards:council_session", pk=session.pk)


@require_POST
@login_required
def session_delete(request, pk):
    session = _load(request, pk)
    try:
        services.delete_session(session, request.user)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("awards:council_session", pk=session.pk)
    messages.success(request, _("The council session is deleted."))
    if session.unit_id:
        return redirect("awards:unit_council_sessions", session.unit.slug, session.year)
    return redirect("awards:council_sessions")
