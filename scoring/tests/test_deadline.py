"""A scorecard's deadline is the calendar's results and self-scoring step: the unit's
clusters' own dates count, a moved step moves it, a late card is recorded late (refused only
where the step's rule blocks late work), and the calendar knows which units have sent."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from emulation.models import Membership
from emulation.tests.factories import MembershipFactory, OfficialFactory, UnitFactory
from schedule import obligations, registry
from schedule.models import Actor, ClusterDate, Step, StepKind
from scoring import services
from scoring.models import Scorecard

pytestmark = pytest.mark.django_db
BASIS = "Công văn 2110/BTP-TĐKT"


def at(day):
    return time_machine.travel(datetime.datetime(2023, 11, day, 9, tzinfo=datetime.UTC))


@pytest.fixture
def step(db):
    return Step.objects.create(year=2023, kind=StepKind.RESULTS, due_date=datetime.date(2023, 11, 15), basis=BASIS)


@pytest.fixture
def ready(table, unit, official):
    card = services.open_scorecard(unit, 2023, official)
    rows = {entry.criterion_id: {"points": Decimal(10), "note": ""} for entry in card.entries.all()}
    return services.save_self_scores(card, official, rows, card.version)


def test_without_a_calendar_step_nothing_is_late(ready, official):
    with at(30):
        card = services.submit_scorecard(ready, official)
    assert card.status == Scorecard.Status.SUBMITTED and not card.is_late


def test_the_clusters_own_date_counts_and_lateness_is_recorded(step, cluster, ready, official, client):
    ClusterDate.objects.create(step=step, cluster=cluster, due_date=datetime.date(2023, 11, 10))
    client.force_login(official)
    with at(12):
        html = client.get(f"/scoring/cards/{ready.pk}/").content.decode()
        assert "Hạn gửi: 10/11/2023" in html and BASIS in html and "Chậm 2 ngày" in html
        card = services.submit_scorecard(ready, official)
    assert card.is_late
    with at(20):
        html = client.get(f"/scoring/cards/{card.pk}/").content.decode()
    assert "Chậm 2 ngày" in html  # counted to the day it was sent, not to today
    assert 'data-testid="card-late"' in html


def test_a_step_moved_in_the_calendar_moves_the_deadline(step, ready, official, client):
    Step.objects.filter(pk=step.pk).update(due_date=datetime.date(2023, 11, 30))
    client.force_login(official)
    with at(20):
        html = client.get(f"/scoring/cards/{ready.pk}/").content.decode()
        card = services.submit_scorecard(ready, official)
    assert "Hạn gửi: 30/11/2023" in html and 'data-testid="days-late"' not in html
    assert not card.is_late


def test_a_blocking_step_refuses_a_late_card_and_saves_nothing(step, ready, official):
    Step.objects.filter(pk=step.pk).update(blocking=True)
    with at(16), pytest.raises(ValidationError, match="15/11/2023"):
        services.submit_scorecard(ready, official)
    card = Scorecard.objects.get(pk=ready.pk)
    assert card.status == Scorecard.Status.DRAFT and card.submitted_at is None
    with at(15):
        assert services.submit_scorecard(card, official).status == Scorecard.Status.SUBMITTED


def test_the_calendar_knows_which_units_have_sent(step, ready, official, other_unit, ministry):
    assert registry.done_by(step, {ready.unit_id, other_unit.pk}) == {}
    with at(14):
        card = services.submit_scorecard(ready, official)
    assert registry.done_by(step, {ready.unit_id, other_unit.pk}) == {ready.unit_id: datetime.date(2023, 11, 14)}
    services.return_scorecard(card, ministry, "Thiếu minh chứng tiêu chí 1.2")
    assert registry.done_by(step, {ready.unit_id}) == {}  # returned: owed again


def test_the_sector_wide_question_answers_only_for_the_units_asked(step, ready, official, other_unit):
    many = set(range(10**6, 10**6 + registry.FEW_UNITS))  # past FEW_UNITS: narrowed after the query
    with at(14):
        services.submit_scorecard(ready, official)
    assert registry.done_by(step, {other_unit.pk, *many}) == {}
    assert registry.done_by(step, {ready.unit_id, *many}) == {ready.unit_id: datetime.date(2023, 11, 14)}


def test_the_reviewers_list_marks_a_late_card(step, ready, official, ministry, client):
    with at(20):
        services.submit_scorecard(ready, official)
    client.force_login(ministry)
    html = client.get("/scoring/cards/?year=2023").content.decode()
    assert html.count('data-testid="card-late"') == 1 and "gửi muộn" in html


# --- the review step ----------------------------------------------------------------


def _sent(unit, official, day):
    card = services.open_scorecard(unit, 2023, official)
    rows = {entry.criterion_id: {"points": Decimal(10), "note": ""} for entry in card.entries.all()}
    card = services.save_self_scores(card, official, rows, card.version)
    with at(day):
        return services.submit_scorecard(card, official)


def _reviewed(card, by, day):
    with at(day):
        return services.complete_review(card, by)


def _review_step(actor):
    return Step.objects.create(
        year=2023, kind=StepKind.REVIEW, actor=actor, due_date=datetime.date(2023, 12, 5), basis=BASIS
    )


def test_the_office_has_finished_the_review_when_no_sent_card_waits(
    ready, official, other_unit, other_official, ministry, office, cluster
):
    step = _review_step(Actor.OFFICE)
    assert registry.done_by(step, {office.pk}) == {}  # nothing reviewed yet
    with at(14):
        card = services.submit_scorecard(ready, official)
    other = _sent(other_unit, other_official, 16)
    _reviewed(card, ministry, 20)
    assert registry.done_by(step, {office.pk}) == {}  # the other card still waits
    _reviewed(other, ministry, 25)
    assert registry.done_by(step, {office.pk}) == {office.pk: datetime.date(2023, 11, 25)}
    third = UnitFactory(name="Cục Thi hành án dân sự tỉnh Thứ Ba", type="thads")
    MembershipFactory(cluster=cluster, unit=third, year=2023)
    _sent(third, OfficialFactory(unit=third).user, 27)
    assert registry.done_by(step, {office.pk}) == {}  # a card sent afterwards opens the step again


def test_a_cluster_head_has_finished_when_its_members_cards_are_reviewed(
    ready, official, other_unit, other_official, ministry, cluster
):
    head = UnitFactory(name="Cục Thi hành án dân sự tỉnh Trưởng Cụm", type="thads")
    MembershipFactory(cluster=cluster, unit=head, year=2023, role=Membership.Role.HEAD)
    elsewhere = UnitFactory(name="Cục Thi hành án dân sự tỉnh Cụm Khác", type="thads")
    MembershipFactory(unit=elsewhere, year=2023)  # another cluster's card does not count
    _sent(head, OfficialFactory(unit=head).user, 10)  # nor does the head's own
    _sent(elsewhere, OfficialFactory(unit=elsewhere).user, 10)
    step = _review_step(Actor.CLUSTER_HEADS)
    with at(14):
        card = services.submit_scorecard(ready, official)
    other = _sent(other_unit, other_official, 16)
    _reviewed(card, ministry, 20)
    assert registry.done_by(step, {head.pk}) == {}
    _reviewed(other, ministry, 22)
    assert registry.done_by(step, {head.pk}) == {head.pk: datetime.date(2023, 11, 22)}
    obligation = next(o for o in obligations.build([step]) if o.unit == head)
    assert obligation.done_on == datetime.date(2023, 11, 22)


def test_the_review_of_a_year_nobody_scored_here_is_recorded_by_hand(table, unit, official, ministry, office):
    """The demo's 2025 review step showed late with no "Đã xong": the step was tracked by this
    application although no card of 2025 existed to track. Such a step, and one every unit
    owes, is recorded by hand until a card of its year exists."""
    from schedule.models import Completion
    from schedule.services import calendar

    office_step = _review_step(Actor.OFFICE)
    units_step = Step.objects.create(
        year=2023, kind=StepKind.REVIEW, subject="units", actor=Actor.UNITS, due_date=datetime.date(2023, 12, 5)
    )
    assert registry.tracked_steps([office_step, units_step]) == set()
    calendar.record_completion(units_step, unit, datetime.date(2023, 12, 1), ministry)
    calendar.record_completion(office_step, office, datetime.date(2023, 12, 2), ministry)
    assert Completion.objects.count() == 2
    obligation = next(o for o in obligations.build([office_step]) if o.unit == office)
    assert obligation.done_on == datetime.date(2023, 12, 2)
    services.open_scorecard(unit, 2023, official)  # from now on the scorecards say
    assert registry.tracked_steps([office_step, units_step]) == {office_step.pk}
    with pytest.raises(ValidationError):
        calendar.record_completion(office_step, office, datetime.date(2023, 12, 3), ministry)
