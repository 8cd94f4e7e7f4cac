"""The review (sơ kết) at the end of a campaign's phase, for a cluster and for the sector:
built by the report task (eagerly here) from the members' progress at the phase's end, with
the phase's name, dates and goal; asked for from the reports pages by those who may."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from campaigns import services as campaigns_services
from campaigns.models import Phase, Pledge
from campaigns.queries import regular_campaign
from emulation.celery import app as celery_app
from emulation.models import Cluster, Membership
from reports import tasks
from reports.models import ReportJob, ReportKind
from reports.permissions import Target, may_see

from .conftest import NORTH
from .pdf import pdf_text

pytestmark = pytest.mark.django_db
User = get_user_model()
GOAL = "Chào mừng kỷ niệm 78 năm Ngày truyền thống ngành Tư pháp Việt Nam (28/8/1945 - 28/8/2023)"


@pytest.fixture
def north(full_demo, db):
    return Cluster.objects.get(slug=NORTH)


@pytest.fixture
def eager(monkeypatch):
    """Report tasks (and the sector's parallel sections) run at once, in the test."""
    from reports import services

    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    monkeypatch.setattr(services, "_enqueue_build", lambda job_id: tasks.build_report.delay(job_id))
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture
def phase(north):
    phase, _created = Phase.objects.update_or_create(  # the demo's first phase, renamed and moved
        campaign=regular_campaign(north, 2023),
        number=1,
        defaults={"name": "Đợt 1 chào mừng Ngày truyền thống", "start": date(2023, 1, 1), "end": date(2023, 8, 28)},
    )
    phase.goal = GOAL
    phase.save()
    return phase


@pytest.fixture
def reported(phase):
    """The first accepted pledge's progress at the phase's end, sent."""
    pledges = Pledge.objects.filter(campaign=phase.campaign, year=2023, status=Pledge.Status.ACCEPTED)
    pledge = pledges.filter(unit__officials__isnull=False).order_by("unit__name").first()
    official = pledge.unit.officials.order_by("is_unit_head", "pk").first().user
    progress = campaigns_services.start_progress(pledge, official, phase)
    figures = list(progress.figures.order_by("target__number"))
    values = {f.target_id: Decimal(18432) if i == 0 else Decimal(1) for i, f in enumerate(figures)}
    progress = campaigns_services.save_progress(
        progress, official, progress.version, as_of=phase.end, values=values, note="Đến hết Đợt 1 đã đạt 18.432."
    )
    return campaigns_services.submit_progress(progress, official)


def _ask(client, username, url, kind):
    client.force_login(User.objects.get(username=username))
    return client.post(url, {"kind": kind, "document_number": "", "document_date": ""})


def _pdf(client, job):
    response = client.get(f"/reports/jobs/{job.pk}/download/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_cluster_head_builds_the_phase_review_of_the_cluster(client, north, phase, reported, eager):
    client.force_login(User.objects.get(username="bo"))
    page = client.get(f"/reports/cluster/{NORTH}/2023/").content.decode()
    second = Phase.objects.get(campaign=phase.campaign, number=2)  # the demo's second phase
    assert f'value="cluster_mid_year:{phase.pk}"' in page and "Đợt 1 chào mừng Ngày truyền thống" in page
    assert f'value="cluster_mid_year:{second.pk}"' in page
    response = _ask(client, "bo", f"/reports/cluster/{NORTH}/2023/", f"cluster_mid_year:{phase.pk}")
    job = ReportJob.objects.get(kind=ReportKind.CLUSTER_MID_YEAR, phase=phase)
    assert response["Location"] == f"/reports/jobs/{job.pk}/" and job.state == ReportJob.State.DONE
    assert job.key.endswith(f"|phase:{phase.pk}") and job.cluster == north and job.phase_number is None
    detail = client.get(f"/reports/jobs/{job.pk}/").content.decode()
    assert "kết thúc Đợt 1 chào mừng Ngày truyền thống" in detail and phase.campaign.name in detail
    pdf = _pdf(client, job)
    assert pdf.startswith(b"%PDF")
    flat = " ".join(pdf_text(pdf).split())
    assert "Đợt 1 chào mừng Ngày truyền thống" in flat and GOAL in flat
    assert "từ 01/01/2023 đến 28/08/2023" in flat
    assert (
        reported.pledge.unit.name in flat
        and "2.550 18.432 722,82%" in flat
        and "số liệu tính đến ngày 28/08/2023" in flat
    )
    assert "Chưa có báo cáo tiến độ" in flat  # the members that did not report for the phase
    # the mid-year review is another document, and nobody reported for it
    _ask(client, "bo", f"/reports/cluster/{NORTH}/2023/", "cluster_mid_year")
    mid_year = ReportJob.objects.get(kind=ReportKind.CLUSTER_MID_YEAR, phase__isnull=True)
    assert mid_year.key != job.key and "18.432" not in " ".join(pdf_text(_pdf(client, mid_year)).split())


def test_the_sector_review_at_the_end_of_a_phase(client, north, reported, eager):
    client.force_login(User.objects.get(username="bo"))
    page = client.get("/reports/sector/2023/").content.decode()
    assert 'value="sector_mid_year"' in page and 'value="sector_mid_year:1"' in page
    _ask(client, "bo", "/reports/sector/2023/", "sector_mid_year:1")
    job = ReportJob.objects.get(kind=ReportKind.SECTOR_MID_YEAR)
    assert job.state == ReportJob.State.DONE and job.cluster is None and job.phase_number == 1 and job.phase is None
    assert job.key.endswith("|phase-1") and "kết thúc đợt 1" in client.get(f"/reports/jobs/{job.pk}/").content.decode()
    pdf = _pdf(client, job)
    assert pdf.startswith(b"%PDF")
    flat = " ".join(pdf_text(pdf).split())
    assert "Đợt 1 chào mừng Ngày truyền thống" in flat and GOAL in flat
    assert "đợt số 1 của phong trào thi đua thường xuyên của mỗi Cụm, Khu vực" in flat  # the number spelled out
    assert north.name.upper() in flat and "Tư pháp các tỉnh miền núi" in flat  # heading, and the totals' row
    # sent in the test's today, years after the calendar's step for the phase: late
    assert "Đã gửi (quá hạn) 28/08/2023" in flat and "Toàn ngành 14 1 1" in flat
    # and the sector's mid-year review without a phase
    _ask(client, "bo", "/reports/sector/2023/", "sector_mid_year")
    plain = ReportJob.objects.get(kind=ReportKind.SECTOR_MID_YEAR, phase_number__isnull=True)
    assert plain.state == ReportJob.State.DONE and _pdf(client, plain).startswith(b"%PDF")


def test_a_member_of_another_cluster_is_refused(client, north, phase, no_enqueue):
    # truongcum's unit heads the northern region in 2023: it may; a central region's unit may not
    head = User.objects.get(username="truongcum")
    assert may_see(head, Target(ReportKind.CLUSTER_MID_YEAR, 2023, north.pk, phase_id=phase.pk))
    in_north = Membership.objects.filter(cluster=north, year=2023).values("unit_id")
    other = Membership.objects.exclude(cluster=north).exclude(unit_id__in=in_north).select_related("unit").first()
    assert other is not None and other.cluster != north
    outsider_unit = other.unit
    outsider = User.objects.create_user(username="ngoai", password="x", full_name="Người ngoài")
    outsider_unit.officials.create(user=outsider)
    assert not may_see(outsider, Target(ReportKind.CLUSTER_MID_YEAR, 2023, north.pk, phase_id=phase.pk))
    client.force_login(outsider)
    assert client.get(f"/reports/cluster/{NORTH}/2023/").status_code == 403
    assert _ask(client, "ngoai", f"/reports/cluster/{NORTH}/2023/", f"cluster_mid_year:{phase.pk}").status_code == 403
    assert client.get(f"/reports/cluster/{NORTH}/2023/?phase={phase.pk}").status_code == 403
    assert client.get("/reports/sector/2023/").status_code == 403
    # a cluster head may not ask for a phase that is not there (nor the cluster's phase by its
    # number), nor for the sector's review
    missing = Phase.objects.order_by("-pk").first().pk + 1
    assert (
        _ask(client, "truongcum", f"/reports/cluster/{NORTH}/2023/", f"cluster_mid_year:{missing}").status_code == 403
    )
    if phase.pk != 1:
        assert _ask(client, "truongcum", f"/reports/cluster/{NORTH}/2023/", "cluster_mid_year:1").status_code == 403
    assert _ask(client, "truongcum", f"/reports/cluster/{NORTH}/2023/", "pledge_agreement:1").status_code == 403
    assert _ask(client, "truongcum", "/reports/sector/2023/", "sector_mid_year:1").status_code == 403
    assert not ReportJob.objects.exists() and not no_enqueue
    # a phase's job is seen by the cluster's head, not by the outsider
    job = ReportJob.objects.create(
        kind=ReportKind.CLUSTER_MID_YEAR, year=2023, cluster=north, phase=phase, key="k", requested_by_id=outsider.pk
    )
    assert client.get(f"/reports/jobs/{job.pk}/").status_code == 200  # truongcum, logged in last
    client.force_login(outsider)
    assert client.get(f"/reports/jobs/{job.pk}/").status_code in (403, 404)
