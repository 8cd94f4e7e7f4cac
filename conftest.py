"""Fixtures shared by every app's tests: demo data, logins per role, a real Celery
worker and a real browser (Debian's Chromium driven by Playwright)."""

import os
import shutil
import uuid

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# the test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded and generated files of a test go to its own folder, never var/media;
    so do the keys of its votes' ballot boxes (never var/ballot-keys)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BALLOT_KEY_DIR = tmp_path / "ballot-keys"


@pytest.fixture
def demo(db):
    """The demo data of ``seed_demo`` (clusters, units, titles, logins, and what
    later apps add): seeded by the first test, copied back for the next ones
    (emulation/demo_snapshot.py)."""
    from emulation.demo_snapshot import load_demo

    load_demo()


@pytest.fixture
def login(client):
    """login("canbo") logs the test client in as a demo user and returns the user."""
    from django.contrib.auth import get_user_model

    def login_as(username):
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        return user

    return login_as


# --- a real Celery worker -------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def celery_test_app(tmp_path_factory):
    """The project's Celery app on the configured broker, with a queue of its own so
    parallel test runs on one Redis never take each other's tasks.

    Set up before the session's first test (autouse): a task sent before the first worker
    test (a transactional test's on-commit reminder or report) would otherwise open the
    app's producer on the project's own broker folder, and every later task would go there
    while the test worker listens on this one."""
    from emulation.celery import app

    app.conf.task_default_queue = f"test-{uuid.uuid4().hex[:12]}"
    if app.conf.broker_url.startswith("filesystem://"):
        folder = tmp_path_factory.mktemp("broker")
        app.conf.broker_transport_options = {
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "control_folder": str(folder / "control"),
            "store_processed": False,
        }
    return app


@pytest.fixture
def celery_worker(transactional_db, celery_test_app):
    """A real worker thread consuming from the configured broker (not eager mode)."""
    from celery.contrib.testing.worker import start_worker

    celery_test_app.control.purge()  # the tasks earlier tests sent without a worker are not this test's
    with start_worker(celery_test_app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker


# --- a real browser -------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        reason = f"Debian's Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def one_request_at_a_time_on_a_shared_sqlite_connection():
    """On SQLite the tests' database is in memory, so the live server's request threads all
    use the test's one connection; two requests at once (a page and an htmx poll) can hang
    both inside SQLite, as a CI run did for 13 minutes in the vote journey. There the live
    server answers one request at a time (Django then closes each connection, as HTTP/1.1
    wants of a server without threads). PostgreSQL keeps the threaded server."""
    from django.core.servers.basehttp import WSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    threaded = LiveServerThread.server_class
    if connection.vendor == "sqlite":  # the test database is in memory (no TEST NAME is set)
        LiveServerThread.server_class = OneAtATime
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture
def open_as(chromium, live_server, transactional_db, demo):
    """open_as("canbo") → a Playwright page logged in as that demo user, in a
    browser context of its own (several users can be open at once)."""
    from emulation.demo import DEMO_PASSWORD

    contexts = []
    violations = []

    def open_page(username, password=DEMO_PASSWORD):
        context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: _record_csp_violation(message, violations))
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.press("#id_password", "Enter")
        page.wait_for_url(f"{live_server.url}/")
        page.base_url = live_server.url
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not violations, f"Content Security Policy violations: {violations}"


def _record_csp_violation(message, violations):
    if "Content Security Policy" in message.text:
        violations.append(message.text)
