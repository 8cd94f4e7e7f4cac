"""Downloads of a dossier's generated papers (``dossier_papers``), as PDFs and as editable Word
drafts, for whoever may see the dossier."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from awards import queries as awards_q

from . import dossier_papers

PAPERS = {"cover-letter": dossier_papers.cover_letter, "recipients": dossier_papers.recipient_list}


@login_required
def dossier_paper(request, pk, paper, fmt="pdf"):
    dossier = awards_q.dossier_papers(pk)
    if dossier is None:
        raise Http404
    if not awards_q.may_view_dossier(request.user, dossier):
        raise PermissionDenied
    return paper_response(PAPERS[paper](pk, fmt=fmt))


def paper_response(paper):
    """A ``documents.Paper`` as a download: the PDF inline, the Word draft as an attachment."""
    response = HttpResponse(paper.content, content_type=paper.content_type)
    response["Content-Disposition"] = f'{paper.disposition}; filename="{paper.filename}"'
    return response
