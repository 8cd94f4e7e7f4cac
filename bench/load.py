"""How busy the machine was while a table was measured.

A figure taken on a busy machine is not comparable with one taken on a quiet one (a run at
load average 14 doubled every time). Before each table the bench waits, for a bounded time,
for the machine to calm down; it reads the load average before and after the table and
prints both under it, marked "machine busy" when either is above the threshold.

The threshold is the bench's own process (one) plus half the CPUs, on the one-minute load
average; ``BENCH_BUSY_LOAD`` sets another, ``BENCH_WAIT_SECONDS`` the longest wait.

The load average lags by a minute and counts the bench itself, so on two CPUs one other
process running through a table (a test suite, say) stayed under the threshold. Where
``/proc`` exists the window also counts the CPU that processes other than the bench and the
database server used during the table, in CPUs: above ``BENCH_BUSY_OTHERS`` (0,25) the table
is marked busy too.
"""

import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

OURS = {"postgres"}  # the database server answers the bench's queries: its CPU is the bench's


def others_threshold():
    return float(os.environ.get("BENCH_BUSY_OTHERS", "0.25"))


def _process_seconds(stat):
    """CPU seconds of one process from its ``/proc/<pid>/stat`` line, and its name."""
    name = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    return name, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_now():
    """(wall seconds, CPU seconds the machine was busy, CPU seconds of the bench and the
    database server), or None without ``/proc``."""
    try:
        ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    except OSError:
        return None
    busy = (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait
    ours = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, seconds = _process_seconds((entry / "stat").read_text())
        except (OSError, ValueError, IndexError):
            continue  # it ended meanwhile
        if int(entry.name) == os.getpid() or name in OURS:
            ours += seconds
    return time.monotonic(), busy, ours


def others_cpus(start, end):
    """The CPUs that other processes kept busy on average between two ``cpu_now`` readings."""
    if start is None or end is None or end[0] <= start[0]:
        return None
    return max(0.0, ((end[1] - start[1]) - (end[2] - start[2])) / (end[0] - start[0]))


def busy_threshold():
    configured = os.environ.get("BENCH_BUSY_LOAD")
    return float(configured) if configured else 1 + (os.cpu_count() or 1) / 2


def max_wait_seconds():
    return int(os.environ.get("BENCH_WAIT_SECONDS", "120"))


def load_now():
    return os.getloadavg()[0]


def wait_for_quiet(limit, reading=load_now, sleep=time.sleep, step=5):
    """Wait while the load is above the threshold, at most ``limit`` seconds; the seconds waited."""
    waited = 0
    while reading() > busy_threshold() and waited < limit:
        sleep(step)
        waited += step
    return waited


@dataclass
class LoadWindow:
    before: float
    after: float | None = None
    waited: int = 0
    others: float | None = None  # CPUs other processes used during the table

    @property
    def busy(self):
        threshold = busy_threshold()
        loaded = self.before > threshold or (self.after is not None and self.after > threshold)
        return loaded or (self.others is not None and self.others > others_threshold())

    def line(self):
        after = "—" if self.after is None else f"{self.after:.1f}"
        text = (
            f"Load average (1 min): {self.before:.1f} before, {after} after "
            f"({os.cpu_count()} CPUs; busy above {busy_threshold():.1f}"
            + (f"; waited {self.waited} s for it to fall" if self.waited else "")
            + ")."
            + (f" Other processes used {self.others:.2f} CPU meanwhile." if self.others is not None else "")
        )
        if self.busy:
            text = "**Machine busy** — these figures are not comparable with a quiet run. " + text
        return text


@contextmanager
def watched(limit=None, reading=load_now, sleep=time.sleep, cpu=cpu_now):
    """Wait (bounded) for a quiet machine, then yield a LoadWindow whose ``after`` and
    ``others`` are set on exit."""
    waited = wait_for_quiet(max_wait_seconds() if limit is None else limit, reading, sleep)
    window = LoadWindow(reading(), waited=waited)
    start = cpu()
    try:
        yield window
    finally:
        window.after = reading()
        window.others = others_cpus(start, cpu())
