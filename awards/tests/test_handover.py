"""Handover: the head records next year's head and deputies; the Ministry confirms,
which sets next year's leadership."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards import services
from awards.models import Handover
from emulation.models import Membership
from emulation.tests.factories import MembershipFactory, OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry(db):
    from emulation.models import Unit

    office = Unit.objects.create(
        name="Vụ Tổ chức cán bộ", slug="vu-tccb", type="ministry_unit", is_emulation_office=True
    )
    user = UserFactory()
    OfficialFactory(user=user, unit=office)
    return user


def test_record_and_confirm(setup, ministry, client):
    elsewhere = MembershipFactory(year=setup.year)  # another cluster, whose year is set up on its own
    client.force_login(setup.head_staff)
    url = f"/awards/handovers/{setup.cluster.slug}/{setup.year}/"
    response = client.post(
        url + "record/",
        {
            "head": setup.units[3].pk,
            "deputy_1": setup.units[4].pk,
            "deputy_2": setup.units[5].pk,
            "conference_date": "2023-11-28",
            "conference_place": "Sơn La",
        },
    )
    assert response.status_code == 302
    handover = Handover.objects.get()
    assert handover.state == Handover.State.PROPOSED and handover.conference_date == datetime.date(2023, 11, 28)
    assert client.post(url + "confirm/").status_code == 403  # the head cannot confirm
    assert client.post(url).status_code == 405  # one URL per action: the page only shows
    client.force_login(ministry)
    assert "confirm-handover" in client.get(url).content.decode()
    client.post(url + "confirm/")
    handover.refresh_from_db()
    assert handover.state == Handover.State.CONFIRMED and handover.confirmed_by == ministry
    roles = dict(Membership.objects.filter(cluster=setup.cluster, year=setup.year + 1).values_list("unit_id", "role"))
    assert len(roles) == 8  # next year's members started from this year's
    assert roles[setup.units[3].pk] == "head"
    assert roles[setup.units[4].pk] == roles[setup.units[5].pk] == "deputy"
    assert roles[setup.units[0].pk] == "member"
    assert not Membership.objects.filter(cluster=elsewhere.cluster, year=setup.year + 1).exists()
    with pytest.raises(ValidationError):
        services.confirm_handover(handover, ministry)
    with pytest.raises(ValidationError):  # confirmed: no more changes
        services.record_handover(setup.cluster, setup.year, setup.head_staff, head=setup.units[2])


def test_refusals(setup, ministry):
    with pytest.raises(PermissionDenied):
        services.record_handover(setup.cluster, setup.year, setup.voters[2], head=setup.units[2])
    with pytest.raises(ValidationError):
        services.record_handover(
            setup.cluster, setup.year, setup.head_staff, head=setup.units[2], deputies=[setup.units[2]]
        )
    other = OfficialFactory().unit
    with pytest.raises(ValidationError, match="không phải là thành viên"):
        services.record_handover(setup.cluster, setup.year, setup.head_staff, head=other)
    handover = services.record_handover(setup.cluster, setup.year, setup.head_staff, head=setup.units[2])
    with pytest.raises(PermissionDenied):
        services.confirm_handover(handover, setup.head_staff)
    # Corrected before confirmation: still one handover row.
    services.record_handover(setup.cluster, setup.year, setup.head_staff, head=setup.units[6])
    assert Handover.objects.get().next_head == setup.units[6]
