"""Gathering a report's data costs a fixed number of queries per section, whatever
the number of members, pledges, targets or votes."""

from datetime import date

import pytest

from emulation.models import Cluster, Membership
from emulation.tests.factories import MembershipFactory, UnitFactory
from reports import builders
from reports.models import ReportKind

from .conftest import NORTH

pytestmark = pytest.mark.django_db


def sections_of(report):
    return {key: (lambda key=key: report.section_html(key)) for key in report.section_keys()}


def count_per_section(kind, year, cluster, django_assert_max_num_queries, limits):
    report = builders.report_for(builders.Params(kind, year, cluster))
    counts = {}
    for key, build in sections_of(report).items():
        name = key.partition(":")[0]
        with django_assert_max_num_queries(limits[name]) as captured:
            build()
        counts[name] = len(captured)
    return counts


CLUSTER_LIMITS = {
    "members": 2, "campaigns": 2, "pledges": 4, "figures": 1, "scores": 6, "votes": 4, "exemplary": 0, "next_year": 1,
}  # fmt: skip
SECTOR_LIMITS = {"overview": 1, "cluster": 14, "ranking": 6, "nominations": 2, "totals": 4}


@pytest.fixture
def bigger_north(full_demo, db):
    """The northern region with 30 more members in 2022 (to see that nothing grows)."""
    north = Cluster.objects.get(slug=NORTH)
    for _ in range(30):
        MembershipFactory(cluster=north, unit=UnitFactory(), year=2022, role=Membership.Role.MEMBER)
    return north


def test_the_cluster_report_sections_query_a_fixed_number_of_times(full_demo, db, django_assert_max_num_queries):
    north = Cluster.objects.get(slug=NORTH)
    small = count_per_section(ReportKind.CLUSTER_YEAR, 2022, north, django_assert_max_num_queries, CLUSTER_LIMITS)
    assert small["pledges"] == 4  # the rows, the common targets, their values, and the region's own figures


def test_more_members_do_not_mean_more_queries(bigger_north, django_assert_max_num_queries):
    count_per_section(ReportKind.CLUSTER_YEAR, 2022, bigger_north, django_assert_max_num_queries, CLUSTER_LIMITS)
    count_per_section(
        ReportKind.PLEDGE_AGREEMENT,
        2022,
        bigger_north,
        django_assert_max_num_queries,
        {"targets": 4, "member_values": 2, "signatures": 0},
    )
    count_per_section(ReportKind.SECTOR_YEAR, 2022, None, django_assert_max_num_queries, SECTOR_LIMITS)
    count_per_section(ReportKind.CLUSTER_MID_YEAR, 2022, bigger_north, django_assert_max_num_queries, {"progress": 5})


def test_percentage_targets_print_their_average_in_the_summaries():
    from decimal import Decimal
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    from reports import data

    regular = SimpleNamespace(kind="regular")

    def row(value, actual):
        target = {
            "number": 1,
            "name": "Tỷ lệ hòa giải thành",
            "measure": "%",
            "kind": "rate",
            "direction": "at_least",
            "value": Decimal(value),
            "actual": Decimal(actual),
            "rate": None,
            "met": Decimal(actual) >= Decimal(value),
            "common": 7,
        }
        return {"campaign": regular, "targets": [target]}

    totals = data.common_target_totals([row(90, 95), row("80.5", 70)])
    assert [(t["value"], t["actual"], t["met"], t["units"]) for t in totals] == [
        (Decimal("85.25"), Decimal("82.50"), 1, 2)
    ]
    with translation.override("vi"):
        html = render_to_string("reports/pdf/sections/sector_cluster.html", {"cluster": regular, "totals": totals})
    cells = " ".join(html.split())
    assert "85,25" in cells and "82,5" in cells and 'colspan="3">—' not in cells


def test_the_sector_review_queries_a_fixed_number_of_times_per_cluster(bigger_north, django_assert_max_num_queries):
    from campaigns.models import Phase
    from campaigns.queries import regular_campaign

    clusters = len(builders.report_for(builders.Params(ReportKind.SECTOR_MID_YEAR, 2022)).clusters)
    limits = {"overview": 1 + 5 * clusters, "cluster": 6}
    count_per_section(ReportKind.SECTOR_MID_YEAR, 2022, None, django_assert_max_num_queries, limits)
    campaign = regular_campaign(bigger_north, 2022)
    Phase.objects.create(campaign=campaign, number=1, name="Đợt 1", start=date(2022, 1, 1), end=date(2022, 6, 30))
    report = builders.report_for(builders.Params(ReportKind.SECTOR_MID_YEAR, 2022, phase_number=1))
    for key, build in sections_of(report).items():
        limit = 2 + 5 * clusters if key == "overview" else 7
        with django_assert_max_num_queries(limit):
            build()
