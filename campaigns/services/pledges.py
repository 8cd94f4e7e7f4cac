"""Every change to campaigns and pledges, one verb each.

Each runs in one transaction, locks the rows it checks (``select_for_update``, pledges
before their targets, in primary-key order), checks the permission and the state,
writes history with ``by`` as the author, and queues side effects (e-mails) with
``transaction.on_commit``. Refusals are ``ValidationError`` (shown to the user next to
the form or as a message) or ``PermissionDenied`` (403).

Pledge states: draft → submitted → accepted | returned (reason) → draft … ;
accepted → results_reported → assessed.
"""

import os

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.concurrency import check_version
from emulation.models import Membership, Official, Title
from emulation.permissions import official_of, unit_id_of
from emulation.services import require, save_with_history
from emulation.tasks import send_email
from people import queries as people_queries
from schedule import queries as calendar

from .. import permissions
from ..models import Campaign, Pledge, PledgedIndividual, PledgeTarget, Reminder
from ..queries import pledge_deadline
from ..transitions import PLEDGE
from .common import _deny, _lock_pledge, _sync_rows
from .individuals import link_individuals, register_in_year_grid

# --- pledges -------------------------------------------------------------------


def _unit_head(unit_id):
    return Official.objects.filter(unit_id=unit_id, is_unit_head=True).select_related("user").order_by("pk").first()


@transaction.atomic
def create_pledge(campaign, year, by, unit=None):
    """Start the pledge (draft) of the user's unit for ``campaign`` and ``year``, with the
    campaign's common targets copied at their default values and the unit head as signer."""
    require(by, "campaigns.create_pledge", campaign)
    unit_id = unit_id_of(by)
    if unit is not None and unit.pk != unit_id:
        _deny()
    if year not in campaign.years:
        raise ValidationError(
            _("This campaign runs from %(first)s to %(last)s.")
            % {"first": campaign.first_year, "last": campaign.last_year}
        )
    if not permissions.unit_in_scope(campaign, unit_id, year):
        raise ValidationError(_("Your unit is not a participant of this campaign in %(year)s.") % {"year": year})
    if Pledge.objects.filter(campaign=campaign, unit_id=unit_id, year=year).exists():
        raise ValidationError(_("This unit already has a pledge for this campaign and year."), code="duplicate")
    head = _unit_head(unit_id)
    pledge = Pledge(
        campaign=campaign,
        unit_id=unit_id,
        year=year,
        created_by=by,
        signer_name=head.user.get_full_name() if head else "",
        signer_position=head.position if head else "",
    )
    try:
        with transaction.atomic():
            save_with_history(pledge, by)
    except IntegrityError:  # a concurrent request created it first
        raise ValidationError(
            _("This unit already has a pledge for this campaign and year."), code="duplicate"
        ) from None
    for target in campaign.targets.order_by("number", "pk"):
        row = PledgeTarget(
            pledge=pledge,
            campaign_target=target,
            number=target.number,
            name=target.name,
            unit_of_measure=target.unit_of_measure,
            kind=target.kind,
            direction=target.direction,
            value=target.default_value,
        )
        save_with_history(row, by)
    return pledge


PLEDGE_FIELDS = ("collective_title", "commitments", "signer_name", "signer_position")
OWN_TARGET_FIELDS = ("number", "name", "unit_of_measure", "direction", "value")
INDIVIDUAL_FIELDS = ("full_name", "position", "title")


def _apply_fields(locked, fields):
    for name, value in (fields or {}).items():
        if name not in PLEDGE_FIELDS:
            raise ValueError(name)
        setattr(locked, name, value)
    titles = locked.campaign.titles
    if locked.collective_title_id and not titles.filter(pk=locked.collective_title_id).exists():
        raise ValidationError({"collective_title": _("This title cannot be registered under this campaign.")})
    if locked.collective_title and locked.collective_title.level == Title.Level.INDIVIDUAL:
        raise ValidationError({"collective_title": _("Choose a title for a collective.")})


def _keep_signed_copy(locked, uploaded):
    """The scan itself under a random storage name, and the name the user gave it."""
    locked.signed_copy = uploaded
    locked.signed_copy_name = os.path.basename(uploaded.name or "")[:200]


@transaction.atomic
def update_pledge(pledge, by, expected_version, *, fields=None, targets=None, individuals=None, signed_copy=None):
    """Save the unit's edits to a draft or returned pledge (a returned one goes back to draft).

    ``fields``: values of PLEDGE_FIELDS. ``targets``: dicts with "id" for kept rows; a
    common target's row keeps its name, unit and direction (only "value" and "number"
    change) and cannot be removed; rows without "id" are the unit's own. ``individuals``:
    dicts of INDIVIDUAL_FIELDS. Refused if someone saved since ``expected_version``."""
    locked = _lock_pledge(pledge)
    PLEDGE.check(locked, "edit", by)
    check_version(locked, expected_version)
    _apply_fields(locked, fields)
    if signed_copy is not None:
        _keep_signed_copy(locked, signed_copy)
    PLEDGE.move(locked, "edit")
    locked.full_clean(exclude=None if signed_copy is not None else ["signed_copy"])
    save_with_history(locked, by)
    if targets is not None:
        _save_targets(locked, targets, by)
    if individuals is not None:
        _save_individuals(locked, individuals, by)
    return locked


def _save_individuals(pledge, individuals, by):
    allowed = set(pledge.campaign.titles.values_list("pk", flat=True))
    for data in individuals:
        title = data.get("title")
        if title is not None and (title.pk not in allowed or title.level == Title.Level.COLLECTIVE):
            raise ValidationError(
                _("%(title)s cannot be registered for a person under this campaign.") % {"title": title}
            )
    names = dict(PledgedIndividual.objects.filter(pledge=pledge).values_list("pk", "full_name"))
    _sync_rows(PledgedIndividual, "pledge", pledge, individuals, INDIVIDUAL_FIELDS, by)
    for row in PledgedIndividual.objects.filter(pledge=pledge, person__isnull=False):
        if row.pk in names and people_queries.name_key(names[row.pk]) != people_queries.name_key(row.full_name):
            row.person = None  # a row renamed is another person: linked again below, or left to choose
            save_with_history(row, by, update_fields=["person"])
    link_individuals(by, PledgedIndividual.objects.filter(pledge=pledge, person__isnull=True))


def _save_targets(pledge, targets, by):
    existing = {row.pk: row for row in PledgeTarget.objects.select_for_update().filter(pledge=pledge).order_by("pk")}
    given = {data["id"] for data in targets if data.get("id")}
    if any(row.is_common and pk not in given for pk, row in existing.items()):
        raise ValidationError(_("The campaign's common targets cannot be removed from a pledge."))
    rows = []
    for data in targets:
        row = existing.get(data.get("id"))
        if data.get("id") and row is None:
            raise ValidationError(_("A row does not belong to this record; reload the page."))
        if row is not None and row.is_common:
            data = {"id": row.pk, "number": data.get("number", row.number), "value": data.get("value")}
        rows.append(data)
    _sync_rows(PledgeTarget, "pledge", pledge, rows, OWN_TARGET_FIELDS, by)


@transaction.atomic
def attach_signed_copy(pledge, by, uploaded):
    """Attach the scanned signed pledge (allowed until the results are assessed)."""
    locked = _lock_pledge(pledge)
    PLEDGE.check(locked, "attach_signed_copy", by)
    _keep_signed_copy(locked, uploaded)
    locked.full_clean()
    locked.version += 1
    save_with_history(locked, by)
    return locked


def _submission_problems(pledge):
    problems = []
    if not pledge.signer_name.strip():
        problems.append(_("Enter the name of the unit head who signs the pledge."))
    targets = list(pledge.targets.order_by("number", "pk"))
    if not targets:
        problems.append(_("A pledge needs at least one target."))
    empty = [target.name for target in targets if target.value is None]
    if empty:
        problems.append(_("Enter the target value of: %(names)s.") % {"names": "; ".join(empty)})
    return problems


@transaction.atomic
def submit_pledge(pledge, by):
    """An official of the unit sends the pledge to its reviewer; after the deadline (the
    calendar's for a cluster's regular campaign) it is marked late, and refused only where the
    calendar's step does not accept late work."""
    locked = _lock_pledge(pledge)
    PLEDGE.check(locked, "submit", by)
    problems = _submission_problems(locked)
    if problems:
        raise ValidationError(problems)
    locked.is_late = calendar.late_or_refuse(pledge_deadline(locked.campaign, locked.year))
    PLEDGE.move(locked, "submit")
    locked.submitted_at = timezone.now()
    locked.submitted_by = by
    locked.version += 1
    save_with_history(locked, by)
    register_in_year_grid(locked, by)
    return locked


@transaction.atomic
def save_and_submit_pledge(pledge, by, expected_version, **changes):
    """The edit form's "save and submit": the edits and the submission in one
    transaction, so a refused submission saves nothing (the form shows the refusal
    with what was typed, and the user saves or fixes it)."""
    update_pledge(pledge, by, expected_version, **changes)
    return submit_pledge(pledge, by)


def _review(pledge, by, action, **stamps):
    """accept, return and assess: lock, check the table, move, stamp, save with history."""
    locked = _lock_pledge(pledge)
    PLEDGE.check(locked, action, by)
    PLEDGE.move(locked, action)
    for name, value in stamps.items():
        setattr(locked, name, value)
    locked.version += 1
    save_with_history(locked, by)
    return locked


@transaction.atomic
def accept_pledge(pledge, by):
    """The reviewer accepts a submitted pledge."""
    return _review(pledge, by, "accept", reviewed_at=timezone.now(), reviewed_by=by)


def _note(text, field, too_long):
    text = (text or "").strip()
    if len(text) > 2000:
        raise ValidationError({field: too_long})
    return text


@transaction.atomic
def return_pledge(pledge, by, reason):
    """The reviewer returns a submitted pledge to the unit with the reason."""
    reason = _note(reason, "reason", _("The reason is too long (at most 2000 characters)."))
    if not reason:
        raise ValidationError({"reason": _("Say why the pledge is returned.")})
    return _review(pledge, by, "return", return_reason=reason, reviewed_at=timezone.now(), reviewed_by=by)


@transaction.atomic
def report_results(pledge, by, expected_version, actuals, report):
    """The unit enters the actual value of every target and a short report.

    ``actuals``: {target id: Decimal}. Allowed once the pledge is accepted, and again
    until the reviewer assesses the results."""
    locked = _lock_pledge(pledge)
    PLEDGE.check(locked, "report_results", by)
    check_version(locked, expected_version)
    report = (report or "").strip()
    if not report:
        raise ValidationError({"results_report": _("Write a short report on the results.")})
    targets = list(PledgeTarget.objects.select_for_update().filter(pledge=locked).order_by("pk"))
    missing = [target for target in targets if actuals.get(target.pk) is None]
    if missing:
        raise ValidationError(
            _("Enter the actual value of every target (missing: %(names)s).")
            % {"names": ", ".join(target.name for target in missing)}
        )
    for target in targets:
        target.actual = actuals[target.pk]
        target.full_clean(exclude=["pledge"])
        save_with_history(target, by)
    locked.results_report = report
    PLEDGE.move(locked, "report_results")
    locked.results_at = timezone.now()
    locked.full_clean(exclude=["signed_copy"])
    save_with_history(locked, by)
    return locked


@transaction.atomic
def assess_results(pledge, by, note=""):
    """The reviewer marks the reported results assessed (the pledge is then closed)."""
    note = _note(note, "note", _("The note is too long (at most 2000 characters)."))
    return _review(pledge, by, "assess", assessment_note=note, assessed_at=timezone.now(), assessed_by=by)


# --- reminders -----------------------------------------------------------------


@transaction.atomic
def remind_members(campaign, year, by, base_url=""):
    """E-mail the officials of every member of the campaign's cluster that has not yet
    submitted its pledge for ``year`` (no pledge, draft or returned). Returns the number
    of units reminded. The e-mails are queued after commit (``emulation.tasks.send_email``)."""
    if campaign.level != Campaign.Level.CLUSTER:
        raise ValidationError(_("Reminders are sent for a cluster's campaign."))
    if not permissions.is_reviewer(by, campaign, year):
        _deny()
    list(Campaign.objects.select_for_update().filter(pk=campaign.pk))
    member_ids = list(
        Membership.objects.filter(cluster_id=campaign.launching_cluster_id, year=year).values_list("unit_id", flat=True)
    )
    done = set(
        Pledge.objects.filter(campaign=campaign, year=year, unit_id__in=member_ids)
        .exclude(status__in=Pledge.EDITABLE)
        .values_list("unit_id", flat=True)
    )
    waiting = [unit_id for unit_id in member_ids if unit_id not in done]
    emails = {}
    for official in Official.objects.filter(unit_id__in=waiting).select_related("user").order_by("pk"):
        if official.user.email and official.user.is_active:
            emails.setdefault(official.unit_id, []).append(official.user.email)
    sender = official_of(by)
    deadline = pledge_deadline(campaign, year)
    subject = _("Reminder: submit your %(year)s pledge") % {"year": year}
    link = base_url + reverse("campaigns:campaign_detail", args=[campaign.pk]) + f"?year={year}"
    body = _(
        "Your unit has not yet submitted its pledge for %(year)s under “%(campaign)s”.\n"
        "Registration deadline: %(deadline)s.\nPlease fill it in and submit it: %(link)s\n\n%(sender)s"
    ) % {
        "year": year,
        "campaign": campaign.name,
        "deadline": deadline.due.strftime("%d/%m/%Y") if deadline else "—",
        "link": link,
        "sender": f"{by.get_full_name()}, {sender.unit}" if sender else by.get_full_name(),
    }
    for unit_id in waiting:
        recipients = emails.get(unit_id, [])
        reminder = Reminder(campaign=campaign, unit_id=unit_id, year=year, sent_by=by, recipients=", ".join(recipients))
        save_with_history(reminder, by)
        if recipients:
            transaction.on_commit(lambda r=recipients: send_email.delay(subject, body, r))
    return len(waiting)
