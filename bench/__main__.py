"""`make bench`: time the key pages in-process and print a Markdown table.

For each page: server time (median and 95th percentile of several runs), its number of
queries, and two ratios — against the Django admin's change list of the same model at
the same page size, and against rendering the same template from memory with the same
context (the page's own cost beyond its template).

The benchmark uses its own database: SQLite at var/bench.sqlite3 by default, or the
database of BENCH_DATABASE_URL (e.g. PostgreSQL). It migrates it and loads the demo data
(and `seed_scale` when that command exists and --scale is given).

    python -m bench [--runs 15] [--scale]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure_database():
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SECURE_COOKIES", "0")
    return url


def percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def measure(client, url, runs):
    """(median ms, p95 ms, queries, response) of GET url."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm up caches and the template loader
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), percentile(timings, 0.95), len(queries), response


def template_only(response, runs):
    """Median ms to render the page's template from the context it was given."""
    from django.template.loader import render_to_string

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
    return statistics.median(timings)


def run(runs, scale):
    import django

    url = configure_database()
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bench.pages import PAGES

    setup_test_environment()  # lets the test client see templates and context
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    if scale:
        call_command("seed_scale", verbosity=1)

    print(f"Database: {url.split('@')[-1]} · {runs} runs per page\n")
    columns = [
        "page",
        "as",
        "median ms",
        "p95 ms",
        "queries",
        "admin list ms",
        "page ÷ admin",
        "template-only ms",
        "page ÷ template",
    ]
    print("| " + " | ".join(columns) + " |")
    print("|---|---|" + "---:|" * (len(columns) - 2))
    users = get_user_model().objects
    for page in PAGES:
        client = Client()
        client.force_login(users.get(username=page.username))
        median, p95, queries, response = measure(client, page.url, runs)
        admin_client = Client()
        admin_client.force_login(users.get(username="admin"))
        admin_median = measure(admin_client, page.admin_url, runs)[0] if page.admin_url else None
        bare = template_only(response, runs)
        print(
            f"| {page.name} | {page.username} | {median:.1f} | {p95:.1f} | {queries} | "
            f"{_fmt(admin_median)} | {_ratio(median, admin_median)} | {_fmt(bare)} | {_ratio(median, bare)} |"
        )


def _fmt(value):
    return "—" if value is None else f"{value:.1f}"


def _ratio(value, base):
    return "—" if not base else f"{value / base:.2f}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--scale", action="store_true", help="load the sector-sized data set first (seed_scale)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    run(args.runs, args.scale)


if __name__ == "__main__":
    main()
