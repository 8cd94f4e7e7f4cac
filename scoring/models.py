"""Scoring: the year's criteria tables, units' scorecards and their review.

- ``CriteriaTable`` — Bảng tiêu chí đánh giá, chấm điểm, xếp hạng thi đua: one per year and
  unit type (``emulation.Unit.Type``), issued by a decision (legal basis, date), with its
  total points. A table is built as a draft, then published; a published table never changes
  (``new_edition`` copies it into a new draft edition that supersedes it when published).
- ``Criterion`` — a node of the table's tree: groups under Roman numerals (parent is null),
  criteria and sub-criteria under them. Leaves are scored; a node with children sums them.
  Each node has its maximum points (điểm chuẩn), a kind (regular, bonus = điểm thưởng,
  penalty = điểm trừ) and whether evidence is required. A leaf's scoring method is one of
  ``Criterion.Method`` (see ``scoring.computation`` for the arithmetic).
- ``ScoreBand`` — the editable rows of a "bands" criterion: from/to on the input value → points.
- ``RankBand`` — Hạng A/B/C/D of a table: minimum total and criteria that must be fully scored.
- ``Scorecard`` — a unit's self-score for a year (tự chấm điểm) and its review (thẩm định):
  draft → submitted → reviewed → final; totals are stored for the ranking.
- ``ScoreEntry`` — one leaf criterion on a scorecard: the official's input and points, the
  reviewer's points and the reason where they differ.
- ``Evidence`` — a file (checked by content, served by a permission view) or a link.
- ``ReviewerAssignment`` — a unit the Ministry assigns to review a table's scorecards
  (optionally only one cluster's members).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.concurrency import Versioned
from emulation.files import private_upload_to, validate_document
from emulation.models import Cluster, Unit

ZERO = Decimal("0")
POINTS = {"max_digits": 7, "decimal_places": 2}
VALUE = {"max_digits": 14, "decimal_places": 4}

_evidence_path = private_upload_to("scoring-evidence")
_certification_path = private_upload_to("scoring-certifications")


# Module-level functions (not the closures themselves) so migrations can name them.
def evidence_upload_to(instance, filename):
    return _evidence_path(instance, filename)


def certification_upload_to(instance, filename):
    return _certification_path(instance, filename)


class CriteriaTable(Versioned):
    """Bảng tiêu chí: the criteria and rank bands a type of unit is scored on in a year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    unit_type = models.CharField(_("unit type"), max_length=20, choices=Unit.Type.choices)
    edition = models.PositiveSmallIntegerField(_("edition"), default=1)
    name = models.CharField(_("name"), max_length=300)
    legal_basis = models.CharField(
        _("legal basis"), max_length=255, help_text=_("Number and symbol of the decision, e.g. 536/QĐ-BTP.")
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True, default="Bộ Tư pháp")
    total_points = models.DecimalField(_("total points"), validators=[MinValueValidator(Decimal("0.01"))], **POINTS)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    source = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criteria table")
        verbose_name_plural = _("criteria tables")
        ordering = ["-year", "unit_type", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit_type", "edition"], name="criteria_table_edition"),
            models.UniqueConstraint(
                fields=["year", "unit_type"],
                condition=Q(status="published"),
                name="one_published_criteria_table",
                violation_error_message=_("A table for this year and unit type is already published."),
            ),
            models.UniqueConstraint(
                fields=["year", "unit_type"],
                condition=Q(status="draft"),
                name="one_draft_criteria_table",
                violation_error_message=_("A draft table for this year and unit type already exists."),
            ),
            models.CheckConstraint(condition=Q(total_points__gt=0), name="criteria_table_total_positive"),
        ]

    BADGES = {Status.DRAFT: "text-bg-secondary", Status.PUBLISHED: "text-bg-success"}

    def __str__(self):
        return self.name

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def badge(self):
        """The Bootstrap class of the status badge."""
        return self.BADGES.get(self.status, "text-bg-light border")


class Criterion(models.Model):
    """Tiêu chí: a group (Roman numeral, no parent), criterion or sub-criterion."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        BONUS = "bonus", _("Bonus (điểm thưởng)")
        PENALTY = "penalty", _("Penalty (điểm trừ)")

    class Method(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        BANDS = "bands", _("By bands on a value")
        PROPORTIONAL = "proportional", _("Proportional to a target")
        YES_NO = "yes_no", _("Yes / no")

    table = models.ForeignKey(
        CriteriaTable, verbose_name=_("criteria table"), on_delete=models.CASCADE, related_name="criteria"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField(_("order in the table"), default=0)
    number = models.CharField(_("number"), max_length=20, help_text=_("Số TT: I, II … for groups; 1, 1.1 …"))
    title = models.TextField(_("criterion"))
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    evidence_hint = models.CharField(_("evidence expected"), max_length=500, blank=True)
    method = models.CharField(_("scoring method"), max_length=15, choices=Method.choices, default=Method.MANUAL)
    input_label = models.CharField(
        _("value entered"), max_length=200, blank=True, help_text=_("What the unit enters, e.g. days late, rate (%).")
    )
    target = models.DecimalField(
        _("target"),
        null=True,
        blank=True,
        help_text=_("For proportional scoring: the planned value; leave empty for the unit to enter it."),
        **VALUE,
    )
    ceiling = models.DecimalField(
        _("ceiling when exceeded"),
        null=True,
        blank=True,
        help_text=_(
            "For proportional scoring: empty caps the points at the maximum; otherwise over-achievement "
            "earns points × rate up to this ceiling."
        ),
        **POINTS,
    )
    note = models.TextField(_("scoring guidance"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria of the tables")
        ordering = ["table_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["table", "number"], name="criterion_number_in_table"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criterion_max_not_negative"),
            models.CheckConstraint(
                condition=Q(ceiling__isnull=True) | Q(ceiling__gte=F("max_points")),
                name="criterion_ceiling_at_least_max",
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gt=0), name="criterion_target_positive"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def upper_bound(self):
        """The most points the criterion can give (the ceiling with over-achievement)."""
        if self.method == self.Method.PROPORTIONAL and self.ceiling is not None:
            return self.ceiling
        return self.max_points

    def clean(self):
        super().clean()
        if self.ceiling is not None and self.max_points is not None and self.ceiling < self.max_points:
            raise ValidationError({"ceiling": _("The ceiling cannot be below the maximum points.")})


class ScoreBand(models.Model):
    """Khung điểm: input from … to (both inclusive, either open) gives these points.
    Rows are tried in order; the first that contains the value wins."""

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="bands"
    )
    position = models.PositiveIntegerField(_("order in the table"), default=0)
    lower = models.DecimalField(_("value from"), null=True, blank=True, **VALUE)
    upper = models.DecimalField(_("value to"), null=True, blank=True, **VALUE)
    points = models.DecimalField(_("points"), **POINTS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score band")
        verbose_name_plural = _("score bands")
        ordering = ["criterion_id", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lower__isnull=True) | Q(upper__isnull=True) | Q(upper__gte=F("lower")),
                name="score_band_range",
            ),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_band_points_not_negative"),
        ]

    def __str__(self):
        return f"{self.lower}–{self.upper}: {self.points}"


class RankBand(models.Model):
    """Hạng: e.g. Hạng A – Xuất sắc from 180 points, with criteria that must be fully scored."""

    table = models.ForeignKey(
        CriteriaTable, verbose_name=_("criteria table"), on_delete=models.CASCADE, related_name="rank_bands"
    )
    position = models.PositiveIntegerField(_("order in the table"), default=0)
    name = models.CharField(_("name"), max_length=50, help_text=_("e.g. Hạng A"))
    label = models.CharField(_("label"), max_length=100, blank=True, help_text=_("e.g. Xuất sắc"))
    min_total = models.DecimalField(_("minimum total"), **POINTS)
    required_full = models.ManyToManyField(
        Criterion,
        verbose_name=_("criteria that must be fully scored"),
        blank=True,
        related_name="required_by_bands",
    )
    history = HistoricalRecords(m2m_fields=[required_full])

    class Meta:
        verbose_name = _("rank band")
        verbose_name_plural = _("rank bands")
        ordering = ["table_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["table", "name"], name="rank_band_name_in_table"),
            models.CheckConstraint(condition=Q(min_total__gte=0), name="rank_band_min_not_negative"),
        ]

    def __str__(self):
        return f"{self.name} – {self.label}" if self.label else self.name


class Scorecard(Versioned):
    """Phiếu tự chấm điểm: a unit's self-score against the year's table, and its review."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Reviewed")
        FINAL = "final", _("Final")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="scorecards")
    table = models.ForeignKey(
        CriteriaTable, verbose_name=_("criteria table"), on_delete=models.PROTECT, related_name="scorecards"
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    unit_type = models.CharField(_("unit type"), max_length=20, choices=Unit.Type.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    self_total = models.DecimalField(_("self-scored total"), default=ZERO, **POINTS)
    reviewed_total = models.DecimalField(_("reviewed total"), default=ZERO, **POINTS)
    final_total = models.DecimalField(_("final total"), null=True, blank=True, **POINTS)
    band = models.ForeignKey(
        RankBand, verbose_name=_("rank band"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    certification = models.FileField(
        _("chairman's certification"),
        upload_to=certification_upload_to,
        validators=[validate_document],
        blank=True,
        help_text=_("For a Sở Tư pháp: the provincial People's Committee chairman's certification."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_late = models.BooleanField(
        _("submitted late"), default=False, help_text=_("Sent after the calendar's results and self-scoring date.")
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finalized_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["-year", "unit_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="one_scorecard_per_unit_year",
                violation_error_message=_("This unit already has a scorecard for that year."),
            ),
            models.CheckConstraint(
                condition=~Q(status="final") | Q(final_total__isnull=False), name="final_scorecard_has_total"
            ),
        ]
        indexes = [models.Index(fields=["year", "unit_type", "status"])]

    BADGES = {
        Status.DRAFT: "text-bg-secondary",
        Status.SUBMITTED: "text-bg-info",
        Status.REVIEWED: "text-bg-warning",
        Status.FINAL: "text-bg-success",
    }

    def __str__(self):
        return f"{self.unit} — {self.year}"

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_locked(self):
        return self.status == self.Status.FINAL

    @property
    def badge(self):
        """The Bootstrap class of the status badge."""
        return self.BADGES[self.status]

    @property
    def needs_certification(self):
        return self.unit_type == Unit.Type.JUSTICE_DEPARTMENT


class ScoreEntry(Versioned):
    """One leaf criterion on a scorecard: what the unit entered and what the reviewer set."""

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="entries"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="entries"
    )
    value = models.DecimalField(_("value"), null=True, blank=True, **VALUE)
    planned = models.DecimalField(_("planned"), null=True, blank=True, **VALUE)
    answer = models.BooleanField(_("achieved"), null=True, blank=True)
    self_points = models.DecimalField(_("self-scored points"), null=True, blank=True, **POINTS)
    note = models.TextField(_("note"), blank=True)
    reviewed_points = models.DecimalField(_("reviewed points"), null=True, blank=True, **POINTS)
    review_reason = models.TextField(_("reason for the change"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score entry")
        verbose_name_plural = _("score entries")
        ordering = ["scorecard_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="one_entry_per_criterion"),
            models.CheckConstraint(
                condition=Q(self_points__isnull=True) | Q(self_points__gte=0), name="entry_self_points_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reviewed_points__isnull=True) | Q(reviewed_points__gte=0),
                name="entry_reviewed_points_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.scorecard} — {self.criterion.number}"

    @property
    def points(self):
        """The points that count: the reviewer's where set, else the unit's own."""
        return self.reviewed_points if self.reviewed_points is not None else self.self_points

    @property
    def changed_by_review(self):
        return self.reviewed_points is not None and self.reviewed_points != self.self_points


class Evidence(models.Model):
    """Tài liệu minh chứng for an entry: an uploaded file or a link."""

    entry = models.ForeignKey(
        ScoreEntry, verbose_name=_("score entry"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, validators=[validate_document], blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["entry_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(link=""), name="evidence_file_or_link"),
        ]

    def __str__(self):
        return self.original_name or self.link


class ReviewerAssignment(models.Model):
    """A unit the Ministry assigns to review (thẩm định) a table's scorecards, all of them
    or only those of one cluster's members in the table's year."""

    table = models.ForeignKey(
        CriteriaTable, verbose_name=_("criteria table"), on_delete=models.CASCADE, related_name="reviewers"
    )
    reviewer = models.ForeignKey(Unit, verbose_name=_("reviewing unit"), on_delete=models.PROTECT, related_name="+")
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")
        constraints = [
            models.UniqueConstraint(fields=["table", "reviewer", "cluster"], name="one_reviewer_assignment"),
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.cluster or self.table}"
