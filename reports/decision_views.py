"""The award decision's papers (``decision_papers``), as a PDF and as an editable Word draft,
for whoever may see the register."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from awards import queries as awards_q

from . import decision_papers
from .dossier_views import paper_response


@login_required
def decision_paper(request, decision_pk, fmt="pdf"):
    decision = awards_q.decision_paper(decision_pk)
    if decision is None:
        raise Http404
    if not awards_q.may_view_decision(request.user, decision):
        raise PermissionDenied
    return paper_response(decision_papers.decision_paper(decision_pk, fmt=fmt))
