"""The unit's year for its staff: grading, registration, proposal, assessment, decision;
the prerequisites that guard them; the INDIVIDUAL_TITLE machine walked state × action × role."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulation.transitions import walk
from people import queries
from people.models import IndividualTitle, Initiative, InitiativeAuthor, PersonYear, Prerequisite
from people.services import years
from people.transitions import INDIVIDUAL_TITLE

from .conftest import history
from .factories import PostingFactory

pytestmark = pytest.mark.django_db
D = datetime.date
S = IndividualTitle.Status


def _initiative(world, person, year=2025, scope="unit"):
    """A recognised initiative of the person's, which Chiến sĩ thi đua cơ sở asks for."""
    initiative = Initiative.objects.create(
        unit=world.unit_a, year=year, name=f"Sáng kiến {person.pk}", first_applied=D(year, 2, 1), changes="-",
        effect="-", status=Initiative.Status.RECOGNISED, scope=scope, decision_number="1/QĐ",
        decision_date=D(year, 11, 1),
    )  # fmt: skip
    InitiativeAuthor.objects.create(initiative=initiative, person=person, share=100)


def _registered(world, person=None, title=None, grading="good"):
    person = person or world.persons[0]
    years.grade(world.unit_a, person, 2025, world.official_a, grading)
    return years.register_title(world.unit_a, person, 2025, title or world.titles.worker, world.official_a)


def test_the_whole_way_registered_proposed_assessed_recognised(world):
    record = _registered(world)
    years.propose_title(record, world.official_a)
    years.assess_title(record, world.council_a, "Nhất trí 7/7")
    record = years.decide_title(record, world.head_a, "15/QĐ-CTHADS", D(2026, 1, 10))
    assert (record.status, record.decision_number, record.decided_by) == (S.DECIDED, "15/QĐ-CTHADS", world.head_a)
    _initiative(world, world.persons[0])
    assert queries.meets(world.persons[0], world.titles.fighter, 2025).missing == []


def test_a_collective_title_is_refused_for_a_person(world):
    years.grade(world.unit_a, world.persons[0], 2025, world.official_a, "good")
    with pytest.raises(ValidationError) as raised:
        years.register_title(world.unit_a, world.persons[0], 2025, world.titles.collective, world.official_a)
    assert raised.value.code == "kind"


def test_a_title_the_unit_does_not_decide_is_refused(world):
    years.grade(world.unit_a, world.persons[0], 2025, world.official_a, "good")
    with pytest.raises(ValidationError):
        years.register_title(world.unit_a, world.persons[0], 2025, world.titles.ministry_fighter, world.official_a)


def test_a_disciplined_person_cannot_be_proposed_and_is_told_why(world):
    record = _registered(world)
    years.grade(world.unit_a, world.persons[0], 2025, world.official_a, "good", "khien_trach", D(2025, 3, 4))
    with pytest.raises(ValidationError) as raised:
        years.propose_title(record, world.official_a)
    assert "03/2025" in " ".join(raised.value.messages)


def test_a_grading_below_good_cannot_be_proposed(world):
    record = _registered(world, grading="done")
    with pytest.raises(ValidationError):
        years.propose_title(record, world.official_a)


def test_a_person_not_in_the_unit_that_year_cannot_be_graded(world):
    with pytest.raises(ValidationError):
        years.grade(world.unit_a, world.person_b, 2025, world.official_a, "good")


def test_the_fighter_needs_the_worker_title_the_same_year(world):
    record = _registered(world, title=world.titles.fighter)
    with pytest.raises(ValidationError) as raised:
        years.propose_title(record, world.official_a)
    assert "Lao động tiên tiến" in " ".join(raised.value.messages)


def test_the_quota_of_fighters_is_a_share_of_workers(world):
    """At most 15% of the unit's Lao động tiên tiến: six give none (0,9), seven give one (1,05)."""
    people = [PostingFactory(unit=world.unit_a).person for _ in range(4)] + world.persons[:2]
    for person in people:
        history(person, world.unit_a, world.titles, [2025])
    assert queries.quota(world.unit_a.pk, 2025, world.titles.fighter)[:2] == (0, 0)
    people.append(world.persons[2])
    history(world.persons[2], world.unit_a, world.titles, [2025])
    assert queries.quota(world.unit_a.pk, 2025, world.titles.fighter)[:2] == (0, 1)
    records = []
    for person in people[:2]:
        _initiative(world, person)
        record = IndividualTitle.objects.create(person_year=PersonYear.objects.get(person=person, year=2025),
                                                title=world.titles.fighter, status=S.ASSESSED)  # fmt: skip
        records.append(record)
    years.decide_title(records[0], world.head_a, "1/QĐ", D(2026, 1, 5))
    with pytest.raises(ValidationError) as raised:
        years.decide_title(records[1], world.head_a, "2/QĐ", D(2026, 1, 5))
    assert raised.value.code == "quota"


def test_the_quota_counts_the_units_merged_into_the_unit(world):
    """A title recognised in a unit merged away counts against its successor's quota."""
    people = [PostingFactory(unit=world.unit_a).person for _ in range(6)]
    for person in people:
        history(person, world.unit_a, world.titles, [2025])
    history(world.persons[2], world.old, world.titles, [2025])  # the 7th, in the merged unit
    history(world.persons[2], world.old, world.titles, [2025], title="fighter")
    assert queries.quota(world.unit_a.pk, 2025, world.titles.fighter)[:2] == (1, 1)
    _initiative(world, people[0])
    record = IndividualTitle.objects.create(person_year=PersonYear.objects.get(person=people[0], year=2025),
                                            title=world.titles.fighter, status=S.ASSESSED)  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        years.decide_title(record, world.head_a, "3/QĐ", D(2026, 1, 5))
    assert raised.value.code == "quota"


def test_three_consecutive_years_of_fighter_and_a_sector_initiative_for_the_ministrys_title(world):
    person = world.persons[0]
    history(person, world.unit_a, world.titles, [2022, 2024], title="fighter")
    result = queries.meets(person, world.titles.ministry_fighter, 2024)
    assert not result.ok and "2023" in " ".join(result.missing)
    history(person, world.unit_a, world.titles, [2023], title="fighter")
    result = queries.meets(person, world.titles.ministry_fighter, 2024)
    assert result.missing == [
        "Chưa có sáng kiến được công nhận có phạm vi ảnh hưởng từ «Cấp Bộ, toàn ngành» trở lên năm 2022–2024."
    ]
    _initiative(world, person, 2021, "nation")  # before the three years: does not count
    _initiative(world, person, 2023, "unit")  # in the years, too narrow
    assert not queries.meets(person, world.titles.ministry_fighter, 2024).ok
    _initiative(world, person, 2022, "sector")  # any of the three years will do
    assert queries.meets(person, world.titles.ministry_fighter, 2024).ok


def test_the_national_title_asks_twice_the_ministrys_title_in_six_years_and_a_national_initiative(world):
    person = world.persons[0]
    history(person, world.unit_a, world.titles, [2019], title="ministry_fighter")
    _initiative(world, person, 2024, "nation")
    result = queries.meets(person, world.titles.national_fighter, 2025)
    assert result.missing == ["Cần đạt «Chiến sĩ thi đua Bộ, ngành» 2 lần trong các năm 2020–2025; đã đạt: —."]
    history(person, world.unit_a, world.titles, [2022], title="ministry_fighter")
    assert "đã đạt: 2022" in queries.meets(person, world.titles.national_fighter, 2025).missing[0]
    history(person, world.unit_a, world.titles, [2025], title="ministry_fighter")
    assert queries.meets(person, world.titles.national_fighter, 2025).ok


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(held=st.sets(st.integers(2015, 2026), max_size=5), times=st.integers(2, 4), span=st.integers(4, 8))
def test_a_title_held_a_number_of_times_counts_only_the_years_of_the_span(world, held, times, span):
    """The rule holds exactly when the title was recognised at least ``times`` times in the
    ``span`` years ending with the year considered."""
    rule = Prerequisite(title=world.titles.national_fighter, kind="title_times", years=span, times=times,
                        required_title=world.titles.ministry_fighter)  # fmt: skip
    history_ = queries.History(titles={(1, year, world.titles.ministry_fighter.pk) for year in held})
    check = queries.CHECKS[rule.kind](rule, 1, 2025, history_)
    assert check.ok == (len([y for y in held if 2025 - span < y <= 2025]) >= times)


def test_a_title_held_a_number_of_times_names_the_times_and_no_more_than_the_years(world):
    rule = Prerequisite(title=world.titles.national_fighter, kind="title_times", years=3, times=4,
                        required_title=world.titles.ministry_fighter, legal_basis="x",
                        valid_from=D(2024, 1, 1))  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        rule.clean()
    assert "times" in raised.value.error_dict
    rule.kind, rule.times = "title_consecutive", 2
    with pytest.raises(ValidationError) as raised:
        rule.clean()
    assert "times" in raised.value.error_dict


def test_a_rule_applies_only_between_its_dates(world):
    """A rule that ends on 30 June does not govern a decision of 1 July."""
    person = world.persons[0]
    Prerequisite.objects.filter(title=world.titles.worker).delete()
    Prerequisite.objects.create(title=world.titles.worker, kind="grading", grading="excellent", years=1,
                                legal_basis="Thử", valid_from=D(2025, 1, 1), valid_to=D(2025, 6, 30))  # fmt: skip
    history(person, world.unit_a, world.titles, [2025], status=S.REGISTERED)
    assert not queries.meets(person, world.titles.worker, 2025, on=D(2025, 6, 30)).ok
    assert queries.meets(person, world.titles.worker, 2025, on=D(2025, 7, 1)).ok


def test_no_grading_change_once_a_title_is_recognised(world):
    history(world.persons[0], world.unit_a, world.titles, [2025])
    with pytest.raises(ValidationError):
        years.grade(world.unit_a, world.persons[0], 2025, world.official_a, "done")


# --- the machine, walked over the year grid --------------------------------------

ROLES = ["official_a", "council_a", "head_a", "official_b", "official_out", "ministry", "superuser"]
CALLS = {
    "propose": years.propose_title,
    "withdraw": years.withdraw_title,
    "remove": years.remove_title,
    "assess": lambda r, u: years.assess_title(r, u, ""),
    "reject": lambda r, u: years.reject_title(r, u, "Chưa đủ tiêu chuẩn"),
    "decide": lambda r, u: years.decide_title(r, u, "9/QĐ", D(2026, 1, 9)),
    "revoke": years.revoke_title,
}


class _Rollback(Exception):
    pass


def accepts(action, record, user):
    try:
        with transaction.atomic():
            CALLS[action](record, user)
            raise _Rollback
    except _Rollback:
        return True
    except (ValidationError, PermissionDenied):
        return False


def test_the_table_names_every_action_the_page_offers():
    assert set(INDIVIDUAL_TITLE) == set(CALLS)


@pytest.mark.parametrize("role", ROLES)
def test_the_grid_offers_exactly_what_the_service_accepts(client, world, role):
    user = getattr(world, role)
    client.force_login(user)
    record = _registered(world)
    for state in INDIVIDUAL_TITLE.states(IndividualTitle):
        extra = {"decision_number": "1/QĐ", "decision_date": D(2026, 1, 2)} if state == S.DECIDED else {}
        IndividualTitle.objects.filter(pk=record.pk).update(status=state, **extra)
        record.refresh_from_db()
        response = client.get(f"/people/units/{world.unit_a.slug}/2025/")
        page = response.content.decode() if response.status_code == 200 else ""
        accepted = {a for s, a in walk(INDIVIDUAL_TITLE, IndividualTitle) if s == state and accepts(a, record, user)}
        offered = {a for a in INDIVIDUAL_TITLE if f"/people/titles/{record.pk}/{a}/" in page}
        assert offered == accepted, (role, state)
        assert INDIVIDUAL_TITLE.available(record, user) == accepted, (role, state)


def test_a_wrong_state_is_a_message_not_a_403(client, world):
    record = _registered(world)
    client.force_login(world.head_a)
    response = client.post(f"/people/titles/{record.pk}/decide/", {"number": "1", "date": "2026-01-02"}, follow=True)
    assert response.status_code == 200
    assert "Chỉ công nhận được danh hiệu đã được Hội đồng xét." in response.content.decode()
    record.refresh_from_db()
    assert record.status == S.REGISTERED
