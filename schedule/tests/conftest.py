"""A small sector for the calendar's tests: one cluster of three units in 2026 (the first
one heads it), the Ministry's emulation office, an official with e-mail in each, and the
2026 calendar."""

from dataclasses import dataclass
from datetime import date

import pytest

from emulation.models import Membership
from emulation.tests.factories import ClusterFactory, MembershipFactory, OfficialFactory, UnitFactory, UserFactory
from schedule.models import Actor, Step, StepKind


@dataclass
class World:
    cluster: object
    units: list
    office: object
    officials: dict  # username → user
    steps: dict  # kind → Step


def _official(name, unit, head=False):
    user = UserFactory(username=name, email=f"{name}@example.vn", full_name=f"Cán bộ {name}")
    OfficialFactory(user=user, unit=unit, is_unit_head=head)
    return user


@pytest.fixture
def world(db):
    cluster = ClusterFactory(name="Cụm thi đua thử", short_name="Cụm thử")
    units = [UnitFactory(name=f"Sở Tư pháp tỉnh {n}") for n in ("An", "Bình", "Châu")]
    for index, unit in enumerate(units):
        role = Membership.Role.HEAD if index == 0 else Membership.Role.MEMBER
        MembershipFactory(cluster=cluster, unit=unit, year=2026, role=role)
    office = UnitFactory(name="Vụ Tổ chức cán bộ", is_emulation_office=True)
    officials = {
        "truong": _official("truong", units[0]),
        "binh": _official("binh", units[1]),
        "chau": _official("chau", units[2]),
        "bo": _official("bo", office),
    }
    steps = {
        StepKind.PLEDGE: Step.objects.create(
            year=2026, kind=StepKind.PLEDGE, due_date=date(2026, 3, 31), remind_days_before=7, remind_every_days_late=3
        ),
        StepKind.CONFERENCE: Step.objects.create(
            year=2026,
            kind=StepKind.CONFERENCE,
            due_date=date(2026, 12, 20),
            actor=Actor.CLUSTER_HEADS,
            remind_days_before=5,
            remind_every_days_late=0,
        ),
    }
    return World(cluster, units, office, officials, steps)
