"""Public consultation (lấy ý kiến, công khai) of a dossier's recipients: opened by the
emulation office for the days the rule asks (``transitions.DOSSIER["consult"]``), commented on by
anyone during the period, closed (``transitions.CONSULTATION``), each comment resolved by the
office. The dossier's decision waits for the period's end (the ``decide`` guard)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from emulation.services import save_with_history
from emulation.text import nfc

from ..consultations import COMMENT_MAX_LENGTH, Comment, Consultation, lines_needing_consultation
from ..transitions import CONSULTATION, DOSSIER
from .dossiers import lock_dossier


def lock_consultation(consultation):
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def period_for(dossier, starts_on):
    """(lines, end date, legal basis) of a consultation opened on ``starts_on``: the lines a rule
    asks to publish and the longest period among them."""
    needed = lines_needing_consultation(dossier, starts_on)
    if not needed:
        raise ValidationError(_("No recipient of this dossier needs to be published for comment."))
    rule = max(needed.values(), key=lambda r: r.days)
    ends_on = starts_on + datetime.timedelta(days=rule.days - 1)
    bases = sorted({r.legal_basis for r in needed.values()})
    return list(needed), ends_on, "; ".join(bases)[:255]


@transaction.atomic
def open_consultation(dossier, by, *, starts_on=None):
    locked = lock_dossier(dossier)
    DOSSIER.check(locked, "consult", by)
    starts_on = starts_on or timezone.localdate()
    lines, ends_on, basis = period_for(locked, starts_on)
    consultation = Consultation(dossier=locked, starts_on=starts_on, ends_on=ends_on, legal_basis=basis, opened_by=by)
    save_with_history(consultation, by)
    consultation.lines.set(lines)
    return consultation


@transaction.atomic
def close_consultation(consultation, by):
    """End the publication (after its period: comments are taken until its last day)."""
    locked = lock_consultation(consultation)
    CONSULTATION.check(locked, "close", by)
    if locked.ends_on >= timezone.localdate():
        raise ValidationError(
            _("The period runs until %(date)s; close it after that day.") % {"date": f"{locked.ends_on:%d/%m/%Y}"}
        )
    CONSULTATION.move(locked, "close")
    locked.closed_at = timezone.now()
    save_with_history(locked, by)
    return locked


def clean_text(value, limit):
    """Plain text: tags stripped, NFC, trimmed, bounded."""
    text = nfc(strip_tags(value or "")).strip()
    if len(text) > limit:
        raise ValidationError(_("At most %(limit)s characters.") % {"limit": limit})
    return text


def add_comment(consultation, line_id, *, text, name="", contact="", day=None):
    """A comment from the public page (no user). Refused outside the period."""
    day = day or timezone.localdate()
    if not CONSULTATION.allows(consultation, "comment") or not consultation.accepts_comments_on(day):
        raise ValidationError(_("This consultation is not taking comments."))
    line = consultation.lines.filter(pk=line_id).first()
    if line is None:
        raise ValidationError(_("Choose a recipient of this consultation."))
    text = clean_text(text, COMMENT_MAX_LENGTH)
    if not text:
        raise ValidationError(_("Write the comment."))
    comment = Comment(
        consultation=consultation, line=line, text=text, name=clean_text(name, 120), contact=clean_text(contact, 120)
    )
    comment.save()
    return comment


@transaction.atomic
def resolve_comment(comment, by, resolution, note=""):
    locked = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    CONSULTATION.check(locked.consultation, "resolve", by)
    if resolution not in {Comment.Resolution.ACCEPTED, Comment.Resolution.NOT_ACCEPTED, Comment.Resolution.NOTED}:
        raise ValidationError(_("Choose how the comment was resolved."))
    note = clean_text(note, COMMENT_MAX_LENGTH)
    if resolution == Comment.Resolution.NOT_ACCEPTED and not note:
        raise ValidationError(_("Say why the comment is not accepted."))
    locked.resolution, locked.resolution_note = resolution, note
    locked.resolved_by, locked.resolved_at = by, timezone.now()
    save_with_history(locked, by)
    return locked
