import pytest

pytestmark = pytest.mark.django_db


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert b"<script>" not in response.content  # every script is a file


def test_repeated_wrong_passwords_lock_the_login(client, demo):
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "canbo", "password": "sai-mat-khau"})
        assert response.status_code == 200  # the form again, with its error
    response = client.post("/accounts/login/", {"username": "canbo", "password": "sai-mat-khau"})
    assert response.status_code == 429  # the fifth failure locks
    response = client.post("/accounts/login/", {"username": "canbo", "password": "ThiDua@2026"})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_still_works_before_the_limit(client, demo):
    for _ in range(3):
        client.post("/accounts/login/", {"username": "canbo", "password": "sai-mat-khau"})
    response = client.post("/accounts/login/", {"username": "canbo", "password": "ThiDua@2026"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert len(settings.AUTH_PASSWORD_VALIDATORS) >= 4
