"""The sector's staff: persons, their postings over time, transfers between units, the
yearly grading and the unit's own titles for individuals, and the prerequisites of titles."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from emulation.files import private_upload_to, validate_document
from emulation.models import Title, Unit
from emulation.text import nfc, vi_collate

from . import cccd


class Gender(models.TextChoices):
    MALE = cccd.MALE, _("Male")
    FEMALE = cccd.FEMALE, _("Female")


class StaffKind(models.TextChoices):
    """Loại cán bộ: the law a person serves under."""

    CADRE = "can_bo", _("Cadre (cán bộ)")
    CIVIL_SERVANT = "cong_chuc", _("Civil servant (công chức)")
    PUBLIC_EMPLOYEE = "vien_chuc", _("Public employee (viên chức)")
    WORKER = "nguoi_lao_dong", _("Employee under a labour contract (người lao động)")


class Person(models.Model):
    """Cán bộ, công chức, viên chức, người lao động of the sector: one row for a whole career."""

    full_name = models.CharField(_("full name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    cccd = models.CharField(_("identification number (CCCD)"), max_length=12, unique=True)
    staff_code = models.CharField(_("staff code"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = [vi_collate("full_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["staff_code"], condition=~Q(staff_code=""), name="person_staff_code_unique"
            ),
            models.CheckConstraint(condition=Q(cccd__regex=r"^[0-9]{12}$"), name="person_cccd_12_digits"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = nfc(" ".join(self.full_name.split()))
        self.cccd = cccd.normalise(self.cccd)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.full_name = nfc(" ".join((self.full_name or "").split()))
        self.cccd = cccd.normalise(self.cccd)
        if self.date_of_birth and self.date_of_birth > datetime.date.today():
            raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future.")})
        birth_year = self.date_of_birth.year if self.date_of_birth else None
        problems = cccd.errors(self.cccd, birth_year, self.gender)
        if problems:
            raise ValidationError({"cccd": " ".join(problems)})

    @property
    def masked_cccd(self):
        return cccd.mask(self.cccd)


class PostingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(end__isnull=True)

    def during(self, start, end):
        """Postings that overlap the days from ``start`` to ``end`` (inclusive)."""
        return self.filter(start__lte=end).filter(Q(end__isnull=True) | Q(end__gte=start))


class Posting(models.Model):
    """Quá trình công tác: a person's post in a unit from a date to a date (open: still there)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="postings")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="postings")
    position = models.CharField(_("position"), max_length=150)
    staff_kind = models.CharField(_("kind of staff"), max_length=20, choices=StaffKind.choices)
    start = models.DateField(pgettext_lazy("posting", "from"))
    end = models.DateField(pgettext_lazy("posting", "to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["-start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(end__isnull=True),
                name="one_open_posting_per_person",
                violation_error_message=_("This person already has an open posting."),
            ),
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="posting_dates"),
        ]
        indexes = [models.Index(fields=["unit", "end"])]

    def __str__(self):
        return f"{self.person} — {self.unit}"

    @property
    def is_open(self):
        return self.end is None

    def clean(self):
        super().clean()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end date cannot be before the start date.")})


class Transfer(models.Model):
    """Điều động, luân chuyển: the sending unit asks, the receiving unit accepts."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting the receiving unit")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="transfers")
    from_unit = models.ForeignKey(
        Unit, verbose_name=_("from unit"), on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_unit = models.ForeignKey(Unit, verbose_name=_("to unit"), on_delete=models.PROTECT, related_name="transfers_in")
    position = models.CharField(_("position in the new unit"), max_length=150)
    staff_kind = models.CharField(_("kind of staff"), max_length=20, choices=StaffKind.choices)
    date = models.DateField(_("date of the transfer"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    BADGES = {"requested": "warning", "accepted": "success", "refused": "danger", "cancelled": "secondary"}

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="requested"),
                name="one_pending_transfer_per_person",
                violation_error_message=_("A transfer of this person is already waiting."),
            ),
            models.CheckConstraint(condition=~Q(from_unit=F("to_unit")), name="transfer_between_units"),
        ]

    def __str__(self):
        return f"{self.person}: {self.from_unit} → {self.to_unit}"

    @property
    def badge(self):
        return self.BADGES[self.status]


class AccessLog(models.Model):
    """Who opened a person's full record from outside the person's unit, when and on which page:
    an official (``user``), or an outside system reading the API (``outside_system``, its name)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, null=True, blank=True
    )
    outside_system = models.CharField(_("outside system"), max_length=200, blank=True)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="accesses")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    viewer_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    purpose = models.CharField(_("page or purpose"), max_length=200)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-at"]
        indexes = [models.Index(fields=["person", "-at"])]
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(outside_system=""), name="access_log_names_who")
        ]

    def __str__(self):
        return f"{self.user or self.outside_system} → {self.person} ({self.at:%d/%m/%Y %H:%M})"


class Grading(models.TextChoices):
    """Xếp loại chất lượng (best first; the rank is used by the prerequisites)."""

    EXCELLENT = "excellent", _("Completed tasks excellently (hoàn thành xuất sắc nhiệm vụ)")
    GOOD = "good", _("Completed tasks well (hoàn thành tốt nhiệm vụ)")
    DONE = "done", _("Completed tasks (hoàn thành nhiệm vụ)")
    NOT_DONE = "not_done", _("Did not complete tasks (không hoàn thành nhiệm vụ)")

    @classmethod
    def rank(cls, value):
        order = [cls.EXCELLENT, cls.GOOD, cls.DONE, cls.NOT_DONE]
        return order.index(value) if value in order else len(order)


class Discipline(models.TextChoices):
    NONE = "", _("None")
    REPRIMAND = "khien_trach", _("Reprimand (khiển trách)")
    WARNING = "canh_cao", _("Warning (cảnh cáo)")
    DEMOTION = "ha_bac_luong", _("Salary demotion (hạ bậc lương)")
    REMOVAL = "cach_chuc", _("Removal from office (cách chức, giáng chức)")
    DISMISSAL = "buoc_thoi_viec", _("Dismissal (buộc thôi việc)")


class PersonYear(models.Model):
    """A person's year in a unit: the grading the unit gave and any discipline."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="person_years")
    grading = models.CharField(_("grading"), max_length=10, choices=Grading.choices, blank=True)
    discipline = models.CharField(_("discipline"), max_length=20, choices=Discipline.choices, blank=True)
    discipline_date = models.DateField(_("date of the discipline"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person's year")
        verbose_name_plural = _("persons' years")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="one_person_year"),
            models.CheckConstraint(
                condition=Q(discipline="") | Q(discipline_date__isnull=False), name="discipline_has_date"
            ),
        ]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self):
        return f"{self.person} ({self.year})"

    def clean(self):
        super().clean()
        if self.discipline and not self.discipline_date:
            raise ValidationError({"discipline_date": _("Give the date of the discipline.")})
        if self.discipline_date and self.year and self.discipline_date.year != self.year:
            raise ValidationError({"discipline_date": _("The discipline must fall in the year.")})


class IndividualTitle(models.Model):
    """A title of the unit's own for a person's year (Lao động tiên tiến, Chiến sĩ thi đua cơ sở):
    registered, proposed by the unit, assessed by its council, decided by its head."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        PROPOSED = "proposed", _("Proposed by the unit")
        ASSESSED = "assessed", _("Assessed by the council")
        DECIDED = "decided", _("Recognised by decision")
        REJECTED = "rejected", _("Not recognised")

    person_year = models.ForeignKey(
        PersonYear, verbose_name=_("person's year"), on_delete=models.CASCADE, related_name="titles"
    )
    title = models.ForeignKey(Title, verbose_name=pgettext_lazy("emulation", "title"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REGISTERED)
    council_note = models.CharField(_("council's note"), max_length=255, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    BADGES = {"registered": "secondary", "proposed": "info", "assessed": "primary", "decided": "success",
              "rejected": "danger"}  # fmt: skip

    class Meta:
        verbose_name = _("individual title")
        verbose_name_plural = _("individual titles")
        ordering = ["title__order"]
        constraints = [
            models.UniqueConstraint(fields=["person_year", "title"], name="one_title_per_person_year"),
            models.CheckConstraint(
                condition=~Q(status="decided") | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="decided_title_has_decision",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.person_year}"

    @property
    def badge(self):
        return self.BADGES[self.status]


class CouncilMemberQuerySet(models.QuerySet):
    def seated_in(self, year):
        """The seats that cover ``year``: a one-year seat of that year, or a term that spans it."""
        return self.filter(Q(year=year) | Q(year__lt=year, last_year__gte=year))


class CouncilMember(models.Model):
    """A seat on the unit's council (Hội đồng thi đua – khen thưởng) for a year or for a term.

    ``year`` is the first year of the seat; ``last_year`` the last year of the term (empty: that
    year only). A council set up for a term (nhiệm kỳ) by a decision keeps its seats across its
    years; ending a seat early shortens the term, so past ballots keep the seat they were cast on.
    """

    class Role(models.TextChoices):
        CHAIR = "chair", pgettext_lazy("council role", "Chair")
        VICE_CHAIR = "vice_chair", pgettext_lazy("council role", "Vice-chair")
        STANDING = "standing", pgettext_lazy("council role", "Standing member")
        MEMBER = "member", pgettext_lazy("council role", "Member")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="council_members")
    year = models.PositiveSmallIntegerField(_("from year"))
    last_year = models.PositiveSmallIntegerField(
        _("to year"), null=True, blank=True, help_text=_("The last year of the term; empty for one year only.")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE)
    role = models.CharField(pgettext_lazy("council", "role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    appointed_by = models.CharField(
        _("appointed by"), max_length=120, blank=True, help_text=_("The decision that set up or completed the council.")
    )
    history = HistoricalRecords()

    objects = CouncilMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "user"], name="one_council_seat"),
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("year")), name="council_term_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.unit} ({self.term})"

    @property
    def final_year(self):
        return self.last_year or self.year

    @property
    def years(self):
        return range(self.year, self.final_year + 1)

    @property
    def term(self):
        return f"{self.year}–{self.last_year}" if self.last_year and self.last_year != self.year else str(self.year)

    def clean(self):
        super().clean()
        if self.last_year is not None and self.year and self.last_year < self.year:
            raise ValidationError(
                {"last_year": _("The term cannot end before it starts.")}, code="term_ends_before_start"
            )


class Scope(models.TextChoices):
    """Phạm vi ảnh hưởng of a recognised initiative, narrowest first (the rank is compared)."""

    UNIT = "unit", _("The unit (cơ sở)")
    SECTOR = "sector", _("The Ministry or sector (toàn ngành)")
    NATION = "nation", _("The nation (toàn quốc)")

    @classmethod
    def rank(cls, value):
        order = [cls.UNIT, cls.SECTOR, cls.NATION]
        return order.index(value) if value in order else -1


class Prerequisite(models.Model):
    """One condition a title asks for, with its legal basis and the dates it is in force."""

    class Kind(models.TextChoices):
        TITLE_SAME_YEAR = "title_same_year", _("Holds another title the same year")
        TITLE_CONSECUTIVE = "title_consecutive", _("Held another title in consecutive years")
        TITLE_TIMES = "title_times", _("Held another title a number of times within the years")
        GRADING = "grading", _("Graded at least this well in consecutive years")
        NO_DISCIPLINE = "no_discipline", _("No discipline in the year")
        QUOTA = "quota", _("At most a share of those holding another title in the unit")
        INITIATIVE = "initiative", _("Author of an initiative recognised at least at this scope")

    title = models.ForeignKey(
        Title, verbose_name=pgettext_lazy("emulation", "title"), on_delete=models.CASCADE, related_name="prerequisites"
    )
    kind = models.CharField(_("requirement"), max_length=20, choices=Kind.choices)
    required_title = models.ForeignKey(
        Title, verbose_name=_("required title"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    years = models.PositiveSmallIntegerField(_("number of years"), default=1)
    times = models.PositiveSmallIntegerField(
        _("number of times"), default=1, help_text=_("For a title held a number of times within the years.")
    )
    grading = models.CharField(_("grading at least"), max_length=10, choices=Grading.choices, blank=True)
    share_percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    scope = models.CharField(_("scope of effect at least"), max_length=10, choices=Scope.choices, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    unverified = models.BooleanField(_("figure not yet verified"), default=False)
    history = HistoricalRecords()

    NEEDS_TITLE = {Kind.TITLE_SAME_YEAR, Kind.TITLE_CONSECUTIVE, Kind.TITLE_TIMES, Kind.QUOTA}

    class Meta:
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")
        ordering = ["title__order", "kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="prerequisite_dates"
            ),
            models.CheckConstraint(condition=Q(years__gte=1), name="people_prerequisite_years_positive"),
        ]

    def __str__(self):
        return f"{self.title}: {self.get_kind_display()}"

    def in_force_on(self, day):
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def clean(self):
        super().clean()
        errors = {}
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end date cannot be before the start date.")
        if self.kind in self.NEEDS_TITLE and not self.required_title_id:
            errors["required_title"] = _("This requirement names another title.")
        if self.kind == self.Kind.GRADING and not self.grading:
            errors["grading"] = _("This requirement names a grading.")
        if self.kind == self.Kind.QUOTA and (self.share_percent is None or not 0 < self.share_percent <= 100):
            errors["share_percent"] = _("Give a share between 0 and 100%.")
        if self.required_title_id and self.required_title_id == self.title_id:
            errors["required_title"] = _("A title cannot require itself.")
        errors.update(self._times_and_scope_errors())
        if errors:
            raise ValidationError(errors)

    def _times_and_scope_errors(self):
        errors = {}
        if self.kind == self.Kind.TITLE_TIMES and not 2 <= self.times <= self.years:
            errors["times"] = _("Give at least 2 times and no more times than years.")
        if self.kind != self.Kind.TITLE_TIMES and self.times != 1:
            errors["times"] = _("Only a requirement of a title held a number of times names the times.")
        if self.kind == self.Kind.INITIATIVE and not self.scope:
            errors["scope"] = _("This requirement names the scope of the initiative's effect.")
        if self.kind != self.Kind.INITIATIVE and self.scope:
            errors["scope"] = _("Only an initiative requirement names a scope.")
        return errors


class Initiative(models.Model):
    """Sáng kiến: registered by the unit's officials, assessed by its council or head, and
    recognised by decision with a scope of effect (or refused, or returned to be edited)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for assessment")
        RETURNED = "returned", _("Returned for editing")
        RECOGNISED = "recognised", _("Recognised")
        REJECTED = "rejected", _("Not recognised")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="initiatives")
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name of the initiative"), max_length=255)
    first_applied = models.DateField(_("date first applied"))
    changes = models.TextField(_("what it changes"))
    effect = models.TextField(_("its effect"))
    evidence = models.FileField(
        _("evidence"), upload_to=private_upload_to("initiatives"), validators=[validate_document], blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    scope = models.CharField(_("scope of effect"), max_length=10, choices=Scope.choices, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    return_reason = models.CharField(_("reason for returning"), max_length=500, blank=True)
    history = HistoricalRecords()

    BADGES = {"draft": "secondary", "submitted": "info", "returned": "warning", "recognised": "success",
              "rejected": "danger"}  # fmt: skip

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = [vi_collate("name"), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="recognised")
                | (~Q(scope="") & ~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="recognised_initiative_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="returned_initiative_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(" ".join(self.name.split()))
        super().save(*args, **kwargs)

    @property
    def badge(self):
        return self.BADGES[self.status]


class InitiativeAuthor(models.Model):
    """An author of an initiative and their share of it (tỷ lệ đóng góp)."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="authors"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="initiative_authorships"
    )
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("author of an initiative")
        verbose_name_plural = _("authors of initiatives")
        ordering = ["-share", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "person"],
                name="one_authorship_per_person",
                violation_error_message=_("A person is an author of an initiative only once."),
            ),
            models.CheckConstraint(condition=Q(share__gt=0) & Q(share__lte=100), name="author_share_in_range"),
        ]

    def __str__(self):
        return f"{self.person} — {self.initiative} ({self.share}%)"
