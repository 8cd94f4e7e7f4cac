from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.files import serve_private
from emulation.models import Cluster, Membership
from emulation.permissions import is_ministry_staff, unit_id_of
from emulation.security import client_ip
from emulation.views import requested_year, year_choices

from . import data, services, signing
from .builders import Params, report_for
from .forms import RequestReportForm, VerifyForm
from .models import CLUSTER_KINDS, REVIEW_KINDS, SECTOR_KINDS, ReportJob, ReportKind
from .permissions import Target, may_see, visible_jobs
from .transitions import job_actions


def _cluster_review_choices(phases):
    """A button per phase of the cluster's campaigns: ("cluster_mid_year:<phase id>", its label),
    the campaign named beside a phase whose name another of the cluster's phases shares."""
    names = [phase.name for phase in phases]
    label = _("Cluster review report at the end of %(phase)s")
    return [
        (
            f"{ReportKind.CLUSTER_MID_YEAR}:{phase.pk}",
            label % {"phase": f"{phase.name} — {phase.campaign.name}" if names.count(phase.name) > 1 else phase.name},
        )
        for phase in phases
    ]


def _sector_review_choices(numbers):
    """A button per phase number: ("sector_mid_year:N", its label)."""
    label = _("Sector review report at the end of phase %(number)s")
    return [(f"{ReportKind.SECTOR_MID_YEAR}:{number}", label % {"number": number}) for number in numbers]


def _chosen(request, allowed, arguments):
    """The kind and argument a POST asks for ("kind", or "kind:A" for a review, A one of
    ``arguments``: a phase's id, or the sector's phase number); PermissionDenied for any other."""
    kind, _sep, argument = request.POST.get("kind", "").partition(":")
    if kind not in allowed or (argument and (kind not in REVIEW_KINDS or argument not in {str(a) for a in arguments})):
        raise PermissionDenied
    return kind, int(argument) if argument else None


def _jobs(user, **filters):
    found = ReportJob.objects.filter(**filters).select_related("cluster", "unit", "requested_by", "phase__campaign")
    return visible_jobs(user, found)


def _chosen_phase(request, phases):
    """The phase named by ``?phase=<id>`` among the cluster's, None without one; 404 for another."""
    key = request.GET.get("phase", "")
    if not key:
        return None
    found = next((phase for phase in phases if str(phase.pk) == key), None)
    if found is None:
        raise Http404
    return found


@login_required
def index(request):
    year = requested_year(request)
    user = request.user
    if is_ministry_staff(user):
        clusters = data.sector_clusters(year)
    else:
        ids = Membership.objects.filter(unit_id=unit_id_of(user), year=year).values("cluster_id")
        clusters = list(Cluster.objects.filter(pk__in=ids))
    page = Paginator(_jobs(user), 25).get_page(request.GET.get("page"))
    context = {
        "year": year,
        "years": year_choices(),
        "clusters": clusters,
        "sector": is_ministry_staff(user),
        "own_unit": unit_id_of(user),
        "page": page,
    }
    return render(request, "reports/index.html", context)


def _request(request, target, redirect_to):
    form = RequestReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(redirect_to)
    try:
        job, created = services.request_report(
            request.user, target, form.cleaned_data["document_number"], form.cleaned_data["document_date"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(redirect_to)
    if not created:
        messages.info(request, _("This report is already being built; you have joined it."))
    return redirect("reports:job", pk=job.pk)


@never_cache
@login_required
def cluster_reports(request, slug, year):
    cluster = get_object_or_404(Cluster, slug=slug)
    allowed = [kind for kind in CLUSTER_KINDS if may_see(request.user, Target(kind, year, cluster.pk))]
    if not allowed:
        raise PermissionDenied
    phases = data.cluster_review_phases(cluster, year)
    if request.method == "POST":
        kind, phase_id = _chosen(request, allowed, [phase.pk for phase in phases])
        return _request(request, Target(kind, year, cluster.pk, phase_id=phase_id), request.get_full_path())
    phase = _chosen_phase(request, phases)
    if phase is not None:  # the page of one phase's review: its button and its jobs only
        if ReportKind.CLUSTER_MID_YEAR not in allowed:
            raise PermissionDenied
        jobs = _jobs(request.user, cluster=cluster, year=year, phase=phase)[:20]
        kinds = _cluster_review_choices([phase])
        votes = []
    else:
        jobs = _jobs(request.user, cluster=cluster, year=year)[:20]
        kinds = [(kind, ReportKind(kind).label) for kind in allowed]
        if ReportKind.CLUSTER_MID_YEAR in allowed:
            kinds += _cluster_review_choices(phases)
        votes = _visible_votes(data.cluster_votes(cluster, year), sees_all=ReportKind.CLUSTER_YEAR in allowed)
    context = {
        "cluster": cluster,
        "year": year,
        "phase": phase,
        "kinds": kinds,
        "form": RequestReportForm(),
        "jobs": jobs,
        "votes": votes,
    }
    return render(request, "reports/cluster.html", context)


def _visible_votes(votes, sees_all):
    """Ministry and head staff see every vote of the cluster's year; members the published ones."""
    return [row["vote"] for row in votes if sees_all or row["vote"].is_published]


@never_cache
@login_required
def vote_reports(request, vote_id):
    vote = data.vote_summary(vote_id)
    if vote is None:
        raise Http404
    target = Target(ReportKind.VOTE_MINUTES, vote["year"], vote["cluster"].pk, vote_id, vote["published"])
    if not may_see(request.user, target):
        raise PermissionDenied
    if request.method == "POST":
        return _request(request, target, request.path)
    jobs = _jobs(request.user, kind=ReportKind.VOTE_MINUTES, vote_id=vote_id)[:20]
    kinds = [(ReportKind.VOTE_MINUTES, ReportKind.VOTE_MINUTES.label)]
    context = {"vote": vote, "form": RequestReportForm(), "jobs": jobs, "kinds": kinds}
    return render(request, "reports/vote.html", context)


@never_cache
@login_required
def sector_reports(request, year):
    if not may_see(request.user, Target(ReportKind.SECTOR_YEAR, year)):
        raise PermissionDenied
    numbers = data.sector_review_numbers(year)
    if request.method == "POST":
        kind, number = _chosen(request, SECTOR_KINDS, numbers)
        return _request(request, Target(kind, year, phase_number=number), request.path)
    jobs = _jobs(request.user, kind__in=SECTOR_KINDS, year=year)[:20]
    kinds = [(kind, ReportKind(kind).label) for kind in SECTOR_KINDS]
    context = {
        "year": year,
        "clusters": data.sector_clusters(year),
        "form": RequestReportForm(),
        "jobs": jobs,
        "kinds": kinds + _sector_review_choices(numbers),
    }
    return render(request, "reports/sector.html", context)


def _visible_job(request, pk):
    found = ReportJob.objects.select_related("cluster", "unit", "requested_by", "signed_by", "phase__campaign")
    job = get_object_or_404(found, pk=pk)
    if not request.user.has_perm("reports.view_job", job):
        raise PermissionDenied
    return job


@never_cache
@login_required
def job_detail(request, pk):
    job = _visible_job(request, pk)
    return render(request, "reports/job.html", {"job": job, "actions": job_actions(job, request.user)})


@never_cache
@login_required
def job_progress(request, pk):
    job = _visible_job(request, pk)
    return render(request, "reports/_job_progress.html", {"job": job, "actions": job_actions(job, request.user)})


@login_required
def job_download(request, pk, fmt="pdf"):
    job = _visible_job(request, pk)
    field = {"pdf": job.pdf, "signed": job.signed_pdf, "xlsx": job.spreadsheet, "docx": job.docx}[fmt]
    if not job.is_done or not field:
        raise Http404
    name = f"{_download_stem(job)}-signed.pdf" if fmt == "signed" else f"{_download_stem(job)}.{fmt}"
    return serve_private(field, download_name=name)


def _download_stem(job):
    return report_for(Params.of_job(job)).slug()


@require_POST
@login_required
def job_retry(request, pk):
    job = _visible_job(request, pk)
    try:
        services.retry_job(job, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:job", pk=job.pk)


@require_POST
@login_required
def job_sign(request, pk):
    job = _visible_job(request, pk)
    try:
        services.sign_report(job, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is signed electronically."))
    return redirect("reports:job", pk=job.pk)


def _over_verify_limit(request):
    """A simple per-address budget of uploads a minute (the verify page is public)."""
    key = f"reports:verify:{client_ip(request)}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60)
        count = 1
    return count > settings.VERIFY_PER_MINUTE


@never_cache
def verify(request):
    """Public: upload a signed PDF, be told who signed it, when, and whether it changed since.
    The upload is read in memory and never stored."""
    result = None
    form = VerifyForm()
    status = 200
    if request.method == "POST":
        if _over_verify_limit(request):
            messages.error(request, _("Too many files verified from your address; please wait a minute."))
            return render(request, "reports/verify.html", {"form": form}, status=429)
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            result = signing.verify(form.cleaned_data["document"].read())
        else:
            status = 400
    return render(request, "reports/verify.html", {"form": form, "result": result}, status=status)
