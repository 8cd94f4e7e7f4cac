"""The sector council (Hội đồng thi đua – khen thưởng ngành): its sessions, each with an agenda
of dossiers before the council, and the rule data saying which titles it votes on by secret
ballot and with what threshold of its whole membership.

The council's members for a year are the ``people.CouncilMember`` rows of the Ministry (the
unit of type ``ministry``). Opening a session puts a secret ballot, one ``Vote`` per title,
to the members through the ballot engine of ``awards`` (the same sealing, receipts and
counting as a cluster's votes); the candidates are the dossiers' eligible recipients.

Imported by ``awards.models``; the states are ``transitions.COUNCIL_SESSION``, the verbs are
``services.council``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.concurrency import Versioned
from emulation.models import Title, Unit
from people.models import CouncilMember

from .decisions import DatedRule
from .dossiers import AwardLevel, Dossier

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class CouncilBody(models.TextChoices):
    """Which council a ballot rule or a session is of: the sector's, or a unit's own."""

    SECTOR = "sector", _("The sector council")
    UNIT = "unit", _("A unit's council")


class CouncilRule(DatedRule):
    """That a council votes on a title (or every title) of a level (or any level) by secret
    ballot: the quorum and the threshold, both shares of the whole membership, and whether
    absent members may vote in writing. ``body`` says which council: the sector council on the
    dossiers before it, or every unit's council (Hội đồng thi đua – khen thưởng cơ sở) on the
    titles its unit proposes for its staff (``unit_council``; ``level`` does not apply there)."""

    body = models.CharField(
        _("council"), max_length=10, choices=CouncilBody.choices, default=CouncilBody.SECTOR, db_index=True
    )
    title = models.ForeignKey(
        Title,
        verbose_name=_("title"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="council_rules",
        help_text=_("Empty: every title."),
    )
    level = models.CharField(
        _("award decided by"), max_length=15, choices=AwardLevel.choices, blank=True, help_text=_("Empty: any level.")
    )
    quorum_percent = models.DecimalField(
        _("quorum: percent of the members present"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    threshold_percent = models.DecimalField(
        _("threshold: percent of the whole membership"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    threshold_inclusive = models.BooleanField(
        _("reaching the threshold exactly passes"),
        default=True,
        help_text=_(
            "Ticked: at least the threshold (≥). Not ticked: more than the threshold (>), e.g. more than half."
        ),
    )
    written_votes = models.BooleanField(_("absent members may vote in writing"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council ballot rule")
        verbose_name_plural = _("council ballot rules")
        ordering = ["body", "title__order", "level", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="council_rule_dates"
            ),
        ]

    def __str__(self):
        sign = "≥" if self.threshold_inclusive else ">"
        return f"{self.title or _('every title')} — {sign}{self.threshold_percent}%"

    def applies_to(self, level, title_id):
        return (not self.level or self.level == level) and (not self.title_id or self.title_id == title_id)


class CouncilSession(Versioned):
    """Phiên họp Hội đồng: a meeting of the sector council on an agenda of dossiers, or (with
    ``unit``) of a unit's council on the titles the unit proposes for its staff that year.
    Opening it marks who is present and opens a secret ballot per title; closing it counts them."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        VOTING = "voting", _("Voting")
        CLOSED = "closed", _("Closed and counted")

    BADGES = {State.DRAFT: "text-bg-secondary", State.VOTING: "text-bg-primary", State.CLOSED: "text-bg-success"}

    # A unit's council (Hội đồng thi đua – khen thưởng cơ sở) instead of the sector's: its
    # candidates are the unit's proposed titles of the year, its voters the unit's council seats.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_sessions",
        help_text=_("Empty: a session of the sector council."),
    )
    year = models.PositiveSmallIntegerField(_("award round (year)"), db_index=True)
    meeting_date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    dossiers = models.ManyToManyField(Dossier, verbose_name=_("agenda"), related_name="council_sessions", blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["-meeting_date", "-pk"]

    def __str__(self):
        return _("Council session of %(date)s") % {"date": self.meeting_date.strftime("%d/%m/%Y")}

    @property
    def body(self):
        """Whose council meets: the sector's, or the unit's."""
        if self.unit_id:
            return _("Emulation and Commendation Council of %(unit)s") % {"unit": self.unit}
        return _("Emulation and Commendation Council of the sector")

    @property
    def badge(self):
        return self.BADGES.get(self.state, "text-bg-light border")


def council_members(year):
    """The sector council's members in ``year``: the Ministry's council rows, with their officials."""
    return list(
        CouncilMember.objects.seated_in(year)
        .filter(unit__type=Unit.Type.MINISTRY)
        .select_related("user__official__unit")
        .order_by("pk")
    )


def session_members(session):
    """The members of the session's council in its year: the sector's, or the unit's seats."""
    if not session.unit_id:
        return council_members(session.year)
    seats = CouncilMember.objects.seated_in(session.year).filter(unit_id=session.unit_id)
    return list(seats.select_related("user__official__unit").order_by("pk"))


def sector_rules(day):
    return CouncilRule.objects.in_force_on(day).filter(body=CouncilBody.SECTOR)


def rule_for(level, title_id, day):
    """The council ballot rule in force on ``day`` for a title of a level (the most specific), or None."""
    matching = [rule for rule in sector_rules(day) if rule.applies_to(level, title_id)]
    return max(matching, key=lambda rule: (bool(rule.title_id), bool(rule.level), rule.valid_from), default=None)


def lines_needing_ballot(dossier, day=None):
    """The dossier's eligible recipients that the council votes on by secret ballot."""
    day = day or timezone.localdate()
    rules = list(sector_rules(day))
    eligible = dossier.lines.filter(verdict="eligible").select_related("person", "unit", "title")
    return [line for line in eligible if any(rule.applies_to(dossier.level, line.title_id) for rule in rules)]


def council_pending(dossier, day=None):
    """Why the dossier cannot be decided yet because of the council (its session is under way,
    or a recipient it must vote on has not been voted on), or None."""
    unfinished = dossier.council_sessions.exclude(state=CouncilSession.State.CLOSED).first()
    if unfinished is not None:
        return gettext("The dossier is on the agenda of the %(session)s, which is not closed yet.") % {
            "session": unfinished
        }
    counted = set(
        dossier.lines.filter(
            council_candidacies__vote__state__in=["closed", "published"], council_candidacies__vote__runoff_of=None
        ).values_list("pk", flat=True)
    )
    missing = [line for line in lines_needing_ballot(dossier, day) if line.pk not in counted]
    if missing:
        return gettext("The sector council must vote by secret ballot on %(names)s before the decision.") % {
            "names": ", ".join(str(line.recipient) for line in missing)
        }
    return None
