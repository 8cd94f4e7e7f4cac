"""The year's calendar (lịch thi đua của năm), reminders and in-app notifications.

A ``Step`` is one deadline of the yearly cycle, set by the Ministry's guidance letter; a
cluster may set an earlier date of its own (``ClusterDate``). Later apps read deadlines
through ``schedule.queries`` and tell who has done a step through ``schedule.registry``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from emulation.models import Cluster, Unit


class StepKind(models.TextChoices):
    """The steps of the yearly cycle (domain.md), in their usual order."""

    PLEDGE = "pledge", _("Pledge conference and registration")
    MID_YEAR = "mid_year", _("Mid-year review")
    PHASE_REVIEW = "phase_review", _("Review at the end of a campaign phase")
    RESULTS = "results", _("Results and self-scoring")
    REVIEW = "review", _("Review of self-scores")
    CONFERENCE = "conference", _("Year-end cluster conferences")
    DOSSIERS = "dossiers", _("Award dossiers to the Ministry")
    COUNCIL = "council", _("Sector council meeting")
    DECISIONS = "decisions", _("Award decisions")


# Kinds whose steps a later app brings, one per subject (``registry.add_step_source``), never
# set up by hand on the year's calendar nor copied into the next year.
SOURCED_KINDS = frozenset({StepKind.PHASE_REVIEW})
YEARLY_KINDS = [kind for kind in StepKind if kind not in SOURCED_KINDS]


class Actor(models.TextChoices):
    """Who must act on a step."""

    UNITS = "units", _("Every member unit")
    CLUSTER_HEADS = "cluster_heads", _("Cluster heads")
    OFFICE = "office", _("The Ministry's emulation office")


class Step(models.Model):
    """Một mốc trong lịch thi đua của năm: what is due, by when, from whom, on what basis.

    Most steps are one per kind and year, set by ministry staff. A kind a later app brings
    (``registry.add_step_source``: a campaign phase's review, one per phase) has one step
    per ``subject`` — the source's key for what it is about — made and moved only by
    ``services.calendar.sync_sourced_steps`` from the source, and maybe for one cluster's
    members only."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    subject = models.CharField(
        pgettext_lazy("calendar step", "subject"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("Empty for the year's usual steps."),
    )
    title = models.CharField(pgettext_lazy("calendar step", "title"), max_length=255, blank=True, default="")
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Only this cluster's members must act; empty: as the step's actor says."),
    )
    due_date = models.DateField(_("due date"))
    actor = models.CharField(_("who must act"), max_length=20, choices=Actor.choices, default=Actor.UNITS)
    basis = models.CharField(_("legal or guidance basis"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    blocking = models.BooleanField(
        _("blocks late work"),
        default=False,
        help_text=_("Only when the rule says so; otherwise lateness is recorded and the work is still accepted."),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind days before"), default=7, help_text=_("0: no reminder before the due date.")
    )
    remind_every_days_late = models.PositiveSmallIntegerField(
        _("remind every … days when late"), default=1, help_text=_("0: no reminder after the due date.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar step")
        verbose_name_plural = _("calendar steps")
        ordering = ["year", "due_date", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "subject"], name="one_step_per_kind_subject_and_year")
        ]

    def __str__(self):
        return f"{self.name} {self.year} ({date_format(self.due_date, 'SHORT_DATE_FORMAT')})"

    def save(self, *args, **kwargs):
        self.__dict__.pop("_names", None)  # the title may have changed
        super().save(*args, **kwargs)

    @property
    def name(self):
        """The kind's name, and for a sourced step what it is about (``Sơ kết đợt: Đợt 1 — …``);
        worked out once per instance and language (a page lists a step for hundreds of units)."""
        names, language = self.__dict__.setdefault("_names", {}), translation.get_language()
        if language not in names:
            kind = self.get_kind_display()
            names[language] = f"{kind}: {self.title}" if self.title else str(kind)
        return names[language]


class ClusterDate(models.Model):
    """A cluster's own due date for a step, inside (not later than) the Ministry's."""

    step = models.ForeignKey(Step, verbose_name=_("step"), on_delete=models.CASCADE, related_name="cluster_dates")
    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField(_("cluster's due date"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cluster's own date")
        verbose_name_plural = _("clusters' own dates")
        constraints = [models.UniqueConstraint(fields=["step", "cluster"], name="one_cluster_date_per_step")]

    def __str__(self):
        return f"{self.cluster} — {self.step}"

    def clean(self):
        super().clean()
        if self.step_id and self.due_date and self.due_date > self.step.due_date:
            raise ValidationError(
                {
                    "due_date": _("A cluster's date cannot be later than the Ministry's (%(date)s).")
                    % {"date": date_format(self.step.due_date, "SHORT_DATE_FORMAT")}
                },
                code="later_than_ministry",
            )


class Completion(models.Model):
    """A unit's step recorded as done here, for steps no other app tracks (e.g. a conference held)."""

    step = models.ForeignKey(Step, verbose_name=_("step"), on_delete=models.CASCADE, related_name="completions")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    done_on = models.DateField(_("done on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("step done")
        verbose_name_plural = _("steps done")
        constraints = [models.UniqueConstraint(fields=["step", "unit"], name="one_completion_per_step_unit")]

    def __str__(self):
        return f"{self.unit} — {self.step}"


class Reminder(models.Model):
    """One reminder sent for a step to a person on a day. Inserted before anything is sent:
    the unique constraint is what keeps a restarted worker or a second beat from sending twice."""

    step = models.ForeignKey(Step, verbose_name=_("step"), on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, null=True, related_name="+")
    day = models.DateField(_("day"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the daily automatic reminders."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["step", "user", "day"], name="one_reminder_per_step_user_day")]

    def __str__(self):
        return f"{self.step} → {self.user} ({self.day})"


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("Deadline reminders")
    RETURNED = "returned", _("Work returned with a reason")
    ACCEPTED = "accepted", _("Work accepted")
    VOTE_OPENED = "vote_opened", _("A vote opened")
    REPORT_READY = "report_ready", _("A report is ready")
    DECISION = "decision", _("A decision issued")
    OTHER = "other", pgettext_lazy("notification kind", "Other")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Thông báo: one line in a user's bell."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self):
        return self.text

    @property
    def is_read(self):
        return self.read_at is not None


class EmailPreference(models.Model):
    """Whether a user wants e-mail for a kind of notification (no row: yes)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    email = models.BooleanField(_("send e-mail"), default=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_email_preference_per_kind")]

    def __str__(self):
        return f"{self.user}: {self.kind} {self.email}"


class FeedKey(models.Model):
    """The private key of a user's iCalendar feed, stored only as its SHA-256 digest.
    A new key replaces the old one, which then opens nothing."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed key")
        verbose_name_plural = _("calendar feed keys")

    def __str__(self):
        return str(self.user)
