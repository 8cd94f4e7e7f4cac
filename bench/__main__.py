"""`make bench`: the scale benchmark, printed as Markdown tables.

1. Key pages, timed in-process (Django test client): server time (median and 95th
   percentile of several runs) and number of queries of each page, against a Django
   admin page of the same model at the same page size (``bench.pages``) and against
   rendering the page's template alone from the same context.
2. Reports: building each PDF report against WeasyPrint alone (``reports.bench``).
3. Votes: N voters casting at once through ``awards.services.cast_ballot``, with
   concurrent duplicates (``bench.votes``). PostgreSQL only.
4. Registration rush: N officials logging in and submitting their pledges through
   gunicorn at once (``bench.rush``). PostgreSQL only.

The benchmark uses its own database: SQLite at var/bench.sqlite3 by default, or the
database of BENCH_DATABASE_URL — on PostgreSQL use only ``emulation_bench`` (created
if missing). It migrates it, loads the demo data (and ``seed_scale`` with --scale),
and removes what it made itself (``bench-`` rows) before and after.

    make bench                       # SQLite, parts 1-2, a few minutes
    make bench-pg                    # PostgreSQL emulation_bench, all parts
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/emulation_bench .venv/bin/python -m bench
    .venv/bin/python -m bench --parts pages --runs 30 --scale
"""

import argparse
import gc
import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("pages", "reports", "votes", "rush")
P95_TARGET_MS = 100


def configure_database(scale=False):
    """The bench database: BENCH_DATABASE_URL, else SQLite under var/ (its own file for
    the scale data set, which ``seed_scale`` loads once into a database)."""
    default = ROOT / "var" / ("bench-scale.sqlite3" if scale else "bench.sqlite3")
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{default}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # no login chatter from django-axes
    return url


def ensure_postgres_database(url):
    """Create the PostgreSQL database of ``url`` when it does not exist yet."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    params = {"dbname": "postgres", "user": config["USER"], "host": config["HOST"] or None}
    params.update({k: v for k, v in (("password", config["PASSWORD"]), ("port", config["PORT"])) if v})
    connection = psycopg2.connect(**params)
    connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    finally:
        connection.close()


def prepare(scale):
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.test.utils import setup_test_environment

    from bench import people

    setup_test_environment()  # lets the test client see templates and context
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    people.cleanup()
    if scale:
        try:
            from emulation.scale import scale_data_exists
        except ImportError:
            print("(--scale: seed_scale is not available here; timing the demo data only)\n")
            return
        if scale_data_exists():
            print("(--scale: the scale data set is already loaded in this database)\n")
            return
        try:
            call_command("seed_scale", verbosity=1)
        except CommandError as error:
            print(f"(--scale: {error}; timing the demo data only)\n")


# --- 1. pages -------------------------------------------------------------------------


def warm(client, url):
    response = client.get(url)  # warm up caches and the template loader
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


def count_queries(client, url):
    """Queries of one GET, counted in a run of its own (capturing slows the timed runs)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def _timed_get(client, url, timings):
    start = time.perf_counter()
    response = client.get(url)
    timings.append((time.perf_counter() - start) * 1000)
    return response


@dataclass
class Measured:
    page_ms: list
    admin_ms: list
    page_queries: int
    admin_queries: int | None
    response: object

    def round_ratios(self):
        return [page / admin for page, admin in zip(self.page_ms, self.admin_ms, strict=False) if admin]


def measure(client, url, runs, admin_client=None, admin_url=""):
    """GET the page and its admin counterpart in alternation (page, admin, admin, page …),
    so that both are timed on the same machine at the same moments."""
    response = warm(client, url)
    if admin_url:
        warm(admin_client, admin_url)
    measured = Measured([], [], count_queries(client, url), None, response)
    if admin_url:
        measured.admin_queries = count_queries(admin_client, admin_url)
    for number in range(runs):
        turns = [(client, url, measured.page_ms)]
        if admin_url:
            turns.append((admin_client, admin_url, measured.admin_ms))
        for who, where, timings in turns[:: -1 if number % 2 else 1]:
            _timed_get(who, where, timings)
    return measured


def template_only(response, runs):
    """Median ms to render the page's template from the context it was given."""
    from django.template.loader import render_to_string

    from bench.timing import median

    if not response.templates:
        return None
    context = response.context
    context = context[0] if isinstance(context, list) else context  # a ContextList: the page's own
    context = context.flatten()
    name = response.templates[0].name
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        render_to_string(name, context)
        timings.append((time.perf_counter() - start) * 1000)
    return median(timings)


def misses(median_ms, p95, admin_ms):
    found = []
    if p95 > P95_TARGET_MS:
        found.append(f"p95 > {P95_TARGET_MS} ms")
    if admin_ms and median_ms > admin_ms:
        found.append("slower than admin")
    return ", ".join(found)


PAGE_COLUMNS = [
    "page",
    "as",
    "median ms",
    "p95 ms",
    "queries",
    "admin page",
    "admin ms",
    "admin queries",
    "page ÷ admin",
    "ratio p10–p90",
    "template-only ms",
    "page ÷ template",
    "misses",
]


def mount(page_list):
    """Mount the admin side of ``page_list`` (bench.urls) and return the pages with their admin URLs."""
    from django.conf import settings

    from bench import pages, urls

    patterns, mounted = pages.mount_admin_pages(page_list)
    urls.add(patterns)
    settings.ROOT_URLCONF = "bench.urls"
    return mounted


def print_page_rows(page_list, runs):
    """One table row per page: the page, its admin counterpart, its template alone; the
    load average under the table."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.load import watched

    users = get_user_model().objects
    admin_client = Client()
    admin_client.force_login(users.filter(is_superuser=True).order_by("pk").first())
    with watched() as window:
        print("| " + " | ".join(PAGE_COLUMNS) + " |")
        print("|---|---|" + "---:|" * 3 + "---|" + "---:|" * 6 + "---|")
        for page in mount(page_list):
            client = Client()
            client.force_login(users.get(username=page.username))
            print(page_row(page, measure(client, page.url, runs, admin_client, page.admin_url), runs))
    print(f"\n{window.line()}\n")


def page_row(page, measured, runs):
    from bench.timing import fmt, median, percentile, ratio

    page_ms, p95 = median(measured.page_ms), percentile(measured.page_ms, 0.95)
    admin_ms = median(measured.admin_ms) if measured.admin_ms else None
    ratios = measured.round_ratios()
    spread = f"{percentile(ratios, 0.1):.2f}–{percentile(ratios, 0.9):.2f}" if ratios else "—"
    bare = template_only(measured.response, runs)
    return (
        f"| {page.name} | {page.username} | {page_ms:.1f} | {p95:.1f} | {measured.page_queries} | "
        f"{page.admin.label if page.admin else '—'} | {fmt(admin_ms)} | {measured.admin_queries or '—'} | "
        f"{ratio(page_ms, admin_ms)} | {spread} | {fmt(bare)} | {ratio(page_ms, bare)} | "
        f"{misses(page_ms, p95, admin_ms)} |"
    )


def print_pages(runs):
    from bench import pages

    pages.ensure_report_jobs()
    print(f"## Key pages ({runs} runs each; admin = Django admin of the same model and page size)\n")
    print_page_rows(pages.key_pages(), runs)


# --- 2. reports -----------------------------------------------------------------------


def print_reports(runs):
    from bench.timing import median
    from reports.bench import default_cases, time_report

    cases = default_cases()
    print(f"## Reports (median of {runs} builds each)\n")
    if not cases:
        print("No data to report on.\n")
        return
    print(
        "| report | pages | data + HTML ms | of which data ms | queries | WeasyPrint ms | build ms "
        "| build ÷ WeasyPrint alone | data ÷ WeasyPrint |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for params in cases:
        timings = [time_report(params) for _ in range(runs)]
        data_ms = median([t.data_ms for t in timings])
        gathering_ms = median([t.gathering_ms for t in timings])
        weasy_ms = median([t.weasyprint_ms for t in timings])
        total_ms = median([t.total_ms for t in timings])
        first = timings[0]
        print(
            f"| {first.report} | {first.pages} | {data_ms:.0f} | {gathering_ms:.0f} | {first.queries} | "
            f"{weasy_ms:.0f} | {total_ms:.0f} | {total_ms / weasy_ms:.2f} | {gathering_ms / weasy_ms:.0%} |"
        )
    print()


# --- 3. votes and 4. the registration rush ----------------------------------------------


def print_votes(postgres, voters, threads, duplicates, runs):
    from bench import pages
    from bench.votes import print_vote_table, run_vote_bench

    print(f"## Votes: {voters} voters casting at once through cast_ballot\n")
    if not postgres:
        print("Needs PostgreSQL (row locks and real concurrency): skipped on SQLite. Run `make bench-pg`.\n")
        return
    big_pages = []  # the vote's pages at this size: open, every ballot in
    result = run_vote_bench(
        voters, threads, duplicates, before_close=lambda vote, _: big_pages.extend(pages.vote_pages(vote))
    )
    print_vote_table(result)
    print(f"\nThe same vote's pages at {voters} voters (timed while it was open, after the casts):\n")
    print_page_rows(big_pages, runs)


def print_rush(postgres, url, officials, clients, runs):
    from bench import pages
    from bench.rush import print_rush_table, run_rush

    print(f"## Registration rush: {officials} officials submitting pledges through gunicorn\n")
    if not postgres:
        print("Needs PostgreSQL (many writers through gunicorn): skipped on SQLite. Run `make bench-pg`.\n")
        return
    big_pages = []
    result = run_rush(
        url, officials, clients, after=lambda campaign: big_pages.append(pages.cluster_overview_page(campaign))
    )
    print_rush_table(result)
    print(f"\nThe bench cluster's pages at {officials} members, after the rush:\n")
    print_page_rows(big_pages, runs)


def run_part(name, function, *args):
    """Run one part; a failure is printed and the other parts still run."""
    from bench import people
    from bench.load import watched

    try:
        with watched() as window:
            function(*args)
        print(f"Part {name}: {window.line()}\n")
        return True
    except Exception:  # every failure is printed in full, then the bench goes on
        print(f"\n**{name} FAILED:**\n\n```\n{traceback.format_exc()}```\n")
        return False
    finally:
        people.cleanup()


def run(args):
    import django

    url = configure_database(args.scale)
    ensure_postgres_database(url)
    django.setup()
    from django.db import connection

    prepare(args.scale)
    gc.collect()
    gc.freeze()  # as emulation/wsgi.py does in each server process
    gc.set_threshold(50_000, 20, 20)
    postgres = connection.vendor == "postgresql"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Database: {connection.vendor} {url.split('@')[-1]} · {os.cpu_count()} CPUs, load average {load}\n")
    parts = {
        "pages": (print_pages, args.runs),
        "reports": (print_reports, args.report_runs),
        "votes": (print_votes, postgres, args.voters, args.vote_threads, args.duplicates, args.runs),
        "rush": (print_rush, postgres, url, args.officials, args.clients, args.runs),
    }
    results = [run_part(name, *parts[name]) for name in PARTS if name in args.parts]
    return all(results)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per page")
    parser.add_argument("--scale", action="store_true", help="load the sector-sized data set first (seed_scale)")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)}")
    parser.add_argument("--report-runs", type=int, default=3, help="builds per report")
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--vote-threads", type=int, default=32)
    parser.add_argument("--duplicates", type=int, default=20, help="voters who also cast a second time at once")
    parser.add_argument("--officials", type=int, default=100, help="officials in the registration rush")
    parser.add_argument("--clients", type=int, default=16, help="load-client threads in the rush")
    args = parser.parse_args(argv)
    args.parts = {part.strip() for part in args.parts.split(",") if part.strip()}
    sys.path.insert(0, str(ROOT))
    sys.exit(0 if run(args) else 1)


if __name__ == "__main__":
    main()
