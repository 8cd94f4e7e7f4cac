"""Report jobs: a request for one year-end document, built by a Celery task.

A job is queued → running (progress 0–100, a message) → done (a PDF and its tables
as Excel) | failed (the error, retryable). Two requests for the same document while
one is being built share it: a partial unique index on the request's key over the
active states makes the database refuse a second active job, whatever the timing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.files import private_upload_to


class ReportKind(models.TextChoices):
    CLUSTER_YEAR = "cluster_year", _("Cluster year-end report")
    SECTOR_YEAR = "sector_year", _("Sector summary")
    VOTE_MINUTES = "vote_minutes", _("Vote-count minutes")
    PLEDGE_AGREEMENT = "pledge_agreement", _("Pledge agreement")
    CLUSTER_MID_YEAR = "cluster_mid_year", _("Cluster mid-year review report")
    SECTOR_MID_YEAR = "sector_mid_year", _("Sector mid-year review report")
    STATISTICS = "statistics", _("Statistics form")


# The reports a cluster issues (asked for on the cluster's report page).
CLUSTER_KINDS = (ReportKind.CLUSTER_YEAR, ReportKind.PLEDGE_AGREEMENT, ReportKind.CLUSTER_MID_YEAR)
# The documents sent to the Ministry (and the statistics forms, to the Ministry of Home
# Affairs), which may be signed electronically.
SIGNED_KINDS = (
    ReportKind.VOTE_MINUTES,
    ReportKind.CLUSTER_YEAR,
    ReportKind.SECTOR_YEAR,
    ReportKind.CLUSTER_MID_YEAR,
    ReportKind.SECTOR_MID_YEAR,
    ReportKind.STATISTICS,
)
# The Ministry's reports on the whole sector (ministry staff only).
SECTOR_KINDS = (ReportKind.SECTOR_YEAR, ReportKind.SECTOR_MID_YEAR)
# The reviews (sơ kết): at mid-year, or at the end of a phase (``ReportJob.phase`` for a
# cluster's, ``ReportJob.phase_number`` for the sector's).
REVIEW_KINDS = (ReportKind.CLUSTER_MID_YEAR, ReportKind.SECTOR_MID_YEAR)
# The statistics forms a job may build (reports/statistics.py, Thông tư 02/2023/TT-BNV).
STATISTICS_FORMS = ("0601", "0602", "0603")


def phase_key(phase_id):
    """A phase's part of a review's request key (also written by migration reports 0008)."""
    return f"phase:{phase_id}"


class ReportJob(models.Model):
    """Yêu cầu lập báo cáo: who asked for which document, and how far its building is."""

    Kind = ReportKind

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE_STATES = (State.QUEUED, State.RUNNING)
    # Bootstrap badge classes of each state (the templates do not compare states).
    BADGES = {
        State.QUEUED: "text-bg-secondary",
        State.RUNNING: "text-bg-primary",
        State.DONE: "text-bg-success",
        State.FAILED: "text-bg-danger",
    }

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    cluster = models.ForeignKey(
        "emulation.Cluster",
        verbose_name=_("cluster"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
    )
    # The vote (awards) whose minutes these are; a plain id so a vote deleted later
    # leaves the job's history readable.
    vote_id = models.PositiveBigIntegerField(_("vote"), null=True, blank=True)
    # A statistics form's number and reporting unit (None: the whole sector).
    form_code = models.CharField(_("statistics form"), max_length=4, blank=True)
    unit = models.ForeignKey(
        "emulation.Unit",
        verbose_name=_("reporting unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
    )
    # A cluster's review at the end of a phase (sơ kết đợt): the phase itself, of any campaign
    # the cluster launched (numbers repeat across campaigns). PROTECT: the issued document
    # names it, as the units' progress reports for it do. None for the mid-year review.
    phase = models.ForeignKey(
        "campaigns.Phase",
        verbose_name=_("phase"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The sector's review at the end of phase N (sơ kết đợt N): the number of the phase of each
    # cluster's regular campaign, as the Ministry's guidance numbers them. A cluster's review
    # kept from before ``phase`` was a key has its number here when it could not be told which
    # phase it meant (migration reports 0008).
    phase_number = models.PositiveSmallIntegerField(_("phase number"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=30, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    key = models.CharField(_("request key"), max_length=200, editable=False)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="report_jobs",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    pdf = models.FileField(_("PDF file"), upload_to=private_upload_to("reports"), blank=True)
    # The tables as a workbook; for a statistics form, the form itself in its own layout.
    spreadsheet = models.FileField(_("Excel file"), upload_to=private_upload_to("reports"), blank=True)
    # The same document as an editable Word draft (reports/word.py), from the same HTML.
    docx = models.FileField(_("Word file"), upload_to=private_upload_to("reports"), blank=True)
    page_count = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    # The same PDF signed electronically (PAdES, reports/signing.py), kept beside the unsigned one.
    signed_pdf = models.FileField(_("signed PDF file"), upload_to=private_upload_to("reports"), blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_reports",
    )

    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["progress", "message", "updated_at"])

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(state__in=["queued", "running"]),
                name="one_active_job_per_report",
                violation_error_message=_("This report is already being built."),
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(kind__in=["sector_year", "sector_mid_year", "statistics"]) | Q(cluster__isnull=False),
                name="report_cluster_unless_sector",
            ),
            models.CheckConstraint(
                condition=~Q(kind="statistics") | Q(form_code__in=STATISTICS_FORMS), name="report_form_for_statistics"
            ),
            models.CheckConstraint(
                condition=~Q(kind="vote_minutes") | Q(vote_id__isnull=False), name="report_vote_for_minutes"
            ),
            models.CheckConstraint(
                condition=Q(phase_number__isnull=True) | Q(kind__in=["cluster_mid_year", "sector_mid_year"]),
                name="report_phase_only_for_reviews",
            ),
            models.CheckConstraint(
                condition=Q(phase__isnull=True) | Q(kind="cluster_mid_year", phase_number__isnull=True),
                name="report_phase_key_for_cluster_reviews",
            ),
        ]
        indexes = [models.Index(fields=["cluster", "year"]), models.Index(fields=["state", "updated_at"])]

    def __str__(self):
        return f"{self.title} {self.year}"

    @property
    def title(self):
        """The kind's name, or for a phase's review the review at the end of that phase (a list
        showing titles loads ``phase__campaign``)."""
        if self.phase_id:
            names = {"phase": self.phase.name, "campaign": self.phase.campaign.name}
            return _("Cluster review report at the end of %(phase)s (%(campaign)s)") % names
        if self.phase_number and self.kind == ReportKind.SECTOR_MID_YEAR:
            return _("Sector review report at the end of phase %(number)s") % {"number": self.phase_number}
        if self.phase_number:
            return _("Cluster review report at the end of phase %(number)s") % {"number": self.phase_number}
        return self.get_kind_display()

    @property
    def is_sector(self):
        return self.kind in SECTOR_KINDS

    @staticmethod
    def make_key(
        kind,
        year,
        cluster_id=None,
        vote_id=None,
        number="",
        date=None,
        unit_id=None,
        form="",
        phase_number=None,
        phase_id=None,
    ):
        parts = [kind, year, cluster_id, vote_id, number, date and date.isoformat()]
        if unit_id or form:  # a statistics form; the other kinds' keys stay as they were
            parts += [unit_id, form]
        if phase_number:  # the sector's review of phase N; the mid-year one's key stays as it was
            parts += [f"phase-{phase_number}"]
        if phase_id:  # a cluster's review of a phase, by the phase's key
            parts += [phase_key(phase_id)]
        return "|".join(str(part or "") for part in parts)

    @property
    def is_active(self):
        return self.state in self.ACTIVE_STATES

    @property
    def state_badge(self):
        return self.BADGES.get(self.state, "text-bg-secondary")

    @property
    def is_done(self):
        return self.state == self.State.DONE

    @property
    def is_statistics(self):
        return self.kind == ReportKind.STATISTICS

    @property
    def is_signed(self):
        return bool(self.signed_pdf)

    @property
    def is_failed(self):
        return self.state == self.State.FAILED


class ReportSection(models.Model):
    """One part of a job's document, built on its own (in parallel for the sector
    summary): its HTML and its tables, kept until the document is assembled."""

    job = models.ForeignKey(ReportJob, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    html = models.TextField(blank=True)
    sheets = models.JSONField(default=list, blank=True)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["job_id", "order"]
        constraints = [models.UniqueConstraint(fields=["job", "key"], name="one_section_per_job_key")]

    def __str__(self):
        return f"{self.job_id}:{self.key}"


from .certificates import (  # noqa: E402, F401  (the certificates' blanks, reports/certificates.py)
    CertificateCorrection,
    CertificateLayout,
    LayoutField,
)
