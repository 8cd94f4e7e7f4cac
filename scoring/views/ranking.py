"""The ranking of a year's final scorecards, by unit type, in a cluster or the whole sector,
as a page with a chart and as an Excel download."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from emulation.models import Cluster, Unit
from emulation.permissions import is_ministry_staff, unit_id_of
from emulation.spreadsheets import xlsx_response
from emulation.views import requested_year, year_choices

from .. import charts, queries
from ..models import RankBand
from .common import require


def _ranking_params(request):
    year = requested_year(request)
    unit_type = request.GET.get("type") or Unit.Type.JUSTICE_DEPARTMENT
    if unit_type not in Unit.Type.values:
        raise Http404
    cluster = None
    if request.GET.get("cluster"):
        cluster = get_object_or_404(Cluster, slug=request.GET["cluster"])
    return year, unit_type, cluster


@login_required
def ranking(request):
    require(request, "scoring.view_ranking")
    year, unit_type, cluster = _ranking_params(request)
    rows = queries.ranking(year, unit_type, cluster)
    table = queries.published_table(year, unit_type)
    bands = list(RankBand.objects.filter(table=table).order_by("position")) if table else []
    band_counts = {band.pk: 0 for band in bands}
    for row in rows:
        if row.band:
            band_counts[row.band.pk] = band_counts.get(row.band.pk, 0) + 1
    context = {
        "year": year,
        "years": year_choices(),
        "unit_type": unit_type,
        "types": queries.unit_types_with_tables(year) or [(unit_type, Unit.Type(unit_type).label)],
        "cluster": cluster,
        "clusters": Cluster.objects.active_in(year).filter(memberships__year=year).distinct(),
        "rows": rows,
        "chart": charts.ranking_chart(rows, bands),
        "bands": [(band, band_counts.get(band.pk, 0)) for band in bands],
        "not_final": queries.not_final_count(year, unit_type, cluster),
        "table": table,
        "see_all_cards": is_ministry_staff(request.user),
        "own_unit_id": unit_id_of(request.user),
    }
    return render(request, "scoring/ranking.html", context)


@login_required
def ranking_export(request):
    require(request, "scoring.view_ranking")
    year, unit_type, cluster = _ranking_params(request)
    rows = queries.ranking(year, unit_type, cluster)
    headers = [
        _("Rank"),
        _("Unit"),
        _("Total points"),
        _("Rank band"),
        _("Total in %(year)s") % {"year": year - 1},
        pgettext("ranking", "Change"),
    ]
    data = [
        [
            row.rank,
            row.unit.name,
            float(row.total),
            row.band_name,
            float(row.previous_total) if row.previous_total is not None else None,
            float(row.change) if row.change is not None else None,
        ]
        for row in rows
    ]
    scope = cluster.slug if cluster else "toan-nganh"
    return xlsx_response(f"xep-hang-{year}-{unit_type}-{scope}.xlsx", [(_("Ranking"), headers, data)])
