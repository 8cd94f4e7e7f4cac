"""Nominations: from a published vote or direct, attachments checked by content,
draft → submitted → approved | rejected with the decision, and the award history that
prerequisites read (including what is imported from Excel)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from awards import services, sheets
from awards.models import AwardRecord, Nomination, Prerequisite
from emulation.spreadsheets import build_workbook
from emulation.tests.factories import OfficialFactory, TitleFactory, UserFactory

from .factories import TitleRuleFactory
from .test_vote_flow import ids, make_vote

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def ministry(db):
    from emulation.models import Unit

    office = Unit.objects.create(
        name="Vụ Tổ chức cán bộ", slug="vu-tccb", type="ministry_unit", is_emulation_office=True
    )
    user = UserFactory()
    OfficialFactory(user=user, unit=office)
    return user


def published_vote(setup, rule):
    vote = make_vote(setup, rule)
    a, b, _c = ids(vote, 0, 1, 2, setup=setup)
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    for user in setup.voters:
        services.cast_ballot(vote, user, [a, b])
    services.close_vote(vote, setup.head_staff)
    services.publish_vote(vote, setup.head_staff)
    return vote


def test_nominations_from_a_published_vote(setup, rule):
    vote = make_vote(setup, rule)
    with pytest.raises(ValidationError):
        services.create_nomination(rule.title, setup.year, setup.units[0], setup.head_staff, vote=vote)
    setup_vote = published_vote(setup, TitleRuleFactory())
    created = services.nominate_from_vote(setup_vote, setup.head_staff)
    assert [n.unit for n in created] == setup.units[:2]
    assert all(n.cluster == setup.cluster and n.state == Nomination.State.DRAFT for n in created)
    assert services.nominate_from_vote(setup_vote, setup.head_staff) == []  # not twice
    with pytest.raises(ValidationError):  # not a winner
        services.create_nomination(setup_vote.title, setup.year, setup.units[2], setup.head_staff, vote=setup_vote)
    with pytest.raises(PermissionDenied):
        services.nominate_from_vote(setup_vote, setup.voters[3])


def test_the_workflow_writes_the_award_history(setup, client, ministry):
    vote = published_vote(setup, TitleRuleFactory())
    nomination = services.nominate_from_vote(vote, setup.head_staff)[0]
    with pytest.raises(ValidationError, match="báo cáo thành tích|achievement"):
        services.submit_nomination(nomination, setup.head_staff)
    client.force_login(setup.head_staff)
    nomination.refresh_from_db()
    client.post(
        f"/awards/nominations/{nomination.pk}/",
        {"achievement_summary": "Hoàn thành xuất sắc 7/7 chỉ tiêu", "person_name": "", "version": nomination.version},
    )
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(f"/awards/nominations/{nomination.pk}/attachments/", {"file": fake}, follow=True)
    assert "PDF, JPEG hoặc PNG" in response.content.decode()
    real = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    client.post(
        f"/awards/nominations/{nomination.pk}/attachments/", {"file": real, "description": "Báo cáo thành tích"}
    )
    attachment = nomination.attachments.get()
    download = client.get(f"/awards/nominations/{nomination.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.post(f"/awards/nominations/{nomination.pk}/submit/")
    nomination.refresh_from_db()
    assert nomination.state == Nomination.State.SUBMITTED
    # Submitted: no more changes, and only the Ministry decides.
    with pytest.raises(ValidationError):
        services.update_nomination(nomination, setup.head_staff, achievement_summary="sửa")
    assert client.post(f"/awards/nominations/{nomination.pk}/decide/", {"approve": "1"}).status_code == 403
    client.force_login(ministry)
    client.post(f"/awards/nominations/{nomination.pk}/decide/", {"approve": "1", "decision_number": ""})
    nomination.refresh_from_db()
    assert nomination.state == Nomination.State.SUBMITTED  # number and date are required
    client.post(
        f"/awards/nominations/{nomination.pk}/decide/",
        {"approve": "1", "decision_number": "45/QĐ-BTP", "decision_date": "2024-01-15", "version": nomination.version},
    )
    nomination.refresh_from_db()
    assert nomination.state == Nomination.State.APPROVED
    record = AwardRecord.objects.get()
    assert (record.unit, record.year, record.decision_number) == (setup.units[0], setup.year, "45/QĐ-BTP")
    assert record.nomination == nomination and record.source == AwardRecord.Source.NOMINATION
    assert nomination.history.count() >= 4
    with pytest.raises(ValidationError):
        services.reject_nomination(nomination, ministry, decision_number="1", decision_date=datetime.date(2024, 1, 1))


def test_rejection_keeps_the_decision_and_writes_no_history(setup, ministry):
    vote = published_vote(setup, TitleRuleFactory())
    nomination = services.nominate_from_vote(vote, setup.head_staff)[1]
    services.update_nomination(nomination, setup.head_staff, achievement_summary="Thành tích")
    services.submit_nomination(nomination, setup.head_staff)
    services.reject_nomination(
        nomination, ministry, decision_number="12/TB-BTP", decision_date=datetime.date(2024, 2, 1), note="Chưa đủ"
    )
    nomination.refresh_from_db()
    assert nomination.state == Nomination.State.REJECTED and nomination.decision_note == "Chưa đủ"
    assert not AwardRecord.objects.exists()


def test_direct_nominations_only_for_titles_without_a_vote(setup, ministry):
    voted = TitleRuleFactory(chosen_by_vote=True)
    with pytest.raises(ValidationError):
        services.create_nomination(voted.title, 2023, setup.units[1], setup.voters[1])
    commendation = TitleFactory(name="Bằng khen của Bộ trưởng", kind="commendation")
    nomination = services.create_nomination(
        commendation, 2023, setup.units[1], setup.voters[1], person_name="Nguyễn Văn An", achievement_summary="x"
    )
    assert nomination.cluster is None and nomination.person_name == "Nguyễn Văn An"
    with pytest.raises(PermissionDenied):  # another unit's official
        services.create_nomination(commendation, 2023, setup.units[1], setup.voters[2])
    services.create_nomination(commendation, 2023, setup.units[2], ministry)  # ministry staff, any unit


def test_prerequisites_are_read_from_the_award_history(setup, ministry):
    base = TitleFactory(name="Chiến sĩ thi đua cơ sở", level="individual")
    higher = TitleFactory(name="Chiến sĩ thi đua Bộ, ngành", level="individual")
    rule = TitleRuleFactory(title=higher, chosen_by_vote=False, seats_kind="unlimited")
    Prerequisite.objects.create(rule=rule, required_title=base, consecutive_years=3, include_current_year=True)
    person, unit = "Lê Thị Hoa", setup.units[1]
    for year in (2021, 2023):
        AwardRecord.objects.create(title=base, year=year, unit=unit, person_name=person)
    nomination = services.create_nomination(
        higher, 2023, unit, setup.voters[1], person_name=person, achievement_summary="Sáng kiến cấp ngành"
    )
    with pytest.raises(ValidationError, match="2022"):
        services.submit_nomination(nomination, setup.voters[1])
    AwardRecord.objects.create(title=base, year=2022, unit=unit, person_name=person)
    services.submit_nomination(nomination, setup.voters[1])


def test_a_title_needed_a_number_of_times_counts_the_years_it_was_held_in_the_span(setup):
    """Chiến sĩ thi đua toàn quốc: Chiến sĩ thi đua Bộ, ngành twice in the six years ending with
    the year, in any two of them (the demo's row, unverified)."""
    base = TitleFactory(name="Chiến sĩ thi đua Bộ, ngành", level="individual")
    higher = TitleFactory(name="Chiến sĩ thi đua toàn quốc", level="individual")
    rule = TitleRuleFactory(title=higher, chosen_by_vote=False, seats_kind="unlimited")
    Prerequisite.objects.create(rule=rule, required_title=base, consecutive_years=6, times=2, include_current_year=True)
    person, unit = "Lê Thị Hoa", setup.units[1]
    AwardRecord.objects.create(title=base, year=2017, unit=unit, person_name=person)  # before 2018–2023
    AwardRecord.objects.create(title=base, year=2020, unit=unit, person_name=person)
    nomination = services.create_nomination(
        higher, 2023, unit, setup.voters[1], person_name=person, achievement_summary="Sáng kiến toàn quốc"
    )
    needed = "Cần đạt Chiến sĩ thi đua Bộ, ngành 2 lần trong các năm 2018–2023; mới đạt 1 lần."
    with pytest.raises(ValidationError, match=needed):
        services.submit_nomination(nomination, setup.voters[1])
    AwardRecord.objects.create(title=base, year=2023, unit=unit, person_name=person)
    services.submit_nomination(nomination, setup.voters[1])


@given(years=st.integers(1, 8), times=st.integers(1, 8), held=st.sets(st.integers(2010, 2030)))
def test_a_condition_of_times_is_met_exactly_when_the_span_holds_that_many(years, times, held):
    prerequisite = Prerequisite(consecutive_years=years, times=times if times <= years else None,
                                include_current_year=True)  # fmt: skip
    span = set(range(2023 - years + 1, 2024))
    needed = prerequisite.times or years
    missing = prerequisite.missing_in(held, 2023)
    assert (missing == []) == (len(span & held) >= needed)
    assert set(missing) <= span - held


def _workbook(rows):
    data = build_workbook([("Lịch sử", sheets.IMPORT_COLUMNS, rows)])
    return SimpleUploadedFile("lich-su.xlsx", data)


def test_import_award_history_from_excel(setup, ministry, client):
    title = TitleFactory(name="Cờ thi đua ngành Tư pháp", code="co-thi-dua-nganh-tu-phap")
    unit = setup.units[3]
    rows = [
        [2020, "Cờ thi đua ngành Tư pháp", unit.name, "", "10/QĐ-BTP", "15/01/2021"],
        [2021, "co-thi-dua-nganh-tu-phap", unit.slug, None, "11/QĐ-BTP", datetime.datetime(2022, 1, 14)],
    ]
    client.force_login(setup.head_staff)
    assert client.post("/awards/history/", {"file": _workbook(rows)}).status_code == 403
    client.force_login(ministry)
    response = client.post("/awards/history/", {"file": _workbook(rows)}, follow=True)
    assert "Đã nhập 2 khen thưởng" in response.content.decode()
    assert list(AwardRecord.objects.filter(title=title).values_list("year", flat=True).order_by("year")) == [2020, 2021]
    assert AwardRecord.objects.get(year=2021).decision_date == datetime.date(2022, 1, 14)
    again = client.post("/awards/history/", {"file": _workbook(rows)}, follow=True)
    assert "0 khen thưởng, 2 khen thưởng đã có" in again.content.decode()
    bad = [[2020, "Không có", unit.name, "", "", ""], ["năm", title.name, "Không có", "", "", "32/13/2020"]]
    response = client.post("/awards/history/", {"file": _workbook(bad)})
    html = response.content.decode()
    assert "Dòng 2: không có danh hiệu" in html and "Dòng 3: năm không phải là số" in html
    assert AwardRecord.objects.count() == 2
    junk = SimpleUploadedFile("x.xlsx", b"not a workbook")
    assert "không phải là bảng tính" in client.post("/awards/history/", {"file": junk}).content.decode()
    assert client.get("/awards/history/template.xlsx").status_code == 200
