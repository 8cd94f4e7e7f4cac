"""Graceful failure: with the database down, or on an unexpected error, users get a
plain Vietnamese page, never a stack trace or a bare "Server Error"."""

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from emulation import views

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    from emulation.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def stop_database(monkeypatch):
    """stop_database(): from then on every query fails as when PostgreSQL is stopped."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused')

    def stop():
        monkeypatch.setattr(connection, "cursor", refuse)
        monkeypatch.setattr(connection, "chunked_cursor", refuse)

    return stop


def test_with_the_database_down_a_page_answers_503_in_vietnamese(client, user, stop_database):
    client.force_login(user)
    stop_database()
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Dịch vụ tạm thời không hoạt động" in html
    assert "Hệ thống hiện không kết nối được với cơ sở dữ liệu" in html
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "Traceback" not in html and "OperationalError" not in html and "10.0.0.5" not in html
    assert '<meta http-equiv="refresh" content="10">' in html and "tự tải lại sau 10 giây" in html
    response = client.post("/accounts/logout/")  # a form sent is never sent again by itself
    assert response.status_code == 503 and "http-equiv" not in response.content.decode()


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_a_view_that_loses_the_database_answers_503(client, user, monkeypatch, error):
    def lost(request):
        raise error

    client.force_login(user)
    monkeypatch.setattr(views, "requested_year", lost)
    response = client.get("/")
    assert response.status_code == 503
    assert "Dịch vụ tạm thời không hoạt động" in response.content.decode()


def test_an_unexpected_error_shows_the_vietnamese_500_page(user, monkeypatch):
    def broken(request):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(views, "requested_year", broken)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Đã xảy ra lỗi" in html and "Máy chủ không thể hoàn tất yêu cầu của bạn" in html
    assert "secret detail" not in html


def test_a_missing_page_is_a_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize("template", ["500.html", "503.html", "404.html", "403.html"])
def test_error_pages_render_without_a_request_or_database_in_vietnamese(template, stop_database):
    stop_database()
    translation.deactivate()  # no request language: the default, Vietnamese
    html = render_to_string(template)
    assert 'lang="vi"' in html and "Về trang chủ" in html
    assert "Thi đua – Khen thưởng" in html
