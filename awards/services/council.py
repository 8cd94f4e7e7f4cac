"""The councils' sessions (``transitions.COUNCIL_SESSION``): the emulation office prepares a
session of the sector council and its agenda of dossiers before the council; a unit's head
prepares a session of the unit's council, whose agenda is the titles the unit proposes for its
staff that year (``unit_council``). Opening one marks who is present (quorum on the whole
membership) and opens one secret ballot per title that a rule puts to the vote; closing it
counts each ballot by the engine of ``services.votes``. The members vote on their own ballot
page, as a cluster's voters do."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from emulation.concurrency import check_version
from emulation.numbers import percent
from emulation.services import save_with_history
from emulation.text import nfc
from people.services import years

from .. import tally, unit_council
from ..council import CouncilSession, lines_needing_ballot, rule_for, session_members
from ..models import BallotStyle, Candidate, Dossier, ThresholdBase, Vote, Voter
from ..permissions import require
from ..transitions import COUNCIL_SESSION, VOTE
from .votes import close_vote, open_vote, publish_vote


def lock_session(session):
    return CouncilSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def create_session(by, *, year, meeting_date, place="", note="", unit=None):
    """A session of the sector council (the emulation office), or of ``unit``'s council (its head)."""
    if unit is None:
        require(by, "awards.manage_dossiers")
    else:
        require(by, "people.manage_council", unit)
    session = CouncilSession(
        unit=unit, year=year, meeting_date=meeting_date, place=nfc(place).strip(), note=nfc(note).strip(), created_by=by
    )
    session.full_clean()
    save_with_history(session, by)
    return session


@transaction.atomic
def update_session(session, by, *, meeting_date, place="", note="", expected_version=None):
    locked = lock_session(session)
    COUNCIL_SESSION.check(locked, "edit", by)
    check_version(locked, expected_version)
    locked.meeting_date, locked.place, locked.note = meeting_date, nfc(place).strip(), nfc(note).strip()
    locked.full_clean()
    save_with_history(locked, by)
    return locked


@transaction.atomic
def delete_session(session, by):
    locked = lock_session(session)
    COUNCIL_SESSION.check(locked, "delete", by)
    locked.delete()


@transaction.atomic
def add_to_agenda(session, dossier, by):
    """Put a dossier before the council on the session's agenda."""
    locked = lock_session(session)
    COUNCIL_SESSION.check(locked, "edit", by)
    if locked.unit_id:
        raise ValidationError(_("A unit's council votes on the titles its unit proposes, not on dossiers."))
    if dossier.state != Dossier.State.AT_COUNCIL:
        raise ValidationError(_("Only a dossier sent to the council can be put on its agenda."))
    if dossier.year != locked.year:
        raise ValidationError(_("The dossier is of the award round %(year)s.") % {"year": dossier.year})
    other = dossier.council_sessions.exclude(pk=locked.pk).exclude(state=CouncilSession.State.CLOSED).first()
    if other is not None:
        raise ValidationError(_("The dossier is already on the agenda of the %(session)s.") % {"session": other})
    locked.dossiers.add(dossier)
    return locked


@transaction.atomic
def remove_from_agenda(session, dossier, by):
    locked = lock_session(session)
    COUNCIL_SESSION.check(locked, "edit", by)
    locked.dossiers.remove(dossier)
    return locked


def _ballot_groups(session, day):
    """{title: (rule, [candidate fields])} of the agenda's recipients that a rule puts to a secret
    ballot: the dossiers' lines, or (a unit's council) the unit's proposed titles."""
    if session.unit_id:
        return unit_council.ballot_groups(session)
    groups = {}
    for dossier in session.dossiers.order_by("pk"):
        for line in lines_needing_ballot(dossier, day):
            rule = rule_for(dossier.level, line.title_id, day)
            fields = {"unit": line.unit or dossier.unit, "dossier_line": line}
            groups.setdefault(line.title, (rule, []))[1].append(fields)
    return dict(sorted(groups.items(), key=lambda item: (item[0].order, item[0].pk)))


def _create_ballot(session, title, rule, candidates, members, by):
    vote = Vote(
        session=session,
        year=session.year,
        title=title,
        legal_basis=rule.legal_basis,
        quorum_percent=rule.quorum_percent,
        threshold_percent=rule.threshold_percent,
        threshold_base=ThresholdBase.ENTITLED,
        threshold_inclusive=rule.threshold_inclusive,
        ballot_style=BallotStyle.YES_NO,
        seats=len(candidates),
        absent_may_vote=rule.written_votes,
        meeting_date=session.meeting_date,
        meeting_place=session.place,
        created_by=by,
    )
    save_with_history(vote, by)
    bulk_create_with_history(
        [Candidate(vote=vote, **fields) for fields in candidates],
        Candidate,
        default_user=by,
    )
    bulk_create_with_history(
        [
            Voter(vote=vote, unit=member.user.official.unit, official=member.user.official, council_member=member)
            for member in members
        ],
        Voter,
        default_user=by,
    )
    return vote


def _members_with_officials(session):
    members = session_members(session)
    if not members:
        raise ValidationError(_("The council has no members in %(year)s.") % {"year": session.year})
    missing = [str(m.user) for m in members if not hasattr(m.user, "official")]
    if missing:
        message = _("These members are not officials of a unit: %(names)s.")
        raise ValidationError(message % {"names": ", ".join(missing)})
    return members


def _check_agenda(session):
    if not session.unit_id:
        if not session.dossiers.exists():
            raise ValidationError(_("Put at least one dossier on the agenda."))
        return
    voting = CouncilSession.objects.filter(
        unit_id=session.unit_id, year=session.year, state=CouncilSession.State.VOTING
    )
    if voting.exists():
        raise ValidationError(_("Another session of the unit's council is voting on this year's titles."))


@transaction.atomic
def open_session(session, present_member_ids, by):
    """Mark who is present and open a secret ballot per title the rules put to a vote.
    Refused without quorum of the whole membership or with nothing to vote on."""
    locked = lock_session(session)
    COUNCIL_SESSION.check(locked, "open", by)
    _check_agenda(locked)
    members = _members_with_officials(locked)
    present = {int(p) for p in present_member_ids if str(p).isascii() and str(p).isdigit()}
    present &= {m.pk for m in members}
    groups = _ballot_groups(locked, timezone.localdate())
    if locked.unit_id and not groups:
        raise ValidationError(_("No title the unit proposes this year needs a secret ballot of its council."))
    for title, (rule, candidates) in groups.items():
        if not tally.quorum_met(len(present), len(members), rule.quorum_percent):
            raise ValidationError(
                _("No quorum: %(present)s of %(entitled)s members present, at least %(quorum)s needed.")
                % {"present": len(present), "entitled": len(members), "quorum": percent(rule.quorum_percent)}
            )
        vote = _create_ballot(locked, title, rule, candidates, members, by)
        open_vote(vote, present, by)
    COUNCIL_SESSION.move(locked, "open")
    locked.opened_at = timezone.now()
    save_with_history(locked, by)
    return locked


@transaction.atomic
def close_session(session, by):
    """Count every ballot of the session and publish the results to its members."""
    locked = lock_session(session)
    COUNCIL_SESSION.check(locked, "close", by)
    for vote in locked.votes.filter(runoff_of=None).order_by("pk"):
        if VOTE.allows(vote, "close"):
            close_vote(vote, by)
        publish_vote(vote, by)
    COUNCIL_SESSION.move(locked, "close")
    locked.closed_at = timezone.now()
    save_with_history(locked, by)
    if locked.unit_id:
        _assess_carried(locked, by)
    return locked


def _assess_carried(session, by):
    """The titles the unit council's ballots carried are assessed by that count."""
    carried = Candidate.objects.filter(vote__session=session, vote__runoff_of=None, passed=True)
    for candidacy in carried.exclude(individual_title=None).select_related("vote", "individual_title"):
        note = _("Carried by the unit council's secret ballot of %(date)s: %(votes)s of %(members)s members.") % {
            "date": session.meeting_date.strftime("%d/%m/%Y"),
            "votes": candidacy.votes,
            "members": candidacy.vote.entitled_count,
        }
        years.assess_by_ballot(candidacy.individual_title, by, note)
