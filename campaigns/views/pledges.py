"""A pledge's pages: create, read, edit (save, or save and submit in one transaction),
the reviewer's accept / return / assess, results, the signed copy; the pledge list."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.files import serve_private
from emulation.permissions import unit_id_of
from emulation.text import vi_collate
from emulation.views import requested_year, year_choices
from schedule import queries as calendar

from .. import queries, services
from ..forms.pledges import (
    AssessForm,
    IndividualsFormSet,
    PledgeForm,
    ResultsForm,
    ReturnForm,
    SignedCopyForm,
    TargetFormSet,
    individual_titles,
)
from ..history import pledge_history
from ..models import Campaign, Pledge, PledgedIndividual, PledgeTarget
from ..permissions import own_q, reviewable_q
from ..transitions import PLEDGE
from .common import apply_errors, error_text, formset_rows, page_of, status_filter


def load_pledge(request, pk, perm="campaigns.view_pledge"):
    """The pledge, if the rules let the user ``perm`` it (the superuser is no exception:
    a pledge is its unit's own)."""
    pledge = get_object_or_404(
        Pledge.objects.select_related(
            "campaign__launching_cluster", "unit", "collective_title", "submitted_by", "reviewed_by", "assessed_by"
        ),
        pk=pk,
    )
    if not rules.has_perm(perm, request.user, pledge):
        raise PermissionDenied
    return pledge


@require_POST
@login_required
def pledge_create(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        return HttpResponseBadRequest()
    try:
        pledge = services.create_pledge(campaign, year, request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(reverse("campaigns:campaign_detail", args=[campaign.pk]) + f"?year={year}")
    messages.success(request, _("Your pledge has been created as a draft. Fill it in, then submit it."))
    return redirect("campaigns:pledge_edit", pledge.pk)


@login_required
def pledge_detail(request, pk):
    pledge = load_pledge(request, pk)
    targets = list(pledge.targets.order_by("number", "pk"))
    individuals = list(pledge.individuals.select_related("title"))
    user = request.user
    context = {
        "pledge": pledge,
        "targets": targets,
        "individuals": individuals,
        "actions": PLEDGE.available(pledge, user),
        "return_form": ReturnForm(),
        "assess_form": AssessForm(),
        "signed_copy_form": SignedCopyForm(instance=pledge),
        **_deadline(pledge),
        "history": pledge_history(pledge),
        "review_phases": queries.review_phases(pledge.campaign, pledge.year),
    }
    return render(request, "campaigns/pledge_detail.html", context)


def _deadline(pledge):
    found = queries.pledge_deadline(pledge.campaign, pledge.year)
    return {"deadline": found, "days_late": calendar.lateness(found.due, pledge.submitted_at) if found else None}


def _pledge_forms(request, pledge):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = PledgeForm(data, files, instance=pledge)
    targets = TargetFormSet(
        data, instance=pledge, prefix="targets", queryset=PledgeTarget.objects.order_by("number", "pk")
    )
    individuals = IndividualsFormSet(
        data,
        instance=pledge,
        prefix="individuals",
        titles=individual_titles(pledge.campaign),
        queryset=PledgedIndividual.objects.order_by("pk"),
    )
    return form, targets, individuals


@never_cache
@login_required
def pledge_edit(request, pk):
    pledge = load_pledge(request, pk, "campaigns.edit_pledge")
    if "edit" not in PLEDGE.available(pledge, request.user):
        messages.error(request, _("Only a draft or returned pledge can be edited."))
        return redirect("campaigns:pledge_detail", pledge.pk)
    form, targets, individuals = _pledge_forms(request, pledge)
    submitting = "submit" in request.POST
    valid = request.method == "POST" and form.is_valid() and targets.is_valid() and individuals.is_valid()
    if valid and (not submitting or targets.require_values()):
        save = services.save_and_submit_pledge if submitting else services.update_pledge
        try:
            changes = _pledge_changes(form, targets, individuals)
            saved = save(pledge, request.user, form.cleaned_data["version"], **changes)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if submitting:
                return _submitted(request, saved)
            messages.success(request, _("The pledge has been saved."))
            return redirect("campaigns:pledge_edit", pledge.pk)
    context = {"pledge": pledge, "form": form, "targets": targets, "individuals": individuals}
    return render(request, "campaigns/pledge_form.html", context)


def _pledge_changes(form, targets, individuals):
    data = form.cleaned_data
    return {
        "fields": {name: data[name] for name in services.PLEDGE_FIELDS},
        "targets": formset_rows(targets, services.OWN_TARGET_FIELDS),
        "individuals": formset_rows(individuals, services.INDIVIDUAL_FIELDS),
        "signed_copy": data["signed_copy"] if "signed_copy" in form.changed_data else None,
    }


def _submit(request, pledge):
    try:
        pledge = services.submit_pledge(pledge, request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("campaigns:pledge_edit", pledge.pk)
    return _submitted(request, pledge)


def _submitted(request, pledge):
    if pledge.is_late:
        messages.warning(request, _("The pledge was submitted after the deadline; the reviewer will decide."))
    else:
        messages.success(request, _("The pledge has been submitted for review."))
    return redirect("campaigns:pledge_detail", pledge.pk)


@require_POST
@login_required
def pledge_submit(request, pk):
    return _submit(request, load_pledge(request, pk, "campaigns.edit_pledge"))


@require_POST
@login_required
def pledge_accept(request, pk):
    pledge = load_pledge(request, pk, "campaigns.review_pledge")
    try:
        services.accept_pledge(pledge, request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The pledge of %(unit)s has been accepted.") % {"unit": pledge.unit})
    return redirect(_next(request) or reverse("campaigns:pledge_detail", args=[pledge.pk]))


@require_POST
@login_required
def pledge_return(request, pk):
    pledge = load_pledge(request, pk, "campaigns.review_pledge")
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_pledge(pledge, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The pledge has been returned to %(unit)s.") % {"unit": pledge.unit})
            return redirect("campaigns:pledge_detail", pledge.pk)
    messages.error(request, error_text(ValidationError(list(form.errors.values()))))
    return redirect("campaigns:pledge_detail", pledge.pk)


@require_POST
@login_required
def pledge_assess(request, pk):
    pledge = load_pledge(request, pk, "campaigns.review_pledge")
    form = AssessForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors.values()))
        services.assess_results(pledge, request.user, form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The results have been marked assessed."))
    return redirect("campaigns:pledge_detail", pledge.pk)


def _next(request):
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else ""


@never_cache
@login_required
def pledge_results(request, pk):
    pledge = load_pledge(request, pk, "campaigns.edit_pledge")
    if "report_results" not in PLEDGE.available(pledge, request.user):
        messages.error(
            request, _("Results can be entered only for an accepted pledge whose results are not yet assessed.")
        )
        return redirect("campaigns:pledge_detail", pledge.pk)
    targets = list(pledge.targets.order_by("number", "pk"))
    form = ResultsForm(request.POST or None, pledge=pledge, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_results(
                pledge, request.user, form.cleaned_data["version"], form.actuals(), form.cleaned_data["results_report"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The results have been saved and sent for assessment."))
            return redirect("campaigns:pledge_detail", pledge.pk)
    return render(request, "campaigns/pledge_results.html", {"pledge": pledge, "form": form})


@require_POST
@login_required
def pledge_signed_copy_upload(request, pk):
    pledge = load_pledge(request, pk, "campaigns.edit_pledge")
    form = SignedCopyForm(request.POST, request.FILES, instance=Pledge(campaign=pledge.campaign))
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["signed_copy"])
        services.attach_signed_copy(pledge, request.user, form.cleaned_data["signed_copy"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The signed copy has been attached."))
    return redirect("campaigns:pledge_detail", pledge.pk)


@login_required
def pledge_signed_copy(request, pk):
    pledge = load_pledge(request, pk)
    if not pledge.signed_copy:
        raise Http404
    extension = pledge.signed_copy.name.rsplit(".", 1)[-1] if "." in pledge.signed_copy.name else "pdf"
    return serve_private(pledge.signed_copy, f"giao-uoc-{pledge.unit.slug}-{pledge.year}.{extension}")


@login_required
def pledge_list(request):
    """Pledges the user works on: their unit's, or (role=review) those they review."""
    year = requested_year(request)
    status = status_filter(request)
    role = request.GET.get("role", "")
    user = request.user
    pledges = Pledge.objects.filter(year=year).select_related("unit", "campaign", "collective_title")
    pledges = pledges.filter(reviewable_q(user, year) if role == "review" else own_q(user))
    if status:
        pledges = pledges.filter(status=status)
    pledges = pledges.order_by("campaign__name", vi_collate("unit__name"))
    context = {
        "year": year,
        "years": year_choices(),
        "status": status,
        "statuses": Pledge.Status.choices,
        "role": role,
        "review_params": [("role", "review")],
        "page": page_of(request, pledges),
        "unlinked": _unlinked_count(user) if role != "review" else 0,
    }
    return render(request, "campaigns/pledge_list.html", context)


def _unlinked_count(user):
    """How many persons the user's unit registered in pledges that no registry person is linked to."""
    if unit_id_of(user) is None:
        return 0
    return services.unlinked_individuals().filter(pledge__unit_id=unit_id_of(user)).count()
