"""The voter's own page: the secret ballot, the receipt, checking a receipt."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from emulation.text import vi_collate

from .. import forms, services
from ..models import Participation
from .common import load_vote


def _approved(data):
    """Approval ballots tick ``approve``; yes/no ballots answer ``yn-<candidate>``."""
    approved = data.getlist("approve")
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
    candidates = list(vote.candidates.filter(withdrawn=False).select_related("unit").order_by(vi_collate("unit__name")))
    error = None
    if request.method == "POST":
        try:
            code = services.cast_ballot(vote, request.user, _approved(request.POST))
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            return render(request, "awards/receipt.html", {"vote": vote, "code": code})
    voted = Participation.objects.filter(vote=vote, voter=voter).exists()
    context = {"vote": vote, "voter": voter, "candidates": candidates, "voted": voted, "error": error}
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
