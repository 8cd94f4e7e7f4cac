"""The systemd units shipped in docs/systemd stop the worker warmly (issue 13, security review
B11): with systemd's default KillMode=control-group a stop signals the pool's children too, they
die at once and the report is built twice; KillMode=mixed signals the main process alone."""

import configparser
import shlex
from pathlib import Path

import pytest

UNITS = Path(__file__).resolve().parents[1] / "docs" / "systemd"


def service(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(UNITS / f"{name}.service", encoding="utf-8")
    return parser["Service"]


@pytest.mark.parametrize("name", ["thidua-web", "thidua-worker", "thidua-beat"])
def test_every_unit_restarts_and_signals_its_main_process_alone(name):
    unit = service(name)
    assert unit["KillMode"] == "mixed" and unit["Restart"] == "always"
    assert unit["EnvironmentFile"].startswith("/etc/") and unit["User"] != "root"


def test_the_worker_waits_for_the_longest_report_before_it_is_killed():
    unit = service("thidua-worker")
    assert int(unit["TimeoutStopSec"]) >= 600
    command = shlex.split(unit["ExecStart"])
    assert command[1:5] == ["-A", "emulation", "worker", "--loglevel=INFO"]
    assert "-B" not in command and "--beat" not in command  # the scheduler runs once, in its own unit


def test_the_scheduler_and_the_web_run_the_documented_commands():
    assert shlex.split(service("thidua-beat")["ExecStart"])[1:4] == ["-A", "emulation", "beat"]
    web = shlex.split(service("thidua-web")["ExecStart"])
    assert web[1] == "emulation.wsgi" and "--timeout" in web and "--limit-request-line" in web
