"""Every change of a report job's state is one function here.

queued → running (progress) → done | failed → (retry) queued …

The tasks call ``start_job``, ``save_section``, ``finish_job`` and ``fail_job``; the
pages call ``request_report``, ``retry_job`` and ``sign_report``. Each runs in one transaction and
locks the job row before looking at its state, so two workers, or a worker and a
user, never both move it.
"""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.services import save_with_history

from . import data, signing
from .models import SIGNED_KINDS, ReportJob, ReportKind, ReportSection
from .transitions import JOB

logger = logging.getLogger(__name__)

# A job that has not moved for this long lost its worker: a new request replaces it.
STALLED_MINUTES = 30
STALLED_AFTER = timedelta(minutes=STALLED_MINUTES)


# Publishing to a broker that is down must not hold the user's request: one quick
# retry, then the job is marked failed with a message, and the user retries later.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
# A job whose worker died more often than this is failed rather than resumed again
# (a report that kills its worker, e.g. out of memory, must not loop for ever).
MAX_ATTEMPTS = 3


def _enqueue_build(job_id):
    transaction.on_commit(lambda: send_build(job_id))


def send_build(job_id):
    """Hand the job to the broker. When the broker cannot be reached the job is
    failed with a plain message (the user may retry), never left queued with no
    message behind it and never a server error. Returns whether it was sent."""
    from . import tasks

    try:
        tasks.build_report.apply_async((job_id,), retry_policy=PUBLISH_RETRY_POLICY)
    except Exception as error:  # kombu's OperationalError, socket errors, timeouts …
        logger.error("report job %s could not be queued: %s: %s", job_id, error.__class__.__name__, error)
        fail_job(job_id, broker_unavailable_message())
        return False
    return True


def broker_unavailable_message():
    return _(
        "The report service is temporarily unavailable: your request was saved but could not be queued. "
        "Please try again in a few minutes."
    )


def _target_permission(by, target):
    if not by.has_perm("reports.request_report", target):
        raise PermissionDenied(_("You are not allowed to see the data of this report."))


def _check_phase(target):
    """A cluster's phase review is of a phase of a campaign the cluster launched, ending in
    the year; the sector's review of phase N has no phase of its own."""
    if target.phase_id and (
        target.kind != ReportKind.CLUSTER_MID_YEAR
        or data.cluster_review_phase(target.cluster_id, target.year, target.phase_id) is None
    ):
        raise ValidationError(
            _("This phase is not one of the cluster's campaigns ending in %(year)s.") % {"year": target.year},
            code="phase",
        )


@transaction.atomic
def request_report(by, target, number="", when=None):
    """Queue a report, or join the one for the same document that is queued or
    running: the same kind, year, subject (cluster, vote, unit, form, the phase itself or the
    sector's phase number) and document number and date. Returns (job, created)."""
    _target_permission(by, target)
    _check_phase(target)
    key = ReportJob.make_key(
        target.kind,
        target.year,
        target.cluster_id,
        target.vote_id,
        number,
        when,
        target.unit_id,
        target.form,
        target.phase_number,
        target.phase_id,
    )
    active = ReportJob.objects.select_for_update().filter(key=key, state__in=ReportJob.ACTIVE_STATES).first()
    if active is not None and active.updated_at >= timezone.now() - STALLED_AFTER:
        return active, False
    if active is not None:
        # Nothing moved for a long time: its worker died and the broker lost the
        # message. Fail it (a late worker will skip it) and start afresh.
        _fail_locked(active, _("Stalled: no progress for %(minutes)s minutes.") % {"minutes": STALLED_MINUTES})
    job = ReportJob(
        kind=target.kind,
        year=target.year,
        cluster_id=target.cluster_id,
        vote_id=target.vote_id,
        unit_id=target.unit_id,
        form_code=target.form,
        phase_id=target.phase_id,
        phase_number=target.phase_number,
        document_number=number,
        document_date=when,
        key=key,
        requested_by=by,
        message=_("Waiting for a worker…"),
    )
    try:
        # A savepoint: when another request inserted the same active key first, the
        # partial unique index refuses this row and we join theirs.
        with transaction.atomic():
            save_with_history(job, by)
    except IntegrityError:
        return ReportJob.objects.get(key=key, state__in=ReportJob.ACTIVE_STATES), False
    _enqueue_build(job.pk)
    return job, True


@transaction.atomic
def retry_job(job, by):
    """A failed job goes back to the queue, its partial sections cleared."""
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    JOB.check(job, "retry", by)
    if ReportJob.objects.filter(key=job.key, state__in=ReportJob.ACTIVE_STATES).exists():
        raise ValidationError(_("This report is already being built again."))
    job.sections.all().delete()
    JOB.move(job, "retry")
    job.progress = 0
    job.error = ""
    job.message = _("Waiting for a worker…")
    job.started_at = job.finished_at = None
    save_with_history(job, by)
    _enqueue_build(job.pk)
    return job


@transaction.atomic
def sign_report(job, by):
    """Sign a finished report's PDF electronically (PAdES, reports/signing.py) with the
    server's key and keep the signed file beside the unsigned one. Once only."""
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    JOB.check(job, "sign", by)
    if job.kind not in SIGNED_KINDS:
        raise ValidationError(_("This kind of document is not signed electronically."), code="kind")
    if job.is_signed:
        raise ValidationError(_("This report is signed already."), code="state")
    try:
        signer = signing.load_signer()
    except signing.SigningNotConfigured as error:
        raise ValidationError(str(error), code="configuration") from None
    with job.pdf.open("rb") as unsigned:
        signed = signing.sign(unsigned.read(), signer, reason=_("Issued document"))
    name = job.pdf.name.rsplit("/", 1)[-1].removesuffix(".pdf")
    job.signed_pdf.save(f"{name}-signed.pdf", ContentFile(signed), save=False)
    job.signed_at = timezone.now()
    job.signed_by = by
    save_with_history(job, by)
    logger.info("report job %s signed by %s", job.pk, by.pk)
    return job


@transaction.atomic
def start_job(job_id):
    """The worker takes the job: queued → running. Returns the job, or None when
    there is nothing to do (done or failed already, or gone). A job found running
    was left by a worker that died: it is taken again and resumes."""
    job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or not JOB.allows(job, "start"):
        return None
    resumed = job.state == ReportJob.State.RUNNING
    JOB.move(job, "start")
    job.attempts += 1
    job.started_at = job.started_at or timezone.now()
    job.message = _("Resuming…") if resumed else _("Gathering the data…")
    save_with_history(job, None)
    return job


def set_progress(job_id, progress, message):
    """Progress is not history: a plain UPDATE, committed at once, that only moves
    forward and only while the job runs."""
    ReportJob.objects.filter(pk=job_id, state=ReportJob.State.RUNNING, progress__lte=progress).update(
        progress=min(100, max(0, int(progress))), message=str(message)[:255], updated_at=timezone.now()
    )


def set_message(job_id, message):
    """Say what is happening (a retry after a transient error) without moving progress."""
    ReportJob.objects.filter(pk=job_id, state__in=ReportJob.ACTIVE_STATES).update(
        message=str(message)[:255], updated_at=timezone.now()
    )


def prepare_sections(job, keys):
    """Rows for the job's sections (kept when resuming). Returns the keys not done."""
    existing = dict(job.sections.values_list("key", "done"))
    ReportSection.objects.bulk_create(
        [ReportSection(job=job, key=key, order=order) for order, key in enumerate(keys) if key not in existing],
        ignore_conflicts=True,
    )
    ReportSection.objects.filter(job=job).exclude(key__in=keys).delete()
    return [key for key in keys if not existing.get(key)]


@transaction.atomic
def save_section(job_id, key, result):
    """Store a built section; returns (done count, total, all_done_now). The job row
    is locked so that exactly one of the sections finishing last sees all done."""
    job = ReportJob.objects.select_for_update().filter(pk=job_id, state=ReportJob.State.RUNNING).first()
    if job is None:
        return 0, 0, False
    section = ReportSection.objects.select_for_update().get(job=job, key=key)
    was_done = section.done
    section.html = result.html
    section.sheets = result.sheets
    section.done = True
    section.save()
    counts = job.sections.aggregate(done=Count("pk", filter=Q(done=True)), total=Count("pk"))
    done, total = counts["done"], counts["total"]
    return done, total, (not was_done and done == total)


@transaction.atomic
def finish_job(job_id, built):
    """running → done with the files stored privately."""
    job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or not JOB.allows(job, "finish"):
        return job
    job.pdf.save(built.filename, ContentFile(built.pdf), save=False)
    if built.xlsx:
        job.spreadsheet.save(built.filename.removesuffix(".pdf") + ".xlsx", ContentFile(built.xlsx), save=False)
    if built.docx:
        job.docx.save(built.filename.removesuffix(".pdf") + ".docx", ContentFile(built.docx), save=False)
    job.page_count = built.pages
    JOB.move(job, "finish")
    job.progress = 100
    job.message = _("Done.")
    job.error = ""
    job.finished_at = timezone.now()
    save_with_history(job, None)
    job.sections.all().delete()
    return job


@transaction.atomic
def fail_job(job_id, error, unless_updated_after=None):
    """running | queued → failed, with the error to show; retryable by the user. A failure
    recorded late (``unless_updated_after``: when it happened) is dropped if the job was
    written to since: a retry is building it."""
    job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or not JOB.allows(job, "fail"):
        return job
    if unless_updated_after is not None and job.updated_at > unless_updated_after:
        logger.info("report job %s: a failure of %s is stale, the job moved on", job.pk, unless_updated_after)
        return job
    return _fail_locked(job, error)


def _fail_locked(job, error):
    JOB.move(job, "fail")
    job.error = str(error)[:2000] or error.__class__.__name__
    job.message = _("Failed.")
    job.finished_at = timezone.now()
    save_with_history(job, None)
    logger.warning("report job %s failed: %s", job.pk, job.error)
    return job


def resume_interrupted_jobs(alive=()):
    """Jobs left running by a worker that died (killed, out of memory, host restart):
    each is queued again and resumes from its stored sections, or, after
    MAX_ATTEMPTS, is failed so that the user may retry. ``alive`` holds the ids of
    jobs that a live worker is still building. Returns (resumed ids, failed ids)."""
    resumed, failed = [], []
    candidates = ReportJob.objects.filter(state=ReportJob.State.RUNNING).exclude(pk__in=list(alive))
    for job_id in candidates.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            job = ReportJob.objects.select_for_update().filter(pk=job_id, state=ReportJob.State.RUNNING).first()
            if job is None:
                continue
            if job.attempts >= MAX_ATTEMPTS:
                _fail_locked(
                    job,
                    _("The worker stopped %(count)s times while building this report.") % {"count": job.attempts},
                )
                failed.append(job.pk)
                continue
            job.message = _("Interrupted; waiting for a worker to resume…")
            job.save(update_fields=["message", "updated_at"])
            _enqueue_build(job.pk)
            resumed.append(job.pk)
    if resumed or failed:
        logger.warning("interrupted report jobs: resumed %s, failed %s", resumed, failed)
    return resumed, failed
