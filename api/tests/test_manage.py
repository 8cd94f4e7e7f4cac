"""The clients' page (ministry staff), the admin and ``manage.py api_client``."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from api.models import ApiClient
from emulation.tests.factories import OfficialFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry(db):
    return OfficialFactory(unit=UnitFactory(is_emulation_office=True)).user


def test_ministry_staff_create_a_client_and_see_its_token_once(client, ministry, get):
    client.force_login(ministry)
    assert client.get(reverse("api:clients")).status_code == 200
    response = client.post(
        reverse("api:clients"),
        {"name": "Hệ thống quản lý hồ sơ", "scopes": ["structure", "awards"], "contact": "a@moj.gov.vn"},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = re.search(r'data-testid="token">([^<]+)<', response.content.decode()).group(1)
    created = ApiClient.objects.get()
    assert created.scopes == ["awards", "structure"] and created.created_by == ministry
    assert created.history.count() == 1
    assert get("/api/v1/units/", token).status_code == 200
    listing = client.get(reverse("api:clients")).content.decode()
    assert "Hệ thống quản lý hồ sơ" in listing and token not in listing


def test_a_form_without_scopes_or_with_a_taken_name_is_refused(client, ministry):
    client.force_login(ministry)
    assert client.post(reverse("api:clients"), {"name": "A"}).status_code == 200
    assert not ApiClient.objects.exists()
    client.post(reverse("api:clients"), {"name": "A", "scopes": ["units"]})
    assert not ApiClient.objects.exists()
    client.post(reverse("api:clients"), {"name": "A", "scopes": ["structure"]})
    response = client.post(reverse("api:clients"), {"name": "A", "scopes": ["structure"]})
    assert ApiClient.objects.count() == 1 and 'data-testid="token"' not in response.content.decode()


def test_ministry_staff_revoke_a_client(client, ministry, make_client, get):
    api_client, token = make_client()
    client.force_login(ministry)
    response = client.post(reverse("api:client_revoke", kwargs={"pk": api_client.pk}))
    assert response.status_code == 302
    api_client.refresh_from_db()
    assert api_client.revoked_at is not None and api_client.history.count() == 2
    assert get("/api/v1/units/", token).status_code == 401
    client.post(reverse("api:client_revoke", kwargs={"pk": api_client.pk}))  # twice: a message, no error


def test_other_officials_may_not_manage_clients(client, make_client):
    api_client, _ = make_client()
    client.force_login(OfficialFactory().user)
    assert client.get(reverse("api:clients")).status_code == 403
    assert client.post(reverse("api:clients"), {"name": "B", "scopes": ["structure"]}).status_code == 403
    assert client.post(reverse("api:client_revoke", kwargs={"pk": api_client.pk})).status_code == 403
    assert ApiClient.objects.count() == 1 and ApiClient.objects.get().revoked_at is None


def test_the_admin_lists_and_revokes_but_never_adds(client, make_client):
    api_client, _ = make_client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/admin/api/apiclient/").status_code == 200
    assert client.get("/admin/api/apiclient/add/").status_code == 403
    client.post("/admin/api/apiclient/", {"action": "revoke", "_selected_action": [api_client.pk]})
    api_client.refresh_from_db()
    assert api_client.revoked_at is not None


def test_the_command_creates_prints_the_token_and_revokes(capsys, get, staff):
    call_command("api_client", "create", "Cổng dịch vụ công", "--scope", "structure", "--cccd")
    token = capsys.readouterr().out.strip().splitlines()[-1]
    created = ApiClient.objects.get(name="Cổng dịch vụ công")
    assert created.may_see_cccd and created.scopes == ["structure"] and created.created_by == staff
    assert get("/api/v1/clusters/", token).status_code == 200
    call_command("api_client", "list")
    assert "Cổng dịch vụ công" in capsys.readouterr().out
    call_command("api_client", "revoke", "Cổng dịch vụ công")
    assert get("/api/v1/clusters/", token).status_code == 401
    with pytest.raises(CommandError):
        call_command("api_client", "revoke", "Cổng dịch vụ công")
    with pytest.raises(CommandError):
        call_command("api_client", "revoke", "nobody")


def test_only_ministry_staff_see_the_link_to_the_clients_page(client, ministry):
    link = f'href="{reverse("api:clients")}"'
    client.force_login(OfficialFactory().user)
    assert link not in client.get(reverse("dashboard")).content.decode()
    client.force_login(ministry)
    assert link in client.get(reverse("dashboard")).content.decode()
