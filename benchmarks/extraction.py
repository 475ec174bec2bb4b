"""Extraction throughput: the ActorGraph build against spaCy alone, on the same texts, in the same run.

Each measurement runs in a fresh Python process (so no run inherits another's
memory or warm state), loads its pipeline and reads the texts first, untimed,
and then times only the work:

- ``spacy``: ``nlp.pipe`` over the article texts with the pipeline the build
  uses (`graph.nlp.pipeline.make_nlp`: the model plus the gazetteer entity
  ruler and the sentence component), on ``n_process`` processes;
- ``bare``: the same with the plain spaCy model (for reference);
- ``build``: `graph.api.build` of the corpus folder (read, parse, extract,
  resolve, write the dataset in memory, validate), on ``workers`` processes.

    python -m benchmarks.extraction build 2 benchmarks/.data/corpus-1000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import deque
from pathlib import Path
from typing import Any

from benchmarks.corpus import count_words
from benchmarks.measure import run_json

MODES = ("spacy", "bare", "build")


def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def measure_here(mode: str, workers: int, folder: Path) -> dict[str, Any]:
    """Run one measurement in this process (what the subprocess does)."""
    from graph.nlp.pipeline import find_model, make_nlp

    texts = _texts(folder)
    words = count_words(texts)
    if mode == "bare":
        import spacy

        nlp = spacy.load(find_model())
    else:
        nlp = make_nlp()
    deque(nlp.pipe(texts[:8]), maxlen=0)  # warm up: lazy tables, first-call allocations
    extra: dict[str, Any] = {}
    start = time.perf_counter()
    if mode == "build":
        from graph.api import build
        from graph.errors import ShapeViolation

        try:
            result = build([folder], nlp=nlp, workers=workers)
            extra = {"summary": result.summary(), "failures": len(result.failures)}
        except ShapeViolation as e:  # validation runs last: the time is still the whole build's
            extra = {"error": str(e).splitlines()[-1][:300]}
    else:
        deque(nlp.pipe(texts, batch_size=16, n_process=workers), maxlen=0)
    seconds = time.perf_counter() - start
    return {"mode": mode, "workers": workers, "docs": len(texts), "words": words, "seconds": seconds,
            "docs_per_s": len(texts) / seconds, "words_per_s": words / seconds, **extra}


def measure(mode: str, workers: int, folder: Path) -> dict[str, Any]:
    """Run one measurement in a fresh process; adds its peak memory."""
    return run_json([sys.executable, "-m", "benchmarks.extraction", mode, str(workers), str(folder)],
                    what=f"extraction benchmark {mode} x{workers}", cwd=Path(__file__).resolve().parent.parent)


def main() -> None:
    parser = argparse.ArgumentParser(description="One extraction measurement (prints JSON).")
    parser.add_argument("mode", choices=MODES)
    parser.add_argument("workers", type=int)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    print(json.dumps(measure_here(args.mode, args.workers, args.folder)))


if __name__ == "__main__":
    main()
