"""The demo: the 2022 northern region conference and Cụm thi đua số I's 2017 vote."""

import datetime
import io

import pytest
from django.core.management import call_command

from awards.models import Ballot, Handover, Nomination, TitleRule, Vote
from awards.queries import cluster_year_votes, vote_result
from emulation.models import Cluster, Membership

pytestmark = pytest.mark.django_db

NORTH = "khu-vuc-mien-nui-bien-gioi-phia-bac"


def names(units):
    return [unit.name for unit in units]


def test_the_northern_region_2022(demo):
    north = Cluster.objects.get(slug=NORTH)
    flag, government = cluster_year_votes(north, 2022)
    assert flag.title.code == "co-thi-dua-nganh-tu-phap" and government.title.code == "co-thi-dua-chinh-phu"
    assert {flag.state, government.state} == {Vote.State.PUBLISHED} and flag.mode == Vote.Mode.PAPER
    result = vote_result(flag)
    assert (result.entitled, result.present, result.cast) == (14, 13, 13)
    assert len(result.winners) == 5
    second = vote_result(government)
    assert names(second.winners) == ["Cục Thi hành án dân sự tỉnh Lào Cai"]
    assert government.source_vote == flag and government.seats == 1
    assert Nomination.objects.filter(vote=government, unit__name="Cục Thi hành án dân sự tỉnh Lào Cai").exists()
    handover = Handover.objects.get(cluster=north, year=2022)
    assert handover.state == Handover.State.CONFIRMED
    assert handover.next_head.name == "Sở Tư pháp tỉnh Lào Cai"
    assert Membership.objects.get(cluster=north, year=2023, role="head").unit.name == "Sở Tư pháp tỉnh Lào Cai"


def test_the_central_region_2017_as_seed_000_tells_it(demo):
    central = Cluster.objects.get(slug="khu-vuc-mien-trung-tay-nguyen")
    handover = Handover.objects.get(cluster=central, year=2017)
    assert (handover.conference_date, handover.conference_place) == (datetime.date(2017, 11, 27), "Thanh Hóa")
    assert handover.state == Handover.State.CONFIRMED
    assert handover.next_head.name == "Sở Tư pháp tỉnh Thừa Thiên Huế"
    assert {handover.next_deputy_1.name, handover.next_deputy_2.name} == {
        "Sở Tư pháp tỉnh Nghệ An",
        "Cục Thi hành án dân sự tỉnh Quảng Bình",
    }
    leaders = Membership.objects.filter(cluster=central, year=2018).exclude(role="member")
    assert {(m.role, m.unit.name) for m in leaders} == {
        ("head", "Sở Tư pháp tỉnh Thừa Thiên Huế"),
        ("deputy", "Sở Tư pháp tỉnh Nghệ An"),
        ("deputy", "Cục Thi hành án dân sự tỉnh Quảng Bình"),
    }
    assert not Vote.objects.filter(cluster=central, year=2017).exists()  # the seed names no collective


def test_cluster_one_2017(demo):
    first = Cluster.objects.get(slug="cum-thi-dua-so-i")
    flag, government = cluster_year_votes(first, 2017)
    assert len(vote_result(flag).winners) == 4
    assert sorted(names(vote_result(government).winners)) == [
        "Vụ Các vấn đề chung về xây dựng pháp luật",
        "Vụ Tổ chức cán bộ",
    ]


def test_cluster_one_2017_is_told_as_seed_002_tells_it(demo):
    """The conference of 1 December 2017 ("hôm qua (1/12)"), the cluster head Nguyễn Hồng Tuyến in
    the chair, and votes that cite only what was in force then (Thông tư 05/2018/TT-BTP is of June
    2018); the votes of 2018 onwards may cite it."""
    first = Cluster.objects.get(slug="cum-thi-dua-so-i")
    for vote in cluster_year_votes(first, 2017):
        assert vote.meeting_date == datetime.date(2017, 12, 1)
        assert vote.created_by.get_full_name() == "Nguyễn Hồng Tuyến"  # the chair, by default
        assert "05/2018" not in vote.legal_basis and "2003" in vote.legal_basis
    assert "05/2018" in TitleRule.objects.get(title__code="co-thi-dua-nganh-tu-phap", first_year=2018).legal_basis


def test_rules_carry_their_legal_basis_and_the_unverified_mark(demo):
    rules = TitleRule.objects.select_related("title")
    assert all(rule.legal_basis for rule in rules)
    assert {rule.title.code for rule in rules if "[cần xác minh]" in rule.notes} >= {
        "chien-si-thi-dua-co-so",
        "chien-si-thi-dua-bo-nganh",
        "tap-the-lao-dong-xuat-sac",
        "co-thi-dua-nganh-tu-phap",
        "co-thi-dua-chinh-phu",
    }
    assert (
        TitleRule.for_title(rules.get(title__code="co-thi-dua-chinh-phu", first_year=2024).title, 2024).seats_value
        == 20
    )


def test_the_demo_loads_twice(demo):
    counts = [Vote.objects.count(), Nomination.objects.count(), Handover.objects.count(), TitleRule.objects.count()]
    call_command("seed_demo", stdout=io.StringIO())
    assert [
        Vote.objects.count(),
        Nomination.objects.count(),
        Handover.objects.count(),
        TitleRule.objects.count(),
    ] == counts
    assert not Ballot.objects.exists()  # the demo's votes were on paper
    assert Vote.objects.filter(year=2023, state=Vote.State.DRAFT).exists()  # for truongcum to open


def test_what_the_reports_read(demo):
    from awards import queries

    north = Cluster.objects.get(slug=NORTH)
    flag = cluster_year_votes(north, 2022)[0]
    summary = queries.vote_summary(flag.pk)
    assert summary["subject"] == "Bỏ phiếu bình xét Cờ thi đua ngành Tư pháp"
    assert summary["head_unit"].name == "Sở Tư pháp tỉnh Sơn La" and summary["published"]
    assert queries.vote_summary(0) is None
    assert queries.vote_is_published(flag.pk)
    draft = Vote.objects.get(year=2023)
    assert not queries.vote_is_published(draft.pk)
    assert set(queries.published_vote_ids().values_list("pk", flat=True)) == set(
        Vote.objects.exclude(pk=draft.pk).values_list("pk", flat=True)
    )


def test_the_demo_has_a_dossier_sent_up_awaiting_its_outcome(demo):
    from django.contrib.auth import get_user_model

    from awards.models import AwardLevel, Dossier
    from awards.permissions import sent_up_q

    office = get_user_model().objects.get(username="bo")
    dossier = Dossier.objects.get(state=Dossier.State.SENT_UP)
    assert (dossier.level, dossier.unit.name, dossier.sent_up_number) == (
        AwardLevel.PRIME_MINISTER,
        "Cục Thi hành án dân sự tỉnh Lào Cai",
        "21/TTr-BTP (minh họa)",
    )
    assert list(Dossier.objects.filter(sent_up_q(office))) == [dossier]


def test_the_dossier_checklist_cites_the_decree_in_force_on_the_day(demo):
    """Nghị định 152/2025/NĐ-CP replaced Nghị định 98/2023/NĐ-CP on 01/07/2025: a dossier sent
    in 2026 must not be checked against the expired decree, and the newer rows say they are
    unverified (domain.md)."""
    import datetime

    from awards.models import DocumentRequirement

    before = DocumentRequirement.objects.in_force_on(datetime.date(2025, 6, 30))
    after = DocumentRequirement.objects.in_force_on(datetime.date(2026, 1, 10))
    assert before.count() == after.count() > 0
    assert all("98/2023" in row.legal_basis for row in before)
    assert all("152/2025" in row.legal_basis and row.unverified for row in after)
    call_command("seed_demo", stdout=io.StringIO())  # twice: still one row a day
    assert DocumentRequirement.objects.in_force_on(datetime.date(2026, 1, 10)).count() == after.count()


def test_the_flag_rules_of_2025_cite_decree_152_and_say_it_is_unverified(demo):
    flag = TitleRule.objects.select_related("title").filter(title__code="co-thi-dua-chinh-phu")
    rule_2024 = TitleRule.for_title(flag[0].title, 2024)
    rule_2026 = TitleRule.for_title(flag[0].title, 2026)
    assert "98/2023" in rule_2024.legal_basis and rule_2024.last_year == 2024
    assert "152/2025" in rule_2026.legal_basis and "[cần xác minh]" in rule_2026.notes
    assert rule_2026.seats_value == rule_2024.seats_value == 20
    assert rule_2026.prerequisites.count() == rule_2024.prerequisites.count()
