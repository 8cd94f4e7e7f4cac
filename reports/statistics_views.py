"""The statistics forms (biểu 0601–0603) as web pages, each figure linked to the records it
counts, and as .xlsx and PDF. Ministry staff see the sector and every unit; a unit's officials
see their own unit's forms only."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from emulation.models import Unit
from emulation.permissions import is_ministry_staff, unit_id_of
from emulation.spreadsheets import XLSX, build_workbook

from . import statistics
from .documents import Header, render_document, render_pdf


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


def _form(request, year):
    code = request.GET.get("form", "0601")
    if code not in statistics.FORMS:
        raise Http404
    return statistics.FORMS[code](year, _unit(request))


@login_required
def form_page(request, year):
    form = _form(request, year)
    fmt = request.GET.get("format", "html")
    if fmt == "xlsx":
        response = HttpResponse(build_workbook([statistics.sheet(form)]), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="bieu-{form.code}-{year}.xlsx"'
        return response
    if fmt == "pdf":
        response = HttpResponse(form_pdf(form, request.build_absolute_uri("/")), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="bieu-{form.code}-{year}.pdf"'
        return response
    return render(request, "reports/statistics.html", {"form": form, "year": year, "forms": statistics.FORMS})


def form_pdf(form, base_url=""):
    with translation.override(settings.LANGUAGE_CODE):
        issuing = form.unit.name.upper() if form.unit else "BỘ TƯ PHÁP"
        header = Header("", issuing, "", "", timezone.localdate(), f"BIỂU {form.code}", str(form.title))
        html = render_document("reports/pdf/statistics.html", header, {"form": form, "base_url": base_url})
        return render_pdf(html).pdf


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
