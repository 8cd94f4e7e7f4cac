"""Downloads of a dossier's generated papers (``dossier_papers``), for whoever may see the dossier."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from awards import queries as awards_q

from . import dossier_papers

PAPERS = {"cover-letter": dossier_papers.cover_letter, "recipients": dossier_papers.recipient_list}


@login_required
def dossier_paper(request, pk, paper):
    dossier = awards_q.dossier_papers(pk)
    if dossier is None:
        raise Http404
    if not awards_q.may_view_dossier(request.user, dossier):
        raise PermissionDenied
    built = PAPERS[paper](pk)
    response = HttpResponse(built.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{built.filename}"'
    return response
