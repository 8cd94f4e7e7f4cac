"""What every page of the awards app shares: loading a vote with its permission,
showing a service's refusal as messages, the way back to the vote."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy

from ..models import Vote
from ..permissions import may

PAGE_SIZE = 25
DRAFTED = gettext_lazy("The nomination has been drafted: complete it, then submit it to the Ministry.")


def show_errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def refused_by_state(error):
    return getattr(error, "code", None) == "state"


def load_vote(request, pk, perm="awards.view_vote"):
    vote = get_object_or_404(Vote.objects.select_related("cluster", "title", "rule", "runoff_of", "source_vote"), pk=pk)
    if not may(request.user, perm, vote):
        raise PermissionDenied
    return vote


def back_to(vote):
    return redirect("awards:vote_detail", pk=vote.pk)
