"""The vote pages: who sees what, each action through its page, fixed query counts."""

import pytest

from awards import services
from awards.models import Candidate, Vote
from emulation.tests.factories import UserFactory

from .factories import TitleRuleFactory, cluster_with_voters
from .test_vote_flow import ids, make_vote

pytestmark = pytest.mark.django_db


def test_pages_need_a_login(client, setup, rule):
    vote = make_vote(setup, rule)
    for url in ["/awards/", f"/awards/votes/{vote.pk}/", f"/awards/votes/{vote.pk}/ballot/", "/awards/nominations/"]:
        assert client.get(url)["Location"].startswith("/accounts/login/")


def test_the_head_staff_prepare_and_run_a_vote_through_the_pages(client, setup, rule):
    client.force_login(setup.head_staff)
    response = client.post(
        f"/awards/votes/new/?year={setup.year}",
        {"cluster": setup.cluster.pk, "title": rule.title.pk, "mode": "electronic", "meeting_place": "Lào Cai"},
    )
    vote = Vote.objects.get()
    assert response["Location"] == f"/awards/votes/{vote.pk}/"
    for unit in setup.units[:3]:
        client.post(f"/awards/votes/{vote.pk}/candidates/add/", {"unit": unit.pk, "reason": "Dẫn đầu"})
    assert vote.candidates.count() == 3
    third = vote.candidates.get(unit=setup.units[2])
    client.post(f"/awards/votes/{vote.pk}/candidates/{third.pk}/remove/", {"reason": "Xin rút"})
    assert Candidate.objects.get(pk=third.pk).withdrawn
    vote.refresh_from_db()
    data = {
        "mode": "electronic",
        "legal_basis": "Thông tư 11/2023/TT-BTP",
        "quorum_percent": "75",
        "threshold_percent": "50,5",
        "threshold_base": "present",
        "ballot_style": "approval",
        "seats": "1",
        "version": vote.version,
    }
    assert client.post(f"/awards/votes/{vote.pk}/settings/", data).status_code == 302
    vote.refresh_from_db()
    assert str(vote.threshold_percent) == "50.50" and vote.seats == 1
    # 5 of 8 present is below 75%: refused, shown as a message.
    page = client.post(
        f"/awards/votes/{vote.pk}/open/",
        {"present": [u.pk for u in setup.units[:5]], "version": vote.version},
        follow=True,
    )
    assert "Không đủ số đại biểu" in page.content.decode()
    client.post(f"/awards/votes/{vote.pk}/open/", {"present": [u.pk for u in setup.units[:7]], "version": vote.version})
    vote.refresh_from_db()
    assert vote.state == Vote.State.OPEN
    detail = client.get(f"/awards/votes/{vote.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in detail and "0</span> / 7" in detail
    client.post(f"/awards/votes/{vote.pk}/close/", {"version": vote.version, "confirm": "1"})
    vote.refresh_from_db()
    assert vote.state == Vote.State.CLOSED


def test_voters_cast_on_their_own_page(client, setup, rule):
    vote = make_vote(setup, rule)
    a, b, c = ids(vote, 0, 1, 2, setup=setup)
    client.force_login(setup.voters[1])
    assert "not-open" in client.get(f"/awards/votes/{vote.pk}/ballot/").content.decode()
    services.open_vote(vote, [u.pk for u in setup.units[:7]], setup.head_staff)
    page = client.get(f"/awards/votes/{vote.pk}/ballot/").content.decode()
    assert page.count('name="c-') == 6  # a chosen / not chosen pair per candidate (one-size bodies)
    too_many = client.post(f"/awards/votes/{vote.pk}/ballot/", {"approve": [a, b, c]})
    assert too_many.status_code == 400 and "tối đa 2" in too_many.content.decode()
    response = client.post(f"/awards/votes/{vote.pk}/ballot/", {"approve": [a]})
    assert response.status_code == 200 and "receipt-code" in response.content.decode()
    again = client.post(f"/awards/votes/{vote.pk}/ballot/", {"approve": [b]})
    assert again.status_code == 400 and "already-voted" in again.content.decode()
    # Staff of the head unit are not on the roll; nor is an outsider.
    client.force_login(setup.head_staff)
    assert client.post(f"/awards/votes/{vote.pk}/ballot/", {"approve": [a]}).status_code == 403
    client.force_login(UserFactory())
    assert client.get(f"/awards/votes/{vote.pk}/ballot/").status_code == 403
    assert client.get(f"/awards/votes/{vote.pk}/").status_code == 403


def test_yes_no_ballots(client, setup, rule):
    vote = make_vote(setup, rule, ballot_style="yes_no", seats=1)
    a, b, c = ids(vote, 0, 1, 2, setup=setup)
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    client.force_login(setup.voters[0])
    assert client.get(f"/awards/votes/{vote.pk}/ballot/").content.decode().count('data-testid="agree"') == 3
    client.post(f"/awards/votes/{vote.pk}/ballot/", {f"yn-{a}": "yes", f"yn-{b}": "yes", f"yn-{c}": "no"})
    services.close_vote(vote, setup.head_staff)
    votes = dict(vote.candidates.values_list("pk", "votes"))
    assert votes == {a: 1, b: 1, c: 0}


def test_members_see_the_result_only_once_published(client, setup, rule):
    vote = make_vote(setup, rule)
    a = ids(vote, 0, setup=setup)[0]
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    for user in setup.voters:
        services.cast_ballot(vote, user, [a])
    services.close_vote(vote, setup.head_staff)
    client.force_login(setup.voters[5])
    closed = client.get(f"/awards/votes/{vote.pk}/")
    assert "not-published" in closed.content.decode() and "result" not in closed.context
    client.force_login(setup.head_staff)
    assert "result-row" in client.get(f"/awards/votes/{vote.pk}/").content.decode()
    client.post(f"/awards/votes/{vote.pk}/publish/")
    client.force_login(setup.voters[5])
    published = client.get(f"/awards/votes/{vote.pk}/").content.decode()
    assert "result-row" in published and "100,00%" in published
    # A member may not run the vote.
    assert client.post(f"/awards/votes/{vote.pk}/nominate/").status_code == 403


def test_paper_totals_through_the_page(client, setup, rule):
    vote = make_vote(setup, rule, mode="paper")
    a, b, c = ids(vote, 0, 1, 2, setup=setup)
    services.open_vote(vote, [u.pk for u in setup.units[:6]], setup.head_staff)
    client.force_login(setup.head_staff)
    assert "paper-form" in client.get(f"/awards/votes/{vote.pk}/").content.decode()
    bad = client.post(
        f"/awards/votes/{vote.pk}/paper/",
        {"cast": 7, "blank": 0, "invalid": 0, f"c{a}": 1, f"c{b}": 1, f"c{c}": 1},
        follow=True,
    )
    assert "chỉ có 6 đại biểu có mặt" in bad.content.decode()
    vote.refresh_from_db()
    client.post(
        f"/awards/votes/{vote.pk}/paper/",
        {"cast": 6, "blank": 1, "invalid": 0, f"c{a}": 5, f"c{b}": 3, f"c{c}": 2, "version": vote.version},
    )
    vote.refresh_from_db()
    assert (vote.paper_cast, vote.paper_blank) == (6, 1)
    client.post(f"/awards/votes/{vote.pk}/close/", {"confirm": "1"})
    vote.refresh_from_db()
    assert vote.state == Vote.State.CLOSED and vote.cast_count == 6


def test_the_index_and_the_vote_page_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    # Measured: 16 / 14 / 18 / 7 queries with 4 members or with 30 (the index counts the bell and
    # the permission cache of a first request).
    setups = [cluster_with_voters(members=8), cluster_with_voters(members=30)]
    rule = TitleRuleFactory()
    for setup in setups:
        vote = make_vote(setup, rule, candidates=15)
    big = setups[-1]
    client.force_login(big.head_staff)
    with django_assert_max_num_queries(16):
        assert client.get(f"/awards/?year={big.year}").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(f"/awards/votes/{vote.pk}/").status_code == 200
    services.open_vote(vote, [u.pk for u in big.units], big.head_staff)
    for user in big.voters:
        services.cast_ballot(vote, user, ids(vote, 1, 2, setup=big))
    services.close_vote(vote, big.head_staff)
    with django_assert_max_num_queries(19):
        assert client.get(f"/awards/votes/{vote.pk}/").status_code == 200
    with django_assert_max_num_queries(8):  # 7 + the official's unit, for the Read API link's rule
        assert client.get(f"/awards/votes/{vote.pk}/count/").status_code == 200
