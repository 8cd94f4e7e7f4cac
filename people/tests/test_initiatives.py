"""The register of initiatives: the services and their refusals, the INITIATIVE machine walked
state × action × role (the page offers exactly what the service accepts), the initiative
requirement of Chiến sĩ thi đua cơ sở, and the list page's query count."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulation.transitions import walk
from people import queries
from people.models import Initiative
from people.services import initiatives as services
from people.transitions import INITIATIVE

from .conftest import history
from .factories import PostingFactory

pytestmark = pytest.mark.django_db
D = datetime.date
N = Initiative.Status
FIELDS = {"name": "Số hóa sổ thụ lý", "first_applied": D(2025, 3, 1), "changes": "Sổ điện tử", "effect": "Nhanh hơn"}


def _draft(world, authors=None):
    authors = authors if authors is not None else [(world.persons[0], Decimal(60)), (world.persons[1], Decimal(40))]
    return services.register_initiative(world.unit_a, 2025, world.official_a, FIELDS, authors)


def _recognised(world, person=None, year=2025):
    initiative = services.register_initiative(
        world.unit_a, year, world.official_a, FIELDS, [(person or world.persons[0], Decimal(100))]
    )
    Initiative.objects.filter(pk=initiative.pk).update(
        status=N.RECOGNISED, scope="unit", decision_number="1/QĐ", decision_date=D(year, 11, 1)
    )
    return initiative


# --- services and refusals -------------------------------------------------------


def test_the_whole_way_draft_submitted_returned_draft_submitted_recognised(world):
    initiative = _draft(world)
    services.submit_initiative(initiative, world.official_a)
    initiative = services.return_initiative(initiative, world.council_a, "Thiếu minh chứng")
    assert (initiative.status, initiative.return_reason) == (N.RETURNED, "Thiếu minh chứng")
    initiative = services.edit_initiative(initiative, world.official_a, FIELDS, [(world.persons[0], Decimal(100))])
    assert initiative.status == N.DRAFT and initiative.authors.count() == 1
    services.submit_initiative(initiative, world.official_a)
    initiative = services.recognise_initiative(initiative, world.head_a, "unit", "7/QĐ-CTHADS", D(2025, 12, 1))
    assert (initiative.status, initiative.scope, initiative.decision_number) == (N.RECOGNISED, "unit", "7/QĐ-CTHADS")
    assert initiative.history.count() >= 5


def test_shares_over_100_are_refused(world):
    with pytest.raises(ValidationError) as raised:
        _draft(world, [(world.persons[0], Decimal("60.01")), (world.persons[1], Decimal(40))])
    assert raised.value.code == "share"


def test_an_author_not_of_the_unit_is_refused(world):
    with pytest.raises(ValidationError) as raised:
        _draft(world, [(world.person_b, Decimal(50))])
    assert raised.value.code == "author"


def test_a_person_is_an_author_once(world):
    with pytest.raises(ValidationError) as raised:
        _draft(world, [(world.persons[0], Decimal(30)), (world.persons[0], Decimal(30))])
    assert raised.value.code == "author"


def test_a_wrong_state_is_a_state_error(world):
    initiative = _draft(world)
    with pytest.raises(ValidationError) as raised:
        services.recognise_initiative(initiative, world.head_a, "unit", "1/QĐ", D(2025, 12, 1))
    assert raised.value.code == "state"


@pytest.mark.parametrize("role", ["official_b", "official_out", "ministry", "superuser"])
def test_an_outsider_cannot_register_submit_or_assess(world, role):
    user = getattr(world, role)
    with pytest.raises(PermissionDenied):
        services.register_initiative(world.unit_a, 2025, user, FIELDS, [])
    initiative = _draft(world)
    with pytest.raises(PermissionDenied):
        services.submit_initiative(initiative, user)
    services.submit_initiative(initiative, world.official_a)
    with pytest.raises(PermissionDenied):
        services.recognise_initiative(initiative, user, "unit", "1/QĐ", D(2025, 12, 1))


def test_the_officials_cannot_assess_their_own_initiative(world):
    initiative = _draft(world)
    services.submit_initiative(initiative, world.official_a)
    with pytest.raises(PermissionDenied):
        services.reject_initiative(initiative, world.official_a)


def test_returning_needs_a_reason_and_recognising_a_scope(world):
    initiative = _draft(world)
    services.submit_initiative(initiative, world.official_a)
    with pytest.raises(ValidationError):
        services.return_initiative(initiative, world.head_a, "  ")
    with pytest.raises(ValidationError):
        services.recognise_initiative(initiative, world.head_a, "galaxy", "1/QĐ", D(2025, 12, 1))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(1, 10000), second=st.integers(1, 10000))
def test_shares_are_accepted_exactly_up_to_100(world, first, second):
    """Shares in hundredths of a percent: the sum at most 100,00% is taken, beyond it refused."""
    shares = [Decimal(first) / 100, Decimal(second) / 100]
    authors = [(world.persons[0], shares[0]), (world.persons[1], shares[1])]
    try:
        with transaction.atomic():
            _draft(world, authors)
            accepted = True
            transaction.set_rollback(True)
    except ValidationError:
        accepted = False
    assert accepted == (sum(shares) <= 100)


# --- the machine, walked over the initiative's page ------------------------------

ROLES = ["official_a", "council_a", "head_a", "official_b", "official_out", "ministry", "superuser"]
CALLS = {
    "edit": lambda i, u: services.edit_initiative(i, u, FIELDS, [(i.authors.first().person, Decimal(100))]),
    "submit": services.submit_initiative,
    "recognise": lambda i, u: services.recognise_initiative(i, u, "unit", "9/QĐ", D(2025, 12, 9)),
    "reject": services.reject_initiative,
    "return": lambda i, u: services.return_initiative(i, u, "Thiếu minh chứng"),
}
OFFERS = {
    "edit": lambda i: f"/people/initiatives/{i.pk}/edit/",
    "submit": lambda i: f"/people/initiatives/{i.pk}/submit/",
    "recognise": lambda i: f"/people/initiatives/{i.pk}/recognise/",
    "reject": lambda i: f"/people/initiatives/{i.pk}/reject/",
    "return": lambda i: f"/people/initiatives/{i.pk}/return/",
}


class _Rollback(Exception):
    pass


def accepts(action, initiative, user):
    try:
        with transaction.atomic():
            CALLS[action](initiative, user)
            raise _Rollback
    except _Rollback:
        return True
    except (ValidationError, PermissionDenied):
        return False


def test_the_table_names_every_action_the_page_offers():
    assert set(INITIATIVE) == set(CALLS) == set(OFFERS)


@pytest.mark.parametrize("role", ROLES)
def test_the_page_offers_exactly_what_the_service_accepts(client, world, role):
    user = getattr(world, role)
    client.force_login(user)
    initiative = _draft(world)
    for state in INITIATIVE.states(Initiative):
        extra = {"scope": "unit", "decision_number": "1/QĐ", "decision_date": D(2025, 12, 2)}
        extra = extra if state == N.RECOGNISED else {"return_reason": "Lý do"} if state == N.RETURNED else {}
        Initiative.objects.filter(pk=initiative.pk).update(status=state, **extra)
        initiative.refresh_from_db()
        response = client.get(f"/people/initiatives/{initiative.pk}/")
        page = response.content.decode() if response.status_code == 200 else ""
        accepted = {a for s, a in walk(INITIATIVE, Initiative) if s == state and accepts(a, initiative, user)}
        offered = {a for a in INITIATIVE if OFFERS[a](initiative) in page}
        assert offered == accepted, (role, state)
        assert INITIATIVE.available(initiative, user) == accepted, (role, state)


def test_a_wrong_state_is_a_message_not_a_403(client, world):
    initiative = _draft(world)
    client.force_login(world.head_a)
    response = client.post(f"/people/initiatives/{initiative.pk}/reject/", follow=True)
    assert response.status_code == 200
    initiative.refresh_from_db()
    assert initiative.status == N.DRAFT


# --- eligibility ------------------------------------------------------------------


def test_the_fighter_needs_a_recognised_initiative_in_the_year(world):
    person = world.persons[0]
    history(person, world.unit_a, world.titles, [2025])
    result = queries.meets(person, world.titles.fighter, 2025)
    assert not result.ok
    assert any("chưa có sáng kiến được công nhận" in reason.lower() for reason in result.missing)
    _recognised(world, person, year=2024)  # another year does not count
    assert not queries.meets(person, world.titles.fighter, 2025).ok
    _recognised(world, person)
    assert queries.meets(person, world.titles.fighter, 2025).ok


def test_a_submitted_initiative_does_not_count(world):
    person = world.persons[0]
    history(person, world.unit_a, world.titles, [2025])
    initiative = _draft(world)
    services.submit_initiative(initiative, world.official_a)
    assert not queries.meets(person, world.titles.fighter, 2025).ok


def test_an_initiative_prerequisite_names_a_scope(world):
    from people.models import Prerequisite

    rule = Prerequisite(title=world.titles.fighter, kind="initiative", legal_basis="x", valid_from=D(2024, 1, 1))
    with pytest.raises(ValidationError) as raised:
        rule.clean()
    assert "scope" in raised.value.error_dict


# --- pages --------------------------------------------------------------------------


def test_the_list_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    client.force_login(world.official_a)
    url = f"/people/units/{world.unit_a.slug}/2025/initiatives/"
    _draft(world)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    for _index in range(8):
        person = PostingFactory(unit=world.unit_a).person
        _draft(world, [(person, Decimal(50)), (world.persons[0], Decimal(50))])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('data-testid="initiative-row"') == 9


def test_the_form_registers_an_initiative_with_its_authors(client, world):
    client.force_login(world.official_a)
    url = f"/people/units/{world.unit_a.slug}/2025/initiatives/new/"
    assert client.get(url).status_code == 200
    data = {**FIELDS, "first_applied": "2025-03-01", "authors-TOTAL_FORMS": "3", "authors-INITIAL_FORMS": "0",
            "authors-0-person": world.persons[0].pk, "authors-0-share": "70", "authors-1-person": world.persons[1].pk,
            "authors-1-share": "30,5"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200 and "100%" in response.content.decode()  # 100,5% refused
    data["authors-1-share"] = "30"
    response = client.post(url, data)
    initiative = Initiative.objects.get()
    assert response.status_code == 302 and initiative.authors.count() == 2
    page = client.get(f"/people/persons/{world.persons[0].pk}/").content.decode()
    assert initiative.name in page


def test_an_outsider_cannot_open_the_register_or_an_initiative(client, world):
    initiative = _draft(world)
    client.force_login(world.official_out)
    assert client.get(f"/people/units/{world.unit_a.slug}/2025/initiatives/").status_code == 403
    assert client.get(f"/people/initiatives/{initiative.pk}/").status_code == 403
    client.force_login(world.ministry)
    assert client.get(f"/people/initiatives/{initiative.pk}/").status_code == 200
