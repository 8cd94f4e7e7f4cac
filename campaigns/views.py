"""Pages for campaigns and pledges. Short functions: load with the permission check,
validate with a form, call a service, redirect. Each page runs a fixed number of
queries whatever the number of rows (lists paginate)."""

import re

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.files import serve_private
from emulation.models import Cluster, Membership
from emulation.permissions import is_ministry_staff, unit_id_of
from emulation.spreadsheets import xlsx_response
from emulation.text import vi_collate
from emulation.views import requested_year, year_choices

from . import permissions, queries, services
from .actions import reviewable_q
from .forms import (
    AssessForm,
    CampaignForm,
    CampaignTargetFormSet,
    IndividualsFormSet,
    PhaseFormSet,
    PledgeForm,
    ResultsForm,
    ReturnForm,
    SignedCopyForm,
    TargetFormSet,
    individual_titles,
)
from .history import pledge_history
from .models import Campaign, Pledge, PledgedIndividual, PledgeTarget, Reminder
from .transitions import PLEDGE

PAGE_SIZE = 25


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _status_filter(request):
    status = request.GET.get("status", "")
    return status if status in Pledge.Status.values else ""


def _error_text(error):
    return " ".join(error.messages)


def _apply_errors(form, error):
    """Put a service's ValidationError next to the field it names, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- campaigns -----------------------------------------------------------------


@login_required
def index(request):
    year = requested_year(request)
    campaigns = (
        permissions.visible_campaigns(request.user)
        .covering(year)
        .select_related("launching_cluster", "launching_unit")
        .order_by("level", "-document_date", "pk")
    )
    kind = request.GET.get("kind", "")
    if kind in Campaign.Kind.values:
        campaigns = campaigns.filter(kind=kind)
    unit_id = unit_id_of(request.user)
    own = []
    if unit_id:
        own = list(
            Pledge.objects.filter(unit_id=unit_id, year=year).select_related("campaign").order_by("campaign__name")
        )
    context = {
        "year": year,
        "years": year_choices(),
        "page": _page(request, campaigns),
        "kind": kind,
        "kinds": Campaign.Kind.choices,
        "own_pledges": own,
        "can_launch": bool(permissions.launch_levels(request.user, year)),
        "headed": _headed_clusters(request.user, year),
    }
    return render(request, "campaigns/index.html", context)


def _headed_clusters(user, year):
    if is_ministry_staff(user):
        return []
    ids = permissions.headed_clusters(user, year)
    return list(Cluster.objects.filter(pk__in=ids)) if ids else []


def _campaign_forms(request, campaign, year):
    data = request.POST if request.method == "POST" else None
    form = CampaignForm(data, instance=campaign, user=request.user, year=year)
    phases = PhaseFormSet(data, instance=campaign, prefix="phases")
    targets = CampaignTargetFormSet(data, instance=campaign, prefix="targets")
    return form, phases, targets


def _rows(formset, fields):
    rows = []
    for form in formset.forms:
        if not form.cleaned_data or form.cleaned_data.get("DELETE"):
            continue
        row = {name: form.cleaned_data.get(name) for name in fields}
        if form.instance.pk:
            row["id"] = form.instance.pk
        rows.append(row)
    return rows


def _save_campaign_forms(request, campaign, form, phases, targets):
    if not (form.is_valid() and phases.is_valid() and targets.is_valid()):
        return None
    instance = form.save(commit=False)
    try:
        return services.save_campaign(
            instance,
            request.user,
            expected_version=form.cleaned_data.get("version"),
            clusters=form.cleaned_data.get("clusters"),
            units=form.cleaned_data.get("units"),
            titles=form.cleaned_data.get("titles"),
            phases=_rows(phases, services.PHASE_FIELDS),
            targets=_rows(targets, services.TARGET_FIELDS),
        )
    except ValidationError as error:
        _apply_errors(form, error)
        return None


@never_cache
@login_required
def campaign_new(request):
    year = requested_year(request)
    if not permissions.launch_levels(request.user, year):
        raise PermissionDenied
    campaign = Campaign(first_year=year, last_year=year)
    form, phases, targets = _campaign_forms(request, campaign, year)
    if request.method == "POST":
        saved = _save_campaign_forms(request, campaign, form, phases, targets)
        if saved:
            messages.success(request, _("The campaign has been launched."))
            return redirect("campaigns:campaign_detail", saved.pk)
    context = {"form": form, "phases": phases, "targets": targets, "year": year, "campaign": None}
    return render(request, "campaigns/campaign_form.html", context)


@never_cache
@login_required
def campaign_edit(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    if not request.user.has_perm("campaigns.manage_campaign", campaign):
        raise PermissionDenied
    year = campaign.first_year
    form, phases, targets = _campaign_forms(request, campaign, year)
    if request.method == "POST":
        saved = _save_campaign_forms(request, campaign, form, phases, targets)
        if saved:
            messages.success(request, _("The campaign has been saved."))
            return redirect("campaigns:campaign_detail", saved.pk)
    context = {"form": form, "phases": phases, "targets": targets, "year": year, "campaign": campaign}
    return render(request, "campaigns/campaign_form.html", context)


@login_required
def campaign_detail(request, pk):
    campaign = get_object_or_404(
        Campaign.objects.select_related("launching_cluster", "launching_unit").prefetch_related(
            "phases", "targets", "titles"
        ),
        pk=pk,
    )
    if not request.user.has_perm("campaigns.view_campaign", campaign):
        raise PermissionDenied
    year = _campaign_year(request, campaign)
    status = _status_filter(request)
    participants = (
        Pledge.objects.filter(campaign=campaign, year=year)
        .select_related("unit", "collective_title")
        .annotate(target_count=Count("targets"))
        .order_by(vi_collate("unit__name"))
    )
    if status:
        participants = participants.filter(status=status)
    unit_id = unit_id_of(request.user)
    own = Pledge.objects.filter(campaign=campaign, unit_id=unit_id, year=year).first() if unit_id else None
    is_reviewer = permissions.is_reviewer(request.user, campaign, year)
    context = {
        "campaign": campaign,
        "year": year,
        "years": list(reversed(campaign.years)),
        "status": status,
        "statuses": Pledge.Status.choices,
        "page": _page(request, participants),
        "own": own,
        "may_pledge": bool(unit_id) and own is None and permissions.unit_in_scope(campaign, unit_id, year),
        "may_manage": request.user.has_perm("campaigns.manage_campaign", campaign),
        "is_reviewer": is_reviewer,
        "may_open_all": is_reviewer or is_ministry_staff(request.user),
        "unit_id": unit_id,
        "deadline": campaign.deadline_for(year),
    }
    return render(request, "campaigns/campaign_detail.html", context)


def _campaign_year(request, campaign):
    year = requested_year(request)
    if year in campaign.years:
        return year
    return min(max(year, campaign.first_year), campaign.last_year)


# --- pledges -------------------------------------------------------------------


def _load_pledge(request, pk, perm="campaigns.view_pledge"):
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
        messages.error(request, _error_text(error))
        return redirect(reverse("campaigns:campaign_detail", args=[campaign.pk]) + f"?year={year}")
    messages.success(request, _("Your pledge has been created as a draft. Fill it in, then submit it."))
    return redirect("campaigns:pledge_edit", pledge.pk)


@login_required
def pledge_detail(request, pk):
    pledge = _load_pledge(request, pk)
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
        "deadline": pledge.campaign.deadline_for(pledge.year),
        "history": pledge_history(pledge),
    }
    return render(request, "campaigns/pledge_detail.html", context)


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
    pledge = _load_pledge(request, pk, "campaigns.edit_pledge")
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
            _apply_errors(form, error)
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
        "targets": _rows(targets, services.OWN_TARGET_FIELDS),
        "individuals": _rows(individuals, services.INDIVIDUAL_FIELDS),
        "signed_copy": data["signed_copy"] if "signed_copy" in form.changed_data else None,
    }


def _submit(request, pledge):
    try:
        pledge = services.submit_pledge(pledge, request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
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
    return _submit(request, _load_pledge(request, pk, "campaigns.edit_pledge"))


@require_POST
@login_required
def pledge_accept(request, pk):
    pledge = _load_pledge(request, pk, "campaigns.review_pledge")
    try:
        services.accept_pledge(pledge, request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The pledge of %(unit)s has been accepted.") % {"unit": pledge.unit})
    return redirect(_next(request) or reverse("campaigns:pledge_detail", args=[pledge.pk]))


@require_POST
@login_required
def pledge_return(request, pk):
    pledge = _load_pledge(request, pk, "campaigns.review_pledge")
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_pledge(pledge, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The pledge has been returned to %(unit)s.") % {"unit": pledge.unit})
            return redirect("campaigns:pledge_detail", pledge.pk)
    messages.error(request, _error_text(ValidationError(list(form.errors.values()))))
    return redirect("campaigns:pledge_detail", pledge.pk)


@require_POST
@login_required
def pledge_assess(request, pk):
    pledge = _load_pledge(request, pk, "campaigns.review_pledge")
    form = AssessForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors.values()))
        services.assess_results(pledge, request.user, form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The results have been marked assessed."))
    return redirect("campaigns:pledge_detail", pledge.pk)


def _next(request):
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else ""


@never_cache
@login_required
def pledge_results(request, pk):
    pledge = _load_pledge(request, pk, "campaigns.edit_pledge")
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
            _apply_errors(form, error)
        else:
            messages.success(request, _("The results have been saved and sent for assessment."))
            return redirect("campaigns:pledge_detail", pledge.pk)
    return render(request, "campaigns/pledge_results.html", {"pledge": pledge, "form": form})


@require_POST
@login_required
def pledge_signed_copy_upload(request, pk):
    pledge = _load_pledge(request, pk, "campaigns.edit_pledge")
    form = SignedCopyForm(request.POST, request.FILES, instance=Pledge(campaign=pledge.campaign))
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["signed_copy"])
        services.attach_signed_copy(pledge, request.user, form.cleaned_data["signed_copy"])
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The signed copy has been attached."))
    return redirect("campaigns:pledge_detail", pledge.pk)


@login_required
def pledge_signed_copy(request, pk):
    pledge = _load_pledge(request, pk)
    if not pledge.signed_copy:
        raise Http404
    extension = pledge.signed_copy.name.rsplit(".", 1)[-1] if "." in pledge.signed_copy.name else "pdf"
    return serve_private(pledge.signed_copy, f"giao-uoc-{pledge.unit.slug}-{pledge.year}.{extension}")


# --- htmx pieces of the campaign and pledge forms -----------------------------

CAMPAIGN_ROWS = {
    "phases": (PhaseFormSet, "campaigns/_phase_row.html"),
    "targets": (CampaignTargetFormSet, "campaigns/_campaign_target_row.html"),
}


def _row_index(request, prefix):
    """The new row's index: the formset's TOTAL_FORMS as the page sent it, or None."""
    try:
        index = int(request.GET.get(f"{prefix}-TOTAL_FORMS", ""))
    except ValueError:
        return None
    return index if 0 <= index < 300 else None


@login_required
def campaign_formset_row(request, prefix):
    """A new empty phase or common-target row for the campaign form (htmx), with the
    formset's TOTAL_FORMS counter updated out of band."""
    if prefix not in CAMPAIGN_ROWS:
        raise Http404
    index = _row_index(request, prefix)
    if index is None:
        return HttpResponseBadRequest()
    formset_class, template = CAMPAIGN_ROWS[prefix]
    formset = formset_class(prefix=prefix, queryset=formset_class.model.objects.none())
    form = formset._construct_form(index, **formset.get_form_kwargs(index))
    form.fields["number"].initial = index + 1
    form.fields["name"].widget.attrs["autofocus"] = True
    return render(request, template, {"form": form, "new": True, "total": index + 1})


PREFIX = re.compile(r"^(targets|individuals)$")


@login_required
def formset_row(request, pk, prefix):
    """A new empty row for the targets or individuals formset (htmx), with the formset's
    TOTAL_FORMS counter updated out of band."""
    pledge = _load_pledge(request, pk, "campaigns.edit_pledge")
    if not PREFIX.match(prefix):
        raise Http404
    index = _row_index(request, prefix)
    if index is None:
        return HttpResponseBadRequest()
    if prefix == "targets":
        formset = TargetFormSet(instance=pledge, prefix=prefix, queryset=PledgeTarget.objects.none())
        template = "campaigns/_target_row.html"
    else:
        formset = IndividualsFormSet(
            instance=pledge,
            prefix=prefix,
            titles=individual_titles(pledge.campaign),
            queryset=PledgedIndividual.objects.none(),
        )
        template = "campaigns/_individual_row.html"
    form = formset._construct_form(index, **formset.get_form_kwargs(index))
    if prefix == "targets":
        form.fields["number"].initial = index + 1
        form.fields["name"].widget.attrs["autofocus"] = True
    else:
        form.fields["full_name"].widget.attrs["autofocus"] = True
    context = {"form": form, "new": True, "prefix": prefix, "total": index + 1, "pledge": pledge}
    return render(request, template, context)


@login_required
def formset_row_removed(request, pk, prefix):
    """What replaces a removed row (htmx): the row's id and DELETE flag, hidden, so the
    formset deletes it on save and still counts it."""
    pledge = _load_pledge(request, pk, "campaigns.edit_pledge")
    name = request.GET.get("name", "")
    if not PREFIX.match(prefix) or not re.fullmatch(rf"{prefix}-\d{{1,3}}", name):
        raise Http404
    row_id = request.GET.get(f"{name}-id", "")
    context = {"name": name, "prefix": prefix, "row_id": row_id if row_id.isdigit() else "", "pledge": pledge}
    return render(request, "campaigns/_removed_row.html", context)


# --- lists ---------------------------------------------------------------------


@login_required
def pledge_list(request):
    """Pledges the user works on: their unit's, or (role=review) those they review."""
    year = requested_year(request)
    status = _status_filter(request)
    role = request.GET.get("role", "")
    user = request.user
    pledges = Pledge.objects.filter(year=year).select_related("unit", "campaign", "collective_title")
    if role == "review":
        pledges = pledges.filter(reviewable_q(user, year))
    else:
        pledges = pledges.filter(unit_id=unit_id_of(user) or 0)
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
        "page": _page(request, pledges),
    }
    return render(request, "campaigns/pledge_list.html", context)


def _load_cluster_overview(request, slug):
    cluster = get_object_or_404(Cluster, slug=slug)
    year = requested_year(request)
    if not request.user.has_perm("campaigns.view_cluster_overview", (cluster.pk, year)):
        raise PermissionDenied
    return cluster, year


@login_required
def cluster_overview(request, slug):
    """For the head's staff: every member × its pledge status under the cluster's regular
    campaign, who is late, reminders, and whether the agreement is ready to sign."""
    cluster, year = _load_cluster_overview(request, slug)
    campaign = queries.regular_campaign(cluster, year)
    status = request.GET.get("status", "")
    members = Membership.objects.filter(cluster=cluster, year=year).select_related("unit")
    rows, counts, state = [], {}, None
    if campaign:
        pledges = {
            p.unit_id: p
            for p in Pledge.objects.filter(
                campaign=campaign, year=year, unit_id__in=members.values("unit_id")
            ).select_related("collective_title")
        }
        reminders = {}
        for reminder in Reminder.objects.filter(campaign=campaign, year=year).order_by("sent_at"):
            reminders[reminder.unit_id] = reminder
        for membership in members.order_by(vi_collate("unit__name")):
            pledge = pledges.get(membership.unit_id)
            key = pledge.status if pledge else "none"
            counts[key] = counts.get(key, 0) + 1
            if pledge:
                pledge.campaign = campaign  # the rules read it: no query per row
            rows.append(
                {
                    "membership": membership,
                    "pledge": pledge,
                    "key": key,
                    "reminder": reminders.get(membership.unit_id),
                    "actions": PLEDGE.available(pledge, request.user) if pledge else frozenset(),
                }
            )
        state = queries.AgreementState(
            campaign=campaign,
            year=year,
            member_count=len(rows),
            accepted_count=sum(1 for row in rows if row["pledge"] and row["pledge"].status in Pledge.ACCEPTED_OR_LATER),
            missing_unit_ids=[row["membership"].unit_id for row in rows if row["key"] not in Pledge.ACCEPTED_OR_LATER],
        )
        if status == "none" or status in Pledge.Status.values:
            rows = [row for row in rows if row["key"] == status]
    context = {
        "cluster": cluster,
        "year": year,
        "years": year_choices(),
        "campaign": campaign,
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "status": status,
        "statuses": [("none", _("No pledge yet")), *Pledge.Status.choices],
        "counts": counts,
        "state": state,
        "waiting": counts.get("none", 0) + counts.get(Pledge.Status.DRAFT, 0) + counts.get(Pledge.Status.RETURNED, 0),
        "may_remind": bool(campaign) and permissions.is_reviewer(request.user, campaign, year),
        "late": sum(1 for row in rows if row["pledge"] and row["pledge"].is_late),
    }
    return render(request, "campaigns/cluster_overview.html", context)


@require_POST
@login_required
def cluster_remind(request, slug):
    cluster, year = _load_cluster_overview(request, slug)
    campaign = queries.regular_campaign(cluster, year)
    if campaign is None:
        raise Http404
    try:
        count = services.remind_members(campaign, year, request.user, base_url=request.build_absolute_uri("/")[:-1])
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if count:
            messages.success(request, _("Reminders sent to %(count)s units.") % {"count": count})
        else:
            messages.info(request, _("Every member has submitted its pledge; no reminder sent."))
    return redirect(reverse("campaigns:cluster_overview", args=[cluster.slug]) + f"?year={year}")


@login_required
def cluster_export(request, slug):
    """Excel: the cluster's pledges for the year with each target, actual, rate and met."""
    cluster, year = _load_cluster_overview(request, slug)
    pledges = queries.cluster_pledges(cluster, year)
    yes, no = _("Yes"), _("No")
    summary = [
        [
            p.unit.name,
            p.campaign.name,
            p.get_status_display(),
            yes if p.is_late else no,
            p.collective_title.name if p.collective_title else "",
            len(p.individuals.all()),
            p.signer_name,
            p.submitted_at.strftime("%d/%m/%Y") if p.submitted_at else "",
        ]
        for p in pledges
    ]
    targets = []
    for p in pledges:
        for t in p.targets.all():
            rate = t.rate
            targets.append(
                [
                    p.unit.name,
                    t.number,
                    t.name,
                    t.unit_of_measure,
                    t.get_direction_display(),
                    t.value,
                    t.actual,
                    round(float(rate), 2) if rate is not None else None,
                    "" if t.is_met is None else (yes if t.is_met else no),
                    _("Common") if t.is_common else _("Own"),
                ]
            )
    sheets = [
        (
            _("Pledges"),
            [
                _("Unit"),
                _("Campaign"),
                _("Status"),
                _("Late"),
                _("Collective title"),
                _("Individuals"),
                _("Signed by"),
                _("Submitted on"),
            ],
            summary,
        ),
        (
            _("Targets and results"),
            [
                _("Unit"),
                _("No."),
                _("Target"),
                _("Unit of measure"),
                _("Direction"),
                _("Target value"),
                _("Actual"),
                _("Rate (%)"),
                _("Met"),
                _("Kind"),
            ],
            targets,
        ),
    ]
    return xlsx_response(f"giao-uoc-{cluster.slug}-{year}.xlsx", sheets)
