"""Scorecard pages: the list a reviewer works through, the scorecard (self-scoring with live
points, or the review), submit, return, make final."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.models import Unit
from emulation.text import vi_collate
from emulation.views import requested_year, year_choices

from .. import computation, forms, queries, sheets
from ..models import Scorecard
from ..permissions import review_queue
from ..services import scorecards as services
from ..transitions import SCORECARD
from .common import refused, require, show_errors


@login_required
def card_list(request):
    year = requested_year(request)
    cards = review_queue(request.user, year)
    if cards is None:
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status in Scorecard.Status.values:
        cards = cards.filter(status=status)
    unit_type = request.GET.get("type", "")
    if unit_type in Unit.Type.values:
        cards = cards.filter(unit_type=unit_type)
    cards = cards.select_related("unit", "band").order_by("unit_type", vi_collate("unit__name"))
    context = {
        "year": year,
        "years": year_choices(),
        "page": Paginator(cards, 50).get_page(request.GET.get("page")),
        "status": status,
        "unit_type": unit_type,
        "statuses": Scorecard.Status.choices,
        "types": Unit.Type.choices,
    }
    return render(request, "scoring/card_list.html", context)


def load_card(request, pk, perm="scoring.view_scorecard"):
    card = get_object_or_404(Scorecard.objects.select_related("unit", "table", "band"), pk=pk)
    require(request, perm, card)
    return card


def _back(card):
    return reverse("scoring:card", args=[card.pk])


def _rows(criteria, bands, entries, evidence, own, effective, form=None, review_form=None):
    rows = []
    for node in criteria:
        entry = entries.get(node.pk) if node.is_leaf else None
        row = {
            "node": node,
            "entry": entry,
            "evidence": evidence.get(entry.pk, []) if entry else [],
            "own": own.nodes.get(node.pk),
            "points": effective.nodes.get(node.pk),
            "bands": sheets.format_bands(bands[node.pk]) if node.pk in bands else "",
        }
        if form is not None and node.is_leaf:
            prefix = f"c{node.pk}"
            row["inputs"] = [form[name] for name in form.fields if name.startswith(prefix + "-")][:-1]
            row["note"] = form[f"{prefix}-note"]
            row["errors_list"] = [error for field in row["inputs"] for error in field.errors]
            row["computed"] = form.computed.get(node.pk)
        if review_form is not None and entry is not None:
            row["review_points"] = review_form[f"e{entry.pk}-points"]
            row["review_reason"] = review_form[f"e{entry.pk}-reason"]
            row["review_version"] = review_form[f"e{entry.pk}-version"]
        rows.append(row)
    return rows


def _card_page(request, card, form=None, review_form=None, status=200):
    """The scorecard page; ``form``/``review_form`` given when they come back with the
    user's typing (an error, or a colleague's save in between)."""
    criteria, bands, entries, evidence = queries.card_data(card)
    actions = SCORECARD.available(card, request.user)
    can_edit, can_review = "edit" in actions, "review" in actions
    if can_edit and form is None:
        form = forms.ScorecardForm(criteria=criteria, bands=bands, entries=entries, initial={"version": card.version})
    if can_review and review_form is None:
        review_form = forms.ReviewForm(criteria=criteria, entries={e.pk: e for e in entries.values()})
    form, review_form = (form if can_edit else None), (review_form if can_review else None)
    own_points = {pk: e.self_points for pk, e in entries.items()}
    if form is not None and form.is_bound:
        own_points = {pk: form.computed.get(pk) for pk in own_points}
    own = computation.tree_totals(criteria, own_points)
    effective = computation.tree_totals(criteria, {pk: e.points for pk, e in entries.items()})
    context = {
        "card": card,
        "table": card.table,
        "actions": actions,
        "form": form,
        "review_form": review_form,
        "rows": _rows(criteria, bands, entries, evidence, own, effective, form, review_form),
        "own": own,
        "effective": effective,
        "band": queries.card_band(card, criteria, list(entries.values()), effective),
        "changes": queries.review_changes(card, criteria),
        "timeline": card.history.select_related("history_user").order_by("history_date", "history_id"),
        "can_edit": can_edit,
        "can_review": can_review,
        "missing": queries.missing_evidence(card, entries=list(entries.values())) if can_edit else [],
        "certification_form": forms.CertificationForm() if can_edit and card.needs_certification else None,
        "return_form": forms.ReturnForm() if "return" in actions else None,
        "n_changed": sum(1 for e in entries.values() if e.changed_by_review),
        **queries.card_deadline(card),
    }
    return render(request, "scoring/card_detail.html", context, status=status)


@never_cache
@login_required
def card_detail(request, pk):
    """GET: the scorecard. POST: save the self-scores ("Save and submit": and submit, in one
    transaction). A refused save comes back with what was typed, never thrown away."""
    card = load_card(request, pk)
    if request.method != "POST":
        return _card_page(request, card)
    if refusal := refused(request, SCORECARD, card, "edit", _back(card)):
        return refusal
    criteria, bands, entries, _evidence = queries.card_data(card)
    form = forms.ScorecardForm(request.POST, criteria=criteria, bands=bands, entries=entries)
    if not form.is_valid():
        messages.error(request, _("Some points could not be saved: see the criteria marked in red."))
        return _card_page(request, card, form=form, status=422)
    submitting = "submit_card" in request.POST
    save = services.save_and_submit if submitting else services.save_self_scores
    try:
        save(card, request.user, form.rows(), form.cleaned_data["version"])
    except ValidationError as error:
        show_errors(request, error)
        return _card_page(request, card, form=form, status=422)
    messages.success(request, _("The scorecard has been submitted for review.") if submitting else _("Saved."))
    return redirect(_back(card))


@require_POST
@login_required
def card_preview(request, pk):
    """htmx: the points of every criterion and the totals for what is typed, not saved."""
    card = load_card(request, pk, "scoring.edit_scorecard")
    criteria, bands, entries, _evidence = queries.card_data(card)
    form = forms.ScorecardForm(request.POST, criteria=criteria, bands=bands, entries=entries)
    form.is_valid()
    own = computation.tree_totals(criteria, {pk: form.computed.get(pk) for pk in entries})
    rows = [
        {
            "node": node,
            "computed": form.computed.get(node.pk),
            "errors": [e for name in form.fields if name.startswith(f"c{node.pk}-") for e in form.errors.get(name, [])],
            "own": own.nodes.get(node.pk),
        }
        for node in criteria
    ]
    band = queries.card_band(card, criteria, [], own)
    return render(request, "scoring/_preview.html", {"rows": rows, "own": own, "band": band, "card": card})


@require_POST
@login_required
def card_submit(request, pk):
    card = load_card(request, pk, "scoring.edit_scorecard")
    try:
        services.submit_scorecard(card, request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The scorecard has been submitted for review."))
    return redirect(_back(card))


@require_POST
@login_required
def card_review(request, pk):
    """Save the reviewed points ("Save and complete the review": and complete it, in one
    transaction). A refused review comes back with what was typed."""
    card = load_card(request, pk, "scoring.review_scorecard")
    if refusal := refused(request, SCORECARD, card, "review", _back(card)):
        return refusal
    criteria, _bands, entries, _evidence = queries.card_data(card)
    form = forms.ReviewForm(request.POST, criteria=criteria, entries={e.pk: e for e in entries.values()})
    if not form.is_valid():
        messages.error(request, _("Some reviewed points could not be saved: see the criteria marked in red."))
        return _card_page(request, card, review_form=form, status=422)
    completing = "complete_review" in request.POST
    save = services.save_review_and_complete if completing else services.save_review
    try:
        save(card, request.user, form.rows())
    except ValidationError as error:
        show_errors(request, error)
        return _card_page(request, card, review_form=form, status=422)
    messages.success(request, _("The review is complete.") if completing else _("The reviewed points have been saved."))
    return redirect(_back(card))


@require_POST
@login_required
def card_return(request, pk):
    card = load_card(request, pk, "scoring.review_scorecard")
    if refusal := refused(request, SCORECARD, card, "return", _back(card)):
        return refusal
    form = forms.ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the reason for returning the scorecard."))
        services.return_scorecard(card, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The scorecard has been returned to the unit."))
    return redirect(_back(card))


@require_POST
@login_required
def card_finalize(request, pk):
    card = load_card(request, pk, "scoring.finalize_scorecard")
    try:
        services.finalize_scorecard(card, request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The scorecard is final."))
    return redirect(_back(card))
