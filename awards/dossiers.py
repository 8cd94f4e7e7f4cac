"""Award dossiers (hồ sơ đề nghị khen thưởng): what a unit sends up the levels for one
award round, its recipients, its typed documents, and the checklist of documents each title
asks for (rule data, with legal basis and dates).

Imported by ``awards.models``; the routing is ``transitions.DOSSIER``, the verbs are
``services.dossiers``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.concurrency import Versioned
from emulation.files import private_upload_to, validate_document
from emulation.models import Cluster, Title, Unit


class AwardLevel(models.TextChoices):
    """Who decides the award proposed: it says how far the dossier travels."""

    MINISTRY = "ministry", _("The Minister of Justice")
    PRIME_MINISTER = "prime_minister", _("The Prime Minister")
    PRESIDENT = "president", _("The President")


class DocumentKind(models.TextChoices):
    """The kinds of document a dossier holds (which are required is ``DocumentRequirement`` data)."""

    COVER_LETTER = "cover_letter", _("Cover letter (tờ trình)")
    RECIPIENT_LIST = "recipient_list", _("List of recipients (danh sách trích ngang)")
    COUNCIL_MINUTES = "council_minutes", _("Minutes of the proposing council's meeting (biên bản họp)")
    BALLOT_RESULT = "ballot_result", _("Result of the secret ballot (kết quả bỏ phiếu kín)")
    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report certified by the superior (báo cáo thành tích)")
    INITIATIVE_PROOF = "initiative_proof", _("Confirmation of the initiative (xác nhận sáng kiến)")
    NO_DISCIPLINE = "no_discipline", _("Confirmation of no discipline (xác nhận không vi phạm kỷ luật)")
    OTHER = "other", _("Other document")


class DocumentRequirementQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class DocumentRequirement(models.Model):
    """A line of the checklist: a document a dossier must hold, for a title (or any title) and
    an award level (or any level), once for the dossier or once for each recipient."""

    class Scope(models.TextChoices):
        DOSSIER = "dossier", _("Once for the dossier")
        EACH_RECIPIENT = "each", _("For each recipient")
        EACH_PERSON = "person", _("For each person")
        EACH_UNIT = "unit", _("For each unit")

    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    title = models.ForeignKey(
        Title,
        verbose_name=_("title"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="document_requirements",
        help_text=_("Empty: every title."),
    )
    level = models.CharField(
        _("award decided by"), max_length=15, choices=AwardLevel.choices, blank=True, help_text=_("Empty: any level.")
    )
    scope = models.CharField(_("required"), max_length=10, choices=Scope.choices, default=Scope.DOSSIER)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    unverified = models.BooleanField(_("not yet verified against the legal text"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    objects = DocumentRequirementQuerySet.as_manager()

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["title__order", "level", "kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="document_requirement_dates"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.title or _('every title')}"

    def clean(self):
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})

    def applies_to(self, level, title_id=None, is_person=None):
        """Does this requirement ask for a document of a dossier of ``level`` (or, per line,
        of a line proposing ``title_id`` for a person or a unit)?"""
        if self.level and self.level != level:
            return False
        if title_id is not None and self.title_id and self.title_id != title_id:
            return False
        if is_person is None:
            return True
        wanted = {self.Scope.EACH_RECIPIENT, self.Scope.EACH_PERSON if is_person else self.Scope.EACH_UNIT}
        return self.scope in wanted


class Dossier(Versioned):
    """Hồ sơ đề nghị khen thưởng: made by a unit (or by a cluster head for its cluster) for
    one award round, sent up to the level that manages it, then to the Ministry's emulation
    office, checked line by line, put to the sector council and decided. ``holder`` is the
    unit that has it now; a return for correction sends it back to the proposing unit with
    the reason.

    An award of the Prime Minister or the President is not decided by the Ministry: after the
    council the Ministry sends its own submission (tờ trình, ``sent_up_number`` of
    ``sent_up_on``) up and the dossier is ``SENT_UP`` until the outcome comes back, recorded as
    the decision of that authority in the register. The office stays its ``holder`` (it follows
    it up, records the outcome, may return it) but nothing waits on the office meanwhile: the
    inbox and the dashboard count it as waiting on the outside body (``permissions.held_q``)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        SUBMITTED = "submitted", _("Submitted to the managing level")
        FORWARDED = "forwarded", _("Forwarded to the Ministry")
        RECEIVED = "received", _("Received by the emulation office")
        CHECKED = "checked", _("Checked by the emulation office")
        AT_COUNCIL = "at_council", _("Before the sector council")
        SENT_UP = "sent_up", _("Forwarded to the Government / the President")
        DECIDED = "decided", _("Decided")
        CLOSED = "closed", _("Closed, nothing awarded")

    BADGES = {
        State.DRAFT: "text-bg-secondary",
        State.SUBMITTED: "text-bg-primary",
        State.FORWARDED: "text-bg-primary",
        State.RECEIVED: "text-bg-info",
        State.CHECKED: "text-bg-info",
        State.AT_COUNCIL: "text-bg-warning",
        State.SENT_UP: "text-bg-dark",
        State.DECIDED: "text-bg-success",
        State.CLOSED: "text-bg-light border",
    }
    FINISHED = (State.DECIDED, State.CLOSED)

    unit = models.ForeignKey(Unit, verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="dossiers")
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("proposed by the cluster"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    year = models.PositiveSmallIntegerField(_("award round (year)"), db_index=True)
    level = models.CharField(_("award decided by"), max_length=15, choices=AwardLevel.choices)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    holder = models.ForeignKey(
        Unit, verbose_name=_("held by"), on_delete=models.PROTECT, null=True, blank=True, related_name="held_dossiers"
    )
    reviewer = models.ForeignKey(
        Unit,
        verbose_name=_("managing level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_dossiers",
        help_text=_("The unit the dossier was submitted to before the Ministry, if any."),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer in charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    closing_reason = models.TextField(
        _("reason for closing"), blank=True, help_text=_("Why the dossier ended with nothing awarded.")
    )
    sent_up_number = models.CharField(
        _("number of the Ministry's submission"),
        max_length=100,
        blank=True,
        help_text=_('The tờ trình sending the dossier up, e.g. "45/TTr-BTP".'),
    )
    sent_up_on = models.DateField(_("sent up on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    sent_to_ministry_at = models.DateTimeField(_("reached the Ministry at"), null=True, blank=True)
    is_late = models.BooleanField(
        _("reached the Ministry late"), default=False, help_text=_("After the calendar's date for dossiers.")
    )
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("award dossier")
        verbose_name_plural = _("award dossiers")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="decided") | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="dossier_decided_with_number_and_date",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent_up") | (~Q(sent_up_number="") & Q(sent_up_on__isnull=False)),
                name="dossier_sent_up_with_number_and_date",
            ),
        ]
        indexes = [models.Index(fields=["holder", "state"])]

    def __str__(self):
        return f"{self.subject or _('Award dossier')} — {self.unit} ({self.year})"

    @property
    def badge(self):
        return self.BADGES.get(self.state, "text-bg-light border")

    @property
    def is_overdue(self):
        waiting = self.state not in (self.State.DRAFT, self.State.SENT_UP, *self.FINISHED)
        return bool(waiting and self.due_date and self.due_date < timezone.localdate())

    @property
    def goes_higher(self):
        """Decided above the Ministry (the Prime Minister or the President)."""
        return self.level != AwardLevel.MINISTRY

    @property
    def is_sent_up(self):
        """With the Government or the President, waiting for the outcome."""
        return self.state == self.State.SENT_UP


class DossierLine(models.Model):
    """One recipient of a dossier: a person of the registry or a unit, the title proposed,
    the achievement summary, and the office's verdict (eligible or not, with the reason).
    For a dossier sent up, ``not_awarded`` records that the higher level refused this
    recipient (with the reason): the decision's annex leaves the line out."""

    class Verdict(models.TextChoices):
        PENDING = "", _("Not checked yet")
        ELIGIBLE = "eligible", _("Eligible")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossier_lines",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossier_lines",
        help_text=_("For a collective title."),
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    title = models.ForeignKey(Title, verbose_name=_("title proposed"), on_delete=models.PROTECT, related_name="+")
    achievement_summary = models.TextField(_("achievement summary"), blank=True)
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices, blank=True)
    verdict_reason = models.TextField(_("reason of the verdict"), blank=True)
    not_awarded = models.BooleanField(_("not awarded by the higher level"), default=False)
    not_awarded_reason = models.TextField(_("reason given by the higher level"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["dossier_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(unit__isnull=True))
                | (Q(person__isnull=True) & Q(unit__isnull=False)),
                name="dossier_line_person_or_unit",
                violation_error_message=_("Choose either a person or a unit."),
            ),
            models.CheckConstraint(
                condition=~Q(verdict="not_eligible") | ~Q(verdict_reason=""),
                name="dossier_line_refusal_has_reason",
                violation_error_message=_("Give the reason why the recipient is not eligible."),
            ),
            models.CheckConstraint(
                condition=Q(not_awarded=False) | ~Q(not_awarded_reason=""),
                name="dossier_line_not_awarded_has_reason",
                violation_error_message=_("Give the reason the higher level gave for not awarding."),
            ),
            models.UniqueConstraint(
                fields=["dossier", "person", "title"],
                condition=Q(person__isnull=False),
                name="one_dossier_line_per_person_title",
                violation_error_message=_("This person is already proposed for this title in the dossier."),
            ),
            models.UniqueConstraint(
                fields=["dossier", "unit", "title"],
                condition=Q(unit__isnull=False),
                name="one_dossier_line_per_unit_title",
                violation_error_message=_("This unit is already proposed for this title in the dossier."),
            ),
        ]

    def __str__(self):
        return f"{self.recipient} — {self.title}"

    @property
    def recipient(self):
        return self.person if self.person_id else self.unit

    @property
    def verdict_label(self):
        """``get_verdict_display`` without its per-call hashing of the choices (a page lists hundreds)."""
        return VERDICT_LABELS.get(self.verdict, self.verdict)

    @property
    def is_person(self):
        return self.person_id is not None


class DossierDocument(models.Model):
    """A typed document of a dossier, for the dossier or for one of its recipients; checked by
    its content and served only through a view that checks permission."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="documents")
    line = models.ForeignKey(
        DossierLine,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Empty: a document of the whole dossier."),
    )
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    description = models.CharField(_("description"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to=private_upload_to("dossiers"), validators=[validate_document])
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["dossier_id", "line_id", "kind", "pk"]

    def __str__(self):
        return self.description or self.get_kind_display()

    @property
    def kind_label(self):
        """``get_kind_display`` without its per-call hashing of the choices."""
        return KIND_LABELS.get(self.kind, self.kind)


KIND_LABELS = dict(DocumentKind.choices)
VERDICT_LABELS = dict(DossierLine.Verdict.choices)
