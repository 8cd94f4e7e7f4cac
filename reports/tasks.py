"""Celery tasks that build report jobs. Thin: load the job, call the builder, store
the result (reports.services does every state change).

Safe to run twice: a done job is not rebuilt; a job found running (its worker died
and the broker redelivered the message, since tasks acknowledge late) resumes from
the sections already stored. Transient errors (database busy, disk) are retried
with backoff; after the last retry, or on any other error, the job is marked failed
with the error and the user may retry it.
"""

from celery import Task, shared_task
from django.db import OperationalError
from django.utils.translation import gettext as _

from . import builders, services
from .models import ReportJob

TRANSIENT = (OperationalError, OSError)


class ReportTask(Task):
    autoretry_for = TRANSIENT
    retry_backoff = 2
    retry_backoff_max = 60
    retry_jitter = True
    max_retries = 3
    acks_late = True

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        services.set_message(
            args[0],
            _("Temporary error, trying again (%(count)s): %(error)s")
            % {"count": self.request.retries + 1, "error": exc},
        )

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        services.fail_job(args[0], f"{exc.__class__.__name__}: {exc}")


def _load(job_id):
    return ReportJob.objects.select_related("cluster").filter(pk=job_id, state=ReportJob.State.RUNNING).first()


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
    for key in pending:
        done, total, _last = services.save_section(job_id, key, report.section_html(key))
        _section_done(job_id, done, total)
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
        builders.SectionResult(section.html, section.sheets)
        for section in ReportJob.objects.get(pk=job_id).sections.filter(done=True).order_by("order")
    ]
    built = report.assemble(results)
    services.finish_job(job_id, built)
    return "done"
