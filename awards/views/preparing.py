"""Preparing a draft vote: its settings, candidates and voter roll, and (paper) the
counted totals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.models import Official, Unit
from emulation.security import pk_or_404
from emulation.text import vi_collate

from .. import forms, services
from ..models import VOTE_SETTINGS, Candidate, Vote, Voter
from .common import back_to, load_vote, show_errors
from .votes import detail_context


@require_POST
@login_required
def vote_settings(request, pk):
    vote = load_vote(request, pk, "awards.manage_vote")
    form = forms.VoteSettingsForm(request.POST, instance=Vote.objects.get(pk=vote.pk))
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in VOTE_SETTINGS}
        try:
            services.update_vote(vote, request.user, form.cleaned_data.get("version"), **values)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return back_to(vote)
    context = detail_context(request, vote)
    context["settings_form"] = form
    return render(request, "awards/vote_detail.html", context, status=400)


@require_POST
@login_required
def candidate_add(request, pk):
    vote = load_vote(request, pk, "awards.manage_vote")
    units = Unit.objects.filter(memberships__cluster=vote.cluster, memberships__year=vote.year)
    form = forms.AddCandidateForm(request.POST, units=list(units))
    if form.is_valid():
        try:
            candidate = services.add_candidate(
                vote, form.cleaned_data["unit"], form.cleaned_data["reason"], request.user
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("%(unit)s is now a candidate.") % {"unit": candidate.unit.name})
    else:
        messages.error(request, _("Choose a unit and give the reason."))
    return back_to(vote)


@require_POST
@login_required
def candidate_remove(request, pk, candidate_pk):
    vote = load_vote(request, pk, "awards.manage_vote")
    candidate = get_object_or_404(Candidate, pk=candidate_pk, vote=vote)
    form = forms.ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.remove_candidate(candidate, form.cleaned_data["reason"], request.user)
        except ValidationError as error:
            show_errors(request, error)
    else:
        messages.error(request, _("Give the reason for removing this unit."))
    return back_to(vote)


@require_POST
@login_required
def voter_set(request, pk, voter_pk):
    vote = load_vote(request, pk, "awards.manage_vote")
    voter = get_object_or_404(Voter, pk=voter_pk, vote=vote)
    official = None
    if request.POST.get("official"):
        official = get_object_or_404(Official, pk=pk_or_404(request.POST["official"]))
    try:
        services.set_voter(voter, official, request.user)
    except ValidationError as error:
        show_errors(request, error)
    return back_to(vote)


@require_POST
@login_required
def paper_totals(request, pk):
    vote = load_vote(request, pk, "awards.manage_vote")
    candidates = list(vote.candidates.filter(withdrawn=False).select_related("unit").order_by(vi_collate("unit__name")))
    form = forms.PaperTotalsForm(request.POST, vote=vote, candidates=candidates)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_paper_totals(
                vote,
                request.user,
                cast=data["cast"],
                blank=data["blank"],
                invalid=data["invalid"],
                votes=form.votes(),
                expected_version=data.get("version"),
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The counted totals have been saved."))
    else:
        messages.error(request, _("Enter every count as a whole number."))
    return back_to(vote)
