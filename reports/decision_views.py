"""The award decision's PDF (``decision_papers``), for whoever may see the register."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from awards import queries as awards_q

from . import decision_papers


@login_required
def decision_pdf(request, decision_pk):
    decision = awards_q.decision_paper(decision_pk)
    if decision is None:
        raise Http404
    if not awards_q.may_view_decision(request.user, decision):
        raise PermissionDenied
    built = decision_papers.decision_pdf(decision_pk)
    response = HttpResponse(built.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{built.filename}"'
    return response
