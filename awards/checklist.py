"""The checklist of a dossier: which documents the rules in force ask of it, which it holds,
and whether each recipient meets the title's prerequisites (the people app's eligibility for
persons, the award history for units). Reads only; ``services.dossiers.submit_dossier`` refuses
what ``problems`` names."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from people import queries as people_queries

from . import queries
from .dossiers import KIND_LABELS
from .models import DocumentRequirement, Dossier, TitleRule


@dataclass(frozen=True)
class Item:
    requirement: DocumentRequirement
    line: object  # the DossierLine the document is for, or None for the dossier
    present: bool

    @property
    def label(self):
        kind = KIND_LABELS.get(self.requirement.kind, self.requirement.kind)
        return f"{kind} — {self.line.recipient}" if self.line is not None else kind


def checklist_day(dossier):
    """Rules in force on the day the dossier was sent (today while it is prepared)."""
    if dossier.state != Dossier.State.DRAFT and dossier.submitted_at:
        return timezone.localdate(dossier.submitted_at)
    return timezone.localdate()


def items(dossier, lines, documents, day=None):
    """[Item] of the requirements in force for the dossier's level and its lines' titles."""
    day = day or checklist_day(dossier)
    requirements = list(DocumentRequirement.objects.in_force_on(day).select_related("title"))
    held = {(document.kind, document.line_id) for document in documents}
    titles = {line.title_id for line in lines}
    result = []
    for requirement in requirements:
        if requirement.scope == DocumentRequirement.Scope.DOSSIER:
            if requirement.applies_to(dossier.level) and (
                requirement.title_id is None or requirement.title_id in titles
            ):
                result.append(Item(requirement, None, (requirement.kind, None) in held))
            continue
        for line in lines:
            if requirement.applies_to(dossier.level, line.title_id, line.is_person):
                result.append(Item(requirement, line, (requirement.kind, line.pk) in held))
    return result


def ineligible(dossier, lines):
    """{line_id: [reason]} for recipients not meeting their title's prerequisites."""
    person_lines = [line for line in lines if line.is_person]
    reasons = {}
    if person_lines:
        titles = list({line.title_id: line.title for line in person_lines}.values())
        found = people_queries.eligibility([line.person_id for line in person_lines], titles, dossier.year)
        for line in person_lines:
            missing = found[(line.person_id, line.title_id)].missing
            if missing:
                reasons[line.pk] = missing
    unit_lines = {}
    for line in lines:
        if not line.is_person:
            unit_lines.setdefault(line.title_id, []).append(line)
    for same_title in unit_lines.values():  # queries grow with the titles, not the recipients
        rule = TitleRule.for_title(same_title[0].title, dossier.year)
        unmet = queries.unmet_prerequisites(rule, [line.unit_id for line in same_title], dossier.year) if rule else {}
        for line in same_title:
            if unmet.get(line.unit_id):
                reasons[line.pk] = [p.message(missing, dossier.year) for p, missing in unmet[line.unit_id]]
    return reasons


def wrong_authority(title, level):
    """Why ``title`` has no place in a dossier to ``level``, or "": a dossier goes to one
    authority and proposes only what it confers (a title whose catalogue row does not say
    who confers it is let through)."""
    if not title.decided_by or title.decided_by == level:
        return ""
    message = _("%(title)s is conferred by %(authority)s, not by the authority this dossier goes to.")
    return message % {"title": title, "authority": title.get_decided_by_display()}


def problems(dossier, lines, documents, day=None):
    """Everything that stops the dossier from being sent, as messages naming what is missing."""
    if not lines:
        return [_("Add at least one recipient.")]
    messages = [
        _("Missing document: %(document)s.") % {"document": item.label}
        for item in items(dossier, lines, documents, day)
        if not item.present
    ]
    messages += [
        _("%(recipient)s has no achievement summary.") % {"recipient": line.recipient}
        for line in lines
        if not line.achievement_summary.strip()
    ]
    messages += [message for line in lines if (message := wrong_authority(line.title, dossier.level))]
    by_line = {line.pk: line for line in lines}
    for line_id, reasons in ineligible(dossier, lines).items():
        messages += [
            _("%(recipient)s does not meet %(title)s: %(reason)s")
            % {"recipient": by_line[line_id].recipient, "title": by_line[line_id].title, "reason": reason}
            for reason in reasons
        ]
    return messages
