"""The decisions register: the office's list and a new draft from dossiers before the council,
a decision's page with its annex and the actions ``DECISION.available`` offers (edit, issue,
delete a draft; revoke or correct an issued one by drafting the later decision), and the public
list of issued decisions (no login; name, position, unit and title only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .. import decision_forms as forms
from .. import services
from ..models import AwardLevel, Decision, DecisionLine, Dossier
from ..permissions import may
from ..transitions import DECISION
from .common import PAGE_SIZE, show_errors

PUBLIC_PAGE_SIZE = 50
LIVE = (Decision.State.DRAFT, Decision.State.ISSUED)
ISSUED = (Decision.State.ISSUED, Decision.State.REVOKED, Decision.State.CORRECTED)


def _require_register(user):
    if not may(user, "awards.view_decision"):
        raise PermissionDenied


def _undecided_dossiers():
    """Dossiers waiting for a decision that no draft or issued decision holds yet: the
    Minister's before the council, the Prime Minister's and the President's once sent up (the
    decision recorded is then the outcome received back, less the recipients it refused)."""
    taken = Decision.objects.filter(dossiers=OuterRef("pk"), state__in=LIVE)
    eligible = Count("lines", filter=Q(lines__verdict="eligible", lines__not_awarded=False))
    waiting = Q(state=Dossier.State.AT_COUNCIL, level=AwardLevel.MINISTRY) | Q(state=Dossier.State.SENT_UP)
    return (
        Dossier.objects.filter(waiting)
        .exclude(Exists(taken))
        .select_related("unit")
        .annotate(eligible=eligible)
        .order_by("-year", "pk")
    )


@never_cache
@login_required
def decision_list(request):
    _require_register(request.user)
    decisions = Decision.objects.select_related("revokes", "corrects").annotate(recipients=Count("lines"))
    state = request.GET.get("state", "")
    if state in Decision.State.values:
        decisions = decisions.filter(state=state)
    page = Paginator(decisions.order_by("-date", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "state": state, "states": Decision.State.choices}
    if may(request.user, "awards.manage_decisions"):
        context["draft_form"] = forms.DraftForm(dossiers=_undecided_dossiers())
    return render(request, "awards/decision_list.html", context)


@require_POST
@login_required
def decision_create(request):
    if not may(request.user, "awards.manage_decisions"):
        raise PermissionDenied
    form = forms.DraftForm(request.POST, dossiers=_undecided_dossiers())
    if not form.is_valid():
        show_errors(request, ValidationError([e for errors in form.errors.values() for e in errors]))
        return redirect("awards:decision_list")
    try:
        decision = services.draft_decision(
            form.cleaned_data["dossiers"], request.user, subject=form.cleaned_data["subject"]
        )
    except ValidationError as error:
        show_errors(request, error)
        return redirect("awards:decision_list")
    messages.success(request, _("The draft decision has been made: check its annex, then issue it."))
    return redirect("awards:decision_detail", decision_pk=decision.pk)


def load_decision(request, pk):
    _require_register(request.user)
    related = ("revokes", "corrects", "office", "basis", "issued_by", "created_by")
    return get_object_or_404(Decision.objects.select_related(*related), pk=pk)


def _back(decision):
    return redirect("awards:decision_detail", decision_pk=decision.pk)


def _annex(decision):
    ended = DecisionLine.objects.filter(supersedes=OuterRef("pk"), decision__state=Decision.State.ISSUED)
    lines = decision.lines.select_related("title", "unit", "reward_rule", "dossier_line__dossier", "supersedes")
    return list(lines.annotate(ended=Exists(ended)).order_by("order", "pk"))


@never_cache
@login_required
def decision_detail(request, decision_pk):
    decision = load_decision(request, decision_pk)
    actions = DECISION.available(decision, request.user)
    lines = _annex(decision)
    initial = {"version": decision.version}
    context = {
        "decision": decision,
        "actions": actions,
        "lines": lines,
        "dossiers": list(decision.dossiers.select_related("unit").order_by("pk")),
        "later": list(Decision.objects.filter(Q(revokes=decision) | Q(corrects=decision)).order_by("pk")),
        "history": decision.history.select_related("history_user").order_by("-history_date")[:30],
        "edit_form": forms.DecisionForm(
            initial={**initial, "subject": decision.subject, "copies_to": decision.copies_to}
        ),
        "issue_form": forms.IssueForm(initial={**initial, "date": decision.date}),
        "revoke_form": forms.LaterDecisionForm(lines=decision.lines.all()),
        "correct_form": forms.LaterDecisionForm(),
    }
    return render(request, "awards/decision_detail.html", context)


def _form_or_back(request, form, decision):
    if form.is_valid():
        return None
    show_errors(request, ValidationError([e for errors in form.errors.values() for e in errors]))
    return _back(decision)


@require_POST
@login_required
def decision_edit(request, decision_pk):
    decision = load_decision(request, decision_pk)
    form = forms.DecisionForm(request.POST)
    if (refused := _form_or_back(request, form, decision)) is not None:
        return refused
    data = form.cleaned_data
    try:
        services.update_decision(
            decision,
            request.user,
            subject=data["subject"],
            copies_to=data["copies_to"],
            expected_version=data["version"],
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The decision has been saved."))
    return _back(decision)


@require_POST
@login_required
def decision_issue(request, decision_pk):
    decision = load_decision(request, decision_pk)
    form = forms.IssueForm(request.POST)
    if (refused := _form_or_back(request, form, decision)) is not None:
        return refused
    data = form.cleaned_data
    try:
        services.issue_decision(
            decision,
            request.user,
            number=data["number"],
            date=data["date"],
            signer_name=data["signer_name"],
            signer_position=data["signer_position"],
            signing_capacity=data["signing_capacity"],
            expected_version=data["version"],
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The decision has been issued and the award records written."))
    return _back(decision)


@require_POST
@login_required
def decision_later(request, decision_pk, action):
    """Draft the later decision that revokes or corrects this one."""
    decision = load_decision(request, decision_pk)
    lines = decision.lines.all() if action == "revoke" else None
    form = forms.LaterDecisionForm(request.POST, lines=lines)
    if (refused := _form_or_back(request, form, decision)) is not None:
        return refused
    reason = form.cleaned_data["reason"]
    try:
        if action == "revoke":
            chosen = list(form.cleaned_data["lines"]) or None
            later = services.draft_revocation(decision, request.user, reason=reason, lines=chosen)
        else:
            later = services.draft_correction(decision, request.user, reason=reason)
    except ValidationError as error:
        show_errors(request, error)
        return _back(decision)
    messages.success(request, _("The later decision has been drafted: issue it to take effect."))
    return _back(later)


@require_POST
@login_required
def decision_delete(request, decision_pk):
    decision = load_decision(request, decision_pk)
    try:
        services.delete_decision(decision, request.user)
    except ValidationError as error:
        show_errors(request, error)
        return _back(decision)
    messages.success(request, _("The draft decision has been deleted."))
    return redirect("awards:decision_list")


def _load_line(request, decision_pk, line_pk):
    decision = load_decision(request, decision_pk)
    return decision, get_object_or_404(DecisionLine, pk=line_pk, decision=decision)


@require_POST
@login_required
def decision_line_edit(request, decision_pk, decision_line_pk):
    decision, line = _load_line(request, decision_pk, decision_line_pk)
    form = forms.LineForm(request.POST)
    if (refused := _form_or_back(request, form, decision)) is not None:
        return refused
    data = form.cleaned_data
    try:
        services.update_decision_line(
            line, request.user, name=data["name"], position=data["position"], amount=data["amount"]
        )
    except ValidationError as error:
        show_errors(request, error)
    return _back(decision)


@require_POST
@login_required
def decision_line_remove(request, decision_pk, decision_line_pk):
    decision, line = _load_line(request, decision_pk, decision_line_pk)
    try:
        services.remove_decision_line(line, request.user)
    except ValidationError as error:
        show_errors(request, error)
    return _back(decision)


@require_GET
def public_decisions(request):
    """Công khai: the lines of issued decisions, newest first — name, position, unit and title,
    nothing else of a person (a fixed number of queries whatever the page)."""
    ended = DecisionLine.objects.filter(supersedes=OuterRef("pk"), decision__state=Decision.State.ISSUED)
    lines = (
        DecisionLine.objects.filter(decision__state__in=ISSUED)
        .select_related("decision", "title", "unit")
        .only(
            "name",
            "position",
            "order",
            "unit__name",
            "title__name",
            *(f"decision__{f}" for f in ("number", "symbol", "date", "subject", "state", "revokes", "corrects")),
        )
        .annotate(ended=Exists(ended))
        .order_by("-decision__date", "-decision_id", "order", "pk")
    )
    page = Paginator(lines, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/decisions_public.html", {"page": page})
