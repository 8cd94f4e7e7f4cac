"""The decisions register (quyết định khen thưởng): the decision that awards what a dossier
proposed, its annex listing everyone it awards, and the rule data it reads — the legal basis
and issuing office in force on the decision's date, and the reward amounts.

Imported by ``awards.models``; the states are ``transitions.DECISION``, the verbs are
``services.decisions``.

An issued decision is never edited: it is revoked (thu hồi) or corrected (đính chính, sửa
đổi) by a later decision that names it (``revokes`` / ``corrects``), and both stay in the
register with their history.
"""

from decimal import ROUND_CEILING, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.concurrency import Versioned
from emulation.models import Title, Unit
from emulation.numbers import format_vn_number

from .categories import category_field
from .dossiers import AwardLevel, DocumentRequirementQuerySet, DossierLine


class DatedRule(models.Model):
    """A row of rule data in force between two dates, with its legal basis."""

    legal_basis = models.CharField(_("legal basis"), max_length=255)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    unverified = models.BooleanField(_("not yet verified against the legal text"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = DocumentRequirementQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})

    def in_force_on(self, day):
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class DecisionBasis(DatedRule):
    """Căn cứ ban hành: what a decision of a level cites and who issues and drafts it in a
    period. The emulation office that proposes the decision and files it changes with the date
    (Vụ Thi đua – Khen thưởng, later Vụ Tổ chức cán bộ): a row per period, never code."""

    level = models.CharField(
        _("award decided by"), max_length=15, choices=AwardLevel.choices, blank=True, help_text=_("Empty: any level.")
    )
    issuing_body = models.CharField(
        _("issuing body"), max_length=255, help_text=_('As printed in the heading, e.g. "Bộ Tư pháp".')
    )
    office = models.ForeignKey(
        Unit,
        verbose_name=_("proposing office"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The emulation office that proposes and files the decision (Theo đề nghị của …; Lưu: VT, …)."),
    )
    symbol = models.CharField(_("symbol"), max_length=30, help_text=_('The decision\'s symbol, e.g. "QĐ-BTP".'))
    grounds = models.TextField(
        _("grounds cited"), help_text=_("The lines that begin the decision (Căn cứ …), one a line, as printed.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal basis of decisions")
        verbose_name_plural = _("legal bases of decisions")
        ordering = ["level", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="decision_basis_dates"
            ),
        ]

    def __str__(self):
        return f"{self.legal_basis} ({self.valid_from:%d/%m/%Y})"

    @classmethod
    def for_date(cls, level, day):
        """The row in force on ``day`` for ``level`` (a row of that level before one of any level)."""
        rows = cls.objects.in_force_on(day).filter(Q(level=level) | Q(level="")).select_related("office")
        return rows.order_by("-level", "-valid_from").first()


class BaseSalary(DatedRule):
    """Mức lương cơ sở: reward amounts are multiples of it."""

    amount = models.DecimalField(_("amount (VND)"), max_digits=12, decimal_places=0, validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="base_salary_dates"
            ),
        ]

    def __str__(self):
        return f"{format_vn_number(self.amount)} ({self.valid_from:%d/%m/%Y})"


class RewardAmount(DatedRule):
    """Mức tiền thưởng: the reward that goes with a title, as a multiple of the base salary in
    force on the decision's date, rounded up as the decree says."""

    class Recipient(models.TextChoices):
        PERSON = "person", _("A person")
        UNIT = "unit", _("A unit")

    title = models.ForeignKey(Title, verbose_name=_("title"), on_delete=models.CASCADE, related_name="reward_amounts")
    recipient = models.CharField(_("awarded to"), max_length=6, choices=Recipient.choices)
    coefficient = models.DecimalField(
        _("times the base salary"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    round_up_to = models.PositiveIntegerField(
        _("rounded up to (VND)"), default=1, validators=[MinValueValidator(1)], help_text=_("1: not rounded.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reward amount")
        verbose_name_plural = _("reward amounts")
        ordering = ["title__order", "recipient", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="reward_amount_dates"
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.get_recipient_display()}: × {format_vn_number(self.coefficient)}"

    def amount(self, base_salary):
        """The reward in VND for a base salary, rounded up to ``round_up_to``."""
        raw = Decimal(self.coefficient) * Decimal(base_salary)
        step = Decimal(self.round_up_to)
        return (raw / step).to_integral_value(rounding=ROUND_CEILING) * step


class Decision(Versioned):
    """Quyết định khen thưởng: number and symbol, date, signer, issuing body and the grounds in
    force on its date, and the annex (``lines``). A draft is made from dossiers before the
    council and may change; issuing it writes each recipient's award record. An issued decision
    is ended only by a later decision that names it (``revokes`` or ``corrects``)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked by a later decision")
        CORRECTED = "corrected", _("Corrected by a later decision")

    BADGES = {
        State.DRAFT: "text-bg-secondary",
        State.ISSUED: "text-bg-success",
        State.REVOKED: "text-bg-danger",
        State.CORRECTED: "text-bg-warning",
    }

    year = models.PositiveSmallIntegerField(_("award round (year)"), db_index=True)
    level = models.CharField(_("award decided by"), max_length=15, choices=AwardLevel.choices)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    number = models.CharField(_("number"), max_length=20, blank=True, help_text=_("Given when it is issued."))
    symbol = models.CharField(_("symbol"), max_length=30, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    basis = models.ForeignKey(
        DecisionBasis,
        verbose_name=_("legal basis"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    grounds = models.TextField(_("grounds cited"), blank=True, help_text=_("As printed, copied from the basis."))
    issuing_body = models.CharField(
        _("issuing body"),
        max_length=255,
        blank=True,
        help_text=_("As printed; a decision of the Prime Minister or the President is recorded when received."),
    )
    office = models.ForeignKey(
        Unit, verbose_name=_("proposing office"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    signing_capacity = models.CharField(
        _("signing for"), max_length=150, blank=True, help_text=_('e.g. "KT. BỘ TRƯỞNG" when a deputy signs.')
    )
    copies_to = models.TextField(_("recipients of copies (Nơi nhận)"), blank=True, help_text=_("One a line."))
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why an earlier decision is revoked or corrected."))
    dossiers = models.ManyToManyField(
        "Dossier", verbose_name=_("dossiers decided"), blank=True, related_name="decisions"
    )
    revokes = models.ForeignKey(
        "self",
        verbose_name=_("revokes the decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revoked_by",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects the decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft") | (~Q(number="") & ~Q(symbol="") & Q(date__isnull=False)),
                name="decision_issued_with_number_and_date",
                violation_error_message=_("An issued decision has a number, a symbol and a date."),
            ),
            models.CheckConstraint(
                condition=Q(revokes__isnull=True) | Q(corrects__isnull=True),
                name="decision_revokes_or_corrects",
                violation_error_message=_("A decision either revokes or corrects an earlier one, not both."),
            ),
            models.CheckConstraint(
                condition=~Q(revokes=F("pk")) & ~Q(corrects=F("pk")), name="decision_not_about_itself"
            ),
            models.UniqueConstraint(
                F("issuing_body"),
                F("symbol"),
                F("number"),
                ExtractYear("date"),
                condition=~Q(number=""),
                name="one_decision_number_a_year",
                violation_error_message=_("A decision with this number and symbol was already issued that year."),
            ),
        ]
        indexes = [models.Index(fields=["state", "date"])]

    def __str__(self):
        if self.number:
            return str(_("Decision %(reference)s") % {"reference": self.reference})
        return f"{_('Draft decision')} — {self.subject or self.year}"

    @property
    def reference(self):
        """ "125/QĐ-BTP": the number with its symbol."""
        return f"{self.number}/{self.symbol}" if self.number else ""

    @property
    def badge(self):
        return self.BADGES.get(self.state, "text-bg-light border")

    @property
    def earlier(self):
        """The earlier decision this one revokes or corrects, if any."""
        return self.revokes or self.corrects


class DecisionLine(models.Model):
    """A line of the decision's annex: a person (with the unit they work in) or a unit, the
    title or form awarded, the reward where the rule sets one, and the dossier line it came
    from. Name, position and unit are copied as they stand on the decision, which does not
    change when the registry does."""

    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(_("no."), default=0)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_lines",
        help_text=_("Empty for an award to the unit itself."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="decision_lines",
        help_text=_("The unit awarded, or the unit the person works in."),
    )
    name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    category = category_field()
    title = models.ForeignKey(Title, verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(
        _("reward (VND)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    reward_rule = models.ForeignKey(
        RewardAmount,
        verbose_name=_("reward rule"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dossier_line = models.ForeignKey(
        DossierLine,
        verbose_name=_("from the dossier line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_lines",
    )
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("revokes or corrects the line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text=_("In a decision that revokes or corrects another: the line of the earlier decision it ends."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("line of the decision")
        verbose_name_plural = _("lines of the decision")
        ordering = ["decision_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "person", "title"],
                condition=Q(person__isnull=False),
                name="one_decision_line_per_person_title",
                violation_error_message=_("This person is already in the decision for this title."),
            ),
            models.UniqueConstraint(
                fields=["decision", "unit", "title"],
                condition=Q(person__isnull=True),
                name="one_decision_line_per_unit_title",
                violation_error_message=_("This unit is already in the decision for this title."),
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.title}"

    @property
    def is_person(self):
        return self.person_id is not None
