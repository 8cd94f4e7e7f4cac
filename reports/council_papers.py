"""The minutes of a council session's secret ballots (biên bản kiểm phiếu), of the sector's
council or of a unit's: the session's date and place, the members with their roles and who was
present, and for each ballot the threshold, its legal basis and every recipient's votes, share
of the whole membership and result — never who voted how. As a PDF or as an editable Word draft
(.docx). Reads awards only through ``awards.queries``."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from awards import queries as awards_q

from . import data
from .documents import Header, archive_line, render_paper


def _members(minutes):
    """Each member with the role and whether the seat was marked present at the opening."""
    present = minutes["present"]
    return [
        {"seat": seat, "official": getattr(seat.user, "official", None), "present": seat.pk in present}
        for seat in minutes["members"]
    ]


def _context(minutes):
    session = minutes["session"]
    unit = session.unit
    return {
        "session": session,
        "members": _members(minutes),
        "ballots": minutes["ballots"],
        "recipients": [
            _("The members of the council"),
            _("The unit's emulation records") if unit else _("The dossiers' files"),
        ],
        "archive": archive_line(unit or data.emulation_office()),
        "signer": {"role": _("SECRETARY OF THE COUNCIL"), "unit": None, "official": None},
    }


def _header(session):
    """The sector council under the Ministry, or a unit's council under its unit (Nghị định
    30/2020/NĐ-CP: the body that set the council up heads the paper)."""
    unit = session.unit
    return Header(
        parent_body=unit.name.upper() if unit else _("MINISTRY OF JUSTICE"),
        issuing_body=_("EMULATION AND COMMENDATION COUNCIL")
        if unit
        else _("EMULATION AND COMMENDATION COUNCIL OF THE SECTOR"),
        symbol="BB-HĐTĐKT",
        place=(unit.province if unit else "") or _("Hanoi"),
        when=session.meeting_date or timezone.localdate(),
        kind_title=_("MINUTES"),
        subject=_("Counting the secret ballots of the council session of %(date)s")
        % {"date": session.meeting_date.strftime("%d/%m/%Y")},
    )


def council_minutes_paper(session_id, fmt="pdf"):
    """The session's minutes as a PDF (or a Word draft), or None if there is no such session."""
    minutes = awards_q.council_minutes(session_id)
    if minutes is None:
        return None
    session = minutes["session"]
    with translation.override(settings.LANGUAGE_CODE):
        header = _header(session)
        context = _context(minutes)
    return render_paper("reports/pdf/council_minutes.html", header, context, f"bien-ban-hoi-dong-{session.pk}", fmt)
