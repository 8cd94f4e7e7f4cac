"""The minutes of a sector council session's secret ballots (biên bản kiểm phiếu): the
session's date and place, the membership, who was present, and for each ballot the threshold,
its legal basis and every recipient's votes, share of the whole membership and result — never
who voted how. As a PDF or as an editable Word draft (.docx). Reads awards only through
``awards.queries``."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from awards import queries as awards_q

from . import data
from .documents import Header, archive_line, render_paper


def _context(minutes):
    session, members = minutes["session"], minutes["members"]
    office = data.emulation_office()
    return {
        "session": session,
        "members": members,
        "ballots": minutes["ballots"],
        "recipients": [_("The members of the council"), _("The dossiers' files")],
        "archive": archive_line(office),
        "signer": {"role": _("SECRETARY OF THE COUNCIL"), "unit": None, "official": None},
    }


def council_minutes_paper(session_id, fmt="pdf"):
    """The session's minutes as a PDF (or a Word draft), or None if there is no such session."""
    minutes = awards_q.council_minutes(session_id)
    if minutes is None:
        return None
    session = minutes["session"]
    with translation.override(settings.LANGUAGE_CODE):
        header = Header(
            parent_body=_("MINISTRY OF JUSTICE"),
            issuing_body=_("EMULATION AND COMMENDATION COUNCIL OF THE SECTOR"),
            symbol="BB-HĐTĐKT",
            place=_("Hanoi"),
            when=session.meeting_date or timezone.localdate(),
            kind_title=_("MINUTES"),
            subject=_("Counting the secret ballots of the council session of %(date)s")
            % {"date": session.meeting_date.strftime("%d/%m/%Y")},
        )
        context = _context(minutes)
    return render_paper("reports/pdf/council_minutes.html", header, context, f"bien-ban-hoi-dong-{session.pk}", fmt)
