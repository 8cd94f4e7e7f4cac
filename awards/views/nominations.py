"""Nominations: the list, a direct nomination, its page (summary, attachments),
submitting it and the Ministry's decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.files import serve_private
from emulation.models import Title, Unit
from emulation.permissions import is_ministry_staff, unit_id_of
from emulation.text import vi_collate
from emulation.views import requested_year

from .. import forms, queries, services
from ..models import Attachment, Nomination, TitleRule
from ..permissions import may, visible_nominations
from ..transitions import NOMINATION
from .common import DRAFTED, PAGE_SIZE, refused_by_state, show_errors


@login_required
def nomination_list(request):
    nominations = visible_nominations(request.user).select_related("title", "unit", "cluster")
    state = request.GET.get("state", "")
    if state in Nomination.State.values:
        nominations = nominations.filter(state=state)
    page = Paginator(nominations.order_by("-year", "title__order", vi_collate("unit__name")), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "state": state,
        "states": Nomination.State.choices,
        "is_ministry": is_ministry_staff(request.user),
    }
    return render(request, "awards/nomination_list.html", context)


def direct_titles(year):
    by_vote = TitleRule.objects.in_force(year).filter(chosen_by_vote=True)
    return Title.objects.exclude(pk__in=by_vote.values("title_id")).order_by("order", "name")


@never_cache
@login_required
def nomination_create(request):
    user = request.user
    if not may(user, "awards.create_nomination"):
        raise PermissionDenied
    units = Unit.objects.filter(active=True) if is_ministry_staff(user) else Unit.objects.filter(pk=unit_id_of(user))
    units = list(units)
    year = requested_year(request)
    form = forms.NominationCreateForm(
        request.POST or None, titles=direct_titles(year), units=units, initial={"year": year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.create_nomination(
                data["title"],
                data["year"],
                data["unit"],
                user,
                person_name=data["person_name"],
                achievement_summary=data["achievement_summary"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, DRAFTED)
            return redirect("awards:nomination_detail", pk=nomination.pk)
    return render(request, "awards/nomination_create.html", {"form": form})


def _load_nomination(request, pk, perm="awards.view_nomination"):
    nomination = get_object_or_404(
        Nomination.objects.select_related("title", "unit", "cluster", "vote", "created_by"), pk=pk
    )
    if not may(request.user, perm, nomination):
        raise PermissionDenied
    return nomination


@never_cache
@login_required
def nomination_detail(request, pk):
    nomination = _load_nomination(request, pk)
    form = forms.NominationForm(instance=nomination)
    if request.method == "POST":
        form = forms.NominationForm(request.POST, instance=Nomination.objects.get(pk=nomination.pk))
        if form.is_valid():
            try:
                services.update_nomination(
                    nomination,
                    request.user,
                    achievement_summary=form.cleaned_data["achievement_summary"],
                    person_name=form.cleaned_data["person_name"],
                    expected_version=form.cleaned_data.get("version"),
                )
            except ValidationError as error:
                if refused_by_state(error):
                    show_errors(request, error)
                    return redirect("awards:nomination_detail", pk=nomination.pk)
                form.add_error(None, error)
            else:
                messages.success(request, _("The nomination has been saved."))
                return redirect("awards:nomination_detail", pk=nomination.pk)
    unmet = []
    rule = TitleRule.for_title(nomination.title, nomination.year)
    if rule is not None:
        found = queries.unmet_prerequisites(rule, [nomination.unit_id], nomination.year, nomination.person_name).get(
            nomination.unit_id
        )
        unmet = services.prerequisite_messages(found, nomination.year) if found else []
    context = {
        "nomination": nomination,
        "form": form,
        "actions": NOMINATION.available(nomination, request.user),
        "attachments": list(nomination.attachments.select_related("uploaded_by")),
        "attachment_form": forms.AttachmentForm(),
        "decision_form": forms.DecisionForm(initial={"version": nomination.version}),
        "unmet": unmet,
        "rule": rule,
    }
    return render(request, "awards/nomination_detail.html", context)


@require_POST
@login_required
def attachment_add(request, pk):
    nomination = _load_nomination(request, pk, "awards.edit_nomination")
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                nomination,
                request.user,
                uploaded=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The document has been attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("awards:nomination_detail", pk=nomination.pk)


@require_POST
@login_required
def attachment_remove(request, pk, attachment_pk):
    nomination = _load_nomination(request, pk, "awards.edit_nomination")
    attachment = get_object_or_404(Attachment, pk=attachment_pk, nomination=nomination)
    try:
        services.remove_attachment(attachment, request.user)
    except ValidationError as error:
        show_errors(request, error)
    return redirect("awards:nomination_detail", pk=nomination.pk)


@login_required
def attachment_download(request, pk, attachment_pk):
    nomination = _load_nomination(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, nomination=nomination)
    return serve_private(attachment.file, attachment.original_name or None)


@require_POST
@login_required
def nomination_submit(request, pk):
    nomination = _load_nomination(request, pk, "awards.edit_nomination")
    try:
        services.submit_nomination(nomination, request.user, request.POST.get("version"))
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The nomination has been submitted to the Ministry."))
    return redirect("awards:nomination_detail", pk=nomination.pk)


@require_POST
@login_required
def nomination_decide(request, pk):
    nomination = _load_nomination(request, pk, "awards.decide_nomination")
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the decision's number and date."))
        return redirect("awards:nomination_detail", pk=nomination.pk)
    decide = services.approve_nomination if "approve" in request.POST else services.reject_nomination
    data = form.cleaned_data
    try:
        decide(
            nomination,
            request.user,
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            note=data["note"],
            expected_version=data.get("version"),
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The decision has been recorded."))
    return redirect("awards:nomination_detail", pk=nomination.pk)
