"""The minutes of a sector council session (``council_papers``), as a PDF and as a Word draft,
for the emulation office and the council's members."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from awards import queries as awards_q

from . import council_papers
from .dossier_views import paper_response


@login_required
def council_minutes(request, session_pk, fmt="pdf"):
    minutes = awards_q.council_minutes(session_pk)
    if minutes is None:
        raise Http404
    if not awards_q.may_view_council_session(request.user, minutes["session"]):
        raise PermissionDenied
    return paper_response(council_papers.council_minutes_paper(session_pk, fmt=fmt))
