"""Vietnamese is the default language: every string is translated and the compiled
catalogue (committed, so `make run` needs no gettext) matches its source."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES"


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(LOCALE / "django.po"))


def test_every_string_is_translated_and_none_is_fuzzy(po):
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert not po.metadata_is_fuzzy  # a fuzzy header makes msgfmt skip it
    assert len(po) > 100


def test_the_compiled_catalogue_matches_the_source(po):
    with open(LOCALE / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert catalogue.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0], entry.msgid
        elif entry.msgctxt:
            assert catalogue.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert catalogue.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_every_string_of_the_sources_is_in_the_catalogue(tmp_path):
    """``make messages`` run on a copy of the sources adds nothing to translate: a string wrapped
    in the code or a template but missing from locale/vi (or only fuzzily matched) fails here,
    where the page would otherwise show it in English."""
    root = Path(__file__).resolve().parents[2]
    copy = tmp_path / "src"
    skip = shutil.ignore_patterns(".venv", ".git", "var", "test-artifacts", "__pycache__", "*.mo", "static")
    shutil.copytree(root, copy, ignore=skip)
    command = [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete", "--ignore=.venv",
               "--ignore=var", "--ignore=*/tests/*", "--ignore=tests"]  # fmt: skip
    done = subprocess.run(command, cwd=copy, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    refreshed = polib.pofile(str(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in refreshed.untranslated_entries() + refreshed.fuzzy_entries()]
    assert missing == []
