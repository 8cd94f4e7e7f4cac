"""Awards of the Prime Minister or the President: after the council the Ministry sends the
dossier up (its tờ trình's number and date), the outcome received back is recorded — a
recipient may be refused by the higher level, with the reason — and the dossier is decided
from there; every refusal of the step through ``transitions.DOSSIER``, and the pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards import services
from awards.models import AwardLevel, CouncilRule, DossierLine
from awards.todo import dossier_actions
from awards.transitions import DOSSIER

from .test_dossiers import YEAR, D, dossier_in, make_world

pytestmark = pytest.mark.django_db

SENT_ON = datetime.date(2026, 1, 12)
PM = AwardLevel.PRIME_MINISTER
YEAR_START = datetime.date(2024, 1, 1)


@pytest.fixture
def world(db):
    return make_world()


def send_up(dossier, by, number="45/TTr-BTP"):
    return services.send_up_dossier(dossier, by, number=number, date=SENT_ON)


def test_a_higher_award_is_sent_up_after_the_council_and_decided_from_there(world):
    office = world.roles["office"]
    dossier = dossier_in(world, D.AT_COUNCIL, PM)
    assert DOSSIER.available(dossier, office) >= {"send_up", "return"}
    assert "decide" not in DOSSIER.available(dossier, office)
    with pytest.raises(ValidationError) as refused:  # the Prime Minister decides, not the Minister
        services.decide_dossier(dossier, office, decision_number="5/QĐ-BTP", decision_date=SENT_ON)
    assert refused.value.code == "guard"
    with pytest.raises(ValidationError):  # the submission's number and date are required
        services.send_up_dossier(dossier, office, number="  ", date=SENT_ON)
    dossier = send_up(dossier, office)
    assert (dossier.state, dossier.holder, dossier.sent_up_number, dossier.sent_up_on) == (
        D.SENT_UP,
        world.office,
        "45/TTr-BTP",
        SENT_ON,
    )
    assert DOSSIER.available(dossier, office) == {"outcome", "decide", "return"}
    decided_on = datetime.date(2026, 3, 2)
    dossier = services.decide_dossier(dossier, office, decision_number="88/QĐ-TTg", decision_date=decided_on)
    assert (dossier.state, dossier.holder, dossier.decision_number) == (D.DECIDED, None, "88/QĐ-TTg")
    assert dossier.history.filter(state=D.SENT_UP, sent_up_number="45/TTr-BTP").exists()


@pytest.mark.parametrize("level", [AwardLevel.PRIME_MINISTER, AwardLevel.PRESIDENT])
def test_both_higher_levels_are_sent_up(world, level):
    dossier = send_up(dossier_in(world, D.AT_COUNCIL, level), world.roles["office"])
    assert dossier.state == D.SENT_UP


def test_a_ministry_level_dossier_is_not_sent_up(world):
    dossier = dossier_in(world, D.AT_COUNCIL)
    office = world.roles["office"]
    assert "send_up" not in DOSSIER.available(dossier, office)
    with pytest.raises(ValidationError, match="(Minister|Bộ trưởng)") as refused:
        send_up(dossier, office)
    assert refused.value.code == "guard"
    assert "decide" in DOSSIER.available(dossier, office)  # it still decides from the council


@pytest.mark.parametrize("state", [D.DRAFT, D.RECEIVED, D.CHECKED, D.DECIDED])
def test_sending_up_from_another_state_names_the_state(world, state):
    dossier = dossier_in(world, state, PM)
    with pytest.raises(ValidationError) as refused:
        send_up(dossier, world.roles["office"])
    assert refused.value.code == "state"


def test_sending_up_needs_the_office(world):
    dossier = dossier_in(world, D.AT_COUNCIL, PM)
    for role in ("preparer", "unit head", "managing level", "outsider"):
        with pytest.raises(PermissionDenied):
            send_up(dossier, world.roles[role])
    sent = dossier_in(world, D.SENT_UP)
    line = sent.lines.first()
    for role in ("preparer", "managing level", "outsider"):
        with pytest.raises(PermissionDenied):
            services.record_outcome(line, world.roles[role], awarded=False, reason="Không đủ tiêu chuẩn")
        with pytest.raises(PermissionDenied):
            services.decide_dossier(sent, world.roles[role], decision_number="1/QĐ-TTg", decision_date=SENT_ON)


def test_sending_up_waits_on_the_council_ballot(world):
    dossier = dossier_in(world, D.AT_COUNCIL, PM)
    CouncilRule.objects.create(
        quorum_percent=50, threshold_percent=90, legal_basis="Thông tư 11/2023/TT-BTP", valid_from=YEAR_START
    )
    office = world.roles["office"]
    assert "send_up" not in DOSSIER.available(dossier, office)
    assert DOSSIER.reasons(dossier)["send_up"]
    with pytest.raises(ValidationError) as refused:
        send_up(dossier, office)
    assert refused.value.code == "guard"


def test_the_outcome_refuses_a_recipient_with_the_reason(world):
    office = world.roles["office"]
    dossier = dossier_in(world, D.SENT_UP)
    person_line, unit_line = dossier.lines.order_by("pk")
    with pytest.raises(ValidationError, match="(reason|lý do)"):
        services.record_outcome(unit_line, office, awarded=False, reason=" ")
    reason = "Chưa đủ 5 năm liên tục hoàn thành xuất sắc nhiệm vụ"
    line = services.record_outcome(unit_line, office, awarded=False, reason=reason)
    assert (line.not_awarded, line.not_awarded_reason) == (True, reason)
    line = services.record_outcome(unit_line, office, awarded=True, reason="ignored")
    assert (line.not_awarded, line.not_awarded_reason) == (False, "")
    services.record_outcome(unit_line, office, awarded=False, reason=reason)
    assert DossierLine.objects.get(pk=person_line.pk).not_awarded is False
    dossier = services.return_dossier(dossier, office, "Bổ sung báo cáo thành tích theo ý kiến của Ban")
    assert (dossier.state, dossier.holder) == (D.DRAFT, world.unit)
    with pytest.raises(ValidationError) as refused:  # not sent up now
        services.record_outcome(unit_line, office, awarded=True)
    assert refused.value.code == "state"


def test_sending_up_again_awaits_the_outcome_afresh(world):
    office = world.roles["office"]
    dossier = dossier_in(world, D.SENT_UP)
    unit_line = dossier.lines.get(unit__isnull=False)
    services.record_outcome(unit_line, office, awarded=False, reason="Chưa đủ tiêu chuẩn")
    dossier = services.return_dossier(dossier, office, "Bổ sung")
    dossier = services.submit_dossier(dossier, world.roles["preparer"])
    dossier = services.forward_dossier(dossier, world.roles["managing level"])
    dossier = services.receive_dossier(dossier, office, officer=world.roles["officer"])
    services.finish_check(dossier, world.roles["officer"])
    dossier = services.send_to_council(dossier, office)
    send_up(dossier, office, number="60/TTr-BTP")
    assert not DossierLine.objects.get(pk=unit_line.pk).not_awarded


# --- the pages ---------------------------------------------------------------------------------


def test_the_office_sends_up_and_records_the_outcome_through_the_page(client, world):
    dossier = dossier_in(world, D.AT_COUNCIL, PM)
    url = f"/awards/dossiers/{dossier.pk}/"
    client.force_login(world.roles["office"])
    page = client.get(url).content.decode()
    assert 'data-testid="send-up-dossier"' in page and 'data-testid="decide-dossier"' not in page
    data = {"sent_up_number": "45/TTr-BTP", "sent_up_on": "2026-01-12", "version": dossier.version}
    page = client.post(url + "send-up/", data, follow=True).content.decode()
    assert "Thủ tướng Chính phủ" in page and "45/TTr-BTP" in page and "12/01/2026" in page
    assert page.count('data-testid="outcome-form"') == 2 and 'data-testid="decide-dossier"' in page
    line = dossier.lines.get(unit__isnull=False)
    page = client.post(f"{url}lines/{line.pk}/outcome/", {"awarded": "0", "reason": ""}, follow=True)
    assert "lý do" in page.content.decode()
    reason = "Chưa đủ tiêu chuẩn Cờ thi đua của Chính phủ"
    page = client.post(f"{url}lines/{line.pk}/outcome/", {"awarded": "0", "reason": reason}, follow=True)
    assert 'data-testid="not-awarded"' in page.content.decode() and reason in page.content.decode()
    client.force_login(world.roles["preparer"])
    page = client.get(url).content.decode()
    assert reason in page and 'data-testid="outcome-form"' not in page
    assert client.post(f"{url}lines/{line.pk}/outcome/", {"awarded": "1"}).status_code == 403


def test_a_dossier_sent_up_waits_on_the_higher_level_not_on_the_office(client, world):
    office = world.roles["office"]
    received = dossier_in(world, D.RECEIVED)
    sent = dossier_in(world, D.SENT_UP)
    actions = dossier_actions(office, YEAR)
    assert [action.count for action in actions] == [1]  # the received one only
    client.force_login(office)
    page = client.get("/awards/dossiers/inbox/").content.decode()
    main, _sep, apart = page.partition('data-testid="sent-up-list"')
    assert f"/awards/dossiers/{received.pk}/" in main and f"/awards/dossiers/{sent.pk}/" not in main
    assert f"/awards/dossiers/{sent.pk}/" in apart
    client.force_login(world.roles["preparer"])
    assert 'data-testid="sent-up-list"' not in client.get("/awards/dossiers/inbox/").content.decode()


def test_the_register_offers_a_higher_award_once_sent_up(client, world):
    before = dossier_in(world, D.AT_COUNCIL, PM)
    sent = dossier_in(world, D.SENT_UP)
    ministry = dossier_in(world, D.AT_COUNCIL)
    services.record_outcome(sent.lines.get(unit__isnull=False), world.roles["office"], awarded=False, reason="Chưa đủ")
    client.force_login(world.roles["office"])
    page = client.get("/awards/decisions/").content.decode()
    assert f'id="dossier-{sent.pk}"' in page and f'id="dossier-{ministry.pk}"' in page
    assert f'id="dossier-{before.pk}"' not in page
    assert "1 đối tượng đủ điều kiện" in page  # the refused one left out


def test_the_page_says_once_what_a_higher_award_waits_on(client, world):
    dossier = dossier_in(world, D.AT_COUNCIL, PM)
    ministry = dossier_in(world, D.AT_COUNCIL)
    client.force_login(world.roles["office"])
    page = client.get(f"/awards/dossiers/{dossier.pk}/").content.decode()
    assert 'data-testid="decide-blocked"' in page and 'data-testid="send-up-dossier"' in page
    CouncilRule.objects.create(
        quorum_percent=50, threshold_percent=90, legal_basis="Thông tư 11/2023/TT-BTP", valid_from=YEAR_START
    )
    page = client.get(f"/awards/dossiers/{dossier.pk}/").content.decode()
    assert 'data-testid="decide-blocked"' in page and 'data-testid="send-up-blocked"' not in page
    assert 'data-testid="send-up-dossier"' not in page
    page = client.get(f"/awards/dossiers/{ministry.pk}/").content.decode()
    assert 'data-testid="send-up-blocked"' not in page and 'data-testid="decide-blocked"' in page
