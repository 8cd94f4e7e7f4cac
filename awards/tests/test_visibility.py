"""The lists show exactly what the object rules allow: for each role, the votes of
``visible_votes`` are the votes ``awards.view_vote`` allows, the nominations of
``visible_nominations`` those ``awards.view_nomination`` allows."""

import pytest

from awards import services
from awards.models import Nomination, Vote
from awards.permissions import may, visible_nominations, visible_votes
from emulation.models import Unit
from emulation.tests.factories import OfficialFactory, TitleFactory, UserFactory

from .factories import TitleRuleFactory, cluster_with_voters
from .test_vote_flow import make_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_clusters(db):
    rule = TitleRuleFactory()
    here, there = cluster_with_voters(members=3), cluster_with_voters(members=3)
    for setup in (here, there):
        make_vote(setup, rule, candidates=1)
        services.create_nomination(
            TitleFactory(), setup.year, setup.units[1], setup.voters[1], achievement_summary="Thành tích"
        )
    services.create_nomination(TitleFactory(), here.year, here.units[2], here.voters[2], achievement_summary="Khác")
    office = Unit.objects.create(name="Vụ Thi đua", slug="vu-thi-dua", type="ministry_unit", is_emulation_office=True)
    ministry = UserFactory()
    OfficialFactory(user=ministry, unit=office)
    return here, {
        "chair": here.head_staff,
        "member": here.voters[1],
        "other member": here.voters[2],
        "ministry": ministry,
        "superuser": UserFactory(is_superuser=True),
        "outsider": OfficialFactory().user,
        "no official": UserFactory(),
    }


def test_each_role_lists_the_votes_its_rule_allows(two_clusters):
    here, roles = two_clusters
    for role, user in roles.items():
        allowed = {v.pk for v in Vote.objects.filter(year=here.year) if may(user, "awards.view_vote", v)}
        assert set(visible_votes(user, here.year).values_list("pk", flat=True)) == allowed, role


def test_each_role_lists_the_nominations_its_rule_allows(two_clusters):
    _here, roles = two_clusters
    for role, user in roles.items():
        allowed = {n.pk for n in Nomination.objects.all() if may(user, "awards.view_nomination", n)}
        assert set(visible_nominations(user).values_list("pk", flat=True)) == allowed, role
