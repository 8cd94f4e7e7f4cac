"""Award dossiers: the unit's list and its new dossier, the inbox of what waits on the user's
unit (the office's for ministry staff), a dossier's page with the actions the user may take
now, its recipients, documents and the routing steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.files import serve_private
from emulation.models import Membership, Unit
from emulation.permissions import official_of
from emulation.views import requested_year
from people import queries as people_queries

from .. import checklist, queries, services
from .. import dossier_forms as forms
from ..models import Dossier, DossierDocument, DossierLine
from ..permissions import held_dossiers, may, sent_up_q, visible_dossiers
from ..transitions import DOSSIER
from .common import PAGE_SIZE, show_errors

LIST_RELATED = ("unit", "holder", "officer")


@login_required
def dossier_list(request):
    dossiers = visible_dossiers(request.user).select_related(*LIST_RELATED).annotate(recipients=Count("lines"))
    state = request.GET.get("state", "")
    if state in Dossier.State.values:
        dossiers = dossiers.filter(state=state)
    page = Paginator(dossiers.order_by("-year", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "state": state, "states": Dossier.State.choices}
    return render(request, "awards/dossier_list.html", context)


@login_required
def dossier_inbox(request):
    """What waits on the user's unit, the soonest due first (a fixed number of queries); for
    the office, apart, what it sent up and waits on the Prime Minister or the President for."""
    dossiers = (
        held_dossiers(request.user)
        .select_related(*LIST_RELATED)
        .annotate(recipients=Count("lines"))
        .order_by(F("due_date").asc(nulls_last=True), "submitted_at", "pk")
    )
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    sent_up = (
        Dossier.objects.filter(sent_up_q(request.user))
        .select_related(*LIST_RELATED)
        .annotate(recipients=Count("lines"))
        .order_by("sent_up_on", "pk")[:PAGE_SIZE]
    )
    return render(request, "awards/dossier_inbox.html", {"page": page, "sent_up": sent_up})


@never_cache
@login_required
def dossier_create(request):
    user, official = request.user, official_of(request.user)
    if official is None or not may(user, "awards.create_dossier"):
        raise PermissionDenied
    year = requested_year(request)
    form = forms.DossierForm(
        request.POST or None,
        initial={"year": year, "level": "ministry", "for_cluster": request.GET.get("for_cluster") == "1"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        headed = Membership.objects.filter(unit=official.unit, year=data["year"], role=Membership.Role.HEAD).first()
        cluster = headed.cluster if headed and data["for_cluster"] else None
        try:
            dossier = services.create_dossier(
                official.unit, data["year"], data["level"], user, cluster=cluster, subject=data["subject"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The dossier has been created: add its recipients and documents."))
            return redirect("awards:dossier_detail", pk=dossier.pk)
    return render(request, "awards/dossier_form.html", {"form": form, "dossier": None})


def load_dossier(request, pk, perm="awards.view_dossier"):
    dossier = get_object_or_404(Dossier.objects.select_related("unit__parent", "cluster", *LIST_RELATED[1:]), pk=pk)
    if not may(request.user, perm, dossier):
        raise PermissionDenied
    return dossier


def _recipient_choices(dossier):
    postings = people_queries.roster(dossier.unit)
    units = [dossier.unit]
    if dossier.cluster_id:
        members = Unit.objects.filter(memberships__cluster_id=dossier.cluster_id, memberships__year=dossier.year)
        units += [unit for unit in members.order_by("name") if unit.pk != dossier.unit_id]
    return postings, units


def _ineligible_messages(dossier, lines):
    by_line = {line.pk: line for line in lines}
    found = checklist.ineligible(dossier, lines)
    return [
        f"{by_line[pk].recipient} — {by_line[pk].title}: {reason}"
        for pk, reasons in found.items()
        for reason in reasons
    ]


def _reasons(dossier):
    """Why the guarded actions are not offered now; sending up only where it could be taken
    (a higher award) and not twice when it waits on what the decision waits on."""
    reasons = DOSSIER.reasons(dossier)
    if not dossier.goes_higher or reasons.get("send_up") == reasons.get("decide"):
        reasons.pop("send_up", None)
    return reasons


@never_cache
@login_required
def dossier_detail(request, pk):
    dossier = load_dossier(request, pk)
    actions = DOSSIER.available(dossier, request.user)
    lines = list(dossier.lines.select_related("person", "unit", "title"))
    documents = list(dossier.documents.select_related("line__person", "line__unit"))
    context = {
        "dossier": dossier,
        "actions": actions,
        "reasons": _reasons(dossier),
        "may_consult": may(request.user, "awards.manage_dossiers", dossier),
        "lines": lines,
        "documents": documents,
        "items": checklist.items(dossier, lines, documents),
        "ineligible_messages": _ineligible_messages(dossier, lines),
        "history": dossier.history.select_related("history_user").order_by("-history_date")[:30],
        "return_form": forms.ReturnForm(initial={"version": dossier.version}),
        "close_form": forms.CloseForm(initial={"version": dossier.version}),
        "officer_form": forms.OfficerForm(initial={"version": dossier.version, "due_date": dossier.due_date}),
        "decision_form": forms.DossierDecisionForm(initial={"version": dossier.version}),
        "send_up_form": forms.SendUpForm(initial={"version": dossier.version}),
        "outcome_form": forms.OutcomeForm(),
        "verdict_choices": list(forms.VerdictForm().fields["verdict"].choices),
        **queries.dossier_deadline_context(dossier),
    }
    if "edit" in actions:
        postings, units = _recipient_choices(dossier)
        context["line_form"] = forms.LineForm(postings=postings, units=units, level=dossier.level)
        context["document_form"] = forms.DocumentForm(lines=lines)
    return render(request, "awards/dossier_detail.html", context)


@never_cache
@login_required
def dossier_edit(request, pk):
    dossier = load_dossier(request, pk, "awards.edit_dossier")
    initial = {"level": dossier.level, "subject": dossier.subject, "version": dossier.version}
    form = forms.DossierForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_dossier(
                dossier, request.user, subject=data["subject"], level=data["level"], expected_version=data["version"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The dossier has been saved."))
            return redirect("awards:dossier_detail", pk=dossier.pk)
    return render(request, "awards/dossier_form.html", {"form": form, "dossier": dossier})


def _back(dossier):
    return redirect("awards:dossier_detail", pk=dossier.pk)


@require_POST
@login_required
def line_add(request, pk):
    dossier = load_dossier(request, pk, "awards.edit_dossier")
    postings, units = _recipient_choices(dossier)
    form = forms.LineForm(request.POST, postings=postings, units=units, level=dossier.level)
    if not form.is_valid():
        show_errors(request, ValidationError([e for errors in form.errors.values() for e in errors]))
        return _back(dossier)
    data = form.cleaned_data
    try:
        services.add_line(
            dossier,
            request.user,
            title=data["title"],
            person=data["person"],
            unit=data["unit"],
            position=data["position"],
            achievement_summary=data["achievement_summary"],
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The recipient has been added."))
    return _back(dossier)


@require_POST
@login_required
def line_remove(request, pk, line_pk):
    dossier = load_dossier(request, pk, "awards.edit_dossier")
    line = get_object_or_404(DossierLine, pk=line_pk, dossier=dossier)
    try:
        services.remove_line(line, request.user)
    except ValidationError as error:
        show_errors(request, error)
    return _back(dossier)


@require_POST
@login_required
def line_verdict(request, pk, line_pk):
    dossier = load_dossier(request, pk, "awards.check_dossier")
    line = get_object_or_404(DossierLine, pk=line_pk, dossier=dossier)
    form = forms.VerdictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose eligible or not eligible."))
        return _back(dossier)
    try:
        services.record_verdict(line, request.user, form.cleaned_data["verdict"], form.cleaned_data["reason"])
    except ValidationError as error:
        show_errors(request, error)
    return _back(dossier)


@require_POST
@login_required
def line_outcome(request, pk, line_pk):
    """The higher level's outcome for one recipient of a dossier sent up."""
    dossier = load_dossier(request, pk, "awards.manage_dossiers")
    line = get_object_or_404(DossierLine, pk=line_pk, dossier=dossier)
    form = forms.OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose awarded or not awarded."))
        return _back(dossier)
    data = form.cleaned_data
    try:
        services.record_outcome(line, request.user, awarded=data["awarded"], reason=data["reason"])
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The outcome has been recorded."))
    return _back(dossier)


@require_POST
@login_required
def document_add(request, pk):
    dossier = load_dossier(request, pk, "awards.edit_dossier")
    form = forms.DocumentForm(request.POST, request.FILES, lines=list(dossier.lines.select_related("person", "unit")))
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return _back(dossier)
    data = form.cleaned_data
    try:
        services.attach_document(
            dossier,
            request.user,
            kind=data["kind"],
            uploaded=data["file"],
            line=data["line"],
            description=data["description"],
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The document has been attached."))
    return _back(dossier)


@require_POST
@login_required
def document_remove(request, pk, document_pk):
    dossier = load_dossier(request, pk, "awards.edit_dossier")
    document = get_object_or_404(DossierDocument, pk=document_pk, dossier=dossier)
    try:
        services.remove_document(document, request.user)
    except ValidationError as error:
        show_errors(request, error)
    return _back(dossier)


@login_required
def document_download(request, pk, document_pk):
    dossier = load_dossier(request, pk)
    document = get_object_or_404(DossierDocument, pk=document_pk, dossier=dossier)
    return serve_private(document.file, document.original_name or None)


def _officer_of(data):
    return data["officer"].user if data.get("officer") else None


def _receive(dossier, user, v):
    officer, due = _officer_of(v), v["due_date"]
    return services.receive_dossier(dossier, user, officer=officer, due_date=due, expected_version=v["version"])


def _assign(dossier, user, v):
    return services.assign_officer(dossier, user, _officer_of(v), due_date=v["due_date"], expected_version=v["version"])


def _send_up(dossier, user, v):
    number, date = v["sent_up_number"], v["sent_up_on"]
    return services.send_up_dossier(dossier, user, number=number, date=date, expected_version=v["version"])


def _decide(dossier, user, v):
    number, date = v["decision_number"], v["decision_date"]
    return services.decide_dossier(
        dossier, user, decision_number=number, decision_date=date, expected_version=v["version"]
    )


# action → (form class or None, call(dossier, user, cleaned data), success message)
STEPS = {
    "submit": (
        None,
        lambda d, u, v: services.submit_dossier(d, u, v["version"]),
        gettext_lazy("The dossier has been sent."),
    ),
    "forward": (
        None,
        lambda d, u, v: services.forward_dossier(d, u, v["version"]),
        gettext_lazy("The dossier has been forwarded to the Ministry."),
    ),
    "finish_check": (
        None,
        lambda d, u, v: services.finish_check(d, u, v["version"]),
        gettext_lazy("The check is finished."),
    ),
    "to_council": (
        None,
        lambda d, u, v: services.send_to_council(d, u, v["version"]),
        gettext_lazy("The dossier has been sent to the council."),
    ),
    "receive": (forms.OfficerForm, _receive, gettext_lazy("The dossier has been received.")),
    "assign": (forms.OfficerForm, _assign, gettext_lazy("The officer in charge has been assigned.")),
    "send_up": (
        forms.SendUpForm,
        _send_up,
        gettext_lazy("The dossier has been sent up to the Government / the President."),
    ),
    "decide": (forms.DossierDecisionForm, _decide, gettext_lazy("The decision has been recorded.")),
    "close": (
        forms.CloseForm,
        lambda d, u, v: services.close_dossier(d, u, v["reason"], v["version"]),
        gettext_lazy("The dossier is closed with nothing awarded."),
    ),
    "return": (
        forms.ReturnForm,
        lambda d, u, v: services.return_dossier(d, u, v["reason"], v["version"]),
        gettext_lazy("The dossier has been returned to the unit for correction."),
    ),
}


@require_POST
@login_required
def dossier_step(request, pk, action):
    """One routing step of the table (``DOSSIER``), with its small form where it has one."""
    dossier = load_dossier(request, pk)
    form_class, call, done = STEPS[action]
    values = {"version": request.POST.get("version")}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            show_errors(request, ValidationError([e for errors in form.errors.values() for e in errors]))
            return _back(dossier)
        values = form.cleaned_data
    try:
        call(dossier, request.user, values)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, done)
    return _back(dossier)
