"""The voter's own page: the secret ballot, the receipt, checking a receipt."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.middleware.csrf import CSRF_TOKEN_LENGTH
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from emulation.text import vi_collate

from .. import forms, services
from ..models import Participation
from .common import load_vote

# The ballot form sends ``c-<candidate>`` = 1 or 0 for every candidate and a ``pad`` that
# brings the body to a multiple of this: a proxy's log or the TLS record sizes see the
# same length for every ballot of a vote (docs/security.md §1, B4).
BALLOT_BODY_BLOCK = 2048
CSRF_FIELD = "csrfmiddlewaretoken=" + "x" * CSRF_TOKEN_LENGTH


def ballot_padding(candidates):
    """The ``pad`` value: the urlencoded body a browser sends for this form (the CSRF
    token, one one-character answer per candidate) padded to the next block."""
    body = len(CSRF_FIELD) + sum(len(f"&c-{c.pk}=0") for c in candidates) + len("&pad=")
    size = -(-(body + 1) // BALLOT_BODY_BLOCK) * BALLOT_BODY_BLOCK
    return "0" * (size - body)


def _approved(data):
    """The form answers ``c-<candidate>`` = 1 for each chosen; ``approve`` (ticked ids)
    and ``yn-<candidate>`` = yes are still read from older pages."""
    approved = [key[2:] for key, value in data.items() if key.startswith("c-") and value == "1"]
    approved += data.getlist("approve")
    approved += [key[3:] for key, value in data.items() if key.startswith("yn-") and value == "yes"]
    return approved


@never_cache
@login_required
def ballot(request, pk):
    """The voter's ballot. The receipt is rendered in the response to the POST and
    nowhere else: not in the session, not in a message, not in the URL."""
    vote = load_vote(request, pk)
    voter = vote.voters.filter(official__user=request.user).select_related("unit").first()
    if voter is None:
        raise PermissionDenied
    candidates = vote.candidates.filter(withdrawn=False).select_related(
        "unit", "dossier_line__person", "dossier_line__unit"
    )
    candidates = list(candidates.order_by("pk" if vote.is_council else vi_collate("unit__name")))
    error = None
    if request.method == "POST":
        try:
            code = services.cast_ballot(vote, request.user, _approved(request.POST))
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            return render(request, "awards/receipt.html", {"vote": vote, "code": code})
    voted = Participation.objects.filter(vote=vote, voter=voter).exists()
    context = {
        "vote": vote,
        "voter": voter,
        "candidates": candidates,
        "voted": voted,
        "error": error,
        "padding": ballot_padding(candidates),
    }
    return render(request, "awards/ballot.html", context, status=400 if error else 200)


@never_cache
@login_required
def receipt_check(request, pk):
    vote = load_vote(request, pk)
    form = forms.ReceiptForm(request.POST or None)
    counted = None
    if request.method == "POST" and form.is_valid():
        counted = services.ballot_counted(vote, form.cleaned_data["code"])
    return render(request, "awards/receipt_check.html", {"vote": vote, "form": form, "counted": counted})
