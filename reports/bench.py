"""Timing each report against WeasyPrint alone rendering the same HTML, for ``make bench``.

    from reports.bench import time_reports
    for row in time_reports(): print(row)

Each row: the report, the time to gather its data and render its sections' HTML
(with the number of queries), the time of WeasyPrint on the assembled HTML, the
whole build, and the share of the whole spent outside WeasyPrint.
"""

import time
from dataclasses import dataclass
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from emulation.models import Cluster

from . import builders, data, sections
from .documents import render_pdf
from .models import ReportKind


@dataclass
class Timing:
    report: str
    data_ms: float  # gathering the data and rendering the sections' HTML
    queries: int
    weasyprint_ms: float
    total_ms: float
    pages: int
    template_ms: float = 0.0  # of data_ms: the section templates alone

    @property
    def gathering_ms(self):
        """Gathering the data (queries, computations, charts), without the templates."""
        return self.data_ms - self.template_ms

    @property
    def overhead(self):
        """Share of the build that is not WeasyPrint."""
        return (self.total_ms - self.weasyprint_ms) / self.total_ms if self.total_ms else 0


def time_report(params):
    report = builders.report_for(params)
    template_ms = [0.0]
    render = sections._render

    def timed_render(name, context):
        start = time.perf_counter()
        try:
            return render(name, context)
        finally:
            template_ms[0] += (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch.object(sections, "_render", timed_render),
    ):
        results = [report.section_html(key) for key in report.section_keys()]
        html = report.document_html(results)
    gathered = time.perf_counter()
    rendered = render_pdf(html)
    done = time.perf_counter()
    return Timing(
        report=f"{params.kind} {params.year}{' ' + params.cluster.slug if params.cluster else ''}",
        data_ms=(gathered - start) * 1000,
        queries=len(queries),
        weasyprint_ms=(done - gathered) * 1000,
        total_ms=(done - start) * 1000,
        pages=rendered.pages,
        template_ms=template_ms[0],
    )


def default_cases():
    """One of each report on the demo (or scaled) data: the busiest cluster of the
    latest year with members, the sector that year (summary and mid-year review), that
    cluster's pledge agreement, and the cluster's first vote."""
    years = data.Membership.objects.order_by("-year").values_list("year", flat=True).distinct()
    year = years[0] if years else None
    if year is None:
        return []
    clusters = sorted(data.sector_clusters(year), key=lambda c: -c.member_count)
    cases = [builders.Params(ReportKind.SECTOR_YEAR, year), builders.Params(ReportKind.SECTOR_MID_YEAR, year)]
    if clusters:
        cluster = Cluster.objects.get(pk=clusters[0].pk)
        cases += [
            builders.Params(ReportKind.CLUSTER_YEAR, year, cluster),
            builders.Params(ReportKind.PLEDGE_AGREEMENT, year, cluster),
        ]
        votes = data.cluster_votes(cluster, year)
        if votes:
            vote = votes[0]["vote"]
            cases.append(builders.Params(ReportKind.VOTE_MINUTES, year, cluster, vote.pk))
    return cases


def time_reports(cases=None):
    return [time_report(params) for params in (cases or default_cases())]
