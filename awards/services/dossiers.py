"""Award dossiers (hồ sơ đề nghị khen thưởng): prepared by a unit, sent to the level that
manages it (or straight to the Ministry), forwarded, received by the emulation office with an
officer in charge, checked line by line, put to the council and decided (for an award of the
Prime Minister or the President: sent up by the Ministry, then decided with the outcome received
back); returned for correction with a reason from every review step. Each verb locks the dossier and asks
``transitions.DOSSIER``; history is written with ``by`` as the author."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.concurrency import check_version
from emulation.models import Title, Unit
from emulation.permissions import heads_cluster, is_ministry_staff, unit_id_of
from emulation.services import save_with_history
from emulation.text import nfc
from schedule import queries as calendar

from .. import checklist
from ..models import Dossier, DossierDocument, DossierLine
from ..permissions import require
from ..queries import dossier_deadline
from ..transitions import DOSSIER


def lock_dossier(dossier):
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("unit__parent", "holder", "cluster")
        .get(pk=dossier.pk)
    )


def _office():
    office = Unit.objects.filter(is_emulation_office=True).first()
    if office is None:
        raise ValidationError(_("No unit is marked as the Ministry's emulation office."))
    return office


def managing_level(dossier):
    """The unit a dossier goes to before the Ministry: the unit's parent, unless the parent is
    the Ministry itself or the dossier comes from a cluster head (which sends straight up)."""
    parent = dossier.unit.parent
    if dossier.cluster_id or parent is None or parent.type == Unit.Type.MINISTRY or parent.is_emulation_office:
        return None
    return parent


@transaction.atomic
def create_dossier(unit, year, level, by, *, cluster=None, subject=""):
    """A dossier of the user's own unit (or of the cluster their unit heads that year)."""
    require(by, "awards.create_dossier")
    if unit_id_of(by) != unit.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    if cluster is not None and not heads_cluster(by, cluster.pk, year):
        raise PermissionDenied(_("You are not allowed to do this."))
    dossier = Dossier(
        unit=unit, cluster=cluster, year=year, level=level, subject=nfc(subject.strip()), holder=unit, created_by=by
    )
    dossier.full_clean()
    save_with_history(dossier, by)
    return dossier


@transaction.atomic
def update_dossier(dossier, by, *, subject, level, expected_version=None):
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "edit", by)
    check_version(locked, expected_version)
    if level != locked.level:
        for line in locked.lines.select_related("title"):
            _check_authority(line.title, level)
    locked.subject, locked.level = nfc(subject.strip()), level
    save_with_history(locked, by)
    return locked


def _check_authority(title, level):
    if message := checklist.wrong_authority(title, level):
        raise ValidationError(message)


@transaction.atomic
def add_line(dossier, by, *, title, person=None, unit=None, position="", achievement_summary=""):
    """A recipient: a person of the registry or a unit, with the title proposed."""
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "edit", by)
    wrong_level = Title.Level.COLLECTIVE if person is not None else Title.Level.INDIVIDUAL
    if title.level == wrong_level:
        raise ValidationError(_("%(title)s is not awarded to this kind of recipient.") % {"title": title})
    _check_authority(title, locked.level)
    line = DossierLine(
        dossier=locked,
        person=person,
        unit=unit,
        title=title,
        position=nfc(position.strip()),
        achievement_summary=nfc(achievement_summary),
    )
    line.full_clean()
    save_with_history(line, by)
    return line


@transaction.atomic
def update_line(line, by, *, achievement_summary, position=None):
    DOSSIER.check(lock_dossier(line.dossier), "edit", by)
    line = DossierLine.objects.select_for_update().get(pk=line.pk)
    line.achievement_summary = nfc(achievement_summary)
    if position is not None:
        line.position = nfc(position.strip())
    save_with_history(line, by)
    return line


@transaction.atomic
def remove_line(line, by):
    DOSSIER.check(lock_dossier(line.dossier), "edit", by)
    line._history_user = by
    line.delete()


@transaction.atomic
def attach_document(dossier, by, *, kind, uploaded, line=None, description=""):
    """A typed document (PDF, JPEG or PNG, checked by its content) of the dossier or of a recipient."""
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "edit", by)
    if line is not None and line.dossier_id != locked.pk:
        raise ValidationError(_("This recipient is not in the dossier."))
    document = DossierDocument(
        dossier=locked,
        line=line,
        kind=kind,
        description=nfc((description or "").strip()),
        file=uploaded,
        original_name=uploaded.name[:255],
        uploaded_by=by,
    )
    document.full_clean()
    save_with_history(document, by)
    return document


@transaction.atomic
def remove_document(document, by):
    DOSSIER.check(lock_dossier(document.dossier), "edit", by)
    document._history_user = by
    document.delete()


@transaction.atomic
def submit_dossier(dossier, by, expected_version=None):
    """Send the dossier up: refused, naming each, while a required document is missing, a
    recipient has no achievement summary or does not meet the title's prerequisites."""
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "submit", by)
    check_version(locked, expected_version)
    lines = list(locked.lines.select_related("person", "unit", "title"))
    problems = checklist.problems(locked, lines, list(locked.documents.all()), timezone.localdate())
    if problems:
        raise ValidationError(problems)
    reviewer = managing_level(locked)
    DOSSIER.move(locked, "submit")
    locked.reviewer, locked.holder = reviewer, reviewer
    if reviewer is None:
        _to_ministry(locked)
    locked.return_reason, locked.submitted_at = "", timezone.now()
    save_with_history(locked, by)
    return locked


@transaction.atomic
def forward_dossier(dossier, by, expected_version=None):
    """The managing level sends the dossier on to the Ministry's emulation office."""
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "forward", by)
    check_version(locked, expected_version)
    DOSSIER.move(locked, "forward")
    _to_ministry(locked)
    save_with_history(locked, by)
    return locked


def _to_ministry(locked):
    """The dossier goes to the emulation office. The first time, it is checked against the
    calendar's date for dossiers: recorded late, or refused where the step accepts no late work
    (a dossier sent back for correction and sent again is not late again)."""
    if locked.sent_to_ministry_at is None:
        locked.is_late = calendar.late_or_refuse(dossier_deadline(locked))
        locked.sent_to_ministry_at = timezone.now()
    locked.holder = _office()


def _check_officer(officer):
    if officer is None or not is_ministry_staff(officer):
        raise ValidationError(_("The officer in charge must be on the staff of the emulation office."))


@transaction.atomic
def receive_dossier(dossier, by, *, officer=None, due_date=None, expected_version=None):
    """The office receives the dossier; the officer in charge (by default the receiver) checks it."""
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "receive", by)
    check_version(locked, expected_version)
    officer = officer or by
    _check_officer(officer)
    DOSSIER.move(locked, "receive")
    locked.officer, locked.due_date = officer, due_date or locked.due_date
    save_with_history(locked, by)
    return locked


@transaction.atomic
def assign_officer(dossier, by, officer, *, due_date=None, expected_version=None):
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "assign", by)
    check_version(locked, expected_version)
    _check_officer(officer)
    locked.officer, locked.due_date = officer, due_date or locked.due_date
    save_with_history(locked, by)
    return locked


@transaction.atomic
def record_verdict(line, by, verdict, reason=""):
    """The officer's verdict on one recipient: eligible, or not with the reason."""
    DOSSIER.check(lock_dossier(line.dossier), "verdict", by)
    line = DossierLine.objects.select_for_update().get(pk=line.pk)
    reason = nfc((reason or "").strip())
    if verdict not in (DossierLine.Verdict.ELIGIBLE, DossierLine.Verdict.NOT_ELIGIBLE):
        raise ValidationError(_("Choose eligible or not eligible."))
    if verdict == DossierLine.Verdict.NOT_ELIGIBLE and not reason:
        raise ValidationError(_("Give the reason why the recipient is not eligible."))
    line.verdict, line.verdict_reason = verdict, reason
    save_with_history(line, by)
    return line


@transaction.atomic
def finish_check(dossier, by, expected_version=None):
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "finish_check", by)
    check_version(locked, expected_version)
    pending = [str(line.recipient) for line in locked.lines.filter(verdict="").select_related("person", "unit")]
    if pending:
        raise ValidationError(_("Record a verdict for: %(names)s.") % {"names": ", ".join(pending)})
    DOSSIER.move(locked, "finish_check")
    save_with_history(locked, by)
    return locked


@transaction.atomic
def send_to_council(dossier, by, expected_version=None):
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "to_council", by)
    check_version(locked, expected_version)
    DOSSIER.move(locked, "to_council")
    save_with_history(locked, by)
    return locked


@transaction.atomic
def send_up_dossier(dossier, by, *, number, date, expected_version=None):
    """For an award of the Prime Minister or the President: the Ministry's submission (tờ
    trình ``number`` of ``date``) sends the dossier up after the council. The office keeps it
    (it follows it up and records the outcome); the higher level's refusals of an earlier
    sending are cleared, the outcome being awaited afresh."""
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "send_up", by)
    check_version(locked, expected_version)
    number = nfc((number or "").strip())
    if not number or date is None:
        raise ValidationError(_("Enter the number and the date of the Ministry's submission."))
    DOSSIER.move(locked, "send_up")
    locked.sent_up_number, locked.sent_up_on = number, date
    save_with_history(locked, by)
    for line in locked.lines.filter(not_awarded=True):
        line.not_awarded, line.not_awarded_reason = False, ""
        save_with_history(line, by)
    return locked


@transaction.atomic
def record_outcome(line, by, *, awarded, reason=""):
    """The outcome received back for one recipient of a dossier sent up: awarded, or not
    awarded by the higher level with the reason it gave (the decision's annex leaves it out).
    Recorded before the decision is drafted from the dossier."""
    locked = lock_dossier(line.dossier)
    DOSSIER.check(locked, "outcome", by)
    line = DossierLine.objects.select_for_update().get(pk=line.pk)
    reason = nfc((reason or "").strip())
    if not awarded and not reason:
        raise ValidationError(_("Give the reason the higher level gave for not awarding."))
    if locked.decisions.exists():
        raise ValidationError(
            _("A decision is already drafted from this dossier: delete the draft to change the outcome.")
        )
    line.not_awarded, line.not_awarded_reason = (False, "") if awarded else (True, reason)
    save_with_history(line, by)
    return line


@transaction.atomic
def decide_dossier(dossier, by, *, decision_number, decision_date, expected_version=None):
    """Record the decision that closes the dossier: the Minister's, after the council; for an
    award of the Prime Minister or the President, theirs, once the dossier is sent up."""
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "decide", by)
    check_version(locked, expected_version)
    decision_number = (decision_number or "").strip()
    if not decision_number or decision_date is None:
        raise ValidationError(_("Enter the decision's number and date."))
    DOSSIER.move(locked, "decide")
    locked.decision_number, locked.decision_date, locked.holder = decision_number, decision_date, None
    save_with_history(locked, by)
    return locked


@transaction.atomic
def close_dossier(dossier, by, reason, expected_version=None):
    """The end of a dossier from which no one is awarded (every recipient refused along the way),
    with the reason; the proposing unit sees it closed instead of waiting on a decision."""
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "close", by)
    check_version(locked, expected_version)
    reason = nfc((reason or "").strip())
    if not reason:
        raise ValidationError(_("Say why the dossier ends with nothing awarded."))
    DOSSIER.move(locked, "close")
    locked.holder, locked.closing_reason = None, reason
    save_with_history(locked, by)
    return locked


@transaction.atomic
def return_dossier(dossier, by, reason, expected_version=None):
    """Back to the proposing unit for correction, with the reason (kept in the history)."""
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "return", by)
    check_version(locked, expected_version)
    reason = nfc((reason or "").strip())
    if not reason:
        raise ValidationError(_("Say why the dossier is returned."))
    DOSSIER.move(locked, "return")
    locked.holder, locked.return_reason = locked.unit, reason
    save_with_history(locked, by)
    return locked
