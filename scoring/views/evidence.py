"""Evidence (tài liệu minh chứng) on a scorecard's criteria and the chairman's certification:
attach, download through the permission check, remove."""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.files import serve_private

from .. import forms
from ..models import Evidence, ScoreEntry
from ..services import scorecards as services
from .cards import load_card
from .common import require, show_errors


@require_POST
@login_required
def card_certification(request, pk):
    card = load_card(request, pk, "scoring.edit_scorecard")
    form = forms.CertificationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_certification(card, request.user, form.cleaned_data["certification"])
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The certification has been attached."))
    else:
        show_errors(request, ValidationError(form.errors["certification"]))
    return redirect("scoring:card", pk=card.pk)


@login_required
def certification_file(request, pk):
    card = load_card(request, pk)
    if not card.certification:
        raise Http404
    extension = os.path.splitext(card.certification.name)[1]
    return serve_private(card.certification, f"xac-nhan-{card.unit.slug}-{card.year}{extension}")


@require_POST
@login_required
def evidence_add(request, entry_pk):
    entry = get_object_or_404(ScoreEntry.objects.select_related("scorecard", "criterion"), pk=entry_pk)
    require(request, "scoring.edit_scorecard", entry.scorecard)
    form = forms.EvidenceForm(request.POST, request.FILES)
    error_messages = []
    if form.is_valid():
        try:
            services.add_evidence(entry, request.user, file=form.cleaned_data["file"], link=form.cleaned_data["link"])
        except ValidationError as error:
            error_messages = error.messages
    else:
        error_messages = [message for errors in form.errors.values() for message in errors]
    if not request.htmx:
        for message in error_messages:
            messages.error(request, message)
        return redirect(f"{reverse('scoring:card', args=[entry.scorecard_id])}#c{entry.criterion_id}")
    context = {
        "entry": entry,
        "items": Evidence.objects.filter(entry=entry).order_by("pk"),
        "errors": error_messages,
        "can_edit": True,
    }
    return render(request, "scoring/_evidence.html", context)


@login_required
def evidence_file(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("entry__scorecard"), pk=pk)
    require(request, "scoring.view_scorecard", evidence.entry.scorecard)
    if not evidence.file:
        raise Http404
    return serve_private(evidence.file, evidence.original_name or None)


@require_POST
@login_required
def evidence_delete(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("entry__scorecard"), pk=pk)
    card = evidence.entry.scorecard
    require(request, "scoring.edit_scorecard", card)
    try:
        services.remove_evidence(evidence, request.user)
    except ValidationError as error:
        show_errors(request, error)
    return redirect(f"{reverse('scoring:card', args=[card.pk])}#c{evidence.entry.criterion_id}")
