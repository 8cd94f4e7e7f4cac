"""How busy the machine was while a table was measured.

A figure taken on a busy machine is not comparable with one taken on a quiet one (a run at
load average 14 doubled every time). Before each table the bench waits, for a bounded time,
for the machine to calm down; it reads the load average before and after the table and
prints both under it, marked "machine busy" when either is above the threshold.

The threshold is the bench's own process (one) plus half the CPUs, on the one-minute load
average; ``BENCH_BUSY_LOAD`` sets another, ``BENCH_WAIT_SECONDS`` the longest wait.
"""

import os
import time
from contextlib import contextmanager
from dataclasses import dataclass


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

    @property
    def busy(self):
        threshold = busy_threshold()
        return self.before > threshold or (self.after is not None and self.after > threshold)

    def line(self):
        after = "—" if self.after is None else f"{self.after:.1f}"
        text = (
            f"Load average (1 min): {self.before:.1f} before, {after} after "
            f"({os.cpu_count()} CPUs; busy above {busy_threshold():.1f}"
            + (f"; waited {self.waited} s for it to fall" if self.waited else "")
            + ")."
        )
        if self.busy:
            text = "**Machine busy** — these figures are not comparable with a quiet run. " + text
        return text


@contextmanager
def watched(limit=None, reading=load_now, sleep=time.sleep):
    """Wait (bounded) for a quiet machine, then yield a LoadWindow whose ``after`` is set on exit."""
    waited = wait_for_quiet(max_wait_seconds() if limit is None else limit, reading, sleep)
    window = LoadWindow(reading(), waited=waited)
    try:
        yield window
    finally:
        window.after = reading()
