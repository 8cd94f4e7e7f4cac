"""A cluster's review at the end of a phase names the phase itself, not its number: two of the
cluster's campaigns may each have a phase 1, and each is a review of its own with its own
figures. Old jobs that stored a number are turned into the phase they meant when it can be
told (migration reports 0008); the sector's review of phase N keeps the number."""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from campaigns import services as campaigns_services
from campaigns.models import Campaign, Phase, Pledge, PledgeTarget
from campaigns.queries import regular_campaign
from campaigns.tests.factories import CampaignFactory, PhaseFactory, PledgeFactory, PledgeTargetFactory
from emulation.models import Cluster, Unit
from reports import services, tasks
from reports.models import ReportJob, ReportKind
from reports.permissions import Target

from .conftest import NORTH
from .pdf import pdf_text
from .test_reviews import eager  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
User = get_user_model()
LAO_CAI = "Sở Tư pháp tỉnh Lào Cai"
THEMATIC = "Phong trào thi đua chuyên đề chuyển đổi số năm 2023"
migration = importlib.import_module("reports.migrations.0008_review_phase_key")


@pytest.fixture
def north(full_demo, db):
    return Cluster.objects.get(slug=NORTH)


@pytest.fixture
def two_ones(north):
    """Phase 1 of the region's regular campaign (the demo's, to 30/06) and phase 1 of a thematic
    campaign the region launched too (to 30/09), each reported on by Lào Cai with other figures."""
    regular = Phase.objects.get(campaign=regular_campaign(north, 2023), number=1)
    thematic = CampaignFactory(
        name=THEMATIC, kind=Campaign.Kind.THEMATIC, launching_cluster=north, document_number="15/KH-KV"
    )
    other = PhaseFactory(campaign=thematic, number=1, name=regular.name, start=date(2023, 7, 1), end=date(2023, 9, 30))
    unit = Unit.objects.get(name=LAO_CAI)
    pledge = PledgeFactory(campaign=thematic, unit=unit, status=Pledge.Status.ACCEPTED)
    PledgeTargetFactory(pledge=pledge, number=1, name="Thủ tục hành chính trực tuyến", value=Decimal(40))
    official = unit.officials.order_by("is_unit_head", "pk").first().user
    _report(Pledge.objects.get(campaign=regular.campaign, unit=unit, year=2023), regular, official, 18432)
    _report(pledge, other, official, 37)
    return regular, other


def _report(pledge, phase, official, first):
    progress = campaigns_services.start_progress(pledge, official, phase)
    figures = list(progress.figures.order_by("target__number"))
    values = {f.target_id: Decimal(first) if i == 0 else Decimal(1) for i, f in enumerate(figures)}
    progress = campaigns_services.save_progress(
        progress, official, progress.version, as_of=phase.end, values=values, note="Báo cáo đến hết đợt."
    )
    return campaigns_services.submit_progress(progress, official)


def _pdf_text(client, job):
    response = client.get(f"/reports/jobs/{job.pk}/download/")
    assert response.status_code == 200
    return " ".join(pdf_text(b"".join(response.streaming_content)).split())


def test_two_phases_numbered_1_give_two_reviews_each_with_its_own_figures(client, north, two_ones, eager):  # noqa: F811
    regular, other = two_ones
    client.force_login(User.objects.get(username="truongcum"))
    url = f"/reports/cluster/{NORTH}/2023/"
    page = client.get(url).content.decode()
    # two buttons, told apart by the phase's key and, their names being the same, the campaign
    assert f'value="cluster_mid_year:{regular.pk}"' in page and f'value="cluster_mid_year:{other.pk}"' in page
    assert f"Đợt 1 — {THEMATIC}" in page and f"Đợt 1 — {regular.campaign.name}" in page
    for phase in (regular, other):
        client.post(url, {"kind": f"cluster_mid_year:{phase.pk}", "document_number": "", "document_date": ""})
    jobs = {job.phase_id: job for job in ReportJob.objects.filter(kind=ReportKind.CLUSTER_MID_YEAR)}
    assert set(jobs) == {regular.pk, other.pk} and jobs[regular.pk].key != jobs[other.pk].key
    assert all(job.state == ReportJob.State.DONE and job.phase_number is None for job in jobs.values())
    first, second = _pdf_text(client, jobs[regular.pk]), _pdf_text(client, jobs[other.pk])
    assert "18.432" in first and "30/06/2023" in first and THEMATIC not in first
    assert "40 37 92,50%" in second and "30/09/2023" in second and THEMATIC in second and "18.432" not in second
    assert "Thủ tục hành chính trực tuyến" in second and "Thủ tục hành chính trực tuyến" not in first
    listed = client.get(url).content.decode()
    assert f"kết thúc Đợt 1 ({THEMATIC})" in listed and f"kết thúc Đợt 1 ({regular.campaign.name})" in listed
    names = {client.get(f"/reports/jobs/{job.pk}/download/")["Content-Disposition"] for job in jobs.values()}
    assert len(names) == 2  # and two file names


def test_a_phase_is_asked_for_once_and_another_of_the_same_number_apart(north, two_ones, no_enqueue):
    regular, other = two_ones
    head = User.objects.get(username="truongcum")
    target = Target(ReportKind.CLUSTER_MID_YEAR, 2023, north.pk, phase_id=regular.pk)
    job, created = services.request_report(head, target)
    again, created_again = services.request_report(User.objects.get(username="bo"), target)
    assert created and not created_again and again.pk == job.pk and job.key.endswith(f"|phase:{regular.pk}")
    apart, created_apart = services.request_report(
        head, Target(ReportKind.CLUSTER_MID_YEAR, 2023, north.pk, phase_id=other.pk)
    )
    mid_year, created_mid_year = services.request_report(head, Target(ReportKind.CLUSTER_MID_YEAR, 2023, north.pk))
    assert created_apart and created_mid_year and len({job.pk, apart.pk, mid_year.pk}) == 3
    assert mid_year.phase is None and mid_year.key == f"cluster_mid_year|2023|{north.pk}|||"
    assert no_enqueue == [job.pk, apart.pk, mid_year.pk]


def test_a_phase_of_another_cluster_or_year_is_refused(north, two_ones, no_enqueue):
    regular, _other = two_ones
    bo = User.objects.get(username="bo")
    elsewhere = Phase.objects.filter(campaign__level="cluster", end__year=2023).exclude(
        campaign__launching_cluster=north
    )
    later = PhaseFactory(
        campaign=regular.campaign, number=3, name="Đợt 3", start=date(2024, 1, 1), end=date(2024, 3, 31)
    )
    for phase_id in [later.pk] + list(elsewhere.values_list("pk", flat=True)[:1]):
        with pytest.raises(ValidationError) as refused:
            services.request_report(bo, Target(ReportKind.CLUSTER_MID_YEAR, 2023, north.pk, phase_id=phase_id))
        assert "Đợt này không thuộc phong trào nào của Cụm, Khu vực kết thúc trong năm 2023." in refused.value.messages
    with pytest.raises(ValidationError):  # the sector's review has a number, not a phase
        services.request_report(bo, Target(ReportKind.SECTOR_MID_YEAR, 2023, phase_id=regular.pk))
    assert not ReportJob.objects.exists() and not no_enqueue


def _old(north, number, kind=ReportKind.CLUSTER_MID_YEAR, state=ReportJob.State.DONE):
    """A job as reports 0006 stored it: the phase's number in its key."""
    cluster_id = north.pk if kind == ReportKind.CLUSTER_MID_YEAR else None
    return ReportJob.objects.create(
        kind=kind,
        year=2023,
        cluster_id=cluster_id,
        phase_number=number,
        state=state,
        key=f"{kind}|2023|{cluster_id or ''}||||phase-{number}",
        requested_by=User.objects.get(username="bo"),
    )


def test_the_migration_turns_stored_numbers_into_the_phase_they_meant(north, two_ones):
    regular, _other = two_ones
    campaign = regular.campaign
    PhaseFactory(campaign=campaign, number=2, name="Đợt 2 bis", start=date(2023, 7, 1), end=date(2023, 8, 31))
    assert Phase.objects.filter(campaign=campaign, number=2, end__year=2023).count() == 2
    meant = _old(north, 1, state=ReportJob.State.QUEUED)  # phase 1 of the regular campaign: one, the thematic's aside
    lost = _old(north, 2)  # two phases 2: which one is not known
    sector = _old(north, 1, kind=ReportKind.SECTOR_MID_YEAR)
    migration.numbers_to_phases(apps, None)
    meant.refresh_from_db()
    lost.refresh_from_db()
    sector.refresh_from_db()
    assert meant.phase == regular and meant.phase_number is None
    assert meant.key == f"cluster_mid_year|2023|{north.pk}||||phase:{regular.pk}"
    assert lost.phase is None and lost.phase_number == 2 and lost.key.endswith("|phase-2")
    assert sector.phase is None and sector.phase_number == 1 and sector.key.endswith("|phase-1")
    # a new request for the phase joins the queued job the migration keyed
    target = Target(ReportKind.CLUSTER_MID_YEAR, 2023, north.pk, phase_id=regular.pk)
    assert services.request_report(User.objects.get(username="bo"), target) == (meant, False)
    migration.phases_to_numbers(apps, None)
    meant.refresh_from_db()
    assert meant.phase is None and meant.phase_number == 1 and meant.key.endswith("|phase-1")


def test_an_old_review_whose_phase_is_lost_reads_but_fails_to_rebuild_with_the_reason(client, north):
    lost = _old(north, 2, state=ReportJob.State.RUNNING)
    tasks.build_report.apply(args=(lost.pk,))
    lost.refresh_from_db()
    assert lost.state == ReportJob.State.FAILED
    assert "Không xác định được báo cáo sơ kết này là của đợt số 2 nào" in lost.error
    client.force_login(User.objects.get(username="bo"))
    page = client.get(f"/reports/jobs/{lost.pk}/").content.decode()
    assert "Báo cáo sơ kết của Cụm, Khu vực kết thúc đợt 2" in page


def test_a_reviewed_phase_is_not_removed(north, two_ones, no_enqueue):
    _regular, other = two_ones
    bo = User.objects.get(username="bo")
    services.request_report(bo, Target(ReportKind.CLUSTER_MID_YEAR, 2023, north.pk, phase_id=other.pk))
    other.progress_reports.all().delete()  # only the review holds it now
    with pytest.raises(ProtectedError):
        other.delete()
    campaign = other.campaign
    with pytest.raises(ValidationError) as refused:
        campaigns_services.save_campaign(campaign, bo, expected_version=campaign.version, phases=[])
    assert "Không thể xóa đợt đã có báo cáo tiến độ hoặc đã được sơ kết." in refused.value.messages


def test_the_cluster_progress_page_of_a_phase_leads_to_its_review(client, north, two_ones):
    regular, other = two_ones
    client.force_login(User.objects.get(username="truongcum"))
    page = client.get(f"/campaigns/clusters/{NORTH}/progress/?year=2023&phase={regular.pk}").content.decode()
    link = f"/reports/cluster/{NORTH}/2023/?phase={regular.pk}"
    assert f'href="{link}"' in page and "Báo cáo sơ kết đợt" in page
    assert "/reports/cluster/" not in client.get(f"/campaigns/clusters/{NORTH}/progress/?year=2023").content.decode()
    review = client.get(link).content.decode()
    assert f'value="cluster_mid_year:{regular.pk}"' in review and 'data-testid="review-phase"' in review
    assert f'value="cluster_mid_year:{other.pk}"' not in review and 'value="cluster_year"' not in review
    assert client.get(f"/reports/cluster/{NORTH}/2023/?phase={other.pk + 1000}").status_code == 404
    assert PledgeTarget.objects.exists()  # the world is there
