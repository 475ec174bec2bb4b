"""Named-question latency on rdflib in memory and on Oxigraph, on synthetic graphs of 100k to 10M quads.

Graphs come from `benchmarks.graphs` (the builder's exact shape). Every named
question runs through `graph.questions.ask`, as `kg ask` runs it: the entity
label is looked up, bound, and the first page (the question's default limit)
is fetched. Questions about one entity run twice: for the most mentioned
entity of its kind (a hub such as China, in a large share of the documents)
and for a typical one. Each figure is the median of up to five runs after one
warm-up run (fewer when a run is slow: at most `BUDGET_S` per case), with a
time limit per run on rdflib (Oxigraph cannot stop a query); a question
slower than `SLOW_S` on its first run is not run again.

Each (store, size) runs in a fresh process:

    python -m benchmarks.queries oxigraph 1000000 benchmarks/.data
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.measure import repeat, run_json, timed
from benchmarks.report import case_title
from benchmarks.units import GiB, median

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 30.0
SLOW_S = 10.0
TIMEOUT_S = 60.0
RDFLIB_BYTES_PER_QUAD = 1500
"""rdflib's memory per quad (measured: about 1.4 KB), to skip sizes this machine cannot hold."""
ENTITY_KINDS = {"source": "organisation", "entity": "person"}
"""Which kind of typical entity a parameter gets (others get a country)."""


@dataclass
class Case:
    """One question with one set of parameters."""

    question: str
    params: dict[str, str]
    kind: str
    """``entity`` (about one entity or country) or ``listing`` (a first page of everything)."""
    label: str = ""


@dataclass
class Outcome:
    case: Case
    times_ms: list[float] = field(default_factory=list)
    rows: int | None = None
    error: str = ""


def entity_labels() -> dict[str, str]:
    """Labels of a hub and a typical entity of each kind in a synthetic graph (the same at every size)."""
    from benchmarks.graphs import _countries

    countries = _countries()
    person = lambda rank: f"Person{rank:06d} Surname{rank % 997:03d}"
    return {"hub country": countries[0][1], "typical country": countries[20][1],
            "hub organisation": "Organization 000000", "typical organisation": "Organization 000050",
            "hub person": person(0), "typical person": person(100)}


def make_cases() -> list[Case]:
    """Cases for every named question: about a hub and a typical entity, and a listing when possible."""
    from graph.questions import list_questions

    labels = entity_labels()
    cases = []
    for q in list_questions():
        entity_params = [p for p in q.params if p.kind == "entity"]
        required = {p.name: _required_value(p.kind) for p in q.params if p.default is None and p.kind != "entity"}
        if entity_params:
            p = entity_params[0]
            typical = ENTITY_KINDS.get(p.name, "country")
            hub = "organisation" if typical == "organisation" else "country"
            cases.append(Case(q.name, {**required, p.name: labels[f"hub {hub}"]}, "entity", f"hub {hub}"))
            cases.append(Case(q.name, {**required, p.name: labels[f"typical {typical}"]}, "entity",
                              f"typical {typical}"))
        if all(p.default is not None for p in q.params):
            cases.append(Case(q.name, {}, "listing"))
            for p in q.params:
                if p.kind == "class":
                    cases.append(Case(q.name, {p.name: "Country"}, "listing"))
                elif p.kind == "relation":
                    cases.append(Case(q.name, {p.name: "trains"}, "listing"))
    return cases


def _required_value(kind: str) -> str:
    return {"relation": "trains", "class": "Country", "date": "2020", "integer": "2"}.get(kind, "police")


def prepare(quads: int, data: Path) -> tuple[Path, int, int]:
    """The N-Quads file of a graph of about `quads` quads (made once, then reused)."""
    from benchmarks.graphs import make_nquads

    return make_nquads(quads, data / "graphs")


def open_oxigraph(nquads: Path, data: Path) -> Any:
    """An Oxigraph store on disk holding `nquads` (bulk-loaded once, then reused)."""
    import pyoxigraph as ox

    from graph.stores import OxigraphStore

    folder = data / "oxigraph" / nquads.stem
    stamp = folder.parent / f"{nquads.stem}.loaded"
    if not stamp.is_file():
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        store = ox.Store(str(folder))
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
        stamp.write_text("ok")
    return OxigraphStore(folder)


def open_memory(nquads: Path) -> Any:
    from graph.store import load_dataset
    from graph.stores import MemoryStore

    return MemoryStore(load_dataset(nquads))


def _ask(store: Any, case: Case) -> Any:
    from graph.questions import ask

    return ask(store, case.question, case.params, timeout=TIMEOUT_S)


def _time_case(func: Any) -> tuple[list[float], int | None, str]:
    """Up to five timed runs after a warm-up; a warm-up slower than `SLOW_S` is the only run."""
    try:
        first, result = timed(func)
    except Exception as e:  # noqa: BLE001 (a timeout or failure is a result too)
        return [], None, f"{type(e).__name__}: {e}"[:200]
    times = [first] if first > SLOW_S else repeat(func, runs=5, budget=BUDGET_S, warmup=0)
    return [t * 1000 for t in times], len(result.rows), ""


def measure_here(kind: str, quads: int, data: Path) -> dict[str, Any]:
    """Load the graph into the store `kind` and time every case (what the subprocess does)."""
    from graph.questions import find_entities

    nquads, count, docs = prepare(quads, data)
    start = time.perf_counter()
    store = open_oxigraph(nquads, data) if kind == "oxigraph" else open_memory(nquads)
    load_s = time.perf_counter() - start
    outcomes = []
    labels = entity_labels()
    first_lookup_s, _ = timed(lambda: find_entities(store, labels["typical country"]))
    second_lookup_s, _ = timed(lambda: find_entities(store, labels["typical person"]))
    lookup = repeat(lambda: find_entities(store, labels["hub country"]), runs=5, budget=BUDGET_S)
    for case in make_cases():
        out = Outcome(case)
        # The first (warm-up) call is the one that may fail or time out; then up to five timed runs.
        out.times_ms, out.rows, out.error = _time_case(functools.partial(_ask, store, case))
        outcomes.append(out)
        print(f"{kind} {count} {case_title(asdict(case))}: {median(out.times_ms):.1f} ms {out.error}",
              file=sys.stderr, flush=True)
    return {"store": kind, "quads": count, "docs": docs, "load_s": load_s,
            "first_lookup_ms": first_lookup_s * 1000, "second_lookup_ms": second_lookup_s * 1000,
            "lookup_ms": [t * 1000 for t in lookup],
            "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "outcomes": [asdict(o) for o in outcomes]}


def fits_in_memory(quads: int) -> tuple[bool, str]:
    """Whether rdflib can hold `quads` quads here (with a fifth to spare)."""
    import psutil

    need = quads * RDFLIB_BYTES_PER_QUAD
    have = psutil.virtual_memory().available
    return need * 1.2 < have, f"needs about {need / GiB:.0f} GiB, {have / GiB:.0f} GiB available"


def measure(kind: str, quads: int, data: Path) -> dict[str, Any]:
    """Run `measure_here` in a fresh process."""
    args = [sys.executable, "-m", "benchmarks.queries", kind, str(quads), str(data)]
    return run_json(args, what=f"query benchmark {kind} {quads}", cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the named questions on one store (prints JSON).")
    parser.add_argument("store", choices=("memory", "oxigraph"))
    parser.add_argument("quads", type=int)
    parser.add_argument("data", type=Path)
    args = parser.parse_args()
    print(json.dumps(measure_here(args.store, args.quads, args.data)))


if __name__ == "__main__":
    main()
