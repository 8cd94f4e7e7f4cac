"""A unit's council (Hội đồng thi đua – khen thưởng cơ sở) and its secret ballots: the unit's
sessions of a year and a new one (the unit's head), and a session's page — the titles the unit
proposes (the agenda), who is present, each ballot and its result. The session's actions
(open, close, delete) and the members' ballot page are the sector council's
(``views.council``, ``views.ballot``)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from emulation.models import Unit

from .. import unit_council
from ..council import CouncilSession, session_members
from ..services import council as services
from ..transitions import COUNCIL_SESSION


class UnitSessionForm(forms.Form):
    meeting_date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=gettext_lazy("Place"), max_length=255, required=False)


@never_cache
@login_required
def unit_sessions(request, slug, year):
    """The sessions of the unit's council for the year; its head creates one."""
    unit = get_object_or_404(Unit, slug=slug)
    if not unit_council.sees_unit_council(request.user, unit, year):
        raise PermissionDenied
    manages = unit_council.manages_unit_council(request.user, unit)
    form = UnitSessionForm(request.POST or None, initial={"meeting_date": timezone.localdate()})
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        if form.is_valid():
            try:
                session = services.create_session(request.user, year=year, unit=unit, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The session of the unit's council is created."))
                return redirect("awards:council_session", pk=session.pk)
    sessions = CouncilSession.objects.filter(unit=unit, year=year).order_by("-meeting_date", "-pk")
    in_force = unit_council.unit_rules(timezone.localdate())
    context = {
        "unit": unit,
        "year": year,
        "sessions": sessions,
        "form": form if manages else None,
        "rules": in_force,
    }
    return render(request, "awards/unit_council_sessions.html", context)


def unit_session_detail(request, session, ballots):
    """The page of a session of a unit's council (``views.council.session_detail`` sends it here)."""
    actions = COUNCIL_SESSION.available(session, request.user)
    draft = COUNCIL_SESSION.allows(session, "open")
    context = {
        "session": session,
        "unit": session.unit,
        "actions": actions,
        "agenda": unit_council.agenda(session) if draft else [],
        "members": session_members(session),
        "ballots": ballots,
    }
    return render(request, "awards/unit_council_session.html", context)
