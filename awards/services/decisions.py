"""The decisions register (quyết định khen thưởng): a draft is made from dossiers before the
council (their eligible lines become its annex), issued with its number, date and signer
(writing each recipient's award record and closing the dossiers), and ended only by a later
decision that names it — a revocation (thu hồi) or a correction (đính chính). Each verb locks
what it checks and asks ``transitions.DECISION`` (and ``DOSSIER`` for the dossiers)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.concurrency import check_version
from emulation.services import save_with_history
from emulation.text import nfc

from ..models import AwardRecord, BaseSalary, Decision, DecisionBasis, DecisionLine, Dossier, DossierLine, RewardAmount
from ..permissions import require
from ..transitions import DECISION, DOSSIER


def lock_decision(decision):
    return Decision.objects.select_for_update(of=("self",)).get(pk=decision.pk)


def _lock_dossiers(dossiers):
    ids = sorted({dossier.pk for dossier in dossiers})
    return list(
        Dossier.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("unit").order_by("pk")
    )


def _same(values, message):
    if len(set(values)) != 1:
        raise ValidationError(message)
    return values[0]


def _apply_basis(decision, day, required):
    """Copy what the rule row in force on ``day`` says: grounds, issuing body, office, symbol."""
    basis = DecisionBasis.for_date(decision.level, day)
    if basis is None:
        if required:
            raise ValidationError(
                _("No legal basis of decisions is in force on %(date)s: add one in the rules.")
                % {"date": day.strftime("%d/%m/%Y")}
            )
        return
    decision.basis, decision.grounds = basis, basis.grounds
    decision.issuing_body, decision.office, decision.symbol = basis.issuing_body, basis.office, basis.symbol


def reward_for(title, is_person, day):
    """(amount, rule) the rules give a recipient of ``title`` on ``day``, or (None, None)."""
    recipient = RewardAmount.Recipient.PERSON if is_person else RewardAmount.Recipient.UNIT
    rule = (
        RewardAmount.objects.in_force_on(day).filter(title=title, recipient=recipient).order_by("-valid_from").first()
    )
    salary = BaseSalary.objects.in_force_on(day).order_by("-valid_from").first()
    if rule is None or salary is None:
        return None, None
    return rule.amount(salary.amount), rule


def _price(lines, day):
    for line in lines:
        line.amount, line.reward_rule = reward_for(line.title, line.is_person, day)


def _line_from(dossier_line, order):
    person = dossier_line.person
    dossier = dossier_line.dossier
    return DecisionLine(
        order=order,
        person=person,
        unit=dossier.unit if person is not None else dossier_line.unit,
        name=person.full_name if person is not None else dossier_line.unit.name,
        position=dossier_line.position,
        title=dossier_line.title,
        dossier_line=dossier_line,
    )


def _live_decision_of(dossiers):
    live = Decision.objects.filter(dossiers__in=dossiers, state__in=[Decision.State.DRAFT, Decision.State.ISSUED])
    return live.first()


@transaction.atomic
def draft_decision(dossiers, by, *, subject="", date=None):
    """A draft decision whose annex is the eligible lines of ``dossiers`` (before the council,
    of one award round and one level)."""
    require(by, "awards.manage_decisions")
    locked = _lock_dossiers(dossiers)
    if not locked:
        raise ValidationError(_("Choose the dossiers the decision decides."))
    for dossier in locked:
        DOSSIER.check(dossier, "decide", by)  # names the state of a dossier not before the council
    year = _same([d.year for d in locked], _("The dossiers of one decision are of one award round."))
    level = _same([d.level for d in locked], _("The dossiers of one decision are decided at one level."))
    taken = _live_decision_of(locked)
    if taken is not None:
        raise ValidationError(_("A dossier is already in %(decision)s.") % {"decision": taken})
    eligible = list(
        DossierLine.objects.filter(dossier__in=locked, verdict=DossierLine.Verdict.ELIGIBLE)
        .exclude(council_candidacies__passed=False)  # the council's secret ballot did not carry it
        .exclude(not_awarded=True)  # refused by the Prime Minister or the President
        .select_related("person", "unit", "title", "dossier__unit")
        .order_by("title__order", "dossier_id", "pk")
    )
    if not eligible:
        raise ValidationError(_("No recipient of these dossiers was found eligible."))
    day = date or timezone.localdate()
    decision = Decision(year=year, level=level, subject=nfc(subject.strip()), date=date, created_by=by)
    _apply_basis(decision, day, required=False)
    save_with_history(decision, by)
    decision.dossiers.set(locked)
    lines = [_line_from(line, order) for order, line in enumerate(eligible, start=1)]
    _price(lines, day)
    for line in lines:
        line.decision = decision
        save_with_history(line, by)
    return decision


@transaction.atomic
def update_decision(decision, by, *, subject, copies_to="", expected_version=None):
    locked = lock_decision(decision)
    DECISION.check(locked, "edit", by)
    check_version(locked, expected_version)
    locked.subject, locked.copies_to = nfc(subject.strip()), nfc(copies_to.strip())
    save_with_history(locked, by)
    return locked


@transaction.atomic
def update_decision_line(line, by, *, name, position, amount):
    """Correct a line of a draft: the name and position as printed, the reward."""
    DECISION.check(lock_decision(line.decision), "edit", by)
    line = DecisionLine.objects.select_for_update().get(pk=line.pk)
    if amount != line.amount:  # typed by hand: no longer the rule's figure
        line.reward_rule = None
    line.name, line.position, line.amount = nfc(name.strip()), nfc(position.strip()), amount
    line.full_clean()
    save_with_history(line, by)
    return line


@transaction.atomic
def remove_decision_line(line, by):
    DECISION.check(lock_decision(line.decision), "edit", by)
    line._history_user = by
    line.delete()


@transaction.atomic
def delete_decision(decision, by):
    """A draft that will not be issued (its dossiers stay before the council)."""
    locked = lock_decision(decision)
    DECISION.check(locked, "delete", by)
    for line in locked.lines.all():
        line._history_user = by
        line.delete()
    locked._history_user = by
    locked.delete()


def _draft_after(earlier, by, key, subject, reason):
    decision = Decision(
        year=earlier.year,
        level=earlier.level,
        subject=nfc(subject.strip()),
        reason=nfc(reason.strip()),
        created_by=by,
        **{key: earlier},
    )
    _apply_basis(decision, timezone.localdate(), required=False)
    save_with_history(decision, by)
    decision.dossiers.set(earlier.dossiers.all())
    return decision


def _copy_lines(decision, lines, by):
    for order, old in enumerate(lines, start=1):
        line = DecisionLine(
            decision=decision,
            order=order,
            person=old.person,
            unit=old.unit,
            name=old.name,
            position=old.position,
            title=old.title,
            amount=old.amount,
            reward_rule=old.reward_rule,
            dossier_line=old.dossier_line,
            supersedes=old,
        )
        save_with_history(line, by)


def _reason(reason):
    reason = nfc((reason or "").strip())
    if not reason:
        raise ValidationError(_("Say why the earlier decision is revoked or corrected."))
    return reason


@transaction.atomic
def draft_revocation(decision, by, *, reason, lines=None, subject=""):
    """A draft decision revoking ``decision`` (thu hồi), whole or for some of its lines."""
    earlier = lock_decision(decision)
    DECISION.check(earlier, "revoke", by)
    reason = _reason(reason)
    issued = Decision.State.ISSUED
    revoked = list(earlier.lines.exclude(superseded_by__decision__state=issued).order_by("order", "pk"))
    if lines is not None:
        wanted = {line.pk for line in lines}
        revoked = [line for line in revoked if line.pk in wanted]
        if not revoked:
            raise ValidationError(_("Choose the lines of the decision to revoke."))
    subject = subject or _("Revoking decision %(reference)s") % {"reference": earlier.reference}
    revocation = _draft_after(earlier, by, "revokes", subject, reason)
    _copy_lines(revocation, revoked, by)
    return revocation


@transaction.atomic
def draft_correction(decision, by, *, reason, subject=""):
    """A draft decision correcting ``decision`` (đính chính): its annex starts as a copy of the
    earlier one's and is corrected before it is issued; issuing it replaces the earlier one."""
    earlier = lock_decision(decision)
    DECISION.check(earlier, "correct", by)
    reason = _reason(reason)
    subject = subject or _("Correcting decision %(reference)s") % {"reference": earlier.reference}
    correction = _draft_after(earlier, by, "corrects", subject, reason)
    _copy_lines(correction, earlier.lines.order_by("order", "pk"), by)
    return correction


def _remove_record(line, by):
    record = AwardRecord.objects.filter(decision_line=line).first()
    if record is not None:
        record._history_user = by
        record.delete()


def _write_record(decision, line, by):
    key = {
        "title": line.title,
        "year": decision.year,
        "unit": line.unit,
        "person_name": line.name if line.is_person else "",
    }
    record = AwardRecord.objects.filter(**key).first() or AwardRecord(**key)
    if record.decision_line_id and record.decision_line_id != line.pk:
        raise ValidationError(
            _("%(recipient)s already holds %(title)s for %(year)s by another decision.")
            % {"recipient": line.name, "title": line.title, "year": decision.year}
        )
    record.decision_number, record.decision_date = decision.reference, decision.date
    record.source, record.decision_line, record.person = AwardRecord.Source.DECISION, line, line.person
    record.category = line.category
    save_with_history(record, by)


def _end_earlier(decision, by):
    """Revoke or correct the earlier decision this one names; remove the award records it ends."""
    action = "revoke" if decision.revokes_id else "correct"
    earlier = lock_decision(decision.earlier)
    DECISION.check(earlier, action, by)
    ended = [line.supersedes for line in decision.lines.select_related("supersedes") if line.supersedes_id]
    if action == "correct":
        ended = list(earlier.lines.all())
    for line in ended:
        _remove_record(line, by)
    whole = {line.pk for line in ended} >= set(earlier.lines.values_list("pk", flat=True))
    if whole:
        DECISION.move(earlier, action)
        save_with_history(earlier, by)


def _close_dossiers(decision, by):
    for dossier in _lock_dossiers(decision.dossiers.all()):
        DOSSIER.check(dossier, "decide", by)
        DOSSIER.move(dossier, "decide")
        dossier.decision_number, dossier.decision_date, dossier.holder = decision.reference, decision.date, None
        save_with_history(dossier, by)


def _check_issue(decision, number, date, signer_name, signer_position):
    if not number or date is None:
        raise ValidationError(_("Enter the decision's number and date."))
    if not signer_name or not signer_position:
        raise ValidationError(_("Enter who signs the decision and their position."))
    if not decision.revokes_id and not decision.lines.exists():
        raise ValidationError(_("The decision's annex is empty."))
    if decision.earlier is not None and decision.earlier.date and date < decision.earlier.date:
        raise ValidationError(_("A decision cannot be dated before the decision it revokes or corrects."))


@transaction.atomic
def issue_decision(
    decision, by, *, number, date, signer_name, signer_position, signing_capacity="", expected_version=None
):
    """Ban hành: number, date and signer; the grounds and the rewards in force on that date;
    every recipient's award record written (or, for a revocation, removed); the dossiers decided;
    the decision it revokes or corrects ended."""
    locked = lock_decision(decision)
    DECISION.check(locked, "issue", by)
    check_version(locked, expected_version)
    number, signer_name, signer_position = (nfc((v or "").strip()) for v in (number, signer_name, signer_position))
    _check_issue(locked, number, date, signer_name, signer_position)
    _apply_basis(locked, date, required=True)
    locked.number, locked.date = number, date
    locked.signer_name, locked.signer_position = signer_name, signer_position
    locked.signing_capacity = nfc((signing_capacity or "").strip())
    locked.issued_by, locked.issued_at = by, timezone.now()
    DECISION.move(locked, "issue")
    locked.full_clean(exclude=["created_by", "issued_by"])
    save_with_history(locked, by)
    lines = list(locked.lines.select_related("title", "unit", "person"))
    if locked.earlier is not None:
        _end_earlier(locked, by)
    if locked.revokes_id:
        return locked
    if locked.corrects_id is None:  # a correction keeps the figures it corrects
        _price([line for line in lines if line.reward_rule_id or line.amount is None], date)
    for line in lines:
        save_with_history(line, by)
        _write_record(locked, line, by)
    if locked.corrects_id is None:
        _close_dossiers(locked, by)
    return locked
