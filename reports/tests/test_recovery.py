"""Recovery: a worker killed in the middle of a report, and a broker that is down
when a user asks for one."""

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from emulation.models import Cluster, User
from emulation.testing import wait_until
from reports.models import ReportJob, ReportKind
from reports.permissions import Target

from .conftest import NORTH

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).parent / "celery"
NORTH_2022 = f"/reports/cluster/{NORTH}/2022/"


# --- a worker in another process ---------------------------------------------------


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """DATABASE_URL of this test's database for another process. PostgreSQL's test
    database is shared as it is; SQLite's is in memory, so it is copied to a file
    that this test then uses too (the in-memory one is put back at the end)."""
    wrapper = connection
    wrapper.ensure_connection()
    if wrapper.vendor != "sqlite":
        conf = wrapper.settings_dict
        auth = quote(conf["USER"] or "") + (f":{quote(conf['PASSWORD'])}" if conf["PASSWORD"] else "")
        yield f"postgres://{auth}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{conf['NAME']}"
        return
    path = tmp_path / "shared.sqlite3"
    target = sqlite3.connect(path)
    wrapper.connection.backup(target)
    target.close()
    in_memory, name = wrapper.connection, wrapper.settings_dict["NAME"]
    wrapper.connection = None
    wrapper.settings_dict["NAME"] = str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        wrapper.close()
        wrapper.settings_dict["NAME"] = name
        wrapper.connection = in_memory


@pytest.fixture
def worker_environment(celery_test_app, shared_database, settings, tmp_path):
    """Environment for `celery -A emulation worker` on this test's broker, queue,
    database and media folder."""
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    var = tmp_path / "var"
    if celery_test_app.conf.broker_url.startswith("filesystem://"):
        # settings.py puts the embedded broker under $VAR_DIR/broker: point it at the
        # folders this test session publishes to.
        folders = celery_test_app.conf.broker_transport_options
        broker = var / "broker"
        broker.mkdir(parents=True)
        (broker / "queue").symlink_to(folders["data_folder_in"])
        (broker / "control").symlink_to(folders["control_folder"])
        (broker / "processed").mkdir()
    environment.update(
        VAR_DIR=str(var),
        DATABASE_URL=shared_database,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        CELERY_QUEUE=celery_test_app.conf.task_default_queue,
        DEBUG="1",  # plain static files storage: no collectstatic manifest needed
    )
    yield environment
    _purge(celery_test_app)


def _purge(app):
    """Empty this test's queue; on Redis also drop the killed worker's unacknowledged
    message, which Redis would otherwise hand back to the queue hours later."""
    queue = app.conf.task_default_queue
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        channel.queue_purge(queue)
        if conn.transport.driver_type != "redis":
            return
        for tag, raw in channel.client.hgetall(channel.unacked_key).items():
            if json.loads(raw)[-1] == queue:
                channel.client.hdel(channel.unacked_key, tag)
                channel.client.zrem(channel.unacked_index_key, tag)


class Workers:
    """Worker processes started by a test, each in its own process group, all
    killed at the end whatever happens."""

    def __init__(self, environment, folder):
        self.environment = environment
        self.folder = folder
        self.processes = []

    def start(self, **extra):
        with open(self.folder / f"worker-{len(self.processes)}.log", "wb") as log:
            process = subprocess.Popen(
                [str(CELERY), "-A", "emulation", "worker", "--loglevel=INFO", "--concurrency=1"]
                + ["--without-gossip", "--without-mingle", "-n", f"recovery-{uuid.uuid4().hex[:8]}@%h"],
                cwd=ROOT,
                env={**self.environment, **extra},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(process)
        return process

    def kill(self, process):
        """SIGKILL to the worker and its pool processes: nothing is handed back."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)

    def logs(self):
        return "\n".join(path.read_text(errors="replace")[-3000:] for path in sorted(self.folder.glob("worker-*.log")))

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                self.kill(process)


@pytest.fixture
def workers(worker_environment, tmp_path):
    started = Workers(worker_environment, tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


def state_of(job):
    job.refresh_from_db()
    return job.state


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_a_report_is_replaced_and_the_report_completes(workers):
    from emulation.demo import load
    from reports import services

    load()
    north = Cluster.objects.get(slug=NORTH)
    bo = User.objects.get(username="bo")
    first = workers.start(REPORTS_TEST_SECTION_DELAY="1.5")
    job, _ = services.request_report(bo, Target(ReportKind.CLUSTER_YEAR, 2022, north.pk))

    def two_sections_stored():
        assert first.poll() is None, workers.logs()
        return job.sections.filter(done=True).count() >= 2

    wait_until(two_sections_stored, timeout=90, interval=0.2)
    workers.kill(first)
    assert state_of(job) == ReportJob.State.RUNNING  # killed mid-build: left running
    stored = job.sections.filter(done=True).count()
    assert 2 <= stored < len(job.sections.all())

    workers.start()
    try:
        wait_until(lambda: state_of(job) in (ReportJob.State.DONE, ReportJob.State.FAILED), timeout=120)
    except AssertionError:
        pytest.fail(f"the job stayed {job.state} ({job.message}); workers' logs:\n{workers.logs()}")
    assert job.state == ReportJob.State.DONE, job.error
    assert job.attempts >= 2 and job.progress == 100
    assert job.pdf.read().startswith(b"%PDF-")
    assert job.sections.count() == 0


@pytest.mark.django_db
def test_a_job_left_running_is_resumed_and_after_too_many_attempts_failed(core, no_enqueue):
    from reports import services

    north = Cluster.objects.get(slug=NORTH)
    bo = User.objects.get(username="bo")
    job, _ = services.request_report(bo, Target(ReportKind.CLUSTER_YEAR, 2022, north.pk))
    busy, _ = services.request_report(bo, Target(ReportKind.PLEDGE_AGREEMENT, 2022, north.pk))
    for each in (job, busy):
        services.start_job(each.pk)
    no_enqueue.clear()

    assert services.resume_interrupted_jobs(alive={busy.pk}) == ([job.pk], [])
    assert no_enqueue == [job.pk]  # queued again; `busy` is being built by a live worker
    job.refresh_from_db()
    assert job.state == ReportJob.State.RUNNING

    ReportJob.objects.filter(pk=job.pk).update(attempts=services.MAX_ATTEMPTS)
    assert services.resume_interrupted_jobs(alive={busy.pk}) == ([], [job.pk])
    job.refresh_from_db()
    assert job.state == ReportJob.State.FAILED and job.error
    services.retry_job(job, bo)
    assert ReportJob.objects.get(pk=job.pk).state == ReportJob.State.QUEUED


def test_a_failure_the_database_refused_is_recorded_once_it_is_back(core, no_enqueue, monkeypatch):
    """Security review B10: a report's last retry ran out while the database was away, and
    recording the failure needed the database too, so the job stayed "building" with no Try
    again. Now the failure is queued to be recorded when the database answers again."""
    from django.db import OperationalError

    from reports import services, tasks

    north = Cluster.objects.get(slug=NORTH)
    bo = User.objects.get(username="bo")
    job, _ = services.request_report(bo, Target(ReportKind.CLUSTER_YEAR, 2022, north.pk))
    services.start_job(job.pk)
    queued = []
    monkeypatch.setattr(tasks.mark_failed, "apply_async", lambda args, countdown: queued.append((args, countdown)))
    real = services.fail_job

    def database_away(job_id, error):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "fail_job", database_away)
    tasks.build_report.on_failure(OperationalError("could not connect"), "task-id", (job.pk,), {}, None)
    [((job_id, error, _failed_at), countdown)] = queued
    assert (job_id, error, countdown) == (job.pk, "OperationalError: could not connect", tasks.MARK_FAILED_AFTER)
    assert ReportJob.objects.get(pk=job.pk).state == ReportJob.State.RUNNING
    monkeypatch.setattr(services, "fail_job", real)
    assert tasks.mark_failed(*queued[0][0]) == "failed"  # the database is back
    job.refresh_from_db()
    assert job.state == ReportJob.State.FAILED and "could not connect" in job.error
    services.retry_job(job, bo)
    assert ReportJob.objects.get(pk=job.pk).state == ReportJob.State.QUEUED


@pytest.mark.parametrize("away", ["OperationalError", "InterfaceError"])
def test_a_retry_and_a_rebuild_are_not_failed_by_a_stale_failure(core, no_enqueue, monkeypatch, away):
    """The attack rerun (B10, 15 s outage): every retry's message needed the database, the
    handler raised, Celery then called on_failure for a retry still to come and queued a
    late failure, which failed the job while the retry was rebuilding it. Now a retry's
    message is skipped while the database is away, and a late failure is dropped when the
    job was written to after it."""
    from datetime import timedelta

    from django import db
    from django.db import OperationalError
    from django.utils import timezone

    from reports import services, tasks

    north = Cluster.objects.get(slug=NORTH)
    job, _ = services.request_report(User.objects.get(username="bo"), Target(ReportKind.CLUSTER_YEAR, 2022, north.pk))
    services.start_job(job.pk)

    def database_away(*args, **kwargs):  # a 25 s cut left Django's connection closed: InterfaceError
        raise getattr(db, away)("server closed the connection unexpectedly")

    assert getattr(db, away) in tasks.TRANSIENT  # and the task is retried for it
    with monkeypatch.context() as patched:
        patched.setattr(services, "set_message", database_away)
        tasks.build_report.on_retry(OperationalError("could not connect"), "task-id", (job.pk,), {}, None)
    before_the_rebuild = (timezone.now() - timedelta(seconds=5)).isoformat()
    services.set_progress(job.pk, 40, "4/8")  # the retry is rebuilding it
    assert tasks.mark_failed(job.pk, "OperationalError: could not connect", before_the_rebuild) == "stale"
    assert ReportJob.objects.get(pk=job.pk).state == ReportJob.State.RUNNING
    after = (timezone.now() + timedelta(seconds=5)).isoformat()
    assert tasks.mark_failed(job.pk, "OperationalError: could not connect", after) == "failed"
    assert ReportJob.objects.get(pk=job.pk).state == ReportJob.State.FAILED


def test_the_retries_outlast_a_short_database_outage():
    from reports import tasks

    task = tasks.build_report
    waits = [min(task.retry_backoff * 2**n, task.retry_backoff_max) for n in range(task.max_retries)]
    assert not task.retry_jitter and sum(waits) >= 60  # a restart of PostgreSQL takes seconds


# --- the broker is down -------------------------------------------------------------


@pytest.fixture
def broker_down(celery_test_app, monkeypatch):
    """The project's Celery app pointed at a closed port, with fresh connection pools.
    Built on the session's test app, so that what the app caches on first use (its
    queues) is this session's test queue, as the real worker tests need it."""
    app = celery_test_app
    closed = "redis://127.0.0.1:1/0"
    monkeypatch.setenv("CELERY_BROKER_URL", closed)  # Celery reads it before its settings
    monkeypatch.delenv("CELERY_BROKER_WRITE_URL", raising=False)
    monkeypatch.setitem(app.conf, "broker_url", closed)
    monkeypatch.setitem(app.conf, "broker_transport_options", {"socket_connect_timeout": 1})
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    yield app
    if app._pool is not None:
        app._pool.force_close_all()


@pytest.mark.django_db
def test_a_report_asked_for_while_the_broker_is_down_is_kept_and_the_page_says_so(
    client, login, north, broker_down, django_capture_on_commit_callbacks
):
    login("bo")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NORTH_2022, {"kind": "cluster_year"})
    assert time.monotonic() - started < 8
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/jobs/{job.pk}/"
    assert job.state == ReportJob.State.FAILED
    html = client.get(response["Location"]).content.decode()
    assert "Dịch vụ lập báo cáo tạm thời không hoạt động" in html
    assert 'data-testid="retry"' in html

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/jobs/{job.pk}/retry/")
    assert time.monotonic() - started < 8
    assert response.status_code == 302
    assert ReportJob.objects.get(pk=job.pk).state == ReportJob.State.FAILED  # still down: failed again, no 500
