"""Celery tasks that build report jobs. Thin: load the job, call the builder, store
the result (reports.services does every state change).

Safe to run twice: a done job is not rebuilt; a job found running (its worker died
and the broker redelivered the message, since tasks acknowledge late) resumes from
the sections already stored. Transient errors (database busy, disk) are retried
with backoff; after the last retry, or on any other error, the job is marked failed
with the error and the user may retry it.

A worker killed outright (SIGKILL, out of memory, a host restart) cannot hand its
message back: Redis returns it only after the visibility timeout and the embedded
filesystem broker loses it. So when a worker starts it looks for jobs left
``running`` that no live worker is building and queues them again
(``resume_interrupted_jobs``).
"""

import logging
import os
import time
from datetime import datetime

from celery import Task, shared_task
from celery.signals import worker_ready
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from . import builders, sections, services
from .models import ReportJob

logger = logging.getLogger(__name__)

# InterfaceError: Django's connection that an outage closed mid-query ("connection already closed")
DATABASE_AWAY = (OperationalError, InterfaceError)
TRANSIENT = (*DATABASE_AWAY, OSError)
REPORT_TASKS = {"reports.tasks.build_report", "reports.tasks.build_section", "reports.tasks.assemble_report"}
# Tests only: seconds to wait after each section, so that a test can kill a worker
# in the middle of a build. Unset (0) everywhere else.
SECTION_DELAY_VARIABLE = "REPORTS_TEST_SECTION_DELAY"


class ReportTask(Task):
    # 3, 6, 12, 24 and 48 seconds: a database restart or a short outage (security review B10:
    # jittered retries of 2 s ran out within about a second) is waited out, not turned into a failure
    autoretry_for = TRANSIENT
    retry_backoff = 3
    retry_backoff_max = 60
    retry_jitter = False
    max_retries = 5
    acks_late = True

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        # The message is a courtesy: with the database away it cannot be written, and a handler
        # that raises makes Celery call on_failure for a retry that is still to come (the attack
        # rerun saw a rebuilt job failed by such a stale failure).
        try:
            services.set_message(
                args[0],
                _("Temporary error, trying again (%(count)s): %(error)s")
                % {"count": self.request.retries + 1, "error": exc},
            )
        except DATABASE_AWAY:
            logger.warning("report job %s: retrying; the database is unavailable for its message", args[0])

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        error = f"{exc.__class__.__name__}: {exc}"
        failed_at = timezone.now()
        try:
            services.fail_job(args[0], error)
        except DATABASE_AWAY:  # the database is still away: mark it failed once it is back
            logger.warning("report job %s: the database is unavailable, its failure is recorded later", args[0])
            try:
                mark_failed.apply_async((args[0], error, failed_at.isoformat()), countdown=MARK_FAILED_AFTER)
            except Exception:  # the broker is away too: the stalled-job rule is the last resort
                logger.exception("report job %s: could not queue its failure", args[0])


MARK_FAILED_AFTER = 30  # seconds before the first try to record a failure the database refused


@shared_task(
    autoretry_for=TRANSIENT, retry_backoff=MARK_FAILED_AFTER, retry_backoff_max=300, retry_jitter=False, max_retries=20
)
def mark_failed(job_id, error, failed_at=None):
    """Record a job's failure that could not be written when it happened, so that the user
    sees it failed and may try again (without this the job stayed "building" until the
    stalled-job rule, security review B10) — unless the job has moved on since (a build or
    a retry wrote to it after ``failed_at``): then the failure is stale and left alone."""
    since = datetime.fromisoformat(failed_at) if failed_at else None
    job = services.fail_job(job_id, error, unless_updated_after=since)
    return "failed" if job is not None and job.state == ReportJob.State.FAILED else "stale"


def _load(job_id):
    return ReportJob.objects.select_related("cluster", "unit").filter(pk=job_id, state=ReportJob.State.RUNNING).first()


def _section_done(job_id, done, total):
    services.set_progress(
        job_id,
        5 + int(75 * done / max(total, 1)),
        _("%(done)s of %(total)s sections done") % {"done": done, "total": total},
    )


@shared_task(base=ReportTask, bind=True)
def build_report(self, job_id):
    job = services.start_job(job_id)
    if job is None:
        return "skipped"
    report = builders.report_for(builders.Params.of_job(job))
    keys = report.section_keys()
    pending = services.prepare_sections(job, keys)
    if report.parallel and len(keys) > 1:
        services.set_progress(job_id, 5, _("Building %(total)s sections…") % {"total": len(keys)})
        if not pending:
            assemble_report.delay(job_id)
        for key in pending:
            build_section.delay(job_id, key)
        return "dispatched"
    delay = float(os.environ.get(SECTION_DELAY_VARIABLE) or 0)
    for key in pending:
        done, total, _last = services.save_section(job_id, key, report.section_html(key))
        _section_done(job_id, done, total)
        if delay:
            time.sleep(delay)
    return _assemble(job_id, report)


@shared_task(base=ReportTask, bind=True)
def build_section(self, job_id, key):
    """One section of a parallel report; the one that completes the set queues the
    assembly."""
    job = _load(job_id)
    if job is None:
        return "skipped"
    report = builders.report_for(builders.Params.of_job(job))
    done, total, last = services.save_section(job_id, key, report.section_html(key))
    _section_done(job_id, done, total)
    if last:
        assemble_report.delay(job_id)
    return key


@shared_task(base=ReportTask, bind=True)
def assemble_report(self, job_id):
    job = _load(job_id)
    if job is None:
        return "skipped"
    return _assemble(job_id, builders.report_for(builders.Params.of_job(job)))


def _assemble(job_id, report):
    services.set_progress(job_id, 85, _("Typesetting the PDF…"))
    results = [
        sections.SectionResult(section.html, section.sheets)
        for section in ReportJob.objects.get(pk=job_id).sections.filter(done=True).order_by("order")
    ]
    built = report.assemble(results)
    services.finish_job(job_id, built)
    return "done"


@worker_ready.connect
def resume_interrupted_jobs(sender=None, **kwargs):
    """At worker start: queue again the jobs a dead worker left running."""
    try:
        if not ReportJob.objects.filter(state=ReportJob.State.RUNNING).exists():
            return
        alive = _jobs_in_live_workers(sender.app if sender is not None else build_report.app)
        services.resume_interrupted_jobs(alive)
    except Exception:  # never keep a worker from starting
        logger.exception("could not look for interrupted report jobs")
    finally:
        connection.close()  # the main process keeps no connection open


def _jobs_in_live_workers(app, timeout=1.0):
    """Ids of the jobs that running workers are building or hold reserved (asked
    over the broker's control channel; a dead worker does not answer)."""
    inspector = app.control.inspect(timeout=timeout)
    alive = set()
    for replies in (inspector.active(), inspector.reserved()):
        for tasks in (replies or {}).values():
            for task in tasks:
                if task.get("name") in REPORT_TASKS and task.get("args"):
                    alive.add(_first_arg(task["args"]))
    alive.discard(None)
    return alive


def _first_arg(args):
    if isinstance(args, str):  # older workers answer with the repr of the arguments
        args = args.strip("()[] ").split(",")
    try:
        return int(args[0])
    except (IndexError, TypeError, ValueError):
        return None
