"""The decisions register: a draft from dossiers before the council (eligible lines only), issued
with the grounds, office and rewards in force on its date (award records written, dossiers
decided), revoked or corrected only by a later decision that names it; refusals name the state."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards import demo_decisions, services
from awards.models import AwardLevel, AwardRecord, Decision, DecisionBasis, DecisionLine, Dossier, DossierLine
from awards.tests.test_dossiers import D, dossier_in, make_world
from emulation.models import Unit
from emulation.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

QD = Decision.State
ISSUED_ON = datetime.date(2026, 1, 20)


def with_rules(world):
    old = UnitFactory(name="Vụ Thi đua – Khen thưởng", type=Unit.Type.MINISTRY_UNIT, active=False)
    demo_decisions.load_bases({"Vụ Thi đua – Khen thưởng": old, "Vụ Tổ chức cán bộ": world.office})
    codes = {"chien-si-thi-dua-bo-nganh": world.person_title, "co-thi-dua-nganh-tu-phap": world.unit_title}
    demo_decisions.load_amounts(codes)
    return world


@pytest.fixture
def world(db):
    return with_rules(make_world())


def at_council(world, refuse_unit=False):
    """A dossier before the council; the unit's own line refused when ``refuse_unit``."""
    dossier = dossier_in(world, D.RECEIVED)
    officer = world.roles["officer"]
    for line in dossier.lines.all():
        if refuse_unit and not line.is_person:
            services.record_verdict(line, officer, DossierLine.Verdict.NOT_ELIGIBLE, "Chưa đủ điều kiện")
        else:
            services.record_verdict(line, officer, DossierLine.Verdict.ELIGIBLE)
    services.finish_check(dossier, officer)
    return services.send_to_council(Dossier.objects.get(pk=dossier.pk), world.roles["office"])


def issue(decision, by, number="125", when=ISSUED_ON):
    return services.issue_decision(
        decision,
        by,
        number=number,
        date=when,
        signer_name="Nguyễn Văn A",
        signer_position="Thứ trưởng",
        signing_capacity="KT. BỘ TRƯỞNG",
    )


def issued(world, **kwargs):
    office = world.roles["office"]
    draft = services.draft_decision([at_council(world, **kwargs)], office, subject="Tặng danh hiệu năm 2025")
    return issue(draft, office)


def test_a_draft_takes_only_the_eligible_lines_of_dossiers_before_the_council(world):
    dossier = at_council(world, refuse_unit=True)
    decision = services.draft_decision([dossier], world.roles["office"], subject="Tặng danh hiệu")
    (line,) = decision.lines.all()
    assert (line.person, line.unit, line.name, line.title) == (
        world.person,
        world.unit,
        "Nguyễn Thị Lan",
        world.person_title,
    )
    assert line.dossier_line.dossier == dossier
    assert decision.state == QD.DRAFT and list(decision.dossiers.all()) == [dossier]
    assert Dossier.objects.get(pk=dossier.pk).state == D.AT_COUNCIL


def test_a_dossier_not_before_the_council_is_refused_naming_its_state(world):
    dossier = dossier_in(world, D.RECEIVED)
    with pytest.raises(ValidationError) as refused:
        services.draft_decision([dossier], world.roles["office"])
    assert refused.value.code == "state"
    assert "Received by the emulation office" in str(refused.value) or "tiếp nhận" in str(refused.value)


def test_only_ministry_staff_draft_and_issue(world):
    dossier = at_council(world)
    for role in ("preparer", "unit head", "managing level", "outsider"):
        with pytest.raises(PermissionDenied):
            services.draft_decision([dossier], world.roles[role])
    draft = services.draft_decision([dossier], world.roles["office"])
    with pytest.raises(PermissionDenied):
        issue(draft, world.roles["preparer"])


def test_a_dossier_is_in_one_live_decision(world):
    dossier = at_council(world)
    services.draft_decision([dossier], world.roles["office"])
    with pytest.raises(ValidationError):
        services.draft_decision([dossier], world.roles["office"])


def test_issuing_writes_award_records_with_the_rewards_and_decides_the_dossier(world):
    decision = issued(world)
    assert (decision.state, decision.reference, decision.date) == (QD.ISSUED, "125/QĐ-BTP", ISSUED_ON)
    assert decision.office == world.office and decision.issuing_body == "Bộ Tư pháp"
    assert "152/2025/NĐ-CP" in decision.grounds and decision.basis.unverified
    person_line = decision.lines.get(person=world.person)
    unit_line = decision.lines.get(person=None)
    # 3,0 × 2.340.000 and 8,0 × 2.340.000, rounded up to ten thousand (rule data, unverified)
    assert (person_line.amount, unit_line.amount) == (Decimal("7020000"), Decimal("18720000"))
    assert person_line.reward_rule.unverified
    records = AwardRecord.objects.filter(source=AwardRecord.Source.DECISION).order_by("person_name")
    assert [(r.person_name, r.unit, r.title, r.year, r.decision_number) for r in records] == [
        ("", world.unit, world.unit_title, 2025, "125/QĐ-BTP"),
        ("Nguyễn Thị Lan", world.unit, world.person_title, 2025, "125/QĐ-BTP"),
    ]
    assert records.get(person_name="Nguyễn Thị Lan").person == world.person
    assert person_line.award_record.decision_line == person_line
    dossier = decision.dossiers.get()
    assert (dossier.state, dossier.decision_number, dossier.decision_date) == (D.DECIDED, "125/QĐ-BTP", ISSUED_ON)
    assert dossier.holder is None


def test_the_grounds_and_office_are_those_in_force_on_the_date(world):
    dossier = at_council(world)
    draft = services.draft_decision([dossier], world.roles["office"])
    decision = issue(draft, world.roles["office"], when=datetime.date(2019, 3, 4))
    assert decision.office.name == "Vụ Thi đua – Khen thưởng"
    assert "05/2018/TT-BTP" in decision.grounds and "06/2022" not in decision.grounds
    assert decision.lines.get(person=world.person).amount is None  # no reward rule in force in 2019


def test_no_basis_in_force_refuses_to_issue(world):
    DecisionBasis.objects.all().delete()
    draft = services.draft_decision([at_council(world)], world.roles["office"])
    with pytest.raises(ValidationError, match="20/01/2026"):
        issue(draft, world.roles["office"])
    assert Decision.objects.get(pk=draft.pk).state == QD.DRAFT


def test_issuing_needs_number_date_and_signer_and_numbers_are_unique_in_a_year(world):
    office = world.roles["office"]
    draft = services.draft_decision([at_council(world)], office)
    with pytest.raises(ValidationError):
        services.issue_decision(draft, office, number="", date=ISSUED_ON, signer_name="A", signer_position="B")
    with pytest.raises(ValidationError):
        services.issue_decision(draft, office, number="7", date=ISSUED_ON, signer_name="", signer_position="")
    issue(draft, office, number="7")
    second = services.draft_decision([at_council(world)], office)
    with pytest.raises(ValidationError):
        issue(second, office, number="7", when=datetime.date(2026, 3, 1))


def test_an_issued_decision_cannot_change_and_the_refusal_names_the_state(world):
    decision = issued(world)
    office = world.roles["office"]
    calls = [
        lambda: issue(decision, office, number="126"),
        lambda: services.update_decision(decision, office, subject="Khác"),
        lambda: services.delete_decision(decision, office),
        lambda: services.remove_decision_line(decision.lines.first(), office),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as refused:
            call()
        assert refused.value.code == "state"
        assert "Issued" in str(refused.value) or "ban hành" in str(refused.value)


def test_a_revocation_removes_the_award_records_and_both_decisions_stay(world):
    decision = issued(world)
    office = world.roles["office"]
    with pytest.raises(ValidationError):
        services.draft_revocation(decision, office, reason=" ")
    revocation = services.draft_revocation(decision, office, reason="Hồ sơ kê khai không trung thực")
    assert revocation.revokes == decision and revocation.lines.count() == 2
    assert AwardRecord.objects.count() == 2  # nothing changes before the revocation is issued
    revocation = issue(revocation, office, number="200", when=datetime.date(2026, 3, 2))
    assert Decision.objects.get(pk=decision.pk).state == QD.REVOKED
    assert revocation.state == QD.ISSUED
    assert not AwardRecord.objects.exists()
    assert AwardRecord.history.filter(history_type="-").count() == 2
    states = list(Decision.history.filter(id=decision.pk).order_by("history_id").values_list("state", flat=True))
    assert states[-2:] == [QD.ISSUED, QD.REVOKED]
    with pytest.raises(ValidationError) as refused:
        services.draft_revocation(decision, office, reason="Lần nữa")
    assert refused.value.code == "state"


def test_a_revocation_of_some_lines_keeps_the_rest(world):
    decision = issued(world)
    office = world.roles["office"]
    person_line = decision.lines.get(person=world.person)
    revocation = services.draft_revocation(decision, office, reason="Bị kỷ luật", lines=[person_line])
    issue(revocation, office, number="201", when=datetime.date(2026, 3, 2))
    assert Decision.objects.get(pk=decision.pk).state == QD.ISSUED  # the unit keeps its flag
    assert list(AwardRecord.objects.values_list("person_name", flat=True)) == [""]
    assert person_line.superseded_by.get().decision == revocation


def test_a_correction_replaces_the_earlier_decision(world):
    decision = issued(world)
    office = world.roles["office"]
    correction = services.draft_correction(decision, office, reason="Sai chức vụ")
    line = correction.lines.get(person=world.person)
    services.update_decision_line(line, office, name="Nguyễn Thị Lan", position="Chấp hành viên trung cấp", amount=None)
    correction = issue(correction, office, number="210", when=datetime.date(2026, 2, 1))
    assert Decision.objects.get(pk=decision.pk).state == QD.CORRECTED
    assert correction.corrects == decision
    records = AwardRecord.objects.all()
    assert {r.decision_line.decision_id for r in records} == {correction.pk}
    assert {r.decision_number for r in records} == {"210/QĐ-BTP"}
    assert DecisionLine.objects.get(pk=line.pk).position == "Chấp hành viên trung cấp"
    assert decision.dossiers.get().state == D.DECIDED


def test_a_correction_cannot_predate_the_decision_it_corrects(world):
    decision = issued(world)
    correction = services.draft_correction(decision, world.roles["office"], reason="Sai tên")
    with pytest.raises(ValidationError):
        issue(correction, world.roles["office"], number="3", when=datetime.date(2026, 1, 2))


def test_deleting_a_draft_leaves_the_dossier_before_the_council(world):
    dossier = at_council(world)
    draft = services.draft_decision([dossier], world.roles["office"])
    services.delete_decision(draft, world.roles["office"])
    assert not Decision.objects.exists()
    assert services.draft_decision([dossier], world.roles["office"]).lines.count() == 2


def test_decide_dossier_still_records_a_decision_typed_by_hand(world):
    dossier = at_council(world)
    dossier = services.decide_dossier(
        dossier, world.roles["office"], decision_number="9/QĐ-BTP", decision_date=ISSUED_ON
    )
    assert dossier.state == D.DECIDED


def test_the_prime_ministers_decision_from_a_dossier_sent_up_leaves_out_the_refused(world):
    office = world.roles["office"]
    dossier = dossier_in(world, D.AT_COUNCIL, AwardLevel.PRIME_MINISTER)
    with pytest.raises(ValidationError) as refused:  # not sent up yet
        services.draft_decision([dossier], office)
    assert refused.value.code == "guard"
    dossier = services.send_up_dossier(dossier, office, number="45/TTr-BTP", date=datetime.date(2026, 1, 12))
    unit_line = dossier.lines.get(unit__isnull=False)
    services.record_outcome(unit_line, office, awarded=False, reason="Chưa đủ 5 năm liên tục")
    draft = services.draft_decision([dossier], office, subject="Tặng Bằng khen của Thủ tướng Chính phủ")
    (line,) = draft.lines.all()
    assert line.person == world.person
    assert (draft.level, draft.issuing_body, draft.symbol) == ("prime_minister", "Thủ tướng Chính phủ", "QĐ-TTg")
    assert "Luật Tổ chức Chính phủ" in draft.grounds and draft.office == world.office
    with pytest.raises(ValidationError):  # the outcome is settled once the decision is drafted
        services.record_outcome(unit_line, office, awarded=True)
    decision = issue(draft, office, number="88")
    assert decision.reference == "88/QĐ-TTg" and "Nghị định số 152/2025" in decision.grounds
    dossier.refresh_from_db()
    assert (dossier.state, dossier.decision_number, dossier.holder) == (D.DECIDED, "88/QĐ-TTg", None)
    records = AwardRecord.objects.filter(decision_line__decision=decision)
    assert [record.person for record in records] == [world.person]


def test_the_presidents_decision_has_its_own_heading(world):
    office = world.roles["office"]
    dossier = dossier_in(world, D.SENT_UP, AwardLevel.PRESIDENT)
    draft = services.draft_decision([dossier], office)
    assert (draft.issuing_body, draft.symbol) == ("Chủ tịch nước", "QĐ-CTN")
    assert draft.lines.count() == 2
