"""The project's catalogue must not change what Django's own strings say in the admin."""

import glob
import os

import django
import polib
import pytest

from .test_translations import LOCALE

pytestmark = pytest.mark.django_db

# Project msgids that Django's admin also uses, translated differently on purpose: the same
# meaning, in words the sector uses. A msgid whose meaning differs ("Change" of a ranking)
# gets a context instead, and never belongs here.
SAME_MEANING = {"Save", "Page not found", "Remove", "Add", "Administration", "Log out", "History"}


def _django_admin_catalogue():
    base = os.path.dirname(django.__file__)
    entries = {}
    for path in glob.glob(f"{base}/contrib/admin/locale/vi/LC_MESSAGES/django.po"):
        for entry in polib.pofile(path):
            entries[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return entries


def test_the_admin_change_links_read_as_django_says(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    html = client.get("/admin/").content.decode()
    assert "Thay đổi" in html
    assert "Tăng/giảm" not in html


def test_no_project_string_overrides_the_admins_meaning():
    ours = polib.pofile(str(LOCALE / "django.po"))
    admin = _django_admin_catalogue()
    clashes = [
        entry.msgid
        for entry in ours
        if (entry.msgctxt, entry.msgid) in admin
        and admin[(entry.msgctxt, entry.msgid)] != entry.msgstr
        and entry.msgid not in SAME_MEANING
    ]
    assert clashes == []


def test_the_ranking_column_keeps_its_own_word():
    from django.utils import translation

    with translation.override("vi"):
        assert translation.pgettext("ranking", "Change") == "Tăng/giảm"
        assert translation.gettext("Change") == "Thay đổi"
