"""No input answers 500 (issue 13 §3, B12): the URL × role walk of test_url_permissions.py,
sending malformed values instead of the demo's.

- every URL argument: huge, zero and out-of-range integers, 10.000-character and odd texts;
- every query key a view reads (found in the views' source, ``year`` included) on every URL;
- every POST key a view reads without a form (``request.POST.get("present")`` and so on),
  posted to every URL.

A malformed value may be refused (400, 403, 404, a form error, a message) but never fail.
"""

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.urls.converters import IntConverter

from tests.test_url_permissions import sample_value, url_patterns, urls  # noqa: F401 (urls is a fixture)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
APPS = ("emulation", "people", "campaigns", "scoring", "awards", "reports")
BAD_INTS = ["0", "99999", "40000", "9" * 25]
BAD_TEXTS = ["x" * 10_000, "abc", "1.5", "-1", "1e3", "", " "]
ROLES = ["canbo", "thutruong", "truongcum", "bo", "admin"]
NOT_WALKED = {"logout", "set_language"}  # logging out ends the walk; the language switch is Django's


def _keys(kind):
    """The keys views read from request.GET or request.POST directly (not through a form)."""
    pattern = re.compile(rf"{kind}(?:\.get|\.getlist)?\(\s*\"(\w+)\"|{kind}\[\"(\w+)\"\]")
    keys = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            keys |= {a or b for a, b in pattern.findall(path.read_text(encoding="utf-8"))}
    return sorted(keys - {"next"})


def malformed_urls():
    """(name, url) with one URL argument replaced by a malformed value, for every argument."""
    from emulation.services import working_year

    year = working_year()
    for name, pattern in url_patterns():
        converters = pattern.pattern.converters
        sample = {kwarg: sample_value(name, kwarg, year) for kwarg in pattern.pattern.regex.groupindex}
        for kwarg, converter in converters.items():
            for value in BAD_INTS if isinstance(converter, IntConverter) else ["x" * 10_000, "abc"]:
                yield name, reverse(name, kwargs={**sample, kwarg: value})


def _failures(responses):
    return [f"{label}: {response.status_code}" for label, response in responses if response.status_code >= 500]


@pytest.mark.parametrize("username", ROLES)
def test_malformed_url_arguments_and_queries_never_fail(client, login, urls, username):  # noqa: F811
    client.raise_request_exception = False  # collect every 500, not only the first
    login(username)
    responses = [(f"GET {url[:120]}", client.get(url)) for name, url in malformed_urls() if name not in NOT_WALKED]
    keys = _keys("GET") + ["year"]
    for name, url in urls.items():
        if name in NOT_WALKED:
            continue
        for value in BAD_INTS + BAD_TEXTS:
            query = urlencode(dict.fromkeys(keys, value))
            responses.append((f"GET {name} ?…={value[:30]}", client.get(f"{url}?{query}")))
    failures = _failures(responses)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("username", ["truongcum", "bo", "admin"])
def test_malformed_raw_post_keys_never_fail(client, login, urls, username):  # noqa: F811
    client.raise_request_exception = False
    login(username)
    keys = _keys("POST")
    responses = []
    for name, url in urls.items():
        if name in NOT_WALKED:
            continue
        for value in BAD_INTS[-1:] + BAD_TEXTS:
            responses.append((f"POST {name} …={value[:30]!r}", client.post(url, dict.fromkeys(keys, value))))
    failures = _failures(responses)
    assert not failures, "\n".join(failures)
