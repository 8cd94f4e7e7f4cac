"""Campaigns (phong trào thi đua) and pledges (đăng ký / giao ước thi đua).

A campaign is launched by the sector (the Ministry), a cluster (for the years its
head unit heads it) or a unit (internal), with its launching document, period,
phases, scope, registrable titles and common targets. Each unit in scope makes at
most one pledge per campaign and year: the titles it registers, its targets, its
commitments; the reviewer accepts or returns it, and at the end of the period the
unit reports its results against the targets, which the reviewer assesses.

Other apps read these models through ``campaigns.queries`` (stable functions).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.concurrency import Versioned
from emulation.files import private_upload_to, validate_document
from emulation.models import Cluster, Title, Unit
from emulation.text import vi_collate
from people.models import Person

# Decimal places kept for target and actual values: rates such as 89,68 (%) and
# counts such as 24.196 both fit.
VALUE_DIGITS = 18
VALUE_PLACES = 4
HUNDRED = Decimal(100)


_signed_copy_path = private_upload_to("pledges")


def signed_copy_upload_to(instance, filename):
    """Where scanned signed pledges go (a module-level function so migrations can name it)."""
    return _signed_copy_path(instance, filename)


class Direction(models.TextChoices):
    """Whether a target is a floor ("at least 24.196 cases") or a ceiling ("at most 0 late reports")."""

    AT_LEAST = "at_least", _("At least")
    AT_MOST = "at_most", _("At most")


class TargetKind(models.TextChoices):
    """What a target's figure is: a count ("24.196 cases"), a rate in percent of two counts
    ("hòa giải thành at least 80 %"), or a thing done or not (1 = done, 0 = not)."""

    COUNT = "count", pgettext_lazy("target kind", "Count")
    RATE = "rate", pgettext_lazy("target kind", "Rate (%)")
    YES_NO = "yes_no", pgettext_lazy("target kind", "Done or not")


def kind_from_measure(measure):
    """The kind a target typed with this unit of measure has when none was chosen: "%" is a rate."""
    return TargetKind.RATE if "%" in (measure or "") else TargetKind.COUNT


def target_rate(actual, target, kind=TargetKind.COUNT):
    """The achievement rate of a count in percent (actual / target × 100), exact Decimal,
    or None when there is nothing to divide (no actual yet, a zero target) or the target
    is itself a rate or a yes/no (a rate of a rate means nothing). Rounding for display
    is the template's job (``|percent``: half up, 89,68%)."""
    if kind != TargetKind.COUNT or actual is None or target is None or target == 0:
        return None
    return Decimal(actual) * HUNDRED / Decimal(target)


def target_met(direction, actual, target, kind=TargetKind.COUNT):
    """At least: met when actual ≥ target; at most: when actual ≤ target; yes/no: when
    done. None with no actual, or for "at least 0" (nothing was pledged, so nothing met)."""
    if actual is None or target is None:
        return None
    if kind == TargetKind.YES_NO:
        return actual >= 1
    if direction == Direction.AT_MOST:
        return actual <= target
    if target == 0:
        return None
    return actual >= target


class CampaignQuerySet(models.QuerySet):
    def covering(self, year):
        """Campaigns whose period includes ``year``."""
        return self.filter(first_year__lte=year, last_year__gte=year)

    def regular_of_cluster(self, cluster, year):
        """The cluster's regular campaign running in ``year`` (at most one, see Campaign.clean)."""
        return self.covering(year).filter(
            level=Campaign.Level.CLUSTER, kind=Campaign.Kind.REGULAR, launching_cluster=cluster
        )


class Campaign(Versioned):
    """Phong trào thi đua: an emulation campaign with its launching document
    (Quyết định 2288/QĐ-BTP, Kế hoạch 06/KH-STP …), period, phases, scope,
    registrable titles and the common targets (chỉ tiêu) every participant pledges.

    The launching level says who launched it and who reviews its pledges: the sector
    (ministry staff), a cluster (the staff of the unit heading that cluster in the
    pledge's year) or a unit (its own head, for internal campaigns)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular (thường xuyên)")
        PERIODIC = "periodic", _("Periodic (theo đợt)")
        THEMATIC = "thematic", _("Thematic (theo chuyên đề)")

    class Level(models.TextChoices):
        SECTOR = "sector", _("The sector (Ministry)")
        CLUSTER = "cluster", _("A cluster")
        UNIT = "unit", _("A unit (internal)")

    class Scope(models.TextChoices):
        SECTOR = "sector", _("The whole sector")
        CLUSTERS = "clusters", _("Some clusters")
        UNITS = "units", _("Some units")

    name = models.CharField(_("campaign name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    level = models.CharField(_("launched by"), max_length=10, choices=Level.choices)
    launching_cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("launching cluster"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="launched_campaigns",
    )
    launching_unit = models.ForeignKey(
        Unit,
        verbose_name=_("launching unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="launched_campaigns",
    )
    document_number = models.CharField(
        _("document number and symbol"), max_length=60, help_text=_("For example 131/QĐ-BTP or 06/KH-STP.")
    )
    document_date = models.DateField(
        _("document date"),
        null=True,
        blank=True,
        help_text=_("Leave it empty only where the source does not give the date: the pages then say it is not known."),
    )
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    description = models.TextField(_("purpose and content"), max_length=5000, blank=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.SECTOR)
    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("clusters in scope"), blank=True, related_name="campaigns_in_scope"
    )
    units = models.ManyToManyField(
        Unit, verbose_name=_("units in scope"), blank=True, related_name="campaigns_in_scope"
    )
    registration_deadline = models.DateField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_(
            "For a campaign of several years, the same day and month applies each year. For a cluster's "
            "regular campaign, the year's calendar (its pledge step) sets the deadline where it has one."
        ),
    )
    titles = models.ManyToManyField(
        Title, verbose_name=_("titles that can be registered"), blank=True, related_name="campaigns"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[clusters, units, titles])

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-first_year", "-document_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(last_year__gte=F("first_year")), name="campaign_period"),
            models.CheckConstraint(
                condition=(
                    Q(level="sector", launching_cluster__isnull=True, launching_unit__isnull=True)
                    | Q(level="cluster", launching_cluster__isnull=False, launching_unit__isnull=True)
                    | Q(level="unit", launching_cluster__isnull=True, launching_unit__isnull=False)
                ),
                name="campaign_launcher_matches_level",
            ),
            models.UniqueConstraint(
                fields=["launching_cluster", "first_year"],
                condition=Q(level="cluster", kind="regular"),
                name="one_regular_campaign_per_cluster_year",
                violation_error_message=_("This cluster already has a regular campaign starting that year."),
            ),
        ]
        indexes = [models.Index(fields=["first_year", "last_year"])]

    def __str__(self):
        return self.name

    @property
    def years(self):
        return range(self.first_year, self.last_year + 1)

    @property
    def document_date_label(self):
        """The document's date as the pages print it, or that it is not known."""
        if self.document_date is None:
            return gettext("date not known")
        return self.document_date.strftime("%d/%m/%Y")

    @property
    def period_label(self):
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    def deadline_for(self, year):
        """The registration deadline for ``year``: the stored date, moved to that year for
        a campaign of several years (29/02 becomes 28/02 in other years)."""
        deadline = self.registration_deadline
        if deadline is None:
            return None
        shift = year - self.first_year
        target_year = deadline.year + shift
        try:
            return deadline.replace(year=target_year)
        except ValueError:
            return datetime.date(target_year, 2, 28)

    def clean(self):
        super().clean()
        errors = {}
        if self.first_year and self.last_year and self.last_year < self.first_year:
            errors["last_year"] = _("The last year cannot be before the first year.")
        if self.level == self.Level.CLUSTER and not self.launching_cluster_id:
            errors["launching_cluster"] = _("Choose the cluster that launches the campaign.")
        if self.level == self.Level.UNIT and not self.launching_unit_id:
            errors["launching_unit"] = _("Choose the unit that launches the campaign.")
        if (
            not errors
            and self.level == self.Level.CLUSTER
            and self.kind == self.Kind.REGULAR
            and Campaign.objects.filter(
                level=self.Level.CLUSTER,
                kind=self.Kind.REGULAR,
                launching_cluster_id=self.launching_cluster_id,
                first_year__lte=self.last_year,
                last_year__gte=self.first_year,
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["first_year"] = _("This cluster already has a regular campaign in these years.")
        if errors:
            raise ValidationError(errors)


class Phase(models.Model):
    """Đợt thi đua: a phase of a campaign (Đợt 1 to 30/6, Đợt 2 to year end) with the
    goal or anniversary it honours."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    name = models.CharField(_("phase name"), max_length=255)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    goal = models.TextField(_("goal or anniversary honoured"), max_length=2000, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["campaign_id", "number", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="phase_end_after_start"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})


class CampaignTarget(models.Model):
    """Chỉ tiêu chung: a target every participant pledges, numbered, with its unit of
    measure, direction and a default value the unit may change in its pledge."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="targets")
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    name = models.CharField(_("target"), max_length=500)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=60, blank=True)
    kind = models.CharField(
        pgettext_lazy("target kind", "kind"), max_length=10, choices=TargetKind.choices, default=TargetKind.COUNT
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST)
    default_value = models.DecimalField(
        _("default target"),
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("common target")
        verbose_name_plural = _("common targets")
        ordering = ["campaign_id", "number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_value__isnull=True) | Q(default_value__gte=0), name="campaign_target_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def save(self, *args, **kwargs):
        if self.kind == TargetKind.COUNT:  # "%" as the unit: a rate unless a kind was chosen
            self.kind = kind_from_measure(self.unit_of_measure)
        super().save(*args, **kwargs)


class PledgeQuerySet(models.QuerySet):
    def in_year(self, year):
        return self.filter(year=year)

    def accepted_or_later(self):
        return self.filter(status__in=Pledge.ACCEPTED_OR_LATER)


class Pledge(Versioned):
    """Đăng ký thi đua / giao ước thi đua: one unit's pledge for a campaign and year.

    Holds the collective title registered, the individuals registered (PledgedIndividual),
    the targets (PledgeTarget: the campaign's common ones with the unit's own value, plus
    the unit's own), commitments, the signer (the unit head) and an optional scanned
    signed copy. States change only through ``campaigns.services``:
    draft → submitted → accepted | returned (reason) → draft …; after acceptance
    results_reported → assessed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")
        RESULTS_REPORTED = "results_reported", _("Results reported")
        ASSESSED = "assessed", _("Results assessed")

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    ACCEPTED_OR_LATER = (Status.ACCEPTED, Status.RESULTS_REPORTED, Status.ASSESSED)
    # Bootstrap badge classes of each status (the templates do not compare states).
    BADGES = {
        Status.DRAFT: "text-bg-secondary",
        Status.SUBMITTED: "text-bg-primary",
        Status.RETURNED: "text-bg-danger",
        Status.ACCEPTED: "text-bg-success",
        Status.RESULTS_REPORTED: "text-bg-info",
        Status.ASSESSED: "text-bg-dark",
    }

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="pledges")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="pledges")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    collective_title = models.ForeignKey(
        Title,
        verbose_name=_("collective title registered"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collective_pledges",
    )
    commitments = models.TextField(_("commitments"), max_length=5000, blank=True)
    signer_name = models.CharField(_("signed by (unit head)"), max_length=150, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    signed_copy = models.FileField(
        _("scanned signed copy"),
        upload_to=signed_copy_upload_to,
        validators=[validate_document],
        max_length=200,
        blank=True,
    )
    # The scan is stored under a random name; this is the name the user's file had.
    signed_copy_name = models.CharField(_("signed copy's file name"), max_length=200, blank=True)
    is_late = models.BooleanField(_("submitted after the deadline"), default=False)
    return_reason = models.TextField(_("reason for returning"), max_length=2000, blank=True)
    results_report = models.TextField(_("results report"), max_length=5000, blank=True)
    assessment_note = models.TextField(_("assessment note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Blank: the creator's account may be deleted (SET_NULL), or the pledge loaded from elsewhere;
    # full_clean must not refuse every later edit of such a pledge.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    results_at = models.DateTimeField(_("results reported at"), null=True, blank=True)
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["version"])

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-year", "campaign_id", vi_collate("unit__name")]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "year"],
                name="one_pledge_per_unit_campaign_year",
                violation_error_message=_("This unit already has a pledge for this campaign and year."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="returned_pledge_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["year", "status"]), models.Index(fields=["unit", "year"])]

    def __str__(self):
        return f"{self.unit} — {self.campaign} ({self.year})"

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def accepts_results(self):
        return self.status in (self.Status.ACCEPTED, self.Status.RESULTS_REPORTED)

    @property
    def status_badge(self):
        return self.BADGES.get(self.status, "text-bg-light border")

    @property
    def signed_copy_label(self):
        """What the signed copy is called on the pages: the name the user's file had."""
        if not self.signed_copy:
            return ""
        return self.signed_copy_name or _("Signed copy")


class PledgedIndividual(models.Model):
    """Cá nhân đăng ký: a person the unit registers for an individual title."""

    pledge = models.ForeignKey(Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="individuals")
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    title = models.ForeignKey(
        Title, verbose_name=_("title registered"), on_delete=models.PROTECT, related_name="individual_pledges"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person of the registry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Linked when the name, the unit and the year point to one person, or chosen by an official."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registered individual")
        verbose_name_plural = _("registered individuals")
        ordering = ["pledge_id", "pk"]

    def __str__(self):
        return f"{self.full_name} — {self.title}"


class PledgeTarget(models.Model):
    """Chỉ tiêu of a pledge: a copy of a common target (``campaign_target`` set) with
    the unit's own value, or one of the unit's own extra targets (``campaign_target``
    empty). The actual value is entered with the results; ``rate`` and ``is_met``
    follow the direction (at least: actual ≥ target; at most: actual ≤ target)."""

    pledge = models.ForeignKey(Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="targets")
    campaign_target = models.ForeignKey(
        CampaignTarget,
        verbose_name=_("common target"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledge_targets",
    )
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    name = models.CharField(_("target"), max_length=500)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=60, blank=True)
    kind = models.CharField(
        pgettext_lazy("target kind", "kind"), max_length=10, choices=TargetKind.choices, default=TargetKind.COUNT
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST)
    value = models.DecimalField(
        _("target value"),
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Empty until the unit fills it in; required to submit."),
    )
    actual = models.DecimalField(
        _("actual value"),
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pledged target")
        verbose_name_plural = _("pledged targets")
        ordering = ["pledge_id", "number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="pledge_target_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(actual__isnull=True) | Q(actual__gte=0), name="pledge_target_actual_not_negative"
            ),
            models.UniqueConstraint(
                fields=["pledge", "campaign_target"],
                condition=Q(campaign_target__isnull=False),
                name="one_row_per_common_target",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def save(self, *args, **kwargs):
        # an own target typed with "%" as its unit is a rate unless a kind was chosen
        if self.kind == TargetKind.COUNT and not self.campaign_target_id:
            self.kind = kind_from_measure(self.unit_of_measure)
        super().save(*args, **kwargs)

    @property
    def is_common(self):
        return self.campaign_target_id is not None

    @property
    def rate(self):
        return target_rate(self.actual, self.value, self.kind)

    @property
    def is_met(self):
        return target_met(self.direction, self.actual, self.value, self.kind)


class Reminder(models.Model):
    """A reminder e-mailed by a cluster head's staff to a member that has not yet
    submitted its pledge (kept so the overview shows who was reminded when)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recipients = models.TextField(_("recipients"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["campaign", "year"])]

    def __str__(self):
        return f"{self.unit} — {self.campaign} ({self.year})"


class Progress(Versioned):
    """Báo cáo sơ kết: a unit's progress against its accepted pledge at the mid-year review
    (sơ kết 6 tháng, at the date the calendar sets for it; no phase) or at the end of one of
    the campaign's phases (sơ kết đợt, as of the phase's end). One per pledge and review; the
    figures (ProgressFigure) are the values reached on ``as_of`` for each pledged target. States
    change only through ``campaigns.services.progress``: draft → submitted → returned
    (reason) → draft …"""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")

    BADGES = {Status.DRAFT: "text-bg-secondary", Status.SUBMITTED: "text-bg-success", Status.RETURNED: "text-bg-danger"}

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="progress_reports"
    )
    # None: the mid-year review; else the phase at whose end the progress is reported.
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_reports",
    )
    as_of = models.DateField(_("figures as of"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(
        _("progress report"),
        max_length=5000,
        blank=True,
        help_text=_("What was done, what is behind and why, what the unit will do in the rest of the year."),
    )
    return_reason = models.TextField(_("reason for returning"), max_length=2000, blank=True)
    is_late = models.BooleanField(_("submitted after the deadline"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = pgettext_lazy("mid-year review", "progress report")
        verbose_name_plural = pgettext_lazy("mid-year review", "progress reports")
        ordering = ["pledge_id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="returned_progress_has_reason"
            ),
            models.UniqueConstraint(
                fields=["pledge"], condition=Q(phase__isnull=True), name="one_mid_year_progress_per_pledge"
            ),
            models.UniqueConstraint(
                fields=["pledge", "phase"], condition=Q(phase__isnull=False), name="one_progress_per_pledge_and_phase"
            ),
        ]

    def __str__(self):
        return f"{self.pledge} — {self.as_of:%d/%m/%Y}"

    @property
    def status_badge(self):
        return self.BADGES.get(self.status, "text-bg-light border")


class ProgressFigure(models.Model):
    """The value a pledged target reached on the progress report's date."""

    progress = models.ForeignKey(
        Progress, verbose_name=_("progress report"), on_delete=models.CASCADE, related_name="figures"
    )
    target = models.ForeignKey(PledgeTarget, verbose_name=_("target"), on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(
        _("value reached"),
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress figure")
        verbose_name_plural = _("progress figures")
        ordering = ["progress_id", "target__number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["progress", "target"], name="one_figure_per_target"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="progress_value_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.target}: {self.value}"

    @property
    def rate(self):
        return target_rate(self.value, self.target.value, self.target.kind)

    @property
    def is_met(self):
        return target_met(self.target.direction, self.value, self.target.value, self.target.kind)
