"""Both scoring machines walked state × action × role: the actions the page offers (in its
context and as buttons) are exactly the actions the service accepts."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from emulation.models import Membership
from emulation.tests.factories import MembershipFactory, OfficialFactory, UnitFactory, UserFactory
from emulation.transitions import walk
from scoring import services
from scoring.models import CriteriaTable, Scorecard
from scoring.transitions import SCORECARD, TABLE

from .factories import build_table

pytestmark = pytest.mark.django_db
ROLES = ["own", "colleague", "ministry", "reviewer", "head", "outsider", "superuser"]


class Rollback(Exception):
    pass


def accepts(call):
    """Whether the service takes the action (in a savepoint rolled back afterwards). A refusal
    must be the state's ValidationError or PermissionDenied, nothing else."""
    try:
        with transaction.atomic():
            call()
            raise Rollback
    except Rollback:
        return True
    except PermissionDenied:
        return False
    except ValidationError as error:
        assert [e.code for e in error.error_list] == ["state"], error.messages
        return False


def users(unit, other_unit, table, ministry, cluster):
    """One user per role; the reviewer's unit is assigned to the table, the head's unit heads
    the card's cluster."""
    reviewer_unit = UnitFactory(type="doj")
    services.assign_reviewer(table, reviewer_unit, ministry)
    head_unit = UnitFactory(type="thads")
    MembershipFactory(cluster=cluster, unit=head_unit, year=2023, role=Membership.Role.HEAD)
    return {
        "own": OfficialFactory(unit=unit).user,
        "colleague": OfficialFactory(unit=other_unit).user,
        "ministry": ministry,
        "reviewer": OfficialFactory(unit=reviewer_unit).user,
        "head": OfficialFactory(unit=head_unit).user,
        "outsider": OfficialFactory(unit=UnitFactory(type="doj")).user,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }


def card_in(state, unit, official, ministry):
    card = services.open_scorecard(unit, 2023, official)
    rows = {entry.criterion_id: {"points": Decimal(9)} for entry in card.entries.all()}
    card = services.save_self_scores(card, official, rows, card.version)
    steps = {
        "submitted": [lambda c: services.submit_scorecard(c, official)],
        "reviewed": [lambda c: services.submit_scorecard(c, official), lambda c: services.complete_review(c, ministry)],
    }
    steps["final"] = [*steps["reviewed"], lambda c: services.finalize_scorecard(c, ministry)]
    for step in steps.get(state, []):
        card = step(card)
    assert card.status == state
    return card


CARD_CALLS = {
    "edit": lambda card, user: services.save_self_scores(card, user, {}, card.version),
    "submit": lambda card, user: services.submit_scorecard(card, user),
    "review": lambda card, user: services.save_review(card, user, {}),
    "complete_review": lambda card, user: services.complete_review(card, user),
    "return": lambda card, user: services.return_scorecard(card, user, "Bổ sung minh chứng"),
    "finalize": lambda card, user: services.finalize_scorecard(card, user),
}
CARD_BUTTONS = {
    "edit": 'data-testid="save-card"',
    "submit": 'data-testid="submit-card"',
    "review": 'data-testid="save-review"',
    "complete_review": 'data-testid="complete-review"',
    "return": 'data-testid="return-card"',
    "finalize": 'data-testid="finalize-card"',
}


def test_the_walk_covers_every_action():
    assert set(CARD_CALLS) == set(SCORECARD) == set(CARD_BUTTONS)
    assert len(walk(SCORECARD, Scorecard)) == 4 * 6


def offered(client, user, url, buttons):
    """(actions in the page's context, actions whose button the page shows); nothing for a 403."""
    client.force_login(user)
    response = client.get(url)
    if response.status_code == 403:
        return frozenset(), frozenset()
    assert response.status_code == 200
    html = response.content.decode()
    return response.context["actions"], frozenset(name for name, marker in buttons.items() if marker in html)


@pytest.mark.parametrize("state", SCORECARD.states(Scorecard))
@pytest.mark.parametrize("role", ROLES)
def test_scorecard_page_offers_what_the_service_accepts(
    client, state, role, table, unit, other_unit, ministry, cluster
):
    everyone = users(unit, other_unit, table, ministry, cluster)
    card = card_in(state, unit, everyone["own"], ministry)
    user = everyone[role]
    accepted = frozenset(name for name in SCORECARD if accepts(lambda name=name: CARD_CALLS[name](card, user)))
    in_context, buttons = offered(client, user, f"/scoring/cards/{card.pk}/", CARD_BUTTONS)
    assert in_context == accepted
    assert buttons == accepted


def test_a_reviewed_scorecard_is_not_returned(client, table, unit, official, ministry):
    """Per the domain, a reviewer returns a submitted card for correction; a reviewed card is
    corrected by review or made final. Service and page agree, and the refusal is a message."""
    card = card_in("reviewed", unit, official, ministry)
    with pytest.raises(ValidationError, match="Đã thẩm định") as refused:
        services.return_scorecard(card, ministry, "Muộn")
    assert refused.value.error_list[0].code == "state"
    client.force_login(ministry)
    page = client.get(f"/scoring/cards/{card.pk}/").content.decode()
    assert CARD_BUTTONS["return"] not in page and CARD_BUTTONS["finalize"] in page
    response = client.post(f"/scoring/cards/{card.pk}/return/", {"reason": "Muộn"}, follow=True)
    assert response.status_code == 200 and "Đã thẩm định" in response.content.decode()
    assert Scorecard.objects.get(pk=card.pk).status == Scorecard.Status.REVIEWED


def test_a_submitted_scorecard_is_returned(table, unit, official, ministry):
    card = services.return_scorecard(card_in("submitted", unit, official, ministry), ministry, "Bổ sung")
    assert card.status == Scorecard.Status.DRAFT and card.return_reason == "Bổ sung"


def test_the_superuser_cannot_reopen_or_edit_a_final_card(client, table, unit, official, ministry):
    admin = UserFactory(is_superuser=True, is_staff=True)
    card = card_in("final", unit, official, ministry)
    entry = card.entries.first()
    client.force_login(admin)
    for url, data in [
        (f"/scoring/cards/{card.pk}/return/", {"reason": "mở lại"}),
        (f"/scoring/cards/{card.pk}/submit/", {}),
        (f"/scoring/cards/{card.pk}/review/", {f"e{entry.pk}-points": "1", f"e{entry.pk}-reason": "x"}),
        (f"/scoring/cards/{card.pk}/", {f"c{entry.criterion_id}-points": "1"}),
        (f"/scoring/entries/{entry.pk}/evidence/", {"link": "https://example.gov.vn"}),
    ]:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, url
        assert "Chính thức" in response.content.decode(), url
    card.refresh_from_db()
    entry.refresh_from_db()
    assert card.status == Scorecard.Status.FINAL and entry.reviewed_points is None and entry.self_points == 9
    assert not entry.evidence.exists()
    page = client.get(f"/scoring/cards/{card.pk}/").content.decode()
    assert not any(marker in page for marker in CARD_BUTTONS.values())


# --- criteria tables -------------------------------------------------------------------------

TABLE_CALLS = {
    "edit": lambda table, user: services.update_table(table, user, table.version, name="Bảng sửa"),
    "publish": lambda table, user: services.publish_table(table, user),
    "delete": lambda table, user: services.delete_table(table, user),
    "new_edition": lambda table, user: services.new_edition(table, user),
}


def table_buttons(table):
    return {
        "edit": f'href="/scoring/tables/{table.pk}/edit/"',
        "publish": 'data-testid="publish-table"',
        "delete": f'action="/scoring/tables/{table.pk}/delete/"',
        "new_edition": 'data-testid="new-edition"',
    }


def table_in(state):
    table = build_table(year=2024, publish=False)
    CriteriaTable.objects.filter(pk=table.pk).update(status=state)
    table.refresh_from_db()
    return table


@pytest.mark.parametrize("state", TABLE.states(CriteriaTable))
@pytest.mark.parametrize("role", ["ministry", "official", "superuser"])
def test_table_page_offers_what_the_service_accepts(client, state, role, ministry, official):
    user = {"ministry": ministry, "official": official, "superuser": UserFactory(is_superuser=True)}[role]
    table = table_in(state)
    assert set(TABLE_CALLS) == set(TABLE)
    accepted = frozenset(name for name in TABLE if accepts(lambda name=name: TABLE_CALLS[name](table, user)))
    in_context, buttons = offered(client, user, f"/scoring/tables/{table.pk}/", table_buttons(table))
    assert in_context == accepted
    assert buttons == accepted
