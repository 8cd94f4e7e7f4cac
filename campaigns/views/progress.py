"""The review's pages (sơ kết): the unit's progress report against its pledge, and the
cluster head's view of every member's progress under the cluster's regular campaign. Both
are for the mid-year review, or with ``?phase=<id>`` for the end of that phase of the campaign
(the phase itself, never its number: numbers repeat and say nothing of the campaign)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from schedule import queries as calendar

from .. import queries, registry, services
from ..forms.pledges import ReturnForm
from ..forms.progress import ProgressForm
from ..models import Progress, ProgressFigure
from ..services.progress import mid_year_deadline, review_deadline
from ..transitions import PLEDGE, PROGRESS
from .cluster import _load_cluster_overview
from .common import apply_errors, error_text
from .pledges import _next, load_pledge


def _figures(progress):
    return list(ProgressFigure.objects.filter(progress=progress).select_related("target").order_by("target__number"))


def _phase(request, campaign, year):
    """The phase named by ``?phase=<id>`` among the campaign's phases ending in the year, None
    without one; 404 for a phase that is not one of them."""
    key = request.GET.get("phase", "")
    if not key:
        return None
    phase = queries.phase_under_review(campaign, year, int(key)) if key.isdigit() else None
    if phase is None:
        raise Http404
    return phase


def _phase_query(phase):
    return f"?phase={phase.pk}" if phase else ""


def _deadline_context(pledge, progress):
    found = mid_year_deadline(pledge, progress.phase if progress else None)
    done = progress.submitted_at if progress and progress.status == Progress.Status.SUBMITTED else None
    return {"deadline": found, "days_late": calendar.lateness(found.due, done) if found else None}


@never_cache
@login_required
def progress_edit(request, pk):
    """The unit's progress report: made on first opening, saved, or saved and submitted."""
    pledge = load_pledge(request, pk, "campaigns.view_pledge")
    phase = _phase(request, pledge.campaign, pledge.year)
    progress = Progress.objects.filter(pledge=pledge, phase=phase).first()
    if progress is None:
        if "start_progress" not in PLEDGE.available(pledge, request.user):
            raise PermissionDenied
        progress = services.start_progress(pledge, request.user, phase)
    actions = PROGRESS.available(progress, request.user)
    figures = _figures(progress)
    form = ProgressForm(request.POST or None, progress=progress, figures=figures)
    if request.method == "POST" and form.is_valid():
        if "edit" not in actions:
            raise PermissionDenied
        if _save(request, progress, form):
            return redirect(reverse("campaigns:progress_edit", args=[pledge.pk]) + _phase_query(phase))
    context = {
        "pledge": pledge,
        "phase": phase,
        "progress": progress,
        "form": form,
        "figures": figures,
        "actions": actions,
    }
    context.update(_deadline_context(pledge, progress))
    return render(request, "campaigns/progress_form.html", context)


def _save(request, progress, form):
    data = form.cleaned_data
    changes = {"as_of": data["as_of"], "values": form.values(), "note": data["note"]}
    sending = "submit" in request.POST
    verb = services.save_and_submit_progress if sending else services.save_progress
    try:
        verb(progress, request.user, data["version"], **changes)
    except ValidationError as error:
        apply_errors(form, error)
        return False
    if sending:
        messages.success(request, _("The progress report has been sent to the cluster head."))
    else:
        messages.success(request, _("The progress report has been saved."))
    return True


@require_POST
@login_required
def progress_return(request, pk):
    progress = get_object_or_404(Progress.objects.select_related("pledge__campaign", "pledge__unit", "phase"), pk=pk)
    if not rules.has_perm("campaigns.view_progress", request.user, progress):
        raise PermissionDenied
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors.values()))
        services.return_progress(progress, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("The progress report has been returned to %(unit)s.") % {"unit": progress.pledge.unit}
        )
    back = reverse("campaigns:progress_edit", args=[progress.pledge_id]) + _phase_query(progress.phase)
    return redirect(_next(request) or back)


@login_required
def cluster_progress(request, slug):
    """Each member's progress against its pledge under the cluster's regular campaign, at the
    mid-year review or at the end of the phase ``?phase=<id>``."""
    cluster, year = _load_cluster_overview(request, slug)
    campaign = queries.regular_campaign(cluster, year)
    phase = _phase(request, campaign, year)
    rows = _progress_rows(request.user, cluster, campaign, year, phase) if campaign else []
    deadline = review_deadline(year, cluster, phase)
    submitted = sum(1 for row in rows if row["progress"] and row["progress"].status == Progress.Status.SUBMITTED)
    context = {
        "cluster": cluster,
        "year": year,
        "campaign": campaign,
        "phase": phase,
        "phases": queries.review_phases(campaign, year),
        "phase_query": _phase_query(phase),
        "phase_links": registry.phase_links_for(request.user, cluster, phase) if phase else [],
        "rows": rows,
        "submitted": submitted,
        "deadline": deadline,
        # how late the review is today while some member still owes its report
        "days_late": calendar.lateness(deadline.due) if deadline and submitted < len(rows) else 0,
    }
    return render(request, "campaigns/cluster_progress.html", context)


def _progress_rows(user, cluster, campaign, year, phase):
    """Members × their pledge, progress report, figures and the actions the user may take."""
    rows = queries.mid_year_progress(cluster, year, campaign, phase)
    for row in rows:
        row["actions"] = PROGRESS.available(row["progress"], user) if row["progress"] else frozenset()
    return rows
