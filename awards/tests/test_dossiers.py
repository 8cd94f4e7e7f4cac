"""Award dossiers: the routing through ``transitions.DOSSIER``, its refusals, the checklist of
required documents and the prerequisites, and the pages (inbox query count)."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from awards import checklist, services
from awards.models import AwardLevel, DocumentKind, DocumentRequirement, Dossier, DossierLine
from awards.services.consultations import open_consultation
from awards.transitions import DOSSIER
from emulation.models import Title, Unit
from emulation.tests.factories import OfficialFactory, TitleFactory, UnitFactory, UserFactory
from people.models import Prerequisite
from people.tests.factories import PersonFactory, PostingFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
D = Dossier.State
YEAR = 2025
SINCE = datetime.date(2024, 1, 1)


def pdf(name="ho-so.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class World:
    office: Unit
    parent: Unit
    unit: Unit
    person: object
    person_title: Title
    unit_title: Title
    roles: dict


def _official(unit, **extra):
    user = UserFactory()
    OfficialFactory(user=user, unit=unit, **extra)
    return user


@pytest.fixture
def world(db):
    return make_world()


def make_world():
    office = UnitFactory(name="Vụ Tổ chức cán bộ", type=Unit.Type.MINISTRY_UNIT, is_emulation_office=True)
    parent = UnitFactory(name="Cục Quản lý Thi hành án dân sự", type=Unit.Type.MINISTRY_UNIT)
    unit = UnitFactory(name="Thi hành án dân sự tỉnh Lào Cai", type=Unit.Type.ENFORCEMENT_PROVINCE, parent=parent)
    person = PersonFactory(full_name="Nguyễn Thị Lan")
    PostingFactory(person=person, unit=unit, position="Chấp hành viên")
    person_title = TitleFactory(name="Chiến sĩ thi đua Bộ", level=Title.Level.INDIVIDUAL)
    unit_title = TitleFactory(name="Cờ thi đua ngành Tư pháp", level=Title.Level.COLLECTIVE)
    basis = "Thông tư 11/2023/TT-BTP"
    for kind, scope in [
        (DocumentKind.COVER_LETTER, DocumentRequirement.Scope.DOSSIER),
        (DocumentKind.ACHIEVEMENT_REPORT, DocumentRequirement.Scope.EACH_RECIPIENT),
        (DocumentKind.NO_DISCIPLINE, DocumentRequirement.Scope.EACH_PERSON),
    ]:
        DocumentRequirement.objects.create(kind=kind, scope=scope, legal_basis=basis, valid_from=SINCE)
    roles = {
        "preparer": _official(unit),
        "unit head": _official(unit, is_unit_head=True),
        "managing level": _official(parent),
        "office": _official(office),
        "officer": _official(office),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "outsider": _official(UnitFactory()),
    }
    return World(office, parent, unit, person, person_title, unit_title, roles)


def complete_draft(world, by=None, level=AwardLevel.MINISTRY):
    """A dossier with a person and the unit itself, every required document attached."""
    by = by or world.roles["preparer"]
    dossier = services.create_dossier(world.unit, YEAR, level, by, subject="Khen thưởng năm 2025")
    person_line = services.add_line(
        dossier, by, title=world.person_title, person=world.person, achievement_summary="Hoàn thành xuất sắc"
    )
    unit_line = services.add_line(dossier, by, title=world.unit_title, unit=world.unit, achievement_summary="Dẫn đầu")
    services.attach_document(dossier, by, kind=DocumentKind.COVER_LETTER, uploaded=pdf())
    for line in (person_line, unit_line):
        services.attach_document(dossier, by, kind=DocumentKind.ACHIEVEMENT_REPORT, uploaded=pdf(), line=line)
    services.attach_document(dossier, by, kind=DocumentKind.NO_DISCIPLINE, uploaded=pdf(), line=person_line)
    return Dossier.objects.get(pk=dossier.pk)


def dossier_in(world, state, level=None):
    """A dossier brought to ``state`` through the services; of the Minister's level unless
    ``level`` says otherwise (a dossier sent up is of the Prime Minister's by default)."""
    roles = world.roles
    if state == D.CLOSED:  # every recipient refused at the check, then closed
        dossier = dossier_in(world, D.RECEIVED, level)
        for line in dossier.lines.all():
            services.record_verdict(line, dossier.officer, DossierLine.Verdict.NOT_ELIGIBLE, reason="Chưa đủ điều kiện")
        services.finish_check(dossier, dossier.officer)
        return services.close_dossier(Dossier.objects.get(pk=dossier.pk), roles["office"], "Không ai đủ điều kiện.")
    level = level or (AwardLevel.PRIME_MINISTER if state == D.SENT_UP else AwardLevel.MINISTRY)
    dossier = complete_draft(world, level=level)
    steps = [
        (D.SUBMITTED, lambda d: services.submit_dossier(d, roles["preparer"])),
        (D.FORWARDED, lambda d: services.forward_dossier(d, roles["managing level"])),
        (D.RECEIVED, lambda d: services.receive_dossier(d, roles["office"], officer=roles["officer"])),
        (D.CHECKED, _check_all),
        (D.AT_COUNCIL, lambda d: services.send_to_council(d, roles["office"])),
        *([(D.SENT_UP, _send_up)] if level != AwardLevel.MINISTRY else []),
        (D.DECIDED, _decide),
    ]
    for target, step in steps:
        if dossier.state == state:
            break
        step(dossier)
        dossier = Dossier.objects.get(pk=dossier.pk)
        assert dossier.state == target
    return dossier


def _check_all(dossier):
    officer = dossier.officer
    for line in dossier.lines.all():
        services.record_verdict(line, officer, DossierLine.Verdict.ELIGIBLE)
    services.finish_check(dossier, officer)


def _send_up(dossier):
    office = Unit.objects.get(is_emulation_office=True).officials.first().user
    services.send_up_dossier(dossier, office, number="45/TTr-BTP", date=datetime.date(2026, 1, 12))


def _decide(dossier):
    office = Unit.objects.get(is_emulation_office=True).officials.first().user
    services.decide_dossier(dossier, office, decision_number="125/QĐ-BTP", decision_date=datetime.date(2026, 1, 20))


# --- the routing -------------------------------------------------------------------------------


def test_a_dossier_travels_up_and_the_holder_follows(world):
    roles = world.roles
    dossier = complete_draft(world)
    assert dossier.holder == world.unit
    dossier = services.submit_dossier(dossier, roles["preparer"])
    assert (dossier.state, dossier.holder, dossier.reviewer) == (D.SUBMITTED, world.parent, world.parent)
    dossier = services.forward_dossier(dossier, roles["managing level"])
    assert (dossier.state, dossier.holder) == (D.FORWARDED, world.office)
    due = datetime.date(2026, 1, 10)
    dossier = services.receive_dossier(dossier, roles["office"], officer=roles["officer"], due_date=due)
    assert (dossier.state, dossier.officer, dossier.due_date) == (D.RECEIVED, roles["officer"], due)
    with pytest.raises(PermissionDenied):  # only the officer in charge checks
        services.record_verdict(dossier.lines.first(), roles["office"], DossierLine.Verdict.ELIGIBLE)
    person_line, unit_line = dossier.lines.order_by("pk")
    with pytest.raises(ValidationError, match="(reason|lý do)"):
        services.record_verdict(unit_line, roles["officer"], DossierLine.Verdict.NOT_ELIGIBLE)
    services.record_verdict(person_line, roles["officer"], DossierLine.Verdict.ELIGIBLE)
    with pytest.raises(ValidationError, match="Lào Cai"):  # the unit's line has no verdict yet
        services.finish_check(dossier, roles["officer"])
    services.record_verdict(unit_line, roles["officer"], DossierLine.Verdict.NOT_ELIGIBLE, "Chưa đủ 3 năm")
    dossier = services.finish_check(dossier, roles["officer"])
    dossier = services.send_to_council(dossier, roles["office"])
    dossier = services.decide_dossier(
        dossier, roles["office"], decision_number="125/QĐ-BTP", decision_date=datetime.date(2026, 1, 20)
    )
    assert (dossier.state, dossier.holder) == (D.DECIDED, None)
    assert dossier.history.count() >= 7


def test_a_unit_directly_under_the_ministry_sends_to_the_office(world):
    world.unit.parent = None
    world.unit.save()
    dossier = services.submit_dossier(complete_draft(world), world.roles["preparer"])
    assert (dossier.holder, dossier.reviewer) == (world.office, None)
    assert DOSSIER.available(dossier, world.roles["office"]) >= {"receive", "return"}
    assert "forward" not in DOSSIER.available(dossier, world.roles["office"])


@pytest.mark.parametrize("state", [D.SUBMITTED, D.FORWARDED, D.RECEIVED, D.CHECKED, D.AT_COUNCIL, D.SENT_UP])
def test_every_review_step_returns_to_the_unit_with_a_reason(world, state):
    dossier = dossier_in(world, state)
    holder = {D.SUBMITTED: world.roles["managing level"]}.get(state, world.roles["office"])
    with pytest.raises(ValidationError):
        services.return_dossier(dossier, holder, "  ")
    reason = "Thiếu biên bản họp Hội đồng"
    dossier = services.return_dossier(dossier, holder, reason)
    assert (dossier.state, dossier.holder, dossier.return_reason) == (D.DRAFT, world.unit, reason)
    assert dossier.history.filter(state=state).exists()
    dossier = services.submit_dossier(dossier, world.roles["preparer"])  # corrected and sent again
    assert dossier.return_reason == ""
    assert dossier.history.exclude(return_reason="").exists()


def test_a_wrong_state_names_the_state(world):
    dossier = dossier_in(world, D.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        services.add_line(dossier, world.roles["preparer"], title=world.unit_title, unit=world.parent)
    assert refused.value.code == "state"
    assert "Submitted to the managing level" in str(refused.value) or "cấp quản lý" in str(refused.value)


def test_only_the_units_officials_prepare_it(world):
    with pytest.raises(PermissionDenied):
        services.create_dossier(world.unit, YEAR, AwardLevel.MINISTRY, world.roles["outsider"])
    dossier = services.create_dossier(world.unit, YEAR, AwardLevel.MINISTRY, world.roles["preparer"])
    for role in ("outsider", "office", "superuser", "managing level"):
        with pytest.raises(PermissionDenied):
            services.add_line(dossier, world.roles[role], title=world.unit_title, unit=world.unit)


# --- the checklist -----------------------------------------------------------------------------


def test_submitting_names_every_missing_document(world):
    by = world.roles["preparer"]
    dossier = services.create_dossier(world.unit, YEAR, AwardLevel.MINISTRY, by)
    with pytest.raises(ValidationError) as refused:
        services.submit_dossier(dossier, by)
    assert len(refused.value.messages) == 1  # no recipient yet
    services.add_line(dossier, by, title=world.person_title, person=world.person, achievement_summary="Xuất sắc")
    with pytest.raises(ValidationError) as refused:
        services.submit_dossier(dossier, by)
    missing = " ".join(refused.value.messages)
    assert len(refused.value.messages) == 3
    assert "Nguyễn Thị Lan" in missing
    assert Dossier.objects.get(pk=dossier.pk).state == D.DRAFT


def test_the_checklist_follows_the_dates_and_levels_of_its_rules(world):
    dossier = complete_draft(world)
    lines = list(dossier.lines.select_related("person", "unit", "title"))
    documents = list(dossier.documents.all())
    assert all(item.present for item in checklist.items(dossier, lines, documents))
    DocumentRequirement.objects.create(
        kind=DocumentKind.BALLOT_RESULT,
        level=AwardLevel.PRIME_MINISTER,
        legal_basis="Nghị định 152/2025/NĐ-CP",
        valid_from=datetime.date(2025, 7, 1),
        unverified=True,
    )
    DocumentRequirement.objects.create(
        kind=DocumentKind.COUNCIL_MINUTES,
        legal_basis="Thông tư 05/2018/TT-BTP",
        valid_from=datetime.date(2018, 6, 1),
        valid_to=datetime.date(2023, 12, 31),
    )
    assert all(item.present for item in checklist.items(dossier, lines, documents, datetime.date(2026, 1, 5)))
    old = checklist.items(dossier, lines, documents, datetime.date(2023, 5, 1))
    assert [item.requirement.kind for item in old if not item.present] == [DocumentKind.COUNCIL_MINUTES]
    dossier.level = AwardLevel.PRIME_MINISTER
    higher = checklist.items(dossier, lines, documents, datetime.date(2026, 1, 5))
    assert [item.requirement.kind for item in higher if not item.present] == [DocumentKind.BALLOT_RESULT]


def test_submitting_refuses_a_person_who_does_not_meet_the_prerequisites(world):
    Prerequisite.objects.create(
        title=world.person_title,
        kind=Prerequisite.Kind.GRADING,
        grading="excellent",
        years=1,
        legal_basis="Luật Thi đua, khen thưởng 2022",
        valid_from=datetime.date(2024, 1, 1),
    )
    dossier = complete_draft(world)
    with pytest.raises(ValidationError) as refused:
        services.submit_dossier(dossier, world.roles["preparer"])
    assert any("Nguyễn Thị Lan" in message for message in refused.value.messages)


def test_a_dossier_proposes_only_what_its_authority_confers(world, client):
    """A unit's head confers Lao động tiên tiến and the Prime Minister his commendation: neither
    belongs in a dossier to the Minister, on the page or through the service."""
    by = world.roles["preparer"]
    unit_level = TitleFactory(name="Lao động tiên tiến", level=Title.Level.INDIVIDUAL, decided_by="unit")
    prime = TitleFactory(name="Bằng khen của Thủ tướng Chính phủ", level=Title.Level.BOTH, decided_by="prime_minister")
    world.person_title.decided_by = "ministry"
    world.person_title.save()
    dossier = services.create_dossier(world.unit, YEAR, AwardLevel.MINISTRY, by, subject="Khen thưởng năm 2025")
    for title in (unit_level, prime):
        with pytest.raises(ValidationError, match="không phải"):
            services.add_line(dossier, by, title=title, person=world.person)
    services.add_line(dossier, by, title=world.person_title, person=world.person)
    services.add_line(dossier, by, title=world.unit_title, unit=world.unit)  # says nobody: let through
    with pytest.raises(ValidationError, match=world.person_title.name):
        services.update_dossier(dossier, by, subject=dossier.subject, level=AwardLevel.PRIME_MINISTER)

    client.force_login(by)
    offered = client.get(f"/awards/dossiers/{dossier.pk}/").context["line_form"].fields["title"].queryset
    assert world.person_title in offered and world.unit_title in offered
    assert unit_level not in offered and prime not in offered
    response = client.post(f"/awards/dossiers/{dossier.pk}/lines/", {"person": world.person.pk, "title": prime.pk})
    assert response.status_code == 302 and dossier.lines.count() == 2
    DossierLine.objects.create(dossier=dossier, person=world.person, title=unit_level)  # added before the rule
    with pytest.raises(ValidationError, match="Lao động tiên tiến do Thủ trưởng"):
        services.submit_dossier(dossier, by)


def test_a_document_of_another_dossier_line_is_refused(world):
    first, second = complete_draft(world), complete_draft(world)
    with pytest.raises(ValidationError):
        services.attach_document(
            second, world.roles["preparer"], kind=DocumentKind.OTHER, uploaded=pdf(), line=first.lines.first()
        )


def dossier_call(action, dossier, user, world):
    fresh = Dossier.objects.get(pk=dossier.pk)
    line = fresh.lines.order_by("pk").first()
    officer = world.roles["officer"]
    calls = {
        "edit": lambda: services.update_dossier(fresh, user, subject="Đổi tên", level=AwardLevel.MINISTRY),
        "submit": lambda: services.submit_dossier(fresh, user),
        "forward": lambda: services.forward_dossier(fresh, user),
        "receive": lambda: services.receive_dossier(fresh, user, officer=officer),
        "assign": lambda: services.assign_officer(fresh, user, officer),
        "verdict": lambda: services.record_verdict(line, user, DossierLine.Verdict.ELIGIBLE),
        "finish_check": lambda: _verdicts_then_finish(fresh, user),
        "to_council": lambda: services.send_to_council(fresh, user),
        "decide": lambda: services.decide_dossier(
            fresh, user, decision_number="1/QĐ-BTP", decision_date=datetime.date(2026, 1, 2)
        ),
        "send_up": lambda: services.send_up_dossier(fresh, user, number="45/TTr-BTP", date=datetime.date(2026, 1, 12)),
        "outcome": lambda: services.record_outcome(line, user, awarded=False, reason="Chưa đủ tiêu chuẩn"),
        "return": lambda: services.return_dossier(fresh, user, "Bổ sung hồ sơ"),
        "close": lambda: services.close_dossier(fresh, user, "Không ai đủ điều kiện."),
        "consult": lambda: open_consultation(fresh, user),
    }
    return calls[action]


def _verdicts_then_finish(dossier, user):
    for line in dossier.lines.all():
        services.record_verdict(line, user, DossierLine.Verdict.ELIGIBLE)
    services.finish_check(dossier, user)


# --- the pages ---------------------------------------------------------------------------------


def test_the_unit_prepares_and_sends_a_dossier_through_its_pages(client, world):
    client.force_login(world.roles["preparer"])
    response = client.post("/awards/dossiers/new/", {"year": YEAR, "level": "ministry", "subject": "Năm 2025"})
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and dossier.unit == world.unit
    url = f"/awards/dossiers/{dossier.pk}/"
    client.post(url + "lines/", {"unit": world.unit.pk, "title": world.unit_title.pk, "achievement_summary": "Dẫn đầu"})
    client.post(
        url + "lines/", {"person": world.person.pk, "title": world.person_title.pk, "achievement_summary": "Tốt"}
    )
    assert dossier.lines.get(person=world.person).position == "Chấp hành viên"  # from the roster
    page = client.post(url + "submit/", {"version": dossier.version}, follow=True).content.decode()
    assert Dossier.objects.get(pk=dossier.pk).state == D.DRAFT
    assert page.count('data-testid="missing"') == 4  # cover letter, 2 reports, the person's no-discipline
    client.post(url + "documents/", {"kind": DocumentKind.COVER_LETTER, "file": pdf()})
    for line in dossier.lines.all():
        client.post(url + "documents/", {"kind": DocumentKind.ACHIEVEMENT_REPORT, "line": line.pk, "file": pdf()})
    person_line = dossier.lines.get(person=world.person)
    client.post(url + "documents/", {"kind": DocumentKind.NO_DISCIPLINE, "line": person_line.pk, "file": pdf()})
    client.post(url + "submit/", {"version": Dossier.objects.get(pk=dossier.pk).version})
    assert Dossier.objects.get(pk=dossier.pk).state == D.SUBMITTED
    document = dossier.documents.first()
    client.force_login(world.roles["managing level"])
    download = client.get(f"{url}documents/{document.pk}/")
    assert download.status_code == 200
    client.post(url + "return/", {"reason": "Thiếu chữ ký", "version": Dossier.objects.get(pk=dossier.pk).version})
    assert Dossier.objects.get(pk=dossier.pk).state == D.DRAFT
    client.force_login(world.roles["preparer"])
    assert "Thiếu chữ ký" in client.get(url).content.decode()


def test_an_outsider_sees_no_dossier(client, world):
    dossier = dossier_in(world, D.RECEIVED)
    client.force_login(world.roles["outsider"])
    assert client.get(f"/awards/dossiers/{dossier.pk}/").status_code == 403
    assert client.post(f"/awards/dossiers/{dossier.pk}/return/", {"reason": "x"}).status_code == 403
    assert b"dossier-row" not in client.get("/awards/dossiers/").content


def test_the_inbox_lists_what_waits_on_the_office_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    dossier = dossier_in(world, D.RECEIVED)
    dossier_in(world, D.SUBMITTED)  # waits on the managing level, not on the office
    client.force_login(world.roles["office"])
    with django_assert_max_num_queries(12) as few:
        page = client.get("/awards/dossiers/inbox/").content.decode()
    assert page.count('data-testid="dossier-row"') == 1 and f"/awards/dossiers/{dossier.pk}/" in page
    for _ in range(6):
        dossier_in(world, D.FORWARDED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/awards/dossiers/inbox/").content.decode()
    assert page.count('data-testid="dossier-row"') == 7
    client.force_login(world.roles["managing level"])
    assert client.get("/awards/dossiers/inbox/").content.decode().count('data-testid="dossier-row"') == 1


def test_ministry_staff_edit_the_checklist(client, world):
    client.force_login(world.roles["preparer"])
    assert client.get("/awards/requirements/").status_code == 200
    assert client.get("/awards/requirements/new/").status_code == 403
    client.force_login(world.roles["office"])
    response = client.post(
        "/awards/requirements/new/",
        {"kind": DocumentKind.INITIATIVE_PROOF, "title": world.person_title.pk, "scope": "person",
         "legal_basis": "Thông tư 11/2023/TT-BTP", "valid_from": "2024-01-01", "unverified": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert DocumentRequirement.objects.get(kind=DocumentKind.INITIATIVE_PROOF).unverified
