"""Officials' accounts without the admin: created from one form or an Excel list, each
official sets their own password from an e-mailed link; accounts are deactivated."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from openpyxl import Workbook

from emulation.models import Official, Unit

pytestmark = pytest.mark.django_db

LAO_CAI = "Cục Thi hành án dân sự tỉnh Lào Cai"


def _rows(*people):
    data = {"o-TOTAL_FORMS": "6", "o-INITIAL_FORMS": "0", "o-MIN_NUM_FORMS": "0", "o-MAX_NUM_FORMS": "50"}
    for index, person in enumerate(people):
        data.update({f"o-{index}-{key}": value for key, value in person.items()})
    return data


def _link(message):
    return re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)


def test_ministry_staff_create_a_head_and_staff_who_set_their_own_password(
    client, login, demo, settings, django_capture_on_commit_callbacks
):
    login("bo")
    unit = Unit.objects.get(name="Sở Tư pháp tỉnh Sơn La")
    data = _rows(
        {"full_name": "Phạm Văn An", "email": "An@sonla.gov.vn", "position": "Giám đốc", "is_unit_head": "on"},
        {"full_name": "Vũ Thị Bình", "email": "binh@sonla.gov.vn", "position": "Chuyên viên"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/units/{unit.slug}/officials/new/", data)
    assert response.status_code == 302
    head = Official.objects.get(user__email="an@sonla.gov.vn")
    assert head.is_unit_head and head.unit == unit and not head.user.has_usable_password()
    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["an@sonla.gov.vn"]
    assert settings.PASSWORD_RESET_TIMEOUT >= 3 * 86400
    body = mail.outbox[0].body
    assert "7 ngày" in body and "mật khẩu" in body
    client.logout()
    page = client.get(_link(mail.outbox[0]), follow=True)
    assert page.context["validlink"]
    form_url = page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "Cum-VII-2027-an", "new_password2": "Cum-VII-2027-an"})
    assert done.status_code == 302
    login_page = client.post("/accounts/login/", {"username": "an@sonla.gov.vn", "password": "Cum-VII-2027-an"})
    assert login_page.status_code == 302 and login_page["Location"] == "/"
    client.logout()
    again = client.get(_link(mail.outbox[0]), follow=True)
    assert not again.context["validlink"]  # a link works once


def test_a_refused_row_creates_no_account(client, login, demo):
    login("bo")
    unit = Unit.objects.get(name="Sở Tư pháp tỉnh Sơn La")
    taken = get_user_model().objects.get(username="canbo")
    taken.email = "canbo@laocai.gov.vn"
    taken.save()
    data = _rows(
        {"full_name": "Phạm Văn An", "email": "an@sonla.gov.vn"}, {"full_name": "Trùng", "email": "canbo@laocai.gov.vn"}
    )
    response = client.post(f"/units/{unit.slug}/officials/new/", data)
    assert response.status_code == 200
    assert "Đã có tài khoản với địa chỉ thư điện tử này." in response.content.decode()
    assert not get_user_model().objects.filter(email="an@sonla.gov.vn").exists()
    assert mail.outbox == []


def test_a_unit_head_adds_staff_but_not_a_head_and_only_for_their_unit(client, login, demo):
    login("thutruong")
    own = Unit.objects.get(name=LAO_CAI)
    page = client.get(f"/units/{own.slug}/officials/new/")
    assert page.status_code == 200 and "is_unit_head" not in page.content.decode()
    client.post(
        f"/units/{own.slug}/officials/new/",
        _rows({"full_name": "Đỗ Văn Cường", "email": "cuong@laocai.gov.vn", "is_unit_head": "on"}),
    )
    staff = Official.objects.get(user__email="cuong@laocai.gov.vn")
    assert not staff.is_unit_head
    other = Unit.objects.get(name="Sở Tư pháp tỉnh Sơn La")
    assert client.get(f"/units/{other.slug}/officials/new/").status_code == 403


def test_an_official_cannot_add_accounts(client, login, demo):
    login("canbo")
    own = Unit.objects.get(name=LAO_CAI)
    assert (
        client.post(f"/units/{own.slug}/officials/new/", _rows({"full_name": "X", "email": "x@x.vn"})).status_code
        == 403
    )


def test_deactivate_an_account(client, login, demo):
    canbo = Official.objects.get(user__username="canbo")
    head = Official.objects.get(user__username="thutruong")
    login("thutruong")
    assert client.post(f"/officials/{head.pk}/deactivate/", follow=True).status_code == 200
    head.user.refresh_from_db()
    assert head.user.is_active  # not oneself
    client.post(f"/officials/{canbo.pk}/deactivate/")
    canbo.user.refresh_from_db()
    assert not canbo.user.is_active
    login("truongcum")
    assert client.post(f"/officials/{head.pk}/deactivate/").status_code == 403


def _workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["Đơn vị", "Họ và tên", "Thư điện tử", "Chức vụ", "Thủ trưởng"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "can-bo.xlsx"
    return buffer


def test_an_excel_list_creates_every_account_or_none(client, login, demo, django_capture_on_commit_callbacks):
    login("bo")
    good = [
        ["Sở Tư pháp tỉnh Sơn La", "Phạm Văn An", "an@sonla.gov.vn", "Giám đốc", "x"],
        [LAO_CAI, "Đỗ Văn Cường", "cuong@laocai.gov.vn", "Chuyên viên", ""],
    ]
    bad = [*good, ["Sở Không Có", "Ai Đó", "ai@x.vn", "", ""], [LAO_CAI, "Sai Thư", "khong-phai-thu", "", ""]]
    response = client.post("/setup/officials/import/", {"file": _workbook(bad)})
    html = response.content.decode()
    assert "Dòng 4, cột A" in html
    assert not get_user_model().objects.filter(email="an@sonla.gov.vn").exists()
    bad = [*good, [LAO_CAI, "Sai Thư", "khong-phai-thu", "", ""]]
    html = client.post("/setup/officials/import/", {"file": _workbook(bad)}).content.decode()
    assert "Dòng 4, cột C" in html
    assert not get_user_model().objects.filter(email="an@sonla.gov.vn").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/setup/officials/import/", {"file": _workbook(good)})
    assert response.status_code == 302
    assert Official.objects.get(user__email="an@sonla.gov.vn").is_unit_head
    assert len(mail.outbox) == 2
    assert all("mật khẩu" in message.body for message in mail.outbox)
