"""Who reviews what: the list (``review_queue``, the scorecard list and the dashboard) is
exactly the set of scorecards the object rule ``scoring.review_scorecard`` allows."""

from decimal import Decimal

import pytest

from emulation.models import Membership
from emulation.tests.factories import ClusterFactory, MembershipFactory, OfficialFactory, UnitFactory
from scoring import services
from scoring.models import Scorecard
from scoring.permissions import review_queue
from scoring.todo import scoring_todo

from .factories import build_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(table, unit, other_unit, cluster, ministry):
    """Three submitted cards: two in ``cluster`` (unit, other_unit), one in another cluster;
    a unit reviewing ``cluster`` only, a unit reviewing every unit (whose own card is in the
    table too), and a district table with its own card nobody is assigned to."""
    far = UnitFactory(type="thads")
    MembershipFactory(cluster=ClusterFactory(), unit=far, year=2023, role=Membership.Role.MEMBER)
    regional, national = UnitFactory(type="doj"), UnitFactory(type="thads")
    services.assign_reviewer(table, regional, ministry, cluster=cluster)
    services.assign_reviewer(table, national, ministry)
    district = UnitFactory(type="thads_district")
    build_table(unit_type="thads_district")
    cards = [submitted(u) for u in (unit, other_unit, far, national, district)]
    return {
        "ministry": ministry,
        "regional": OfficialFactory(unit=regional).user,
        "national": OfficialFactory(unit=national).user,
        "own": OfficialFactory(unit=unit).user,
        "outsider": OfficialFactory(unit=UnitFactory(type="doj")).user,
        "cards": cards,
    }


def submitted(unit):
    official = OfficialFactory(unit=unit).user
    card = services.open_scorecard(unit, 2023, official)
    rows = {entry.criterion_id: {"points": Decimal(9)} for entry in card.entries.all()}
    card = services.save_self_scores(card, official, rows, card.version)
    return services.submit_scorecard(card, official)


@pytest.mark.parametrize("role", ["ministry", "regional", "national", "own", "outsider"])
def test_the_review_queue_is_what_the_rule_allows(world, role):
    user = world[role]
    allowed = {card.pk for card in Scorecard.objects.all() if user.has_perm("scoring.review_scorecard", card)}
    queue = review_queue(user, 2023)
    listed = set() if queue is None else set(queue.values_list("pk", flat=True))
    assert listed == allowed
    expected = {"ministry": 5, "regional": 2, "national": 3, "own": 0, "outsider": 0}[role]
    assert len(allowed) == expected


@pytest.mark.parametrize("role", ["regional", "national"])
def test_a_reviewing_units_dashboard_lists_the_cards_waiting_for_it(client, world, role, django_assert_max_num_queries):
    user = world[role]
    user.official.unit  # noqa: B018 (loaded by the dashboard already)
    with django_assert_max_num_queries(1):
        todo = scoring_todo(user, 2023)
    waiting = [item for item in todo if item.url == "/scoring/cards/?year=2023&status=submitted"]
    assert [item.count for item in waiting] == [review_queue(user, 2023).count()]
    client.force_login(user)
    page = client.get("/scoring/cards/?year=2023&status=submitted")
    assert page.status_code == 200
    assert {row.pk for row in page.context["page"]} == set(review_queue(user, 2023).values_list("pk", flat=True))
