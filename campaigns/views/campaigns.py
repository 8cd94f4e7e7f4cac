"""The campaign pages: the year's list, launching and editing a campaign, its page with
the participants' pledges."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from emulation.models import Cluster
from emulation.permissions import headed_cluster_ids, is_ministry_staff, unit_id_of
from emulation.text import vi_collate
from emulation.views import requested_year, year_choices

from .. import permissions, queries, services
from ..forms.campaigns import CampaignForm, CampaignTargetFormSet, PhaseFormSet
from ..models import Campaign, Pledge
from .common import apply_errors, formset_rows, page_of, status_filter


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
        "page": page_of(request, campaigns),
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
    ids = headed_cluster_ids(user, year)
    return list(Cluster.objects.filter(pk__in=ids)) if ids else []


def _campaign_forms(request, campaign, year):
    data = request.POST if request.method == "POST" else None
    form = CampaignForm(data, instance=campaign, user=request.user, year=year)
    phases = PhaseFormSet(data, instance=campaign, prefix="phases")
    targets = CampaignTargetFormSet(data, instance=campaign, prefix="targets")
    return form, phases, targets


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
            phases=formset_rows(phases, services.PHASE_FIELDS),
            targets=formset_rows(targets, services.TARGET_FIELDS),
        )
    except ValidationError as error:
        apply_errors(form, error)
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
    status = status_filter(request)
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
        "page": page_of(request, participants),
        "own": own,
        "may_pledge": bool(unit_id) and own is None and permissions.unit_in_scope(campaign, unit_id, year),
        "may_manage": request.user.has_perm("campaigns.manage_campaign", campaign),
        "is_reviewer": is_reviewer,
        "may_open_all": is_reviewer or is_ministry_staff(request.user),
        "unit_id": unit_id,
        "deadline": queries.pledge_deadline(campaign, year),
    }
    return render(request, "campaigns/campaign_detail.html", context)


def _campaign_year(request, campaign):
    year = requested_year(request)
    if year in campaign.years:
        return year
    return min(max(year, campaign.first_year), campaign.last_year)
