"""The decisions register's pages: the office's list and a decision's page offer exactly what
``DECISION`` and the services accept, issue through the page, the public list (no login, no
personal data, fixed query count)."""

import datetime

import pytest

from awards import services
from awards.models import AwardRecord, Decision
from awards.tests.test_decisions import at_council, issue, issued, with_rules
from awards.tests.test_dossiers import make_world
from awards.tests.test_transitions import accepts, offered
from awards.transitions import DECISION
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

QD = Decision.State


@pytest.fixture
def world(db):
    return with_rules(make_world())


def decision_in(world, state):
    office = world.roles["office"]
    if state == QD.DRAFT:
        return services.draft_decision([at_council(world)], office)
    decision = issued(world)
    if state == QD.REVOKED:
        later = services.draft_revocation(decision, office, reason="Thu hồi")
        issue(later, office, number="300", when=datetime.date(2026, 2, 1))
    elif state == QD.CORRECTED:
        later = services.draft_correction(decision, office, reason="Đính chính")
        issue(later, office, number="301", when=datetime.date(2026, 2, 1))
    return Decision.objects.get(pk=decision.pk)


def decision_call(action, decision, user):
    fresh = Decision.objects.get(pk=decision.pk)
    calls = {
        "edit": lambda: services.update_decision(fresh, user, subject="Khác"),
        "delete": lambda: services.delete_decision(fresh, user),
        "issue": lambda: issue(fresh, user, number="999", when=datetime.date(2026, 5, 5)),
        "revoke": lambda: services.draft_revocation(fresh, user, reason="Lý do"),
        "correct": lambda: services.draft_correction(fresh, user, reason="Lý do"),
    }
    return calls[action]


@pytest.mark.parametrize("state", QD.values)
def test_the_decision_page_offers_what_the_services_accept(client, db, state):
    world = with_rules(make_world())
    decision = decision_in(world, state)
    assert decision.state == state
    for role, user in world.roles.items():
        accepted = {action for action in DECISION if accepts(decision_call(action, decision, user))}
        assert offered(client, user, f"/awards/decisions/{decision.pk}/") == accepted, (state, role)


def test_only_ministry_staff_open_the_register(client, world):
    decision = issued(world)
    for role in ("preparer", "unit head", "managing level", "outsider"):
        client.force_login(world.roles[role])
        assert client.get("/awards/decisions/").status_code == 403
        assert client.get(f"/awards/decisions/{decision.pk}/").status_code == 403
        assert client.post(f"/awards/decisions/{decision.pk}/revoke/", {"reason": "x"}).status_code == 403
    client.force_login(world.roles["office"])
    page = client.get(f"/awards/decisions/{decision.pk}/").content.decode()
    assert "125/QĐ-BTP" in page and page.count('data-testid="decision-line"') == 2


def test_the_office_drafts_and_issues_through_the_pages(client, world):
    dossier = at_council(world)
    client.force_login(world.roles["office"])
    listing = client.get("/awards/decisions/").content.decode()
    assert f'value="{dossier.pk}"' in listing
    response = client.post("/awards/decisions/new/", {"dossiers": [dossier.pk], "subject": "Tặng Cờ thi đua"})
    decision = Decision.objects.get()
    assert response.status_code == 302 and decision.state == QD.DRAFT
    url = f"/awards/decisions/{decision.pk}/"
    form = {"number": "40", "date": "2026-01-20", "signer_position": "Bộ trưởng", "signer_name": "Nguyễn Văn B"}
    client.post(url + "issue/", {**form, "version": decision.version})
    decision.refresh_from_db()
    assert decision.state == QD.ISSUED and AwardRecord.objects.count() == 2
    page = client.get(url).content.decode()
    assert "revoke-decision" in page and "issue-decision" not in page
    client.post(url + "revoke/", {"reason": "Sai đối tượng"})
    revocation = Decision.objects.get(revokes=decision)
    assert revocation.state == QD.DRAFT and revocation.lines.count() == 2


def test_the_register_lists_in_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    issued(world)
    client.force_login(world.roles["office"])
    with django_assert_max_num_queries(15) as few:
        page = client.get("/awards/decisions/").content.decode()
    assert page.count('data-testid="decision-row"') == 1
    for _ in range(4):
        services.draft_decision([at_council(world)], world.roles["office"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/awards/decisions/").content.decode()
    assert page.count('data-testid="decision-row"') == 5


def test_the_public_list_shows_names_positions_units_and_titles_only(client, world):
    decision = issued(world)
    services.draft_decision([at_council(world)], world.roles["office"])  # a draft is not public
    person = world.person
    page = client.get("/awards/decisions/public/").content.decode()  # no login
    assert page.count('data-testid="public-line"') == 2 and page.count('data-testid="public-decision"') == 1
    assert "125/QĐ-BTP" in page and "Nguyễn Thị Lan" in page and "Chiến sĩ thi đua Bộ" in page
    assert world.unit.name in page
    assert person.cccd not in page and person.masked_cccd not in page and "CCCD" not in page
    assert person.date_of_birth.strftime("%d/%m/%Y") not in page
    assert "7.020.000" not in page  # the reward is not published either
    assert decision.pk


def test_a_revoked_line_is_struck_out_on_the_public_list(client, world):
    decision = issued(world)
    office = world.roles["office"]
    line = decision.lines.get(person=world.person)
    issue(services.draft_revocation(decision, office, reason="Kỷ luật", lines=[line]), office, number="150")
    page = client.get("/awards/decisions/public/").content.decode()
    assert page.count('data-testid="public-decision"') == 2
    assert page.count("text-decoration-line-through") == 1


def test_the_public_list_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    issued(world)
    with django_assert_max_num_queries(6) as few:
        assert client.get("/awards/decisions/public/").status_code == 200
    for number in range(3):  # each awards another person (the unit holds its flag already)
        world.person = PersonFactory(full_name=f"Trần Văn {number}")
        draft = services.draft_decision([at_council(world, refuse_unit=True)], world.roles["office"])
        issue(draft, world.roles["office"], number=str(200 + number))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/awards/decisions/public/").content.decode()
    assert page.count('data-testid="public-line"') == 5 and page.count('data-testid="public-decision"') == 4
