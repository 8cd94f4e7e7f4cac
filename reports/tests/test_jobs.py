"""The job state machine: queued → running → done | failed → (retry) queued; joining
an active request; safe re-runs."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from reports import builders, sections, services, tasks
from reports.builders import Built
from reports.models import ReportJob, ReportKind
from reports.permissions import Target

from .factories import ReportJobFactory
from .pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def bo(core):
    from emulation.models import User

    return User.objects.get(username="bo")


def request(by, cluster, kind=ReportKind.CLUSTER_YEAR, year=2022, **kwargs):
    return services.request_report(by, Target(kind, year, cluster.pk if cluster else None), **kwargs)


def test_a_request_queues_a_job_and_hands_it_to_celery_after_commit(bo, north, no_enqueue):
    job, created = request(bo, north)
    assert created and job.state == ReportJob.State.QUEUED and job.progress == 0
    assert no_enqueue == [job.pk]
    assert job.history.count() == 1 and job.history.first().history_user == bo


def test_the_same_request_while_one_is_active_joins_it(bo, north, no_enqueue):
    first, _ = request(bo, north)
    again, created = request(bo, north)
    assert again.pk == first.pk and not created
    other, created = request(bo, north, number="12")  # another document number: another document
    assert created and other.pk != first.pk
    sector, created = request(bo, None, kind=ReportKind.SECTOR_YEAR)
    assert created
    assert no_enqueue == [first.pk, other.pk, sector.pk]


def test_the_database_refuses_two_active_jobs_for_one_document(bo, north):
    ReportJobFactory(cluster=north, requested_by=bo)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportJobFactory(cluster=north, requested_by=bo, state=ReportJob.State.RUNNING)
    ReportJobFactory(cluster=north, requested_by=bo, state=ReportJob.State.DONE)  # finished ones may pile up


def test_a_request_that_loses_the_race_joins_the_winner(bo, north, no_enqueue, monkeypatch):
    """The row another request inserted between our check and our insert: the unique
    index refuses ours and we return theirs."""
    winner = ReportJobFactory(cluster=north, requested_by=bo)
    real_filter = ReportJob.objects.select_for_update

    class Blind:
        def filter(self, **kwargs):
            return ReportJob.objects.none()

    monkeypatch.setattr(ReportJob.objects, "select_for_update", lambda: Blind())
    job, created = request(bo, north)
    monkeypatch.setattr(ReportJob.objects, "select_for_update", real_filter)
    assert job.pk == winner.pk and not created and no_enqueue == []


def test_only_those_who_may_see_the_data_may_ask(north, no_enqueue):
    from emulation.models import User

    with pytest.raises(PermissionDenied):
        request(User.objects.get(username="canbo"), north)
    with pytest.raises(PermissionDenied):
        request(User.objects.get(username="truongcum"), north, year=2022)  # Sơn La headed 2022
    job, _ = request(User.objects.get(username="truongcum"), north, year=2023)
    assert job.year == 2023


def fake_built():
    return Built(b"%PDF-1.7 fake", b"PK\x03\x04 fake workbook", 2, "bao-cao.pdf", [])


def test_the_states_from_queued_to_done(bo, north, no_enqueue):
    job, _ = request(bo, north)
    started = services.start_job(job.pk)
    assert started.state == ReportJob.State.RUNNING and started.attempts == 1 and started.started_at
    services.set_progress(job.pk, 40, "half")
    services.set_progress(job.pk, 20, "never backwards")
    job.refresh_from_db()
    assert (job.progress, job.message) == (40, "half")
    services.finish_job(job.pk, fake_built())
    job.refresh_from_db()
    assert job.state == ReportJob.State.DONE and job.progress == 100 and job.page_count == 2
    assert job.pdf.name.startswith("reports/") and job.pdf.read() == b"%PDF-1.7 fake"
    assert job.spreadsheet.name.endswith(".xlsx")
    assert services.start_job(job.pk) is None  # a done job is not rebuilt
    assert [h.state for h in job.history.order_by("history_date")] == ["queued", "running", "done"]


def test_a_job_left_running_by_a_dead_worker_is_taken_again(bo, north, no_enqueue):
    job, _ = request(bo, north)
    services.start_job(job.pk)
    again = services.start_job(job.pk)
    assert again.state == ReportJob.State.RUNNING and again.attempts == 2


def test_failure_then_retry(bo, north, no_enqueue):
    job, _ = request(bo, north)
    services.start_job(job.pk)
    services.fail_job(job.pk, "OSError: disk full")
    job.refresh_from_db()
    assert job.state == ReportJob.State.FAILED and job.error == "OSError: disk full"
    assert services.start_job(job.pk) is None  # a failed job waits for a person
    services.retry_job(job, bo)
    job.refresh_from_db()
    assert job.state == ReportJob.State.QUEUED and job.error == "" and job.progress == 0
    assert no_enqueue == [job.pk, job.pk]
    with pytest.raises(ValidationError):
        services.retry_job(job, bo)  # only failed jobs


def test_a_task_run_twice_builds_once(bo, north, monkeypatch):
    monkeypatch.setattr(tasks.build_report, "delay", lambda job_id: None)
    job, _ = request(bo, north, when=date(2022, 11, 28))
    assert tasks.build_report(job.pk) == "done"
    job.refresh_from_db()
    first_file = job.pdf.name
    assert job.state == ReportJob.State.DONE and job.sections.count() == 0
    assert tasks.build_report(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.pdf.name == first_file and job.attempts == 1


def test_an_error_in_the_builder_marks_the_job_failed(bo, north, monkeypatch):
    monkeypatch.setattr(tasks.build_report, "delay", lambda job_id: None)
    job, _ = request(bo, north)

    def broken(report):
        raise ValueError("no data for this year")

    monkeypatch.setitem(builders.ClusterYearReport.SECTIONS, "members", broken)
    result = tasks.build_report.apply(args=[job.pk])  # runs the task with its failure handling
    assert result.failed()
    job.refresh_from_db()
    assert job.state == ReportJob.State.FAILED and "no data for this year" in job.error


def test_a_stalled_job_is_replaced_by_a_new_request(bo, north, no_enqueue):
    from datetime import timedelta

    from django.utils import timezone

    job, _ = request(bo, north)
    services.start_job(job.pk)
    ReportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=31))
    fresh, created = request(bo, north)
    job.refresh_from_db()
    assert created and fresh.pk != job.pk
    assert job.state == ReportJob.State.FAILED and "30" in job.error
    assert tasks.build_report.run(job.pk) == "skipped"  # the lost worker's message, if it ever comes


def test_a_job_redelivered_after_a_worker_died_resumes_from_its_stored_sections(bo, north, monkeypatch):
    """The worker died after building the first section: the broker redelivers the
    message (acks late) and the task builds only what is missing."""

    monkeypatch.setattr(tasks.build_report, "delay", lambda job_id: None)
    job, _ = request(bo, north, when=date(2022, 11, 28))
    job = services.start_job(job.pk)  # the first worker took it…
    report = builders.report_for(builders.Params.of_job(job))
    services.prepare_sections(job, report.section_keys())
    services.save_section(job.pk, "members", sections.SectionResult("<p>Phần đã lập trước khi worker dừng</p>"))
    calls = []
    real = sections.cluster_members
    monkeypatch.setitem(builders.ClusterYearReport.SECTIONS, "members", lambda r: calls.append(1) or real(r))

    assert tasks.build_report(job.pk) == "done"  # …and the redelivered message finishes it
    job.refresh_from_db()
    assert job.state == ReportJob.State.DONE and job.attempts == 2
    assert calls == []  # the stored section was not built again
    assert "Phần đã lập trước khi worker dừng" in pdf_text(job.pdf.read())
