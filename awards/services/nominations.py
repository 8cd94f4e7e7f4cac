"""Nominations (đề nghị khen thưởng): from a published vote or direct, the achievement
summary and attachments, submitted to the Ministry, approved (writing the award
history) or rejected. Each verb locks the nomination and asks ``transitions.NOMINATION``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.concurrency import check_version
from emulation.services import save_with_history
from emulation.text import nfc

from .. import queries
from ..models import Attachment, AwardRecord, Nomination, TitleRule
from ..permissions import require
from ..transitions import NOMINATION, VOTE
from .votes import lock_vote


@transaction.atomic
def create_nomination(title, year, unit, by, *, person_name="", achievement_summary="", vote=None):
    """A nomination: from a published vote's winners (by the cluster head's staff), or
    directly (by the unit's officials or ministry staff) for a title without a vote."""
    person_name = nfc((person_name or "").strip())
    if vote is not None:
        vote = lock_vote(vote)
        VOTE.check(vote, "nominate", by)
        if unit not in queries.final_winners(vote):
            raise ValidationError(_("%(unit)s was not chosen in this vote.") % {"unit": unit})
        title, year, cluster = vote.title, vote.year, vote.cluster
    else:
        cluster = None
        nomination = Nomination(title=title, year=year, unit=unit)
        require(by, "awards.edit_nomination", nomination)
        rule = TitleRule.for_title(title, year)
        if rule is not None and rule.chosen_by_vote:
            raise ValidationError(
                _("%(title)s is chosen by a cluster vote: nominate from the vote's published result.")
                % {"title": title}
            )
    if (
        Nomination.objects.filter(title=title, year=year, unit=unit, person_name=person_name)
        .exclude(state=Nomination.State.REJECTED)
        .exists()
    ):
        raise ValidationError(_("This unit is already nominated for this title in that year."))
    nomination = Nomination(
        title=title,
        year=year,
        unit=unit,
        person_name=person_name,
        cluster=cluster,
        vote=vote,
        achievement_summary=nfc(achievement_summary or ""),
        created_by=by,
    )
    save_with_history(nomination, by)
    return nomination


def nominate_from_vote(vote, by):
    """Draft nominations for every unit the published vote chose (runoffs included)
    that is not nominated yet. Returns the new nominations."""
    created = []
    with transaction.atomic():
        root = lock_vote(vote.root)
        VOTE.check(root, "nominate", by)
        existing = set(
            Nomination.objects.filter(vote=root)
            .exclude(state=Nomination.State.REJECTED)
            .values_list("unit_id", flat=True)
        )
        for unit in queries.final_winners(root):
            if unit.pk not in existing:
                created.append(create_nomination(root.title, root.year, unit, by, vote=root))
    return created


def _lock_nomination(nomination):
    return Nomination.objects.select_for_update().select_related("title", "unit").get(pk=nomination.pk)


@transaction.atomic
def update_nomination(nomination, by, *, achievement_summary, person_name=None, expected_version=None):
    locked = _lock_nomination(nomination)
    NOMINATION.check(locked, "edit", by)
    check_version(locked, expected_version)
    locked.achievement_summary = achievement_summary
    if person_name is not None:
        locked.person_name = person_name.strip()
    save_with_history(locked, by)
    return locked


@transaction.atomic
def add_attachment(nomination, by, *, uploaded, description):
    """Attach a document (PDF, JPEG or PNG, checked by its content) to a draft."""
    locked = _lock_nomination(nomination)
    NOMINATION.check(locked, "edit", by)
    attachment = Attachment(
        nomination=locked,
        description=(description or "").strip() or uploaded.name,
        file=uploaded,
        original_name=uploaded.name[:255],
        uploaded_by=by,
    )
    attachment.full_clean()
    save_with_history(attachment, by)
    return attachment


@transaction.atomic
def remove_attachment(attachment, by):
    locked = _lock_nomination(attachment.nomination)
    NOMINATION.check(locked, "edit", by)
    attachment._history_user = by
    attachment.delete()


@transaction.atomic
def submit_nomination(nomination, by, expected_version=None):
    """Send a draft to the Ministry: it needs the achievement summary, and the unit must
    meet the title's prerequisites according to the award history."""
    locked = _lock_nomination(nomination)
    NOMINATION.check(locked, "submit", by)
    check_version(locked, expected_version)
    if not locked.achievement_summary.strip():
        raise ValidationError(_("Write the achievement summary before submitting."))
    rule = TitleRule.for_title(locked.title, locked.year)
    if rule is not None:
        unmet = queries.unmet_prerequisites(rule, [locked.unit_id], locked.year, locked.person_name).get(locked.unit_id)
        if unmet:
            raise ValidationError(prerequisite_messages(unmet, locked.year))
    NOMINATION.move(locked, "submit")
    locked.submitted_at = timezone.now()
    save_with_history(locked, by)
    return locked


def prerequisite_messages(unmet, year):
    return [prerequisite.message(missing, year) for prerequisite, missing in unmet]


def _decide(nomination, by, action, decision_number, decision_date, note, expected_version):
    locked = _lock_nomination(nomination)
    NOMINATION.check(locked, action, by)
    check_version(locked, expected_version)
    decision_number = (decision_number or "").strip()
    if not decision_number or decision_date is None:
        raise ValidationError(_("Enter the decision's number and date."))
    NOMINATION.move(locked, action)
    locked.decision_number, locked.decision_date, locked.decision_note = decision_number, decision_date, note or ""
    locked.decided_at = timezone.now()
    save_with_history(locked, by)
    return locked


@transaction.atomic
def approve_nomination(nomination, by, *, decision_number, decision_date, note="", expected_version=None):
    """Approve with the decision's number and date; writes the award history."""
    locked = _decide(nomination, by, "approve", decision_number, decision_date, note, expected_version)
    record = AwardRecord.objects.filter(
        title=locked.title, year=locked.year, unit=locked.unit, person_name=locked.person_name
    ).first()
    if record is None:
        record = AwardRecord(title=locked.title, year=locked.year, unit=locked.unit, person_name=locked.person_name)
    record.decision_number, record.decision_date = locked.decision_number, locked.decision_date
    record.source, record.nomination = AwardRecord.Source.NOMINATION, locked
    save_with_history(record, by)
    return locked


@transaction.atomic
def reject_nomination(nomination, by, *, decision_number, decision_date, note="", expected_version=None):
    return _decide(nomination, by, "reject", decision_number, decision_date, note, expected_version)
