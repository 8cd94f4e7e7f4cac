"""Registration rush: many officials submitting their pledges at once, over HTTP.

The real stack: gunicorn (``emulation.wsgi``, DEBUG off, a bench SECRET_KEY, no TLS
redirect) on a free loopback port, the bench database (PostgreSQL), and a small load
client of our own (``http.client``, one keep-alive connection and cookie jar per
official, on a pool of threads). N officials in N units of a bench cluster each have a
draft pledge under the cluster's regular campaign; each logs in through the login form
(CSRF token from the page; django-axes sees only successes), opens the pledge form and
posts it back with "Save and submit", exactly as the browser does.

Printed: logins and submissions per second, p50/p95 of each request kind, errors
(must be 0), and the proof: pledges submitted in the database == N.

    from bench.rush import run_rush
    result = run_rush(officials=100, clients=16)
"""

import datetime
import http.client
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

from bench import people
from bench.timing import median, percentile

ROOT = Path(__file__).resolve().parent.parent
TARGETS = [("Hồ sơ hộ tịch được giải quyết đúng hạn", "%", "100"), ("Văn bản được thẩm định", "văn bản", "24")]


# --- the stage ------------------------------------------------------------------------


def prepare_pledges(officials):
    """A bench cluster of ``officials`` units, its regular campaign with common targets,
    and a draft pledge per unit made through ``campaigns.services.create_pledge``.
    Returns (campaign, [(username, pledge id)])."""
    from bench.pages import latest_year
    from campaigns import services
    from campaigns.models import Campaign, CampaignTarget

    year = latest_year()
    bench = people.make_cluster(f"rush-{officials}", officials, year)
    campaign = Campaign.objects.create(
        name=f"Bench registration rush {officials}",
        kind=Campaign.Kind.REGULAR,
        level=Campaign.Level.CLUSTER,
        launching_cluster=bench.cluster,
        document_number="01/KH-BENCH",
        document_date=datetime.date(year, 1, 15),
        issuing_body="Bench",
        first_year=year,
        last_year=year,
        scope=Campaign.Scope.CLUSTERS,
        registration_deadline=datetime.date(year + 1, 12, 31),
    )
    campaign.clusters.add(bench.cluster)
    CampaignTarget.objects.bulk_create(
        CampaignTarget(campaign=campaign, number=n, name=name, unit_of_measure=unit, default_value=value)
        for n, (name, unit, value) in enumerate(TARGETS, start=1)
    )
    pledges = [services.create_pledge(campaign, year, official.user) for official in bench.officials]
    return campaign, [
        (official.user.username, pledge.pk) for official, pledge in zip(bench.officials, pledges, strict=True)
    ]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database_url):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="emulation.settings",
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-secret-key-not-for-production-0123456789",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
    )
    return env


class Server:
    """gunicorn on a loopback port, started and stopped by us (only this process)."""

    def __init__(self, database_url, workers=2, threads=4):
        self.port = free_port()
        self.workers, self.threads = workers, threads
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "emulation.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--timeout=60",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=server_environment(database_url))

    def wait_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/accounts/login/")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer in time")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- the load client ------------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields a browser would post from the first form marked ``data-testid`` = testid
    (or the first form): inputs with their value (checked boxes only), selected options,
    textareas; no buttons and no files."""

    def __init__(self, testid=None):
        super().__init__(convert_charrefs=True)
        self.testid, self.fields = testid, []
        self.depth = 0  # >0 inside the wanted form
        self.done = False
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and not self.depth:
            if self.testid is None or attrs.get("data-testid") == self.testid:
                self.depth = 1
            return
        if not self.depth:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            self._input(name, attrs)
        elif tag == "select" and name:
            self._select = [name, None, False]  # name, value, explicitly selected
        elif tag == "option" and self._select:
            chosen = "selected" in attrs
            if self._select[1] is None or (chosen and not self._select[2]):
                self._select[1:] = [attrs.get("value", ""), chosen]
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def _input(self, name, attrs):
        kind = (attrs.get("type") or "text").lower()
        if kind in ("submit", "button", "file", "image", "reset"):
            return
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            return
        self.fields.append((name, attrs.get("value") or ("on" if kind == "checkbox" else "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "select" and self._select:
            if self._select[1] is not None:
                self.fields.append((self._select[0], self._select[1]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self.depth, self.done = 0, True


def form_fields(html, testid=None):
    parser = FormFields(testid)
    parser.feed(html)
    return parser.fields


class Browser:
    """One official's keep-alive connection and cookies."""

    def __init__(self, port, timeout=30):
        self.port, self.timeout = port, timeout
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookies = {}

    def request(self, method, path, fields=None):
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):  # a closed keep-alive connection: retry once
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = (time.perf_counter() - start) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        return response.status, response.headers.get("Location", ""), text, elapsed

    def close(self):
        self.connection.close()


@dataclass
class RushResult:
    officials: int
    clients: int
    server: str = ""
    login_seconds: float = 0.0
    submit_seconds: float = 0.0
    timings: dict = field(
        default_factory=lambda: {"login GET": [], "login POST": [], "form GET": [], "submit POST": []}
    )
    errors: list = field(default_factory=list)
    submitted_in_db: int = 0
    unfinished: int = 0
    alone: "RushResult | None" = None  # the first official, alone before the rush

    @property
    def requests(self):
        return sum(len(values) for values in self.timings.values())

    @property
    def ok(self):
        return not self.errors and not self.unfinished and self.submitted_in_db == self.officials


def log_in(browser, username, password, result):
    status, _, html, ms = browser.request("GET", "/accounts/login/")
    result.timings["login GET"].append(ms)
    token = dict(form_fields(html)).get("csrfmiddlewaretoken")
    if status != 200 or not token:
        raise RuntimeError(f"{username}: login page answered {status}")
    fields = {"csrfmiddlewaretoken": token, "username": username, "password": password}
    status, location, _, ms = browser.request("POST", "/accounts/login/", fields)
    result.timings["login POST"].append(ms)
    if status != 302:
        raise RuntimeError(f"{username}: login answered {status}")


def submit_pledge(browser, pledge_id, result):
    path = f"/campaigns/pledges/{pledge_id}/edit/"
    status, _, html, ms = browser.request("GET", path)
    result.timings["form GET"].append(ms)
    if status != 200:
        raise RuntimeError(f"pledge {pledge_id}: form answered {status}")
    fields = form_fields(html, "pledge-form") + [("submit", "1")]
    status, location, _, ms = browser.request("POST", path, fields)
    result.timings["submit POST"].append(ms)
    if status != 302 or not location.rstrip("/").endswith(f"/campaigns/pledges/{pledge_id}"):
        raise RuntimeError(f"pledge {pledge_id}: submit answered {status} → {location or 'no redirect'}")


def run_phase(items, clients, deadline, action, result):
    """Run ``action(item)`` for every item on ``clients`` threads until ``deadline``
    (monotonic); returns (seconds, items not done)."""
    pending = queue.SimpleQueue()
    for item in items:
        pending.put(item)
    lock = threading.Lock()
    start = time.perf_counter()

    def worker():
        while time.monotonic() < deadline:
            try:
                item = pending.get_nowait()
            except queue.Empty:
                return
            try:
                action(item)
            except Exception as error:  # every failure is counted and printed, none hidden
                with lock:
                    result.errors.append(str(error))

    threads = [threading.Thread(target=worker, name=f"client-{n}") for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    left = 0
    while not pending.empty():
        pending.get_nowait()
        left += 1
    return time.perf_counter() - start, left


def log_in_and_submit(port, accounts, clients, deadline, result, browsers):
    """Everyone in ``accounts`` logs in at once, then everyone submits at once."""

    def login(account):
        browser = Browser(port)
        try:
            log_in(browser, account[0], people.PASSWORD, result)
        except Exception:
            browser.close()
            raise
        browsers[account[1]] = browser

    def submit(pledge_id):
        submit_pledge(browsers[pledge_id], pledge_id, result)

    result.login_seconds, left = run_phase(accounts, clients, deadline, login, result)
    logged_in = [pledge for _, pledge in accounts if pledge in browsers]
    result.submit_seconds, left_submit = run_phase(logged_in, clients, deadline, submit, result)
    result.unfinished += left + left_submit


def run_rush(database_url, officials=100, clients=16, workers=2, threads=4, time_limit=240, after=None):
    """Stage, serve, let the first official log in and submit alone (the uncontended
    baseline), then the others all at once; count what was stored; then
    ``after(campaign)`` (to time the pages of the cluster at this size)."""
    from campaigns.models import Pledge

    campaign, accounts = prepare_pledges(officials)
    result = RushResult(officials=officials, clients=clients, server=f"gunicorn {workers} workers × {threads} threads")
    result.alone = RushResult(officials=1, clients=1)
    server = Server(database_url, workers, threads)
    browsers = {}
    try:
        server.wait_ready()
        deadline = time.monotonic() + time_limit
        log_in_and_submit(server.port, accounts[:1], 1, deadline, result.alone, browsers)
        log_in_and_submit(server.port, accounts[1:], clients, deadline, result, browsers)
    finally:
        for browser in browsers.values():
            browser.close()
        server.stop()
    result.errors += result.alone.errors
    result.unfinished += result.alone.unfinished
    result.submitted_in_db = Pledge.objects.filter(campaign=campaign, status=Pledge.Status.SUBMITTED).count()
    if after:
        after(campaign)
    return result


def print_rush_table(result):
    print(
        f"{result.officials} officials on {result.server}: the first alone, then {result.officials - 1} at once "
        f"from {result.clients} client threads; their logins took {result.login_seconds:.1f} s, "
        f"their submissions {result.submit_seconds:.1f} s\n"
    )
    print("| request | count | per second | p50 ms | p95 ms | max ms | one official alone, ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    alone = result.alone.timings if result.alone else {}
    for name, values in result.timings.items():
        seconds = result.login_seconds if name.startswith("login") else result.submit_seconds
        rate = len(values) / seconds if seconds else 0
        solo = alone.get(name)
        print(
            f"| {name} | {len(values)} | {rate:.1f} | {median(values):.0f} | {percentile(values, 0.95):.0f} | "
            f"{max(values, default=0):.0f} | {f'{median(solo):.0f}' if solo else '—'} |"
        )
    submissions = len(result.timings["submit POST"])
    rate = submissions / result.submit_seconds if result.submit_seconds else 0
    print(
        f"\nSubmissions: {rate:.1f} pledges/s (GET form + POST each); errors: {len(result.errors)}; "
        f"not reached in time: {result.unfinished}; pledges submitted in the database: "
        f"{result.submitted_in_db} of {result.officials} → {'OK' if result.ok else 'FAILED'}"
    )
    for error in result.errors[:5]:
        print(f"- {error}")
