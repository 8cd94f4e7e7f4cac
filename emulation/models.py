"""The sector's emulation structure: clusters, units, yearly membership and
leadership, officials, and the catalogue of titles and commendations."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .text import initials, vi_collate


class User(AbstractUser):
    """A login. Vietnamese names are written family name first, so the full name is
    one field rather than Django's first/last pair."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self):
        return self.full_name or self.get_username()

    def get_short_name(self):
        return self.full_name.rsplit(" ", 1)[-1] if self.full_name else self.get_username()


class YearRangeMixin(models.Model):
    """Rows that apply from a first year to an optional last year (inclusive)."""

    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)

    class Meta:
        abstract = True

    def applies_in(self, year):
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def clean(self):
        super().clean()
        if self.last_year is not None and self.first_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last year cannot be before the first year.")})

    @staticmethod
    def year_range_constraint(name):
        return models.CheckConstraint(
            condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")), name=name
        )


class ClusterQuerySet(models.QuerySet):
    def active_in(self, year):
        return self.filter(first_year__lte=year).filter(Q(last_year__isnull=True) | Q(last_year__gte=year))


class Cluster(YearRangeMixin):
    """Khu vực / Cụm / Khối thi đua: a group of units that compete and vote together."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region (khu vực)")
        CLUSTER = "cluster", _("Cluster (cụm)")
        BLOC = "bloc", _("Bloc (khối)")

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CLUSTER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    document_symbol = models.CharField(
        _("abbreviation in document numbers"),
        max_length=30,
        blank=True,
        help_text=_(
            "What the cluster's documents print after the hyphen, where its practice is its own (e.g. "
            '"KVMNBG" in "15/BC-KVMNBG"). Blank: the documents, issued by the head unit in the cluster\'s '
            "name, carry the head unit's abbreviation (Nghị định 30/2020/NĐ-CP, Điều 8)."
        ),
    )
    history = HistoricalRecords()

    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = [vi_collate("name")]
        constraints = [YearRangeMixin.year_range_constraint("cluster_year_range")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A cluster cannot be its own parent.")})


class Unit(models.Model):
    """Đơn vị: a Sở Tư pháp, a THADS office, a department of the Ministry …"""

    class Type(models.TextChoices):
        JUSTICE_DEPARTMENT = "doj", _("Provincial Department of Justice (Sở Tư pháp)")
        ENFORCEMENT_PROVINCE = "thads", _("Provincial civil judgment enforcement (Cục THADS / THADS tỉnh)")
        ENFORCEMENT_DISTRICT = "thads_district", _("District civil judgment enforcement (Chi cục THADS)")
        DISTRICT_JUSTICE = "district_justice", _("District justice office (Phòng Tư pháp)")
        MINISTRY_UNIT = "ministry_unit", _("Unit under the Ministry")
        MINISTRY = "ministry", _("Ministry of Justice")

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    province = models.CharField(_("province"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("The unit that took over after a merger."),
    )
    active = models.BooleanField(_("active"), default=True)
    is_emulation_office = models.BooleanField(
        _("is the Ministry's emulation office"),
        default=False,
        help_text=_(
            "Its officials are ministry staff for emulation work "
            "(formerly Vụ Thi đua – Khen thưởng, now Vụ Tổ chức cán bộ)."
        ),
    )
    governing_body = models.CharField(
        _("governing body"),
        max_length=255,
        blank=True,
        help_text=_(
            "The body that directly governs the unit (cơ quan chủ quản trực tiếp), printed above the unit's "
            'name on its documents, e.g. "UBND tỉnh Sơn La". Leave blank to derive it from the unit\'s type.'
        ),
    )
    drafting_symbol = models.CharField(
        _("drafting division's abbreviation"),
        max_length=30,
        blank=True,
        help_text=_(
            "The abbreviation of the division that drafts the unit's emulation documents, in the archive "
            'line "Lưu: VT, …" (e.g. VP for the Office). Blank: VP for a Sở Tư pháp or an enforcement '
            "office, else the unit's initials."
        ),
    )
    document_symbol = models.CharField(
        _("abbreviation in document numbers"),
        max_length=30,
        blank=True,
        help_text=_(
            'The abbreviation of the unit\'s name after the hyphen in its document numbers, as in "06/KH-STP" '
            "(Nghị định 30/2020/NĐ-CP, Điều 8). Blank: STP for a Sở Tư pháp, CTHADS for a Cục Thi hành án "
            "dân sự (THADS once it is named Thi hành án dân sự tỉnh), else the initials of the name."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = [vi_collate("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["is_emulation_office"],
                condition=Q(is_emulation_office=True),
                name="one_emulation_office",
                violation_error_message=_("Only one unit can be the Ministry's emulation office."),
            ),
            models.CheckConstraint(condition=~Q(successor=F("pk")), name="unit_not_own_successor"),
        ]

    def __str__(self):
        return self.name

    def symbol(self):
        """The unit's part of its document numbers ("STP" in "06/KH-STP"): the typed
        ``document_symbol``, else by type. A provincial enforcement office's follows its name:
        CTHADS for a "Cục Thi hành án dân sự", THADS for the "Thi hành án dân sự tỉnh" it was
        renamed on 1/7/2025 [verify], so a number never contradicts the name above it."""
        if self.document_symbol:
            return self.document_symbol
        if self.type == self.Type.JUSTICE_DEPARTMENT:
            return "STP"
        if self.type == self.Type.ENFORCEMENT_PROVINCE:
            return "CTHADS" if self.name.startswith("Cục") else "THADS"
        if self.type == self.Type.MINISTRY:
            return "BTP"
        return initials(self.name)

    def governing_body_on(self, when):
        """The upper line of the unit's documents on a date (Nghị định 30/2020/NĐ-CP, Phụ lục I):
        the typed ``governing_body``, else by type — a Sở Tư pháp is governed by the province's
        People's Committee, a provincial enforcement office by the Ministry's enforcement
        directorate of the date (Tổng cục THADS until 30/6/2025, Cục Quản lý THADS from
        1/7/2025, QĐ 1898/QĐ-BTP [verify]), a unit of the Ministry by the Ministry. The Ministry
        itself has none."""
        if self.governing_body:
            return self.governing_body
        if self.type == self.Type.JUSTICE_DEPARTMENT and self.province:
            level = "thành phố" if " thành phố " in f" {self.name} " else "tỉnh"
            return f"UBND {level} {self.province}"
        if self.type == self.Type.ENFORCEMENT_PROVINCE:
            if when and when >= ENFORCEMENT_REORGANISED:
                return "Cục Quản lý Thi hành án dân sự"
            return "Tổng cục Thi hành án dân sự"
        if self.type == self.Type.MINISTRY:
            return ""
        if self.parent_id:
            return self.parent.name
        return "Bộ Tư pháp" if self.type == self.Type.MINISTRY_UNIT else ""


# Tổng cục THADS became Cục Quản lý THADS, the provincial offices one level with regional
# divisions (QĐ 1898/QĐ-BTP of 25/6/2025, from 1/7/2025 [verify against the gazette]).
ENFORCEMENT_REORGANISED = date(2025, 7, 1)


class MembershipQuerySet(models.QuerySet):
    def in_year(self, year):
        return self.filter(year=year)

    def leaders(self):
        return self.exclude(role=Membership.Role.MEMBER)

    def heads(self):
        return self.filter(role=Membership.Role.HEAD)


class Membership(models.Model):
    """A unit's membership of a cluster for one year, with its leadership role.

    Leadership (Trưởng / Phó Trưởng Cụm) is a role on the membership, so a leader is
    a member that year by construction, and "one head per cluster and year" is a
    partial unique index the database enforces.
    """

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        HEAD = "head", _("Head (Trưởng cụm / khu vực)")
        DEPUTY = "deputy", _("Deputy (Phó Trưởng)")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-year", "cluster_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "unit", "year"],
                name="one_membership_per_year",
                violation_error_message=_("This unit is already a member of this cluster in that year."),
            ),
            models.UniqueConstraint(
                fields=["cluster", "year"],
                condition=Q(role="head"),
                name="one_head_per_cluster_year",
                violation_error_message=_("This cluster already has a head for that year."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self):
        return f"{self.unit} — {self.cluster} ({self.year})"

    @property
    def is_leader(self):
        return self.role != self.Role.MEMBER


class Official(models.Model):
    """Cán bộ: a user working for a unit. The unit's head (thủ trưởng) approves and votes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="official"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="officials")
    position = models.CharField(_("position"), max_length=150, blank=True)
    is_unit_head = models.BooleanField(_("is the unit's head"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["unit_id", "-is_unit_head", "user__full_name"]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


class Title(YearRangeMixin):
    """Danh hiệu thi đua / hình thức khen thưởng: the catalogue, with its legal basis.
    Later apps attach rules to it (vote thresholds, quotas, prerequisites)."""

    class Kind(models.TextChoices):
        TITLE = "title", _("Emulation title (danh hiệu thi đua)")
        COMMENDATION = "commendation", _("Form of commendation (hình thức khen thưởng)")

    class Level(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        COLLECTIVE = "collective", _("Collective")
        BOTH = "both", _("Individual or collective")

    class DecidedBy(models.TextChoices):
        """Who confers it: a dossier goes up only to the authority of the titles it proposes."""

        UNIT = "unit", _("The head of the unit")
        MINISTRY = "ministry", _("The Minister of Justice")
        PRIME_MINISTER = "prime_minister", _("The Prime Minister")
        PRESIDENT = "president", _("The President")

    name = models.CharField(_("name"), max_length=255)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    authority = models.CharField(_("awarding authority"), max_length=255)
    decided_by = models.CharField(
        _("decided by"),
        max_length=15,
        choices=DecidedBy.choices,
        blank=True,
        help_text=_("Left empty, the title may be proposed in a dossier to any authority."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    criteria = models.TextField(_("criteria"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("title or commendation")
        verbose_name_plural = _("titles and commendations")
        ordering = ["order", "name"]
        constraints = [
            YearRangeMixin.year_range_constraint("title_year_range"),
            models.UniqueConstraint(fields=["name", "first_year"], name="title_name_first_year"),
        ]

    def __str__(self):
        return self.name

    @staticmethod
    def decided_by_of(authority):
        """The ``DecidedBy`` value the catalogue's authority text names, or ""."""
        text = (authority or "").strip().casefold()
        for prefix, value in AUTHORITY_PREFIXES:
            if text.startswith(prefix):
                return value
        return ""


AUTHORITY_PREFIXES = [
    ("thủ trưởng", Title.DecidedBy.UNIT),
    ("bộ trưởng", Title.DecidedBy.MINISTRY),
    ("thủ tướng", Title.DecidedBy.PRIME_MINISTER),
    ("chủ tịch nước", Title.DecidedBy.PRESIDENT),
]


from .figures import ReportedFigure  # noqa: E402, F401 (a model of this app, in its own module)
