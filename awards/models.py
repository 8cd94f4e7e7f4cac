"""Awards: the rules of each title, the cluster's year-end secret ballot (bỏ phiếu
bình xét, suy tôn), nominations to the Ministry (đề nghị khen thưởng), the award
history that later prerequisites read, and the handover of the head role.

Secrecy of the ballot (design.md, "Secret ballots"): who voted is a ``Participation``
row (vote, voter; unique), what was voted is a ``Ballot`` row with a random UUID key,
no timestamp and no link to the voter. Ballots have no simple_history table and are
not registered in the admin, so no audit row can tie them back to a person either.

The reports app reads these models (through ``awards.queries``) for the vote-count
minutes (biên bản kiểm phiếu).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.concurrency import Versioned
from emulation.files import private_upload_to, validate_document
from emulation.models import Cluster, Official, Title, Unit, YearRangeMixin

from .categories import category_field

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class StateBadge:
    """``badge``: the Bootstrap class of the state's badge (templates never compare states)."""

    BADGES = {}

    @property
    def badge(self):
        return self.BADGES.get(self.state, "text-bg-light border")


class ThresholdBase(models.TextChoices):
    """What a threshold share is counted against."""

    ENTITLED = "entitled", _("all entitled voters")
    PRESENT = "present", _("voters present")
    CAST = "cast", _("valid ballots cast")


class BallotStyle(models.TextChoices):
    APPROVAL = "approval", _("Approve up to the number of seats")
    YES_NO = "yes_no", _("Yes or no for each candidate")


class TitleRuleQuerySet(models.QuerySet):
    def in_force(self, year):
        """The rules that apply in ``year``."""
        return self.filter(first_year__lte=year).filter(Q(last_year__isnull=True) | Q(last_year__gte=year))


# A vote's settings: copied from its title's rule when it is created (RULE_SETTINGS),
# adjustable while it is a draft, frozen once it opens.
RULE_SETTINGS = [
    "legal_basis",
    "quorum_percent",
    "threshold_percent",
    "threshold_base",
    "threshold_inclusive",
    "ballot_style",
]
MINUTES_FIELDS = [
    "meeting_start",
    "meeting_end",
    "chair_name",
    "chair_position",
    "secretary_name",
    "secretary_position",
    "counting_committee",
]
VOTE_SETTINGS = ["mode", "meeting_place", "meeting_date", *MINUTES_FIELDS, *RULE_SETTINGS, "seats", "note"]


class TitleRule(YearRangeMixin, Versioned):
    """How a title is awarded in a range of years, with its legal basis: whether a
    cluster votes on it, the quorum, the threshold and its base, the seats (quota)
    and, through ``prerequisites``, what a unit must already hold.

    Every number here is data ministry staff edit; rules marked "[cần xác minh]" in
    ``notes`` could not be confirmed against the legal text."""

    class SeatsKind(models.TextChoices):
        UNLIMITED = "unlimited", _("No quota")
        FIXED = "fixed", _("A fixed number per cluster")
        SHARE_OF_MEMBERS = "share_members", _("A share of the cluster's members")
        SHARE_OF_WINNERS = "share_winners", _("A share of those proposed for another title")

    title = models.ForeignKey(Title, verbose_name=_("title"), on_delete=models.PROTECT, related_name="rules")
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    chosen_by_vote = models.BooleanField(_("chosen by a cluster vote"), default=True)
    quorum_percent = models.DecimalField(
        _("quorum: percent of entitled voters present"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=PERCENT,
    )
    threshold_percent = models.DecimalField(
        _("threshold (percent)"), max_digits=5, decimal_places=2, default=Decimal("50"), validators=PERCENT
    )
    threshold_base = models.CharField(
        _("threshold counted against"), max_length=10, choices=ThresholdBase.choices, default=ThresholdBase.PRESENT
    )
    threshold_inclusive = models.BooleanField(
        _("reaching the threshold exactly passes"),
        default=False,
        help_text=_("Ticked: at least the threshold (≥). Not ticked: more than the threshold (>)."),
    )
    ballot_style = models.CharField(
        _("ballot"), max_length=10, choices=BallotStyle.choices, default=BallotStyle.APPROVAL
    )
    seats_kind = models.CharField(_("seats"), max_length=15, choices=SeatsKind.choices, default=SeatsKind.FIXED)
    seats_value = models.DecimalField(
        _("number of seats, or share in percent"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal(0))],
    )
    seats_source_title = models.ForeignKey(
        Title,
        verbose_name=_("share of those proposed for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    seats_minimum = models.PositiveSmallIntegerField(
        _("at least this many seats"), default=0, help_text=_("Applied after rounding a share down.")
    )
    requires_registration = models.BooleanField(
        _("candidates must have registered the title"),
        default=True,
        help_text=_("Only units whose accepted pledge registers this title are proposed."),
    )
    lowest_rank_band = models.PositiveSmallIntegerField(
        _("lowest rank band accepted"),
        null=True,
        blank=True,
        help_text=_("Position of the band in the criteria table: 0 is the best (Hạng A). Empty: no rank condition."),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = TitleRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("title rule")
        verbose_name_plural = _("title rules")
        ordering = ["title__order", "-first_year"]
        constraints = [
            YearRangeMixin.year_range_constraint("titlerule_year_range"),
            models.UniqueConstraint(fields=["title", "first_year"], name="one_rule_per_title_first_year"),
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=0, quorum_percent__lte=100)
                & Q(threshold_percent__gte=0, threshold_percent__lte=100),
                name="titlerule_percent_range",
            ),
            models.CheckConstraint(
                condition=~Q(seats_kind="share_winners") | Q(seats_source_title__isnull=False),
                name="titlerule_winners_share_has_source",
            ),
        ]

    def __str__(self):
        end = self.last_year or "…"
        return f"{self.title} ({self.first_year}–{end})"

    def clean(self):
        super().clean()
        if self.seats_kind == self.SeatsKind.SHARE_OF_WINNERS:
            if not self.seats_source_title_id:
                raise ValidationError({"seats_source_title": _("Choose the title whose proposals are shared.")})
            if self.seats_source_title_id == self.title_id:
                raise ValidationError({"seats_source_title": _("Choose another title.")})
        shares = (self.SeatsKind.SHARE_OF_MEMBERS, self.SeatsKind.SHARE_OF_WINNERS)
        if self.seats_kind in shares and self.seats_value is not None and self.seats_value > 100:
            raise ValidationError({"seats_value": _("A share cannot exceed 100 percent.")})
        if self.title_id and self.first_year:
            overlapping = TitleRule.objects.filter(title_id=self.title_id).exclude(pk=self.pk)
            overlapping = overlapping.filter(Q(last_year__isnull=True) | Q(last_year__gte=self.first_year))
            if self.last_year is not None:
                overlapping = overlapping.filter(first_year__lte=self.last_year)
            if overlapping.exists():
                raise ValidationError(_("Another rule of this title already applies in some of these years."))

    @classmethod
    def for_title(cls, title, year):
        """The rule of ``title`` that applies in ``year``, or None."""
        return (
            cls.objects.in_force(year)
            .filter(title=title)
            .select_related("title", "seats_source_title")
            .order_by("-first_year")
            .first()
        )


class Prerequisite(models.Model):
    """A condition of a rule read from the award history: the unit (or the named person)
    held ``required_title`` in each of the ``consecutive_years`` years before the year in
    question (or ending with it, when ``include_current_year``), or, when ``times`` is set, that
    many times within those years (Chiến sĩ thi đua toàn quốc: twice in six years)."""

    rule = models.ForeignKey(TitleRule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="prerequisites")
    required_title = models.ForeignKey(
        Title, verbose_name=_("required title"), on_delete=models.PROTECT, related_name="+"
    )
    consecutive_years = models.PositiveSmallIntegerField(
        _("consecutive years"), default=1, validators=[MinValueValidator(1)]
    )
    times = models.PositiveSmallIntegerField(
        _("times within the years"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: the title is needed in every one of the years. A number: that many times within them."),
    )
    include_current_year = models.BooleanField(_("the years end with the year considered"), default=False)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")
        constraints = [
            models.CheckConstraint(condition=Q(consecutive_years__gte=1), name="prerequisite_years_positive"),
            models.CheckConstraint(
                condition=Q(times__isnull=True) | Q(times__gte=1, times__lte=F("consecutive_years")),
                name="prerequisite_times_within_years",
            ),
        ]

    def __str__(self):
        return self.describe()

    def clean(self):
        super().clean()
        if self.times and self.consecutive_years and self.times > self.consecutive_years:
            raise ValidationError({"times": _("A title cannot be held more times than there are years.")})

    def describe(self):
        if self.times:
            return _("%(title)s %(times)s times in %(years)s years") % {
                "title": self.required_title, "times": self.times, "years": self.consecutive_years}  # fmt: skip
        return f"{self.consecutive_years} × {self.required_title}"

    def years_for(self, year):
        last = year if self.include_current_year else year - 1
        return list(range(last - self.consecutive_years + 1, last + 1))

    def missing_in(self, held, year):
        """The years of the span without the title when ``held`` (the years it was held) does
        not meet the condition for ``year``; [] when it does."""
        span = self.years_for(year)
        missing = [y for y in span if y not in held]
        needed = self.times or len(span)
        return missing if len(span) - len(missing) < needed else []

    def message(self, missing, year):
        """Why the condition is not met for ``year``, in words (``missing``: from ``missing_in``)."""
        if self.times:
            span = self.years_for(year)
            return _("%(title)s is needed %(times)s times in %(first)s–%(last)s; it was held %(held)s times.") % {
                "title": self.required_title, "times": self.times, "first": span[0], "last": span[-1],
                "held": len(span) - len(missing)}  # fmt: skip
        return _("%(title)s is missing in %(years)s.") % {
            "title": self.required_title, "years": ", ".join(str(y) for y in missing)}  # fmt: skip


class AwardRecord(models.Model):
    """Lịch sử khen thưởng: a title or commendation a unit (or a person of the unit)
    received in a year, by a decision. Written when a decision of the register is issued
    (``decision_line``; removed when a later decision revokes or corrects it), when a
    nomination is approved, or imported from earlier years' spreadsheets; prerequisites read it."""

    class Source(models.TextChoices):
        NOMINATION = "nomination", _("Approved nomination")
        DECISION = "decision", _("Award decision")
        IMPORT = "import", _("Imported")

    title = models.ForeignKey(Title, verbose_name=_("title"), on_delete=models.PROTECT, related_name="award_records")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="award_records")
    person_name = models.CharField(
        _("person"), max_length=150, blank=True, help_text=_("Empty for an award to the unit itself.")
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.IMPORT)
    nomination = models.OneToOneField(
        "Nomination",
        verbose_name=_("nomination"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="award_record",
    )
    decision_line = models.OneToOneField(
        "DecisionLine",
        verbose_name=_("line of the decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="award_record",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person of the registry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="award_records",
    )
    category = category_field()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award record")
        verbose_name_plural = _("award history")
        ordering = ["-year", "title__order", "unit_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "year", "unit", "person_name"],
                name="one_award_record",
                violation_error_message=_("This award is already recorded."),
            )
        ]

    def __str__(self):
        who = f"{self.person_name}, {self.unit}" if self.person_name else str(self.unit)
        return f"{self.title} {self.year}: {who}"


class Vote(StateBadge, Versioned):
    """Phiên bỏ phiếu: a cluster's secret ballot on a title for a year.

    States: draft → open → closed → published. The rule's values are copied here when
    the vote is created and can be adjusted until it opens. A tie at the last seat
    creates a runoff (``runoff_of``) among the tied. A vote on a title whose seats are
    a share of another title's winners (Cờ thi đua của Chính phủ) is a second round
    (``source_vote``) among the winners of that vote. At close the counts are frozen
    in the ``*_count`` fields and each candidate's result is stored on it."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Voting open")
        CLOSED = "closed", _("Closed and counted")
        PUBLISHED = "published", _("Result published")

    BADGES = {
        State.DRAFT: "text-bg-secondary",
        State.OPEN: "text-bg-primary",
        State.CLOSED: "text-bg-warning",
        State.PUBLISHED: "text-bg-success",
    }

    class Mode(models.TextChoices):
        ELECTRONIC = "electronic", _("Electronic (each voter on their own device)")
        PAPER = "paper", _("Paper (the secretary enters the counted totals)")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, null=True, blank=True, related_name="votes"
    )
    # A ballot of the sector council instead of a cluster's (``council``): its candidates are
    # the eligible recipients of the session's dossiers, its voters the council's members.
    session = models.ForeignKey(
        "awards.CouncilSession",
        verbose_name=_("council session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="votes",
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    title = models.ForeignKey(Title, verbose_name=_("title"), on_delete=models.PROTECT, related_name="votes")
    rule = models.ForeignKey(
        TitleRule, verbose_name=_("rule"), on_delete=models.PROTECT, null=True, blank=True, related_name="votes"
    )
    absent_may_vote = models.BooleanField(_("absent voters may vote in writing"), default=False)
    runoff_of = models.ForeignKey(
        "self", verbose_name=_("runoff of"), on_delete=models.CASCADE, null=True, blank=True, related_name="runoffs"
    )
    source_vote = models.ForeignKey(
        "self",
        verbose_name=_("candidates from the vote"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_rounds",
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ELECTRONIC)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    meeting_place = models.CharField(_("place"), max_length=255, blank=True)
    meeting_date = models.DateField(_("date"), null=True, blank=True)
    # what the minutes (biên bản kiểm phiếu) state besides the counts; an electronic vote's
    # times default to its opening and closing
    meeting_start = models.TimeField(_("start time"), null=True, blank=True)
    meeting_end = models.TimeField(_("end time"), null=True, blank=True)
    chair_name = models.CharField(
        _("chair"), max_length=150, blank=True, help_text=_("Blank: the head of the cluster's head unit.")
    )
    chair_position = models.CharField(_("chair's position"), max_length=255, blank=True)
    secretary_name = models.CharField(_("secretary (keeps the minutes)"), max_length=150, blank=True)
    secretary_position = models.CharField(_("secretary's position"), max_length=255, blank=True)
    counting_committee = models.TextField(
        _("vote counting committee"),
        blank=True,
        help_text=_("One member a line, “name, position”; the first line is the committee's head."),
    )
    # Copied from the rule, adjustable while the vote is a draft.
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    quorum_percent = models.DecimalField(
        _("quorum: percent of entitled voters present"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    threshold_percent = models.DecimalField(
        _("threshold (percent)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    threshold_base = models.CharField(_("threshold counted against"), max_length=10, choices=ThresholdBase.choices)
    threshold_inclusive = models.BooleanField(_("reaching the threshold exactly passes"), default=False)
    ballot_style = models.CharField(_("ballot"), max_length=10, choices=BallotStyle.choices)
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    note = models.TextField(_("note"), blank=True)
    # Frozen at close (entitled, present, voted) and the count of ballots.
    entitled_count = models.PositiveSmallIntegerField(_("entitled voters"), null=True, blank=True)
    present_count = models.PositiveSmallIntegerField(_("voters present"), null=True, blank=True)
    voted_count = models.PositiveSmallIntegerField(_("voters who voted"), null=True, blank=True)
    cast_count = models.PositiveSmallIntegerField(_("ballots cast"), null=True, blank=True)
    blank_count = models.PositiveSmallIntegerField(_("blank ballots"), null=True, blank=True)
    invalid_count = models.PositiveSmallIntegerField(_("invalid ballots"), null=True, blank=True)
    # Entered by the secretary in paper mode.
    paper_cast = models.PositiveSmallIntegerField(_("ballots cast (paper)"), null=True, blank=True)
    paper_blank = models.PositiveSmallIntegerField(_("blank ballots (paper)"), null=True, blank=True)
    paper_invalid = models.PositiveSmallIntegerField(_("invalid ballots (paper)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-year", "cluster_id", "title__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year", "title"],
                condition=Q(runoff_of__isnull=True),
                name="one_vote_per_cluster_year_title",
                violation_error_message=_("This cluster already has a vote on this title for that year."),
            ),
            models.UniqueConstraint(
                fields=["session", "title"],
                condition=Q(runoff_of__isnull=True, session__isnull=False),
                name="one_council_vote_per_session_title",
            ),
            models.CheckConstraint(
                condition=Q(cluster__isnull=False, session__isnull=True)
                | Q(cluster__isnull=True, session__isnull=False),
                name="vote_of_a_cluster_or_the_council",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="vote_at_least_one_seat"),
            models.CheckConstraint(condition=~Q(runoff_of=F("pk")), name="vote_not_own_runoff"),
            models.CheckConstraint(
                condition=Q(paper_blank__isnull=True) | Q(paper_cast__gte=F("paper_blank") + F("paper_invalid")),
                name="vote_paper_totals_consistent",
            ),
        ]

    def __str__(self):
        label = f"{self.title} — {self.body} ({self.year})"
        return f"{label} · {_('runoff')}" if self.runoff_of_id else label

    @property
    def body(self):
        """Who votes: the cluster, or the council of the session (the sector's or a unit's)."""
        return self.cluster if self.cluster_id else self.session.body

    @property
    def is_council(self):
        return self.session_id is not None

    @property
    def is_draft(self):
        return self.state == self.State.DRAFT

    @property
    def is_open(self):
        return self.state == self.State.OPEN

    @property
    def is_finished(self):
        return self.state in (self.State.CLOSED, self.State.PUBLISHED)

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @property
    def is_paper(self):
        return self.mode == self.Mode.PAPER

    @property
    def valid_count(self):
        """Valid ballots (blank ones included): the base "ballots cast" of a threshold."""
        if self.cast_count is None:
            return None
        return self.cast_count - (self.invalid_count or 0)

    def clean(self):
        super().clean()
        if self.meeting_start and self.meeting_end and self.meeting_end < self.meeting_start:
            raise ValidationError({"meeting_end": _("The vote cannot end before it starts.")})

    def committee_members(self):
        """The counting committee as [(name, position)], its head first (the minutes)."""
        members = []
        for line in self.counting_committee.splitlines():
            name, _sep, position = line.partition(",")
            if name.strip():
                members.append((name.strip(), position.strip()))
        return members

    @property
    def root(self):
        vote = self
        while vote.runoff_of_id:
            vote = vote.runoff_of
        return vote


class Candidate(models.Model):
    """A unit proposed in a vote. Removed candidates stay, marked withdrawn with the
    reason, so the minutes can say who was proposed and why they left the list.
    The result fields are written once, at close."""

    class Origin(models.TextChoices):
        PROPOSED = "proposed", _("Proposed from registrations")
        ADDED = "added", _("Added by the cluster head")
        WINNER = "winner", _("Proposed in the first round")
        TIED = "tied", _("Tied at the last seat")

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="candidates")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    # In a council ballot: the dossier's recipient (a person or a unit); ``unit`` is then the
    # recipient's unit.
    dossier_line = models.ForeignKey(
        "awards.DossierLine",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_candidacies",
    )
    # In a unit council's ballot: the person's title of the year that the unit proposed; ``unit``
    # is then the unit of the person's year.
    individual_title = models.ForeignKey(
        "people.IndividualTitle",
        verbose_name=_("individual title"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_candidacies",
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.PROPOSED)
    reason = models.CharField(_("reason for adding"), max_length=500, blank=True)
    withdrawn = models.BooleanField(_("removed"), default=False)
    withdrawn_reason = models.CharField(_("reason for removing"), max_length=500, blank=True)
    # Paper mode: the count the secretary enters.
    paper_votes = models.PositiveSmallIntegerField(_("votes (paper)"), null=True, blank=True)
    # Result, written at close.
    votes = models.PositiveSmallIntegerField(_("votes received"), null=True, blank=True)
    share = models.DecimalField(_("share (percent)"), max_digits=7, decimal_places=4, null=True, blank=True)
    passed = models.BooleanField(_("reached the threshold"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    seated = models.BooleanField(_("won a seat"), null=True, blank=True)
    in_runoff = models.BooleanField(_("goes to a runoff"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["vote_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "unit"],
                condition=Q(dossier_line__isnull=True, individual_title__isnull=True),
                name="one_candidacy_per_vote",
                violation_error_message=_("This unit is already a candidate in this vote."),
            ),
            models.UniqueConstraint(
                fields=["vote", "dossier_line"],
                condition=Q(dossier_line__isnull=False),
                name="one_council_candidacy_per_line",
            ),
            models.UniqueConstraint(
                fields=["vote", "individual_title"],
                condition=Q(individual_title__isnull=False),
                name="one_council_candidacy_per_title",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn=False) | ~Q(withdrawn_reason=""), name="candidate_removed_with_reason"
            ),
        ]

    def __str__(self):
        return str(self.name)

    @property
    def name(self):
        """What the ballot lists: the unit, the sector council ballot's recipient, or the person."""
        if self.individual_title_id:
            return self.individual_title.person_year.person
        return self.dossier_line.recipient if self.dossier_line_id else self.unit


class Voter(models.Model):
    """The voter roll: one voter per member unit, its head (thủ trưởng) or a delegate
    of the unit. ``present`` is marked at opening; ``voted`` is copied from the
    participation rows when the vote closes (the frozen roll of the minutes)."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="voters")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    official = models.ForeignKey(
        Official, verbose_name=_("voter"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_delegate = models.BooleanField(_("delegate of the head"), default=False)
    # In a council ballot: the member's seat; ``unit`` is then the member's own unit.
    council_member = models.ForeignKey(
        "people.CouncilMember",
        verbose_name=_("council member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    present = models.BooleanField(_("present"), default=False)
    voted = models.BooleanField(_("voted"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voter roll")
        ordering = ["vote_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "unit"], condition=Q(council_member__isnull=True), name="one_voter_per_unit"
            ),
            models.UniqueConstraint(
                fields=["vote", "council_member"],
                condition=Q(council_member__isnull=False),
                name="one_voter_per_council_seat",
            ),
            models.UniqueConstraint(fields=["vote", "official"], name="one_roll_entry_per_official"),
        ]

    def __str__(self):
        return f"{self.unit} — {self.official or '—'}"

    @property
    def roll_key(self):
        """What marks the voter present at opening: the unit, or the council member's seat."""
        return self.council_member_id or self.unit_id


class Participation(models.Model):
    """That a voter has voted in a vote — never what. The unique constraint is what
    refuses a second ballot from the same voter, even when two arrive at once."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="participations")
    voter = models.ForeignKey(Voter, verbose_name=_("voter"), on_delete=models.CASCADE, related_name="participations")

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["vote", "voter"], name="one_participation_per_voter")]

    def __str__(self):
        return f"{self.voter_id} @ {self.vote_id}"

    def clean(self):
        if self.voter_id and self.vote_id and self.voter.vote_id != self.vote_id:
            raise ValidationError(_("The voter is not on this vote's roll."))


class Ballot(models.Model):
    """An electronic ballot: the candidates approved, and the hash of the receipt code
    given to the voter. Deliberately no voter, no time, a random key, no history."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="ballots")
    approved = models.JSONField(_("approved candidates"), default=list, blank=True)
    receipt_hash = models.CharField(_("receipt fingerprint"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        # Random key order: listing ballots never replays the order they were cast in.
        ordering = ["id"]

    def __str__(self):
        return str(self.pk)


class SealedBallot(models.Model):
    """A ballot in the box of an open vote: its choices and receipt code sealed under the
    vote's key, which is kept outside the database (``services.ballot_box``), and the
    receipt's keyed fingerprint. Every sealed ballot of a vote has the same length. At
    close they are opened, counted, written anew as ``Ballot`` rows and deleted, and the
    key is destroyed: what a copy of the database shows of them opens nothing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="sealed_ballots")
    sealed = models.BinaryField(_("sealed ballot"))
    receipt_tag = models.CharField(_("receipt fingerprint"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("sealed ballot")
        verbose_name_plural = _("sealed ballots")
        ordering = ["id"]

    def __str__(self):
        return str(self.pk)

    @property
    def is_blank(self):
        return not self.approved


class Nomination(StateBadge, Versioned):
    """Đề nghị khen thưởng: a unit (or a person of it) proposed for a title for a year,
    with the achievement summary (báo cáo thành tích) and attachments. From a
    published vote, or made directly for titles without a vote.

    States: draft → submitted → approved | rejected, with the decision's number and
    date; approval writes the award history."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the Ministry")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    BADGES = {
        State.DRAFT: "text-bg-secondary",
        State.SUBMITTED: "text-bg-primary",
        State.APPROVED: "text-bg-success",
        State.REJECTED: "text-bg-danger",
    }
    DECISION_ALERTS = {State.APPROVED: "alert-success", State.REJECTED: "alert-danger"}

    title = models.ForeignKey(Title, verbose_name=_("title"), on_delete=models.PROTECT, related_name="nominations")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="nominations")
    person_name = models.CharField(
        _("person"), max_length=150, blank=True, help_text=_("Empty for a nomination of the unit itself.")
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("proposed by the cluster"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    vote = models.ForeignKey(
        Vote,
        verbose_name=_("from the vote"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    achievement_summary = models.TextField(_("achievement summary"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_note = models.TextField(_("reason / note of the decision"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-year", "title__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "year", "unit", "person_name"],
                condition=~Q(state="rejected"),
                name="one_live_nomination",
                violation_error_message=_("This unit is already nominated for this title in that year."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "submitted"])
                | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="nomination_decided_with_number_and_date",
            ),
        ]

    def __str__(self):
        who = f"{self.person_name}, {self.unit}" if self.person_name else str(self.unit)
        return f"{self.title} {self.year}: {who}"

    @property
    def decision_alert(self):
        return self.DECISION_ALERTS.get(self.state, "alert-secondary")


class Attachment(models.Model):
    """A document of a nomination (tờ trình, biên bản, báo cáo thành tích …), checked
    by its content and served only through a view that checks permission."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="attachments"
    )
    description = models.CharField(_("description"), max_length=255)
    file = models.FileField(_("file"), upload_to=private_upload_to("awards"), validators=[validate_document])
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["nomination_id", "pk"]

    def __str__(self):
        return self.description


class Handover(StateBadge, models.Model):
    """Trao Cờ đăng cai: at the year-end conference the head records next year's
    proposed head and deputies; ministry staff confirm, which sets next year's
    leadership of the cluster."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed at the conference")
        CONFIRMED = "confirmed", _("Confirmed by the Ministry")

    BADGES = {State.PROPOSED: "text-bg-primary", State.CONFIRMED: "text-bg-success"}

    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="handovers")
    year = models.PositiveSmallIntegerField(_("conference year"))
    next_head = models.ForeignKey(Unit, verbose_name=_("next year's head"), on_delete=models.PROTECT, related_name="+")
    next_deputy_1 = models.ForeignKey(
        Unit, verbose_name=_("next year's deputy"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    next_deputy_2 = models.ForeignKey(
        Unit, verbose_name=_("next year's deputy"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    conference_date = models.DateField(_("conference date"), null=True, blank=True)
    conference_place = models.CharField(_("conference place"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PROPOSED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-year", "cluster_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"],
                name="one_handover_per_cluster_year",
                violation_error_message=_("The handover of this cluster for that year is already recorded."),
            ),
            models.CheckConstraint(
                condition=~Q(next_deputy_1=F("next_head")) & ~Q(next_deputy_2=F("next_head")),
                name="handover_head_not_deputy",
            ),
        ]

    def __str__(self):
        return f"{self.cluster} {self.year} → {self.year + 1}: {self.next_head}"

    @property
    def next_year(self):
        return self.year + 1

    @property
    def deputies(self):
        return [unit for unit in (self.next_deputy_1, self.next_deputy_2) if unit is not None]


# The award dossiers and decisions live in their own modules; importing them here registers them with the app.
from .consultations import (  # noqa: E402, F401
    Comment,
    Consultation,
    ConsultationRule,
)
from .council import CouncilRule, CouncilSession  # noqa: E402, F401
from .decisions import (  # noqa: E402, F401
    BaseSalary,
    Decision,
    DecisionBasis,
    DecisionLine,
    RewardAmount,
)
from .dossiers import (  # noqa: E402, F401
    AwardLevel,
    DocumentKind,
    DocumentRequirement,
    Dossier,
    DossierDocument,
    DossierLine,
)
