import pytest
from django.core.exceptions import ImproperlyConfigured

from emulation.checks import refuse_insecure_production


def test_production_without_a_secret_key_refuses_to_start(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.INSECURE_DEV_KEY
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        refuse_insecure_production()
    settings.SECRET_KEY = "a-real-secret-key-from-the-environment"
    refuse_insecure_production()
    settings.DEBUG = True
    settings.SECRET_KEY = settings.INSECURE_DEV_KEY
    refuse_insecure_production()


def test_time_zone_and_language(settings):
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.LANGUAGE_CODE == "vi"


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(settings):
    options = settings.SQLITE_OPTIONS
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert settings.DATABASES["default"]["OPTIONS"] == options


def test_production_settings_pass_the_deploy_check():
    """`manage.py check --deploy` with production variables: no warning at all."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DEBUG", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        {
            "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "thidua.example.vn",
            "SECURE_PROXY_SSL_HEADER": "1",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
