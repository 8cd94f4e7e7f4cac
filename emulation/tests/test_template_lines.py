"""Templates stay readable: no line longer than 200 characters, one folder at a time so that a
failure names the folder and the lines to split (architecture review §5.7)."""

from pathlib import Path

import pytest
from django.conf import settings

LIMIT = 200
ROOT = Path(settings.BASE_DIR) / "templates"
FOLDERS = sorted(p.name for p in ROOT.iterdir() if p.is_dir()) + ["."]


def long_lines(folder):
    files = ROOT.glob("*.html") if folder == "." else (ROOT / folder).rglob("*.html")
    for path in sorted(files):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if len(line) > LIMIT:
                yield f"{path.relative_to(ROOT)}:{number} ({len(line)} characters)"


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_template_line_is_longer_than_200_characters(folder):
    assert list(long_lines(folder)) == []


def test_the_check_sees_a_long_line(tmp_path, monkeypatch):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "page.html").write_text("<p>" + "a" * 200 + "</p>\nshort\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert list(long_lines("x")) == ["x/page.html:1 (207 characters)"]
