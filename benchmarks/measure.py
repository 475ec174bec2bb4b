"""Timing and memory: wall clock, repeated timings, and the peak memory of a command and its children.

A command's peak memory is sampled every 0.1 s over its whole process tree
(the build and its extraction workers): the peak of the summed proportional
set size (PSS, which counts pages shared by forked workers once) and the
largest single process (its maximum resident set size from
``getrusage(RUSAGE_CHILDREN)``, read in a fresh wrapper process so earlier
commands do not count). Other processes competing for the cores would skew
the figures, so each run also records how many cores the rest of the machine
kept busy meanwhile (`Run.background`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil


@dataclass
class Run:
    """One measured command."""

    seconds: float
    peak_pss: int
    """Bytes: the peak, over time, of the PSS summed over the process tree."""
    max_rss: int
    """Bytes: the largest resident set of any single process of the tree."""
    returncode: int
    stdout: str
    stderr: str
    cpu_s: float = 0.0
    """CPU seconds (user + system) the command's processes used."""
    background: float = 0.0
    """Cores kept busy meanwhile by other processes of the machine (0 on a quiet machine)."""


def _tree_pss(root: psutil.Process) -> int:
    total = 0
    for proc in [root, *root.children(recursive=True)]:
        try:
            info = proc.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


_WRAPPER = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as fh:
    json.dump({"returncode": done.returncode, "maxrss_kib": usage.ru_maxrss,
               "cpu_s": usage.ru_utime + usage.ru_stime}, fh)
"""


def run_command(args: Sequence[str], *, cwd: str | Path | None = None, env: dict[str, str] | None = None,
                timeout: float | None = None) -> Run:
    """Run `args`, timing it and sampling its memory; its output is captured."""
    fd, name = tempfile.mkstemp(prefix="bench-rusage-", suffix=".json")
    os.close(fd)
    report = Path(name)
    busy, own = _busy(), psutil.Process().cpu_times()
    start = time.perf_counter()
    proc = psutil.Popen([sys.executable, "-c", _WRAPPER, str(report), *args], cwd=cwd, env=env,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_pss(proc))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    finally:
        stop.set()
        sampler.join()
    seconds = time.perf_counter() - start
    text = report.read_text() if report.is_file() else ""
    data = json.loads(text) if text else {"returncode": proc.returncode, "maxrss_kib": 0, "cpu_s": 0.0}
    report.unlink(missing_ok=True)
    now = psutil.Process().cpu_times()
    mine = (now.user - own.user) + (now.system - own.system)
    others = max(0.0, _busy() - busy - data["cpu_s"] - mine)
    return Run(seconds, peak, int(data["maxrss_kib"]) * 1024, int(data["returncode"]), stdout, stderr,
               cpu_s=data["cpu_s"], background=others / seconds)


def _busy() -> float:
    """CPU seconds the whole machine has spent busy (not idle or waiting for I/O) since boot."""
    t = psutil.cpu_times()
    return sum(getattr(t, f) for f in ("user", "nice", "system", "irq", "softirq", "steal") if hasattr(t, f))


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds `func()` took, and what it returned."""
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def repeat(func: Callable[[], Any], *, runs: int = 5, budget: float = 30.0, warmup: int = 1) -> list[float]:
    """Time `func` up to `runs` times (after `warmup` untimed calls), stopping once `budget` seconds are spent.

    At least one timed run is always made; a slow call is not repeated past the budget.
    """
    spent = 0.0
    for _ in range(warmup):
        seconds, _ = timed(func)
        spent += seconds
    times: list[float] = []
    while len(times) < runs and (not times or spent < budget):
        seconds, _ = timed(func)
        times.append(seconds)
        spent += seconds
    return times


def run_json(args: Sequence[str], *, what: str, cwd: str | Path | None = None) -> dict[str, Any]:
    """Run a measuring subprocess whose last line of output is JSON; add its peak memory and the load.

    Raises:
        RuntimeError: the subprocess failed (with the end of its error output).
    """
    run = run_command(args, cwd=cwd)
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{run.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    result["peak_pss"] = run.peak_pss
    result["background"] = run.background
    return result
