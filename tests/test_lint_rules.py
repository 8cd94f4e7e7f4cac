"""`make lint` keeps the shape: a back arrow between apps or an over-long function fails it.

Each test plants the fault in a copy of the tree and runs the real tool on it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
APPS = ["emulation", "campaigns", "scoring", "awards", "people", "schedule", "reports", "api", "bench"]


@pytest.fixture
def tree(tmp_path):
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def run(tool, tree, *args):
    return subprocess.run(
        [str(BIN / tool), *args], cwd=tree, capture_output=True, text=True, env={"PYTHONPATH": str(tree)}
    )


def test_the_tree_as_it_is_passes(tree):
    assert run("lint-imports", tree).returncode == 0


def test_a_back_arrow_fails_the_layering(tree):
    (tree / "emulation" / "probe.py").write_text("from awards import models  # noqa: F401\n")
    result = run("lint-imports", tree)
    assert result.returncode != 0
    assert "emulation.probe -> awards" in result.stdout


@pytest.mark.parametrize("app", ["reports", "awards", "emulation"])
def test_nobody_imports_the_api(tree, app):
    (tree / app / "probe.py").write_text("from api import models  # noqa: F401\n")
    result = run("lint-imports", tree)
    assert result.returncode != 0
    assert f"{app}.probe -> api" in result.stdout


def test_an_over_long_function_fails_ruff(tree):
    body = "".join(f"    x{n} = {n}\n" for n in range(60))
    (tree / "scoring" / "probe.py").write_text(f"def long():\n{body}    return x0\n")
    result = run("ruff", tree, "check", "--select", "PLR0915", "scoring/probe.py")
    assert result.returncode != 0 and "PLR0915" in result.stdout


def test_a_tangled_function_fails_ruff(tree):
    branches = "".join(f"    if a == {n}:\n        return {n}\n" for n in range(12))
    (tree / "scoring" / "probe.py").write_text(f"def tangled(a):\n{branches}    return -1\n")
    result = run("ruff", tree, "check", "--select", "C901", "scoring/probe.py")
    assert result.returncode != 0 and "C901" in result.stdout
