"""The vote's life: create, adjust, open with quorum, ballots, close, runoff, publish."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards import services
from awards.models import Ballot, Candidate, Participation, SealedBallot, Vote, Voter
from awards.queries import vote_result

pytestmark = pytest.mark.django_db


def make_vote(setup, rule, candidates=3, **settings):
    vote = services.create_vote(setup.cluster, setup.year, rule.title, setup.head_staff)
    for unit in setup.units[:candidates]:
        services.add_candidate(vote, unit, "Thành tích xuất sắc", setup.head_staff)
    if settings:
        vote.refresh_from_db()
        services.update_vote(vote, setup.head_staff, **settings)
    vote.refresh_from_db()
    return vote


def ids(vote, *indexes, setup):
    by_unit = {c.unit_id: c.pk for c in vote.candidates.all()}
    return [by_unit[setup.units[i].pk] for i in indexes]


def test_create_copies_the_rule_and_builds_the_roll(setup, rule):
    vote = services.create_vote(setup.cluster, setup.year, rule.title, setup.head_staff)
    assert vote.state == Vote.State.DRAFT
    assert (vote.quorum_percent, vote.threshold_percent, vote.seats) == (Decimal("66.67"), Decimal("50"), 2)
    roll = list(vote.voters.order_by("pk"))
    assert len(roll) == 8
    assert [v.official.user for v in roll] == setup.voters


def test_the_whole_life_with_a_tie_and_a_runoff(setup, rule):
    vote = make_vote(setup, rule)
    a, b, c = ids(vote, 0, 1, 2, setup=setup)
    present = [u.pk for u in setup.units[:7]]
    services.open_vote(vote, present, setup.head_staff)
    ballots = [[a, b]] * 3 + [[a, c]] * 3 + [[b, c]]
    codes = [services.cast_ballot(vote, user, choice) for user, choice in zip(setup.voters, ballots, strict=False)]
    assert len(set(codes)) == 7
    assert all(services.ballot_counted(vote, code) for code in codes)
    assert not services.ballot_counted(vote, "AAAA-BBBB-CCCC")
    outcome = services.close_vote(vote, setup.head_staff)
    assert outcome.seated == (a,)
    assert set(outcome.runoff) == {b, c} and outcome.runoff_seats == 1
    vote.refresh_from_db()
    assert (vote.entitled_count, vote.present_count, vote.voted_count, vote.cast_count) == (8, 7, 7, 7)
    runoff = vote.runoffs.get()
    assert runoff.seats == 1 and runoff.candidates.count() == 2
    assert runoff.voters.filter(present=True).count() == 7
    with pytest.raises(ValidationError):
        services.publish_vote(vote, setup.head_staff)  # runoff still to hold
    services.open_vote(runoff, present, setup.head_staff)
    rb, rc = [runoff.candidates.get(unit=setup.units[i]).pk for i in (1, 2)]
    for user, choice in zip(setup.voters[:7], [[rb]] * 4 + [[rc]] * 3, strict=True):
        services.cast_ballot(runoff, user, choice)
    services.close_vote(runoff, setup.head_staff)
    services.publish_vote(vote, setup.head_staff)
    vote.refresh_from_db()
    runoff.refresh_from_db()
    assert vote.state == runoff.state == Vote.State.PUBLISHED
    result = vote_result(vote)
    assert result.winners == [setup.units[0], setup.units[1]]
    assert [line.votes for line in result.candidates] == [6, 4, 4]
    assert result.candidates[0].share == Decimal("85.7143")


def test_no_opening_without_quorum(setup, rule):
    vote = make_vote(setup, rule)
    with pytest.raises(ValidationError, match="No quorum|Không đủ"):
        services.open_vote(vote, [u.pk for u in setup.units[:5]], setup.head_staff)  # 5/8 < 66.67%
    vote.refresh_from_db()
    assert vote.state == Vote.State.DRAFT


def test_only_the_head_staff_run_the_vote(setup, rule):
    with pytest.raises(PermissionDenied):
        services.create_vote(setup.cluster, setup.year, rule.title, setup.voters[1])
    vote = make_vote(setup, rule)
    with pytest.raises(PermissionDenied):
        services.open_vote(vote, [u.pk for u in setup.units], setup.voters[1])
    with pytest.raises(PermissionDenied):
        services.add_candidate(vote, setup.units[4], "lý do", setup.voters[1])


def test_refusals_while_voting(setup, rule, django_user_model):
    vote = make_vote(setup, rule)
    a, b, c = ids(vote, 0, 1, 2, setup=setup)
    with pytest.raises(ValidationError):
        services.cast_ballot(vote, setup.voters[0], [a])  # not open yet
    services.open_vote(vote, [u.pk for u in setup.units[:7]], setup.head_staff)
    outsider = django_user_model.objects.create(username="ngoai")
    with pytest.raises(PermissionDenied):
        services.cast_ballot(vote, outsider, [a])
    with pytest.raises(PermissionDenied):
        services.cast_ballot(vote, setup.head_staff, [a])  # staff, not on the roll
    with pytest.raises(ValidationError):
        services.cast_ballot(vote, setup.voters[7], [a])  # absent
    with pytest.raises(ValidationError):
        services.cast_ballot(vote, setup.voters[0], [a, b, c])  # more than the seats
    with pytest.raises(ValidationError):
        services.cast_ballot(vote, setup.voters[0], [999999])  # not a candidate
    services.cast_ballot(vote, setup.voters[0], [a])
    with pytest.raises(ValidationError, match="already|đã bỏ phiếu"):
        services.cast_ballot(vote, setup.voters[0], [b])
    assert SealedBallot.objects.filter(vote=vote).count() == 1  # in the box until the close
    assert Participation.objects.filter(vote=vote).count() == 1
    with pytest.raises(ValidationError):
        services.add_candidate(vote, setup.units[5], "muộn", setup.head_staff)  # not a draft any more
    services.close_vote(vote, setup.head_staff)
    with pytest.raises(ValidationError):
        services.cast_ballot(vote, setup.voters[1], [a])  # after close
    with pytest.raises(ValidationError):
        services.close_vote(vote, setup.head_staff)
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_the_roll_is_frozen_at_close(setup, rule):
    vote = make_vote(setup, rule)
    a = ids(vote, 0, setup=setup)[0]
    services.open_vote(vote, [u.pk for u in setup.units[:6]], setup.head_staff)
    for user in setup.voters[:4]:
        services.cast_ballot(vote, user, [a])
    services.close_vote(vote, setup.head_staff)
    voted = dict(Voter.objects.filter(vote=vote).values_list("unit_id", "voted"))
    assert [voted[u.pk] for u in setup.units] == [True] * 4 + [False] * 4
    with pytest.raises(ValidationError):
        services.set_voter(vote.voters.first(), None, setup.head_staff)


def test_candidates_are_added_and_removed_with_a_reason(setup, rule):
    vote = services.create_vote(setup.cluster, setup.year, rule.title, setup.head_staff)
    with pytest.raises(ValidationError):
        services.add_candidate(vote, setup.units[0], "  ", setup.head_staff)
    candidate = services.add_candidate(vote, setup.units[0], "Dẫn đầu Cụm", setup.head_staff)
    with pytest.raises(ValidationError):
        services.add_candidate(vote, setup.units[0], "lần nữa", setup.head_staff)
    with pytest.raises(ValidationError):
        services.remove_candidate(candidate, "", setup.head_staff)
    services.remove_candidate(candidate, "Đơn vị xin rút", setup.head_staff)
    candidate.refresh_from_db()
    assert candidate.withdrawn and candidate.withdrawn_reason == "Đơn vị xin rút"
    assert candidate.history.count() == 2
    services.add_candidate(vote, setup.units[0], "Xem xét lại", setup.head_staff)
    assert Candidate.objects.get(pk=candidate.pk).withdrawn is False


def test_paper_vote_gives_the_same_result(setup, rule):
    vote = make_vote(setup, rule, mode=Vote.Mode.PAPER)
    a, b, c = ids(vote, 0, 1, 2, setup=setup)
    services.open_vote(vote, [u.pk for u in setup.units[:7]], setup.head_staff)
    with pytest.raises(ValidationError):
        services.cast_ballot(vote, setup.voters[0], [a])
    with pytest.raises(ValidationError):
        services.close_vote(vote, setup.head_staff)  # totals not entered
    with pytest.raises(ValidationError):
        services.record_paper_totals(vote, setup.head_staff, cast=8, blank=0, invalid=0, votes={})
    with pytest.raises(ValidationError):
        services.record_paper_totals(vote, setup.head_staff, cast=7, blank=1, invalid=1, votes={a: 6})
    services.record_paper_totals(vote, setup.head_staff, cast=7, blank=1, invalid=1, votes={a: 5, b: 4, c: 1})
    outcome = services.close_vote(vote, setup.head_staff)
    vote.refresh_from_db()
    assert (vote.cast_count, vote.blank_count, vote.invalid_count, vote.valid_count) == (7, 1, 1, 6)
    assert outcome.seated == (a, b)  # base: 7 present; 5/7 and 4/7 > 50%


def test_every_other_refusal(setup, rule):
    from emulation.tests.factories import OfficialFactory

    vote = services.create_vote(setup.cluster, setup.year, rule.title, setup.head_staff)
    with pytest.raises(ValidationError, match="Không có đơn vị nào"):
        services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)  # no candidate
    services.add_candidate(vote, setup.units[1], "Đề xuất", setup.head_staff)
    stranger = OfficialFactory()
    with pytest.raises(ValidationError, match="không phải là thành viên"):
        services.add_candidate(vote, stranger.unit, "Đề xuất", setup.head_staff)
    voter = vote.voters.get(unit=setup.units[2])
    with pytest.raises(ValidationError, match="phải là cán bộ"):
        services.set_voter(voter, stranger, setup.head_staff)  # not of that unit
    delegate = OfficialFactory(unit=setup.units[2])
    services.set_voter(voter, delegate, setup.head_staff)
    voter.refresh_from_db()
    assert voter.is_delegate and voter.official == delegate
    services.set_voter(voter, None, setup.head_staff)
    vote.refresh_from_db()
    with pytest.raises(ValidationError, match="Hãy chọn người bỏ phiếu"):
        services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)  # present, nobody to vote
    with pytest.raises(ValidationError, match="Người khác đã lưu"):
        services.update_vote(vote, setup.head_staff, expected_version=vote.version - 1, seats=3)
    services.open_vote(vote, [u.pk for u in setup.units if u != setup.units[2]], setup.head_staff)
    vote.refresh_from_db()
    with pytest.raises(ValidationError):
        services.update_vote(vote, setup.head_staff, seats=3)  # open: settings frozen
    with pytest.raises(ValidationError):
        services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)  # twice
    with pytest.raises(ValidationError, match="điện tử"):
        services.record_paper_totals(vote, setup.head_staff, cast=1, blank=0, invalid=0, votes={})
    with pytest.raises(ValidationError):
        services.publish_vote(vote, setup.head_staff)  # not closed
    services.close_vote(vote, setup.head_staff)
    with pytest.raises(PermissionDenied):
        services.publish_vote(vote, setup.voters[3])  # a member, not the chair
    services.publish_vote(vote, setup.head_staff)
    with pytest.raises(ValidationError, match="Đã công bố kết quả"):
        services.publish_vote(vote, setup.head_staff)
    candidate = vote.candidates.get()
    with pytest.raises(ValidationError):
        services.remove_candidate(candidate, "muộn", setup.head_staff)


def test_a_draft_vote_made_by_mistake_can_be_deleted_by_its_chair_only(setup, rule, client):
    vote = make_vote(setup, rule)
    client.force_login(setup.voters[1])  # a member, not the chair
    assert client.post(f"/awards/votes/{vote.pk}/delete/").status_code == 403
    client.force_login(setup.head_staff)
    response = client.post(f"/awards/votes/{vote.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/awards/"
    assert not Vote.objects.filter(pk=vote.pk).exists()
    assert not Voter.objects.filter(vote_id=vote.pk).exists()


def test_an_opened_vote_cannot_be_deleted(setup, rule):
    vote = make_vote(setup, rule)
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    with pytest.raises(ValidationError):
        services.delete_vote(vote, setup.head_staff)
    assert Vote.objects.filter(pk=vote.pk).exists()
