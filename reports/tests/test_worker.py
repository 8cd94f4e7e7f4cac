"""Report jobs through a real Celery worker on the configured broker (the embedded
filesystem broker locally, Redis in CI)."""

from datetime import date

import pytest
from django.db import OperationalError

from emulation.models import User
from emulation.testing import wait_until
from reports import services
from reports.builders import ClusterYearReport
from reports.models import ReportJob, ReportKind
from reports.permissions import Target

from .pdf import pdf_text

MEMBERS_SECTION = ClusterYearReport.SECTIONS  # the table the builder dispatches through

pytestmark = pytest.mark.worker


def refreshed(job):
    """Reload the job; False when SQLite's shared in-memory test database has the table
    locked by the worker's thread at that instant (SQLITE_LOCKED does not wait)."""
    try:
        job.refresh_from_db()
    except OperationalError:
        return False
    return True


def settled(job):
    return refreshed(job) and job.state in (ReportJob.State.DONE, ReportJob.State.FAILED)


def test_the_sector_summary_is_built_by_the_worker_section_by_section(celery_worker, core):
    bo = User.objects.get(username="bo")
    job, _ = services.request_report(bo, Target(ReportKind.SECTOR_YEAR, 2022), when=date(2022, 12, 15))
    seen = set()

    def watch():
        if not refreshed(job):
            return False
        seen.add(job.progress)
        return job.state in (ReportJob.State.DONE, ReportJob.State.FAILED)

    wait_until(watch, timeout=90, interval=0.1)
    assert job.state == ReportJob.State.DONE, job.error
    assert job.progress == 100 and job.page_count >= 3
    assert len(seen - {0, 100}) >= 1  # progress was reported on the way
    text = pdf_text(job.pdf.read())
    assert "Hà Nội, ngày 15 tháng 12 năm 2022" in text
    assert "Sở Tư pháp tỉnh Sơn La" in text and "Cục Thi hành án dân sự tỉnh Lạng Sơn" in text
    assert job.sections.count() == 0  # partial results are cleared once assembled


def test_a_transient_error_is_retried_then_the_job_completes(celery_worker, north, monkeypatch):
    from reports import sections

    calls = []
    real = sections.cluster_members

    def flaky(report):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk briefly unavailable")
        return real(report)

    monkeypatch.setitem(MEMBERS_SECTION, "members", flaky)
    bo = User.objects.get(username="bo")
    job, _ = services.request_report(bo, Target(ReportKind.CLUSTER_YEAR, 2022, north.pk))
    wait_until(lambda: settled(job), timeout=90)
    assert job.state == ReportJob.State.DONE, job.error
    assert len(calls) == 2 and job.attempts >= 2  # the broker may deliver a message more than once


def test_a_lasting_error_fails_the_job_and_a_retry_succeeds(celery_worker, north, monkeypatch):
    from reports import sections

    real = sections.cluster_members

    def broken(report):
        raise ValueError("thiếu số liệu năm 2022")

    monkeypatch.setitem(MEMBERS_SECTION, "members", broken)
    bo = User.objects.get(username="bo")
    job, _ = services.request_report(bo, Target(ReportKind.CLUSTER_YEAR, 2022, north.pk))
    wait_until(lambda: settled(job), timeout=60)
    assert job.state == ReportJob.State.FAILED
    assert "thiếu số liệu năm 2022" in job.error
    monkeypatch.setitem(MEMBERS_SECTION, "members", real)
    services.retry_job(job, bo)
    wait_until(lambda: settled(job), timeout=90)
    assert job.state == ReportJob.State.DONE, job.error
    assert "Sở Tư pháp tỉnh Sơn La" in pdf_text(job.pdf.read())
