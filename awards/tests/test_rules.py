"""Rules as data, candidate proposal (registrations, rank band, prerequisites), the
second round for Cờ thi đua của Chính phủ, and the dashboard lines."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards import services
from awards.models import AwardRecord, Prerequisite, TitleRule, Vote
from awards.todo import award_actions
from campaigns.models import Pledge
from campaigns.tests.factories import CampaignFactory, PledgeFactory
from emulation.tests.factories import OfficialFactory, TitleFactory, UserFactory
from scoring.models import Scorecard
from scoring.tests.factories import build_table

from .factories import TitleRuleFactory
from .test_vote_flow import ids

pytestmark = pytest.mark.django_db


def test_rule_validation(rule):
    overlapping = TitleRule(title=rule.title, first_year=2020, legal_basis="x")
    with pytest.raises(ValidationError, match="đã có quy định khác"):
        overlapping.full_clean()
    other = TitleFactory()
    share = TitleRule(title=other, first_year=2020, legal_basis="x", seats_kind="share_winners", seats_value=20)
    with pytest.raises(ValidationError):
        share.full_clean()  # no source title
    share.seats_source_title = rule.title
    share.seats_value = Decimal(120)
    with pytest.raises(ValidationError):
        share.full_clean()
    share.seats_value = Decimal(20)
    share.full_clean()
    assert TitleRule.for_title(rule.title, 2016) is None
    assert TitleRule.for_title(rule.title, 2030) == rule


def test_only_ministry_staff_edit_rules(client, rule):
    from emulation.models import Unit

    office = Unit.objects.create(name="Vụ TCCB", slug="vu-tccb", type="ministry_unit", is_emulation_office=True)
    staff = UserFactory()
    OfficialFactory(user=staff, unit=office)
    client.force_login(UserFactory())
    assert client.get(f"/awards/rules/{rule.pk}/").status_code == 403
    client.force_login(staff)
    data = {
        "title": rule.title.pk,
        "first_year": 2017,
        "legal_basis": "Thông tư 11/2023/TT-BTP",
        "chosen_by_vote": "on",
        "quorum_percent": "66,67",
        "threshold_percent": "90",
        "threshold_base": "entitled",
        "threshold_inclusive": "on",
        "ballot_style": "yes_no",
        "seats_kind": "fixed",
        "seats_value": "3",
        "seats_minimum": "0",
        "version": rule.version,
    }
    assert client.post(f"/awards/rules/{rule.pk}/", data).status_code == 302
    rule.refresh_from_db()
    assert (rule.threshold_percent, rule.threshold_base, rule.version) == (Decimal("90"), "entitled", 2)
    stale = client.post(f"/awards/rules/{rule.pk}/", {**data, "threshold_percent": "80"})
    assert "Người khác đã lưu" in stale.content.decode()
    assert rule.history.count() == 2
    assert "rule-row" in client.get("/awards/rules/").content.decode()


def test_candidates_come_from_registrations_rank_and_prerequisites(setup):
    flag = TitleFactory(name="Cờ thi đua ngành Tư pháp")
    government = TitleFactory(name="Cờ thi đua của Chính phủ")
    rule = TitleRuleFactory(title=flag, lowest_rank_band=0)
    TitleRuleFactory(title=government, seats_kind="share_winners", seats_value=20, seats_source_title=flag)
    campaign = CampaignFactory(launching_cluster=setup.cluster)
    accepted = Pledge.Status.ACCEPTED
    for unit in setup.units[:4]:
        PledgeFactory(campaign=campaign, unit=unit, status=accepted, collective_title=flag)
    PledgeFactory(campaign=campaign, unit=setup.units[4], status=accepted, collective_title=government)
    PledgeFactory(campaign=campaign, unit=setup.units[5], status=Pledge.Status.DRAFT, collective_title=flag)
    table = build_table(year=2023, unit_type="doj")
    bands = {band.position: band for band in table.rank_bands.all()}
    for unit, band in zip(setup.units[:5], [0, 0, 1, None, 0], strict=True):
        if band is not None:
            Scorecard.objects.create(
                unit=unit, table=table, year=2023, unit_type="doj", status="final", final_total=1, band=bands[band]
            )
    required = TitleFactory(name="Tập thể lao động xuất sắc")
    Prerequisite.objects.create(rule=rule, required_title=required, consecutive_years=2)
    for unit in setup.units[:5]:
        for year in (2021, 2022):
            if (unit, year) != (setup.units[1], 2021):
                AwardRecord.objects.create(title=required, year=year, unit=unit)
    vote = services.create_vote(setup.cluster, 2023, flag, setup.head_staff)
    proposed = {c.unit for c in vote.candidates.all()}
    # units 0 and 4 (registered for the Government's flag, so the Ministry's too) pass;
    # 1 lacks 2021, 2 is ranked B, 3 has no final score, 5 has no accepted pledge.
    assert proposed == {setup.units[0], setup.units[4]}
    for text in ["không đăng ký danh hiệu", "chưa có điểm chính thức", "xếp Hạng B", "năm 2021"]:
        assert text in vote.note or text.replace("năm ", "") in vote.note
    assert vote.seats == 2


def test_the_second_round_is_among_the_first_rounds_winners(setup):
    flag = TitleFactory(name="Cờ thi đua ngành Tư pháp")
    government = TitleFactory(name="Cờ thi đua của Chính phủ")
    TitleRuleFactory(title=flag, seats_value=5)
    TitleRuleFactory(
        title=government, seats_kind="share_winners", seats_value=20, seats_minimum=1, seats_source_title=flag
    )
    with pytest.raises(ValidationError, match="kết thúc phiên bỏ phiếu"):
        services.create_vote(setup.cluster, setup.year, government, setup.head_staff)
    first = services.create_vote(setup.cluster, setup.year, flag, setup.head_staff)
    for unit in setup.units[:6]:
        services.add_candidate(first, unit, "Đề xuất", setup.head_staff)
    first.refresh_from_db()
    services.open_vote(first, [u.pk for u in setup.units], setup.head_staff)
    chosen = ids(first, 0, 1, 2, 3, 4, setup=setup)
    for user in setup.voters:
        services.cast_ballot(first, user, chosen)
    services.close_vote(first, setup.head_staff)
    second = services.create_vote(setup.cluster, setup.year, government, setup.head_staff)
    assert second.source_vote == first
    assert {c.unit for c in second.candidates.all()} == set(setup.units[:5])
    assert second.seats == 1  # 20% of 5
    assert {c.origin for c in second.candidates.all()} == {"winner"}


def test_refusals_when_creating(setup, rule):
    no_vote = TitleRuleFactory(chosen_by_vote=False)
    with pytest.raises(ValidationError):
        services.create_vote(setup.cluster, setup.year, no_vote.title, setup.head_staff)
    later = TitleRuleFactory(first_year=2024)
    with pytest.raises(ValidationError):
        services.create_vote(setup.cluster, setup.year, later.title, setup.head_staff)  # no rule in 2023
    services.create_vote(setup.cluster, setup.year, rule.title, setup.head_staff)
    with pytest.raises(ValidationError):
        services.create_vote(setup.cluster, setup.year, rule.title, setup.head_staff)
    with pytest.raises(PermissionDenied):
        services.create_vote(setup.cluster, setup.year + 1, rule.title, setup.head_staff)  # not head next year


def test_dashboard_lines(setup, rule):
    vote = services.create_vote(setup.cluster, setup.year, rule.title, setup.head_staff)
    services.add_candidate(vote, setup.units[1], "x", setup.head_staff)
    labels = [a.label for a in award_actions(setup.head_staff, setup.year)]
    assert labels == ["Phiên bỏ phiếu cần chuẩn bị và mở"]
    vote.refresh_from_db()
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    voter_actions = award_actions(setup.voters[2], setup.year)
    assert [(a.label, a.url) for a in voter_actions] == [("Bỏ phiếu của bạn", f"/awards/votes/{vote.pk}/ballot/")]
    services.cast_ballot(vote, setup.voters[2], [])
    assert award_actions(setup.voters[2], setup.year) == []
    assert Vote.objects.get().blank_count is None


def test_dashboard_lines_cost_one_query_or_two_for_the_ministry(demo, django_assert_num_queries):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.select_related("official__unit")
    truongcum, bo = users.get(username="truongcum"), users.get(username="bo")
    with django_assert_num_queries(1):
        assert [a.label for a in award_actions(truongcum, 2023)] == ["Phiên bỏ phiếu cần chuẩn bị và mở"]
    with django_assert_num_queries(2):
        lines = {a.label: a.count for a in award_actions(bo, 2022)}
    assert lines == {"Đề nghị khen thưởng chờ quyết định": 6}
