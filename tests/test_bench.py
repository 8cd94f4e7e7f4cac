"""The bench modules run: small versions of each part, on SQLite and PostgreSQL.

The vote bench casts from threads on PostgreSQL and one after another on SQLite (its
in-memory test database has no row locks to exercise); the rush's form reading and
posting is checked through the test client (the gunicorn part runs in ``make bench-pg``).
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from bench import people


@pytest.fixture
def demo_rows(transactional_db):
    """The demo data, committed (threads of the vote bench see it)."""
    call_command("seed_demo", stdout=io.StringIO())
    yield
    people.cleanup()


def test_vote_bench_stores_exactly_one_ballot_per_voter(demo_rows):
    from bench.votes import run_vote_bench

    threaded = connection.vendor == "postgresql"
    result = run_vote_bench(voters=20, workers=8 if threaded else 1, duplicates=5)

    assert result.errors == []
    assert result.ballots == result.participations == result.distinct_voters == 20
    assert result.duplicates_refused == result.duplicates_tried == 5
    assert result.close_error == ""
    assert result.cast_count_at_close == 20


def test_rush_client_submits_a_pledge_through_the_real_form(demo_rows, client):
    from bench.rush import form_fields, prepare_pledges
    from campaigns.models import Pledge

    campaign, accounts = prepare_pledges(3)
    username, pledge_id = accounts[0]
    login = dict(form_fields(client.get("/accounts/login/").content.decode()))
    login.update(username=username, password=people.PASSWORD)
    assert client.post("/accounts/login/", login).status_code == 302
    page = client.get(f"/campaigns/pledges/{pledge_id}/edit/")
    fields = dict(form_fields(page.content.decode(), "pledge-form"))
    assert fields["targets-TOTAL_FORMS"] == "2"

    response = client.post(f"/campaigns/pledges/{pledge_id}/edit/", {**fields, "submit": "1"})

    assert response.status_code == 302
    assert response["Location"].rstrip("/").endswith(f"/campaigns/pledges/{pledge_id}")
    assert Pledge.objects.get(pk=pledge_id).status == Pledge.Status.SUBMITTED
    assert Pledge.objects.filter(campaign=campaign, status=Pledge.Status.DRAFT).count() == 2


def test_key_pages_and_their_admin_pages_answer(demo_rows, client, settings):
    from django.contrib.auth import get_user_model

    from bench import pages, urls

    pages.ensure_report_jobs()
    patterns, key_pages = pages.mount_admin_pages(pages.key_pages())
    urls.add(patterns)
    settings.ROOT_URLCONF = "bench.urls"
    users = get_user_model().objects
    names = [page.name for page in key_pages]

    for page in key_pages:
        client.force_login(users.get(username=page.username))
        assert client.get(page.url).status_code == 200, page.name
        client.force_login(users.get(username="admin"))
        assert client.get(page.admin_url).status_code == 200, page.admin_url

    for expected in ("pledge overview", "pledge form", "scorecard", "ranking", "vote page", "ballot", "report list"):
        assert any(expected in name for name in names), expected


def test_cleanup_removes_every_bench_row(demo_rows):
    from emulation.models import Unit

    people.make_cluster("cleanup", 3, 2023)

    assert people.cleanup() == 3
    assert not Unit.objects.filter(slug__startswith=people.PREFIX).exists()


def test_the_forms_are_compared_with_the_admin_change_form_of_the_same_object(demo_rows):
    from bench import pages

    form = pages.pledge_form_page()
    assert form.admin.change_pk is not None and form.admin.model.__name__ == "Pledge"
    assert [inline.model.__name__ for inline in form.admin.inlines] == ["PledgeTarget", "PledgedIndividual"]
    _patterns, mounted = pages.mount_admin_pages([form])
    assert mounted[0].admin_url.endswith(f"/campaigns/pledge/{form.admin.change_pk}/change/")
    assert "change form with pledgetarget + pledgedindividual inlines" in form.admin.label


def test_page_and_admin_are_timed_in_alternation(db):
    from bench.__main__ import measure

    calls = []

    class Client:
        def __init__(self, name):
            self.name = name

        def get(self, url):
            calls.append(self.name)
            return type("Response", (), {"status_code": 200})()

    measured = measure(Client("page"), "/p/", 4, Client("admin"), "/a/")
    timed = calls[4:]  # after two warm-ups and two counted runs
    assert timed == ["page", "admin", "admin", "page", "page", "admin", "admin", "page"]
    assert len(measured.page_ms) == len(measured.admin_ms) == 4 and len(measured.round_ratios()) == 4


def test_a_busy_machine_is_waited_for_within_bounds_and_marked(monkeypatch):
    from bench import load

    monkeypatch.setenv("BENCH_BUSY_LOAD", "2")
    slept = []
    readings = iter([9.0, 9.0, 1.0, 1.0, 1.5])
    quiet = iter([(0.0, 100.0, 50.0), (10.0, 100.0, 50.0)])  # nobody else used the CPU
    with load.watched(limit=60, reading=lambda: next(readings), sleep=slept.append, cpu=lambda: next(quiet)) as window:
        pass
    assert slept == [5, 5] and window.waited == 10 and not window.busy
    assert "1.0 before, 1.5 after" in window.line() and "busy" not in window.line().split("(")[0]

    always_busy = load.LoadWindow(before=14.0, after=13.0, waited=0)
    assert always_busy.busy and always_busy.line().startswith("**Machine busy**")
    assert load.wait_for_quiet(20, reading=lambda: 14.0, sleep=slept.append) == 20  # bounded


def test_another_process_using_a_cpu_during_a_table_marks_it_busy(monkeypatch):
    """The load average stayed under the threshold on 2 CPUs while a test suite ran beside
    the bench; the CPU used by others (not the bench, not the database) is what shows it."""
    from bench import load

    monkeypatch.setenv("BENCH_BUSY_LOAD", "2")
    readings = iter([(0.0, 100.0, 50.0), (10.0, 118.0, 58.0)])  # 18 CPU-s busy, 8 of them ours
    with load.watched(limit=0, reading=lambda: 1.9, sleep=lambda _s: None, cpu=lambda: next(readings)) as window:
        pass
    assert window.others == 1.0 and window.busy
    assert "Other processes used 1.00 CPU" in window.line() and window.line().startswith("**Machine busy**")
    quiet = iter([(0.0, 100.0, 50.0), (10.0, 109.0, 58.0)])
    with load.watched(limit=0, reading=lambda: 1.9, sleep=lambda _s: None, cpu=lambda: next(quiet)) as window:
        pass
    assert window.others == 0.1 and not window.busy


def test_the_machines_own_cpu_counters_are_read():
    from bench import load

    start = load.cpu_now()
    sum(i * i for i in range(2_000_000))  # some CPU of our own
    end = load.cpu_now()
    if start is None:  # no /proc: the window says nothing of others
        assert load.others_cpus(start, end) is None
        return
    assert end[2] > start[2] and load.others_cpus(start, end) >= 0
