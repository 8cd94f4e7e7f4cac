"""The papers generated from an award dossier (issue 15), in the official layout of Nghị định
30/2020/NĐ-CP: the cover letter (tờ trình) and the list of recipients (danh sách trích ngang).
Built from the data, not typed; the unit prints, signs and uploads the signed scan to the
dossier. Reads awards through ``awards.queries``."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from awards import queries as awards_q
from emulation.models import Official

from . import data
from .documents import Header, archive_line, governing_line, render_paper, unit_symbol


def _header(dossier, kind_title, prefix, subject, when):
    unit = dossier.unit
    return Header(
        parent_body=governing_line(unit, when),
        issuing_body=unit.name.upper(),
        symbol=unit_symbol(prefix, unit),
        place=unit.province or _("Hanoi"),
        when=when,
        kind_title=kind_title,
        subject=subject,
    )


def _context(dossier, when):
    lines = list(dossier.lines.all())
    titles = {}
    for line in lines:
        group = titles.setdefault(line.title_id, {"title": line.title, "persons": 0, "units": 0})
        group["persons" if line.is_person else "units"] += 1
    office = data.emulation_office()
    head = Official.objects.filter(unit=dossier.unit, is_unit_head=True).select_related("user").first()
    return {
        "dossier": dossier,
        "persons": [line for line in lines if line.is_person],
        "units": [line for line in lines if not line.is_person],
        "titles": list(titles.values()),
        "office": office,
        "recipients": [
            _("Ministry of Justice (%(office)s)") % {"office": office.name if office else _("the emulation office")}
        ],
        "archive": archive_line(dossier.unit),
        "signer": {
            "role": head.position.upper() if head and head.position else _("HEAD OF THE UNIT"),
            "unit": None,
            "official": head,
        },
        "when": when,
    }


def cover_letter(dossier_id, when=None, fmt="pdf"):
    """Tờ trình đề nghị khen thưởng, or None when there is no such dossier."""
    dossier = awards_q.dossier_papers(dossier_id)
    if dossier is None:
        return None
    when = when or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Proposing awards for %(year)s") % {"year": dossier.year}
        header = _header(dossier, _("SUBMISSION"), "TTr", subject, when)
        context = _context(dossier, when)
    return render_paper("reports/pdf/dossier_cover_letter.html", header, context, f"to-trinh-{dossier.pk}", fmt)


def recipient_list(dossier_id, when=None, fmt="pdf"):
    """Danh sách trích ngang of the dossier's recipients, or None."""
    dossier = awards_q.dossier_papers(dossier_id)
    if dossier is None:
        return None
    when = when or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Recipients proposed for awards in %(year)s") % {"year": dossier.year}
        header = _header(dossier, _("LIST"), "DS", subject, when)
        context = _context(dossier, when)
    return render_paper(
        "reports/pdf/dossier_recipients.html", header, context, f"danh-sach-trich-ngang-{dossier.pk}", fmt
    )
