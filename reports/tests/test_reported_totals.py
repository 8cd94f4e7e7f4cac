"""A region's own total for a common target (issue 12): the cluster's year report prints it on
that target's row, as the region's report states it, instead of the sum of the members' pledges
(which is another number: the members' pledges are not what the region received)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from emulation.models import Cluster, ReportedFigure
from emulation.services import figures
from reports import builders
from reports.models import ReportKind

pytestmark = pytest.mark.django_db
NORTH = "Khu vực miền núi biên giới phía Bắc"


def target_rows(html):
    """The rows of the common targets' table, whitespace folded."""
    table = html.partition("<tbody>")[2].partition("</tbody>")[0]
    return [" ".join(row.split()) for row in table.split("<tr>")[1:]]


def test_the_regions_totals_print_on_their_targets_rows(demo):
    north = Cluster.objects.get(short_name=NORTH)
    report = builders.report_for(builders.Params(ReportKind.CLUSTER_YEAR, 2022, north))
    with translation.override("vi"):
        rows = target_rows(report.section_html("pledges").html)
    by_number = {row.partition('class="center">')[2].partition("<")[0]: row for row in rows}
    mediation, enforcement = by_number["3"], by_number["4"]
    assert "2.754/3.247 vụ việc (đạt tỷ lệ 85%)" in mediation and "theo báo cáo của cụm, khu vực" in mediation
    assert "21.698/24.196 vụ, việc (đạt 89,68%)" in enforcement
    assert "27.430" in by_number["1"] and "410.870" in by_number["2"]
    assert "theo báo cáo" not in by_number["5"]  # no figure reported: the members' sum, as before


def test_one_figure_per_target_and_year(demo, django_user_model):
    north = Cluster.objects.get(short_name=NORTH)
    staff = django_user_model.objects.get(username="bo")
    with pytest.raises(ValidationError) as refused:
        figures.add_figure(north, 2022, staff, label="Thử", value=1, target_number=3)
    assert "đã có số liệu báo cáo cho chỉ tiêu này" in " ".join(refused.value.messages)
    assert ReportedFigure.objects.filter(cluster=north, year=2022, target_number=3).count() == 1
    figures.add_figure(north, 2023, staff, label="Thử", value=1, target_number=3)  # another year is free
