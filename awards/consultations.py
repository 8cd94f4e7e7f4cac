"""Public consultation (lấy ý kiến, công khai): before some titles are decided, the people
proposed are published for a number of days and anyone may comment; the emulation office
reads each comment and records how it was resolved.

Which titles (and levels) need it and for how many days is rule data (``ConsultationRule``,
with legal basis and dates, ``unverified`` where domain.md gives no figure). A dossier is not
decided before the end of a consultation it needs (the guard in ``services.consultations``).

Imported by ``awards.models``; the states are ``transitions.CONSULTATION``.
"""

import datetime
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.models import Title

from .decisions import DatedRule
from .dossiers import AwardLevel, Dossier, DossierLine

COMMENT_MAX_LENGTH = 2000


class ConsultationRule(DatedRule):
    """A title (or any title) of a level (or any level) that is published for comment for
    ``days`` days before it is decided."""

    title = models.ForeignKey(
        Title,
        verbose_name=_("title"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consultation_rules",
        help_text=_("Empty: every title."),
    )
    level = models.CharField(
        _("award decided by"), max_length=15, choices=AwardLevel.choices, blank=True, help_text=_("Empty: any level.")
    )
    days = models.PositiveSmallIntegerField(_("days of publication"), validators=[MinValueValidator(1)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public consultation rule")
        verbose_name_plural = _("public consultation rules")
        ordering = ["title__order", "level", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="consultation_rule_dates"
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="consultation_rule_days_positive"),
        ]

    def __str__(self):
        return f"{self.title or _('every title')} — {self.days}"

    def applies_to(self, level, title_id):
        return (not self.level or self.level == level) and (not self.title_id or self.title_id == title_id)


class Consultation(models.Model):
    """The publication of a dossier's recipients that need it, from ``starts_on`` to
    ``ends_on`` inclusive (computed from the longest rule that applies)."""

    class State(models.TextChoices):
        OPEN = "open", _("Open for comment")
        CLOSED = "closed", _("Closed")

    BADGES = {State.OPEN: "text-bg-warning", State.CLOSED: "text-bg-secondary"}

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="consultations"
    )
    lines = models.ManyToManyField(DossierLine, verbose_name=_("recipients published"), related_name="consultations")
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    starts_on = models.DateField(_("published from"))
    ends_on = models.DateField(_("published until"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="consultation_period"),
        ]
        indexes = [models.Index(fields=["state", "ends_on"])]

    def __str__(self):
        return f"{self.dossier} ({self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y})"

    @property
    def badge(self):
        return self.BADGES.get(self.state, "text-bg-light border")

    def accepts_comments_on(self, day):
        return self.state == self.State.OPEN and self.starts_on <= day <= self.ends_on

    @property
    def decidable_from(self):
        """The first day the dossier may be decided: the day after the period."""
        return self.ends_on + datetime.timedelta(days=1)


def nfc(value):
    return unicodedata.normalize("NFC", value or "")


class Comment(models.Model):
    """A comment received on a published recipient (plain text), and the office's resolution."""

    class Resolution(models.TextChoices):
        PENDING = "", _("Not resolved yet")
        ACCEPTED = "accepted", _("Accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        NOTED = "noted", _("Noted")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("public consultation"), on_delete=models.CASCADE, related_name="comments"
    )
    line = models.ForeignKey(
        DossierLine, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="public_comments"
    )
    text = models.TextField(_("comment"), validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)])
    name = models.CharField(_("name"), max_length=120, blank=True)
    contact = models.CharField(_("contact"), max_length=120, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    resolution = models.CharField(_("resolution"), max_length=12, choices=Resolution.choices, blank=True)
    resolution_note = models.TextField(_("note on the resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")
        ordering = ["consultation_id", "received_at", "pk"]

    def __str__(self):
        return self.text[:60]

    def clean(self):
        super().clean()
        self.text, self.name, self.contact = nfc(self.text).strip(), nfc(self.name).strip(), nfc(self.contact).strip()
        if not self.text:
            raise ValidationError({"text": _("Write the comment.")})


def rules_in_force(day):
    return list(ConsultationRule.objects.in_force_on(day).order_by("pk"))


def lines_needing_consultation(dossier, day=None):
    """{line: the rule with the most days that applies to it} for the dossier's recipients."""
    day = day or timezone.localdate()
    rules = rules_in_force(day)
    needed = {}
    for line in dossier.lines.all():
        matching = [rule for rule in rules if rule.applies_to(dossier.level, line.title_id)]
        if matching:
            needed[line] = max(matching, key=lambda rule: rule.days)
    return needed


def consultation_pending(dossier, day=None):
    """Why the dossier cannot be decided yet (a consultation it needs is missing or has not
    ended), or None."""
    day = day or timezone.localdate()
    latest = dossier.consultations.order_by("-ends_on").first()
    if latest is not None and latest.ends_on >= day:
        return gettext(
            "The recipients are published for comment until %(date)s; the dossier can be decided from %(next)s."
        ) % {
            "date": formats.date_format(latest.ends_on, "d/m/Y"),
            "next": formats.date_format(latest.decidable_from, "d/m/Y"),
        }
    if latest is None and lines_needing_consultation(dossier, day):
        return gettext("Some recipients must be published for comment before the dossier is decided.")
    return None


def consultation_not_needed(dossier, day=None):
    """Why the dossier is not published for comment now (one is open, or no rule asks), or None."""
    day = day or timezone.localdate()
    if dossier.consultations.filter(state=Consultation.State.OPEN).exists():
        return gettext("This dossier is already published for comment.")
    if not lines_needing_consultation(dossier, day):
        return gettext("No recipient of this dossier needs to be published for comment.")
    return None
