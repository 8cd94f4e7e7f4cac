"""The calendar's dossiers step knows who has sent: a cluster head is done the day its
cluster's proposals reach the Ministry — the cluster's dossier or its vote's nominations,
whichever came first; a unit's own dossier does not count for its cluster; the overdue view
lists the heads still owing with no button to record it by hand, and the reminder links to
the page where the head opens the cluster's dossier."""

import datetime

import pytest
import time_machine

from awards.models import AwardLevel, Dossier, Nomination
from emulation.models import Membership, Title, Unit
from emulation.tests.factories import (
    ClusterFactory,
    MembershipFactory,
    OfficialFactory,
    TitleFactory,
    UnitFactory,
    UserFactory,
)
from schedule import obligations, registry
from schedule.models import Actor, Step, StepKind
from schedule.services import reminders

pytestmark = pytest.mark.django_db
YEAR = 2025
HEAD = Membership.Role.HEAD


def moment(month, day, year=YEAR + 1):
    return datetime.datetime(year, month, day, 9, tzinfo=datetime.UTC)


@pytest.fixture
def world(db):
    heads = {}
    for name, province in (("Cụm thi đua số I", "Lào Cai"), ("Cụm thi đua số II", "Sơn La")):
        cluster = ClusterFactory(name=name)
        head = UnitFactory(name=f"Sở Tư pháp tỉnh {province}", type=Unit.Type.JUSTICE_DEPARTMENT)
        MembershipFactory(cluster=cluster, unit=head, year=YEAR, role=HEAD)
        MembershipFactory(cluster=cluster, unit=UnitFactory(name=f"Thành viên {name}"), year=YEAR)
        heads[name] = (cluster, head)
    step = Step.objects.create(
        year=YEAR,
        kind=StepKind.DOSSIERS,
        due_date=datetime.date(YEAR + 1, 1, 10),
        actor=Actor.CLUSTER_HEADS,
        basis="Hướng dẫn 2345/BTP-TĐKT",
    )
    return heads, step


def dossier(unit, cluster=None, sent=None):
    author = UserFactory()
    return Dossier.objects.create(
        unit=unit, cluster=cluster, year=YEAR, level=AwardLevel.MINISTRY, created_by=author, sent_to_ministry_at=sent
    )


def nomination(cluster, unit, state, submitted=None):
    title = Title.objects.first() or TitleFactory(name="Cờ thi đua ngành Tư pháp", level=Title.Level.COLLECTIVE)
    return Nomination.objects.create(
        title=title,
        year=YEAR,
        unit=unit,
        cluster=cluster,
        state=state,
        submitted_at=submitted,
        created_by=UserFactory(),
    )


def test_the_cluster_dossier_or_the_votes_nominations_mark_a_head_done(world):
    heads, step = world
    (first, first_head), (second, second_head) = heads["Cụm thi đua số I"], heads["Cụm thi đua số II"]
    unit_ids = {first_head.pk, second_head.pk}
    assert registry.done_by(step, unit_ids) == {}
    dossier(first_head, sent=moment(1, 3))  # its own unit's dossier: not the cluster's
    dossier(first_head, cluster=first)  # the cluster's, still being prepared
    nomination(second, second_head, Nomination.State.DRAFT)
    assert registry.done_by(step, unit_ids) == {}
    dossier(first_head, cluster=first, sent=moment(1, 8))
    nomination(second, UnitFactory(), Nomination.State.SUBMITTED, submitted=moment(12, 12, YEAR))
    dossier(second_head, cluster=second, sent=moment(1, 9))
    assert registry.done_by(step, unit_ids) == {
        first_head.pk: datetime.date(YEAR + 1, 1, 8),
        second_head.pk: datetime.date(YEAR, 12, 12),  # the earlier of the two
    }


def test_for_a_step_every_unit_owes_the_units_own_dossier_counts(world):
    heads, step = world
    cluster, head = heads["Cụm thi đua số I"]
    Step.objects.filter(pk=step.pk).update(actor=Actor.UNITS)
    step.refresh_from_db()
    dossier(head, sent=moment(1, 5))
    assert registry.done_by(step, {head.pk}) == {head.pk: datetime.date(YEAR + 1, 1, 5)}


def test_the_overdue_view_lists_the_heads_still_owing_without_a_record_button(world, client):
    heads, _step = world
    cluster, head = heads["Cụm thi đua số I"]
    dossier(head, cluster=cluster, sent=moment(1, 8))
    office = UnitFactory(name="Vụ Thi đua - Khen thưởng", type=Unit.Type.MINISTRY_UNIT, is_emulation_office=True)
    staff = OfficialFactory(unit=office).user
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    with time_machine.travel(moment(1, 20)):
        html = client.get("/schedule/overdue/?step=dossiers").content.decode()
    assert heads["Cụm thi đua số II"][1].name in html and head.name not in html
    assert "schedule/overdue/done/" not in html  # sent dossiers are recorded by the dossier itself


def test_the_reminder_links_to_the_cluster_dossier_or_the_page_that_opens_it(world, client):
    heads, step = world
    cluster, head = heads["Cụm thi đua số I"]
    draft = dossier(head, cluster=cluster)
    found = obligations.build([step])
    urls = reminders.action_urls(found)
    second_head = heads["Cụm thi đua số II"][1]
    assert urls[(step.pk, head.pk)] == f"/awards/dossiers/{draft.pk}/"
    assert urls[(step.pk, second_head.pk)] == f"/awards/dossiers/new/?year={YEAR}&for_cluster=1"
    official = OfficialFactory(unit=second_head).user
    client.force_login(official)
    html = client.get(urls[(step.pk, second_head.pk)]).content.decode()
    assert 'name="for_cluster"' in html and "checked" in html.split('name="for_cluster"')[1].split(">")[0]
