"""The award decision (quyết định khen thưởng) in the official layout of Nghị định 30/2020/NĐ-CP:
the issuing body and number, the grounds in force on its date and the proposing office of that
date (both copied onto the decision from the rule rows), the articles, the signer, and the annex
listing everyone it awards with the reward. A revocation or a correction names the decision it
ends. As a PDF or as an editable Word draft (.docx) from the same template. Reads awards only
through ``awards.queries``."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from awards import queries as awards_q
from emulation.text import vi_slug

from .documents import Header, archive_line, render_paper


def _authority(decision):
    """The line under the subject: who decides (BỘ TRƯỞNG BỘ TƯ PHÁP …)."""
    body = (decision.issuing_body or _("Ministry of Justice")).upper()
    if decision.level == "ministry":
        return _("MINISTER OF %(body)s") % {"body": body}
    return decision.get_level_display().upper()


def _authority_in_text(decision):
    """Who decides, as written in a sentence (the annex's "… của Bộ trưởng Bộ Tư pháp"): the
    heading's capitals lowered would lower the body's name too."""
    if decision.level == "ministry":
        return _("Minister of %(body)s") % {"body": decision.issuing_body or _("Ministry of Justice")}
    return decision.get_level_display()


def _subject(decision):
    if decision.subject:
        return decision.subject
    if decision.revokes_id:
        return _("Revoking decision %(reference)s") % {"reference": decision.revokes.reference}
    if decision.corrects_id:
        return _("Correcting decision %(reference)s") % {"reference": decision.corrects.reference}
    return _("Awarding titles and commendations for %(year)s") % {"year": decision.year}


def _higher_level_wording(decision):
    """(whose proposal, Article 3) of a decision of the Prime Minister or the President, the
    usual wording of such decisions (to verify against the gazette); None for the Minister's."""
    if decision.level == "prime_minister":
        return (
            _(
                "At the proposal of the Minister of Justice and the Head of the Central Emulation and "
                "Commendation Board."
            ),
            _(
                "This Decision takes effect on the date of its signature. The Minister of Justice, the Head of the "
                "Central Emulation and Commendation Board and the persons and collectives named in Article 1 are "
                "responsible for carrying it out."
            ),
        )
    if decision.level == "president":
        return (
            _("At the proposal of the Prime Minister."),
            _(
                "This Decision takes effect on the date of its signature. The Prime Minister, the Minister of Justice, "
                "the Head of the Central Emulation and Commendation Board and the persons and collectives named in "
                "Article 1 are responsible for carrying it out."
            ),
        )
    return None


def _titles(lines):
    """Each title with its count of persons and collectives, in the annex's order."""
    groups = {}
    for line in lines:
        group = groups.setdefault(line.title_id, {"title": line.title, "persons": 0, "units": 0})
        group["persons" if line.is_person else "units"] += 1
    return list(groups.values())


def _context(decision, when):
    lines = list(decision.lines.all())
    amounts = [line.amount for line in lines if line.amount is not None]
    copies = [line.strip().rstrip(";") for line in decision.copies_to.splitlines() if line.strip()]
    return {
        "decision": decision,
        "when": when,
        "authority": _authority(decision),
        "authority_in_text": _authority_in_text(decision),
        "higher_level": _higher_level_wording(decision),
        "grounds": [line for line in decision.grounds.splitlines() if line.strip()],
        "lines": lines,
        "persons": [line for line in lines if line.is_person],
        "units": [line for line in lines if not line.is_person],
        "titles": _titles(lines),
        "total": sum(amounts) if amounts else None,
        "recipients": [_("As in Article 3"), *copies],
        "archive": archive_line(decision.office),
        "signer": {
            "capacity": decision.signing_capacity,
            "role": decision.signer_position or _("MINISTER"),
            "name": decision.signer_name,
        },
    }


def decision_paper(decision_id, when=None, fmt="pdf"):
    """The decision with its annex as a PDF (or, ``fmt="docx"``, as a Word draft), or None when
    there is no such decision. A draft is dated ``when`` (today) and printed with its number left
    blank."""
    decision = awards_q.decision_paper(decision_id)
    if decision is None:
        return None
    when = decision.date or when or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        header = Header(
            parent_body="",
            issuing_body=(decision.issuing_body or _("Ministry of Justice")).upper(),
            symbol=decision.symbol or "QĐ-BTP",
            place=_("Hanoi"),
            when=when,
            kind_title=_("DECISION"),
            subject=_subject(decision),
            number=decision.number,
        )
        context = _context(decision, when)
    name = vi_slug(decision.reference.replace("/", "-")) if decision.number else f"du-thao-{decision.pk}"
    return render_paper("reports/pdf/decision.html", header, context, f"quyet-dinh-{name}", fmt)
