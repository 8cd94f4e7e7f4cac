import datetime

import pytest
from django.core.cache import cache

from api import services
from api.models import Scope
from awards.models import AwardRecord, Nomination
from emulation.tests.factories import ClusterFactory, MembershipFactory, TitleFactory, UnitFactory, UserFactory
from people.models import IndividualTitle
from people.tests.factories import IndividualTitleFactory, PersonFactory, PersonYearFactory, PostingFactory

ALL = [Scope.STRUCTURE, Scope.AWARDS, Scope.PERSONS]


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(db):
    return UserFactory(username="bo-api", is_superuser=True, is_staff=True)


@pytest.fixture
def make_client(staff):
    def make(scopes=ALL, may_see_cccd=False, name=None):
        name = name or f"Hệ thống {len(scopes)}-{may_see_cccd}-{id(scopes)}"
        return services.create_client(staff, name, scopes, owner_unit=UnitFactory(), may_see_cccd=may_see_cccd)

    return make


@pytest.fixture
def get(client):
    """GET with a bearer token."""

    def get_with(url, token, **params):
        return client.get(url, params, headers={"Authorization": f"Bearer {token}"} if token else {})

    return get_with


def add_rows(count):
    """``count`` rows of every kind the API lists, and one person with a title and an award record."""
    unit = UnitFactory(name=f"Cục Thi hành án dân sự tỉnh Lào Cai {count}")
    cluster = ClusterFactory()
    title = TitleFactory(name=f"Cờ thi đua của Bộ Tư pháp ({count})")
    for index in range(count):
        member = UnitFactory()
        MembershipFactory(cluster=cluster, unit=member, year=2023)
        AwardRecord.objects.create(title=title, year=2023, unit=member, decision_number=f"{index}/QĐ-BTP",
                                   decision_date=datetime.date(2023, 12, 20))  # fmt: skip
        Nomination.objects.create(
            title=title, year=2023, unit=member, cluster=cluster, state=Nomination.State.APPROVED,
            decision_number=f"{index}/QĐ-BTP", decision_date=datetime.date(2023, 12, 20), created_by=UserFactory(),
        )  # fmt: skip
    person = PersonFactory(full_name="Nguyễn Thị Huệ")
    PostingFactory(person=person, unit=unit)
    person_year = PersonYearFactory(person=person, unit=unit, year=2023)
    IndividualTitleFactory(person_year=person_year, title=TitleFactory(level="individual"),
                           status=IndividualTitle.Status.DECIDED, decision_number="12/QĐ-CTHADS",
                           decision_date=datetime.date(2024, 1, 10))  # fmt: skip
    AwardRecord.objects.create(title=title, year=2022, unit=unit, person_name=person.full_name,
                               decision_number="99/QĐ-BTP", decision_date=datetime.date(2022, 12, 1))  # fmt: skip
    return person


@pytest.fixture
def rows(db):
    return add_rows(3)
