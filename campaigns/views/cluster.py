"""The cluster head's overview of its members' pledges, reminders and the Excel export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.models import Cluster, Membership
from emulation.spreadsheets import xlsx_response
from emulation.text import vi_collate
from emulation.views import requested_year, year_choices

from .. import permissions, queries, services
from ..models import Pledge, Reminder
from ..sheets import pledge_sheets
from ..transitions import PLEDGE
from .common import error_text


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
    rows, counts, state = [], {}, None
    if campaign:
        rows = _member_rows(request.user, cluster, campaign, year)
        for row in rows:
            counts[row["key"]] = counts.get(row["key"], 0) + 1
        accepted = [row["membership"].unit_id for row in rows if row["key"] in Pledge.ACCEPTED_OR_LATER]
        state = queries.AgreementState.of(campaign, year, [row["membership"].unit_id for row in rows], accepted)
        if status == "none" or status in Pledge.Status.values:
            rows = [row for row in rows if row["key"] == status]
    context = {
        "cluster": cluster,
        "year": year,
        "years": year_choices(),
        "campaign": campaign,
        "deadline": queries.pledge_deadline(campaign, year) if campaign else None,
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


def _member_rows(user, cluster, campaign, year):
    """Each member of the year with its pledge (or none), last reminder and the actions
    the user may take on the pledge (three queries)."""
    members = Membership.objects.filter(cluster=cluster, year=year).select_related("unit")
    found = Pledge.objects.filter(campaign=campaign, year=year, unit_id__in=members.values("unit_id"))
    pledges = {p.unit_id: p for p in found.select_related("collective_title")}
    reminders = {}
    for reminder in Reminder.objects.filter(campaign=campaign, year=year).order_by("sent_at"):
        reminders[reminder.unit_id] = reminder
    rows = []
    for membership in members.order_by(vi_collate("unit__name")):
        pledge = pledges.get(membership.unit_id)
        if pledge:
            pledge.campaign = campaign  # the rules read it: no query per row
        rows.append(
            {
                "membership": membership,
                "pledge": pledge,
                "key": pledge.status if pledge else "none",
                "reminder": reminders.get(membership.unit_id),
                "actions": PLEDGE.available(pledge, user) if pledge else frozenset(),
            }
        )
    return rows


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
        messages.error(request, error_text(error))
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
    sheets = pledge_sheets(queries.cluster_pledges(cluster, year))
    return xlsx_response(f"giao-uoc-{cluster.slug}-{year}.xlsx", sheets)
