"""A dossier's deadline is the calendar's step for dossiers to reach the Ministry (as the
unit's clusters date it): checked the first time the dossier reaches the emulation office,
straight from the unit or forwarded by the managing level; recorded late, refused only where
the step accepts no late work; a dossier returned for correction and sent again is not late again."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from awards import services
from awards.models import Dossier
from emulation.tests.factories import ClusterFactory, MembershipFactory
from schedule.models import ClusterDate, Step, StepKind

from .test_dossiers import YEAR, complete_draft, make_world

pytestmark = pytest.mark.django_db
D = Dossier.State
BASIS = "Hướng dẫn 2345/BTP-TĐKT"


def on(day):
    return time_machine.travel(datetime.datetime(2026, 1, day, 9, tzinfo=datetime.UTC))


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def step(db):
    return Step.objects.create(
        year=YEAR, kind=StepKind.DOSSIERS, due_date=datetime.date(2026, 1, 10), basis=BASIS, blocking=False
    )


def direct(world):
    world.unit.parent = None
    world.unit.save()
    return complete_draft(world)


def test_lateness_is_counted_when_the_managing_level_forwards_it(world, step, client):
    with on(5):
        dossier = services.submit_dossier(complete_draft(world), world.roles["preparer"])
    assert dossier.sent_to_ministry_at is None and not dossier.is_late  # not at the Ministry yet
    with on(12):
        dossier = services.forward_dossier(dossier, world.roles["managing level"])
    assert dossier.is_late and dossier.sent_to_ministry_at is not None
    client.force_login(world.roles["office"])
    with on(20):
        html = client.get(f"/awards/dossiers/{dossier.pk}/").content.decode()
    assert "Hạn gửi: 10/01/2026" in html and BASIS in html and "Chậm 2 ngày" in html


def test_a_blocking_step_refuses_a_late_dossier_and_keeps_it_where_it_was(world, step):
    Step.objects.filter(pk=step.pk).update(blocking=True)
    with on(5):
        dossier = services.submit_dossier(complete_draft(world), world.roles["preparer"])
    with on(11), pytest.raises(ValidationError, match="10/01/2026"):
        services.forward_dossier(dossier, world.roles["managing level"])
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert (dossier.state, dossier.holder) == (D.SUBMITTED, world.parent)


def test_sent_again_after_a_return_is_not_late_again(world, step):
    Step.objects.filter(pk=step.pk).update(blocking=True)
    with on(9):
        dossier = services.submit_dossier(direct(world), world.roles["preparer"])
    assert dossier.holder == world.office and not dossier.is_late
    with on(15):
        dossier = services.return_dossier(dossier, world.roles["office"], "Thiếu tờ trình")
        dossier = services.submit_dossier(dossier, world.roles["preparer"])
    assert dossier.state == D.SUBMITTED and not dossier.is_late


def test_the_units_clusters_own_date_counts_and_a_moved_step_moves_it(world, step):
    cluster = ClusterFactory()
    MembershipFactory(cluster=cluster, unit=world.unit, year=YEAR)
    ClusterDate.objects.create(step=step, cluster=cluster, due_date=datetime.date(2026, 1, 5))
    with on(7):
        assert services.submit_dossier(direct(world), world.roles["preparer"]).is_late
    ClusterDate.objects.all().delete()
    Step.objects.filter(pk=step.pk).update(due_date=datetime.date(2026, 1, 31))
    with on(20):
        assert not services.submit_dossier(complete_draft(world), world.roles["preparer"]).is_late
