"""The statistics forms (biểu 0601–0603) as web pages, each figure linked to the records it
counts. The .xlsx and PDF are built by a report job (reports/statistics_builder.py, the Celery
pipeline of the year-end reports): a button on the page asks for one and leads to the job's
page, where they are downloaded. Ministry staff see the sector and every unit; a unit's
officials see their own unit's forms only, on the page, for the job and for its files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from emulation.models import Unit
from emulation.permissions import is_ministry_staff, unit_id_of

from . import services, statistics
from .models import ReportJob, ReportKind
from .permissions import Target, visible_jobs


def _unit(request):
    """The reporting unit asked for (None: the sector), or PermissionDenied."""
    raw = request.GET.get("unit") or ""
    unit = Unit.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if raw and unit is None:
        raise Http404
    if is_ministry_staff(request.user):
        return unit
    own = unit_id_of(request.user)
    if own is None or unit is None or unit.pk != own:
        raise PermissionDenied
    return unit


def _code(request):
    code = request.GET.get("form", "0601")
    if code not in statistics.FORMS:
        raise Http404
    return code


@never_cache
@login_required
def form_page(request, year):
    """GET: the form on the page. POST (the same address, so the same form and unit): queue
    the job that builds its .xlsx and PDF, or join the one being built, and go to its page."""
    code, unit = _code(request), _unit(request)
    target = Target(ReportKind.STATISTICS, year, unit_id=unit.pk if unit else None, form=code)
    if request.method == "POST":
        return _request_job(request, target)
    jobs = ReportJob.objects.filter(kind=ReportKind.STATISTICS, year=year, form_code=code, unit=unit)
    context = {
        "form": statistics.FORMS[code](year, unit),
        "year": year,
        "forms": statistics.FORMS,
        "jobs": visible_jobs(request.user, jobs.select_related("cluster", "unit", "requested_by"))[:10],
    }
    return render(request, "reports/statistics.html", context)


def _request_job(request, target):
    try:
        job, created = services.request_report(request.user, target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(request.get_full_path())
    if not created:
        messages.info(request, _("This report is already being built; you have joined it."))
    return redirect("reports:job", pk=job.pk)


@login_required
def records_page(request, year):
    criteria = {
        "form": request.GET.get("form", ""),
        "year": year,
        "unit": None,
        "row": request.GET.get("row", ""),
        "column": request.GET.get("column", "total"),
    }
    unit = _unit(request)
    criteria["unit"] = unit.pk if unit else None
    records = statistics.counted_records(criteria)
    return render(request, "reports/statistics_records.html", {"records": records, "criteria": criteria, "unit": unit})
