"""What people read on the vote pages: closing asks first, the notes and the quorum
line say what the rule means, each change is confirmed, the minutes are one click away."""

from decimal import Decimal

import pytest

from awards import services
from awards.models import TitleRule, Vote

from .factories import TitleRuleFactory
from .test_vote_flow import ids, make_vote

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_closing_asks_first_how_many_have_voted_even_with_no_ballot(client, setup, rule):
    vote = make_vote(setup, rule)
    vote = services.open_vote(vote, [u.pk for u in setup.units[:7]], setup.head_staff)
    client.force_login(setup.head_staff)
    detail = client.get(f"/awards/votes/{vote.pk}/").content.decode()
    assert f'href="/awards/votes/{vote.pk}/close/" data-testid="close-vote"' in detail  # a link, not a POST
    page = client.get(f"/awards/votes/{vote.pk}/close/").content.decode()
    assert "0 trên 8 đại biểu được triệu tập đã bỏ phiếu (7 đại biểu có mặt)" in page
    assert "nobody-voted" in page
    refused = client.post(f"/awards/votes/{vote.pk}/close/", {"version": vote.version}, follow=True)
    assert "Chưa xác nhận kết thúc" in " ".join(messages_of(refused))
    assert Vote.objects.get(pk=vote.pk).state == Vote.State.OPEN
    client.post(f"/awards/votes/{vote.pk}/close/", {"version": vote.version, "confirm": "1"})
    assert Vote.objects.get(pk=vote.pk).state == Vote.State.CLOSED


def test_the_close_page_counts_the_ballots_cast(client, setup, rule):
    vote = make_vote(setup, rule)
    a = ids(vote, 0, setup=setup)[0]
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    for user in setup.voters[:3]:
        services.cast_ballot(vote, user, [a])
    client.force_login(setup.head_staff)
    page = client.get(f"/awards/votes/{vote.pk}/close/").content.decode()
    assert "3 trên 8 đại biểu được triệu tập đã bỏ phiếu (8 đại biểu có mặt)" in page
    assert "nobody-voted" not in page


def test_the_second_round_note_prints_its_share_as_a_number(setup, rule):
    first = make_vote(setup, rule)
    a, b = ids(first, 0, 1, setup=setup)
    services.open_vote(first, [u.pk for u in setup.units], setup.head_staff)
    for user in setup.voters:
        services.cast_ballot(first, user, [a, b])
    services.close_vote(first, setup.head_staff)
    second = TitleRuleFactory(
        seats_kind=TitleRule.SeatsKind.SHARE_OF_WINNERS, seats_source_title=rule.title, seats_value=Decimal("20")
    )
    vote = services.create_second_round(first, second.title, setup.head_staff)
    assert "số lượng: 20 phần trăm" in vote.note
    assert "E+" not in vote.note


def test_a_candidate_added_by_hand_is_no_longer_noted_not_proposed(client, setup, rule):
    vote = services.create_vote(setup.cluster, setup.year, rule.title, setup.head_staff)
    first, second = setup.units[:2]
    assert f"Không đề xuất: {first}" in vote.note and f"Không đề xuất: {second}" in vote.note
    client.force_login(setup.head_staff)
    response = client.post(
        f"/awards/votes/{vote.pk}/candidates/add/", {"unit": first.pk, "reason": "Dẫn đầu cụm"}, follow=True
    )
    assert f"Đã đưa {first.name} vào danh sách bỏ phiếu." in messages_of(response)
    vote.refresh_from_db()
    assert f"Không đề xuất: {first}" not in vote.note
    assert f"Không đề xuất: {second}" in vote.note
    page = response.content.decode()
    assert f"Không đề xuất: {first}" not in page and "Dẫn đầu cụm" in page


def test_the_quorum_line_counts_those_convened(client, setup, rule):
    vote = make_vote(setup, rule)
    client.force_login(setup.voters[3])
    page = client.get(f"/awards/votes/{vote.pk}/").content.decode()
    assert "có mặt ít nhất 66,67% của số đại biểu được triệu tập" in page
    assert "của số đại biểu có mặt" not in page


def test_making_a_nomination_says_so(client, setup):
    from emulation.tests.factories import TitleFactory

    title = TitleFactory()
    client.force_login(setup.voters[2])
    data = {"title": title.pk, "year": setup.year, "unit": setup.units[2].pk, "achievement_summary": "Thành tích"}
    response = client.post(f"/awards/nominations/new/?year={setup.year}", data, follow=True)
    assert "Đã lập dự thảo đề nghị khen thưởng: hãy hoàn thiện rồi gửi Bộ." in messages_of(response)


def test_the_vote_page_links_to_its_minutes_once_counted(client, setup, rule):
    vote = make_vote(setup, rule)
    a = ids(vote, 0, setup=setup)[0]
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    client.force_login(setup.head_staff)
    assert "minutes-link" not in client.get(f"/awards/votes/{vote.pk}/").content.decode()
    services.cast_ballot(vote, setup.voters[1], [a])
    services.close_vote(vote, setup.head_staff)
    page = client.get(f"/awards/votes/{vote.pk}/").content.decode()
    assert f'href="/reports/vote/{vote.pk}/" data-testid="minutes-link"' in page
    assert client.get(f"/reports/vote/{vote.pk}/").status_code == 200
    client.force_login(setup.voters[4])  # a member: the minutes once the result is published
    assert "minutes-link" not in client.get(f"/awards/votes/{vote.pk}/").content.decode()
    services.publish_vote(vote, setup.head_staff)
    assert "minutes-link" in client.get(f"/awards/votes/{vote.pk}/").content.decode()
