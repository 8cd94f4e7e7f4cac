"""The pledge machine walked state × action × role: the page offers exactly the actions
the service accepts, a wrong state is a message (never a 403), and the superuser is not
a way round the rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from campaigns import services
from campaigns.models import Pledge
from campaigns.transitions import PLEDGE
from emulation.tests.factories import UserFactory
from emulation.transitions import walk

from .conftest import PDF
from .factories import PledgeFactory, PledgeTargetFactory

pytestmark = pytest.mark.django_db

ROLES = ["official_a", "head_a", "official_b", "head_staff", "ministry", "superuser"]

# What on the pledge page offers each action.
OFFERS = {
    "edit": 'data-testid="edit"',
    "submit": 'data-testid="submit"',
    "accept": 'data-testid="accept"',
    "return": 'data-testid="return"',
    "report_results": 'data-testid="enter-results"',
    "assess": 'data-testid="assess"',
    "attach_signed_copy": 'data-testid="attach-form"',
    "start_progress": 'data-testid="progress"',
}

CALLS = {
    "edit": lambda p, u: services.update_pledge(p, u, p.version, fields={"commitments": "Cam kết"}),
    "submit": lambda p, u: services.submit_pledge(p, u),
    "accept": lambda p, u: services.accept_pledge(p, u),
    "return": lambda p, u: services.return_pledge(p, u, "Thiếu số liệu"),
    "report_results": lambda p, u: services.report_results(
        p, u, p.version, {t.pk: Decimal(90) for t in p.targets.all()}, "Báo cáo kết quả"
    ),
    "assess": lambda p, u: services.assess_results(p, u, ""),
    "attach_signed_copy": lambda p, u: services.attach_signed_copy(p, u, SimpleUploadedFile("scan.pdf", PDF)),
    "start_progress": lambda p, u: services.start_progress(p, u),
}


class _Rollback(Exception):
    pass


def accepts(action, pledge, user):
    """Does the service take the action? (its changes are rolled back)"""
    try:
        with transaction.atomic():
            CALLS[action](pledge, user)
            raise _Rollback
    except _Rollback:
        return True
    except (ValidationError, PermissionDenied):
        return False


def user_for(world, role):
    if role == "superuser":
        return UserFactory(username="root", is_superuser=True, is_staff=True)
    return getattr(world, role)


def test_the_table_names_every_action_the_page_can_offer():
    assert set(PLEDGE) == set(OFFERS) == set(CALLS)


@pytest.mark.parametrize("role", ROLES)
def test_the_page_offers_exactly_what_the_service_accepts(client, world, role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = user_for(world, role)
    client.force_login(user)
    pledge = PledgeFactory(campaign=world.campaign, unit=world.unit_a, return_reason="Thiếu số liệu")
    PledgeTargetFactory(pledge=pledge, value=Decimal(100))
    for state in PLEDGE.states(Pledge):
        Pledge.objects.filter(pk=pledge.pk).update(status=state)
        pledge.refresh_from_db()
        response = client.get(f"/campaigns/pledges/{pledge.pk}/")
        page = response.content.decode() if response.status_code == 200 else ""
        cases = [action for at, action in walk(PLEDGE, Pledge) if at == state]
        accepted = {action for action in cases if accepts(action, pledge, user)}
        offered = {action for action, marker in OFFERS.items() if marker in page}
        assert offered == accepted, (role, state)
        assert PLEDGE.available(pledge, user) == accepted, (role, state)


def test_a_wrong_state_is_a_message_not_a_403(client, world):
    pledge = PledgeFactory(campaign=world.campaign, unit=world.unit_a)
    client.force_login(world.head_staff)
    response = client.post(f"/campaigns/pledges/{pledge.pk}/accept/", follow=True)
    assert response.status_code == 200
    assert "Chỉ chấp thuận được bản đăng ký đã gửi." in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.DRAFT


def test_a_superuser_cannot_submit_another_units_pledge_through_the_pages(client, world):
    pledge = PledgeFactory(campaign=world.campaign, unit=world.unit_a)
    PledgeTargetFactory(pledge=pledge, value=Decimal(100))
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.post(f"/campaigns/pledges/{pledge.pk}/submit/").status_code == 403
    assert client.get(f"/campaigns/pledges/{pledge.pk}/edit/").status_code == 403
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.DRAFT
    page = client.get(f"/campaigns/pledges/{pledge.pk}/").content.decode()
    assert 'data-testid="submit"' not in page and 'data-testid="edit"' not in page
