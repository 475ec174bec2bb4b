"""Whole builds through the command line: wall time and peak memory, cold and incremental.

For each corpus size, `kg build SRC --out OUT` runs as a user runs it (all
cores, the extraction cache in OUT, graph.trig and graph.html written):

1. cold: a fresh OUT, every document extracted;
2. incremental: one document changed (a sentence appended), the same OUT.

When `kg build` has ``--store``, the same two builds also run writing into an
Oxigraph store (``--store oxigraph:OUT/oxigraph``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.measure import run_command

ROOT = Path(__file__).resolve().parent.parent
CHANGE = "\n\nFiji thanked Australia on Friday for training 30 police officers in Suva.\n"


def kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "graph", *args]


def has_option(command: str, option: str) -> bool:
    """Whether `kg COMMAND --help` lists `option`."""
    done = subprocess.run(kg(command, "--help"), check=False, capture_output=True, text=True, cwd=ROOT)
    return option in done.stdout


def _summary(stdout: str) -> str:
    lines = [line for line in stdout.splitlines() if line.startswith("wrote")] or stdout.strip().splitlines()
    return lines[0] if lines else ""


def _triples(summary: str) -> int | None:
    m = re.search(r"\(([\d,]+) (?:triples|quads)", summary)
    return int(m.group(1).replace(",", "")) if m else None


def measure_builds(corpus: Path, work: Path, *, workers: int, store: bool) -> list[dict[str, Any]]:
    """Cold then incremental builds of a copy of `corpus` (in `work`); one row per build."""
    src, results = work / "src", []
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(corpus, src)
    docs = len(list(src.glob("*.txt")))
    variants = [("trig", [])]
    if store:
        variants.append(("oxigraph", ["--store", f"oxigraph:{work / 'oxigraph'}"]))
    changed = sorted(src.glob("*.txt"))[docs // 2]
    original = changed.read_text(encoding="utf-8")
    for name, extra in variants:
        out = work / f"out-{name}"
        command = kg("build", str(src), "--out", str(out), "--workers", str(workers), *extra)
        for kind in ("cold", "incremental"):
            if kind == "incremental":
                changed.write_text(original + CHANGE, encoding="utf-8")
            run = run_command(command, cwd=ROOT)
            errors = [line for line in run.stderr.splitlines() if line.startswith(("Error", "Violation"))]
            if run.returncode != 0 and not errors:
                raise RuntimeError(f"kg build ({name}, {kind}) failed:\n{run.stderr[-3000:]}")
            summary = _summary(run.stdout) if run.returncode == 0 else f"exit {run.returncode}: {errors[-1][:300]}"
            results.append({"docs": docs, "sink": name, "kind": kind, "seconds": run.seconds,
                            "peak_pss": run.peak_pss, "max_rss": run.max_rss, "background": run.background, "summary": summary,
                            "triples": _triples(summary), "workers": workers,
                            "html": "skipped" if "skipped graph.html" in run.stderr else "written"})
        changed.write_text(original, encoding="utf-8")
    return results
