"""Run the benchmarks and write their tables (RESULTS.md) with the machine's details.

    python -m benchmarks.run            # the issue's sizes: 1k and 10k documents, 100k-10M quads,
                                        # 500-20,000 nodes (several hours on 2 cores)
    python -m benchmarks.run --quick    # a smoke run at small sizes (a few minutes)

Sections (``--only``): ``extraction`` (build vs spaCy alone, 1 process and
all cores), ``build`` (`kg build` cold and incremental, wall time and peak
memory), ``query`` (named questions on rdflib and Oxigraph), ``render`` (the
network page, produced and opened in Chromium). Raw figures go to a JSON file
next to the Markdown; running some sections again replaces only those
sections there, so each section's ratios always come from one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.corpus import make_corpus
from benchmarks.machine import describe

HERE = Path(__file__).resolve().parent
SECTIONS = ("extraction", "build", "query", "render")
FULL = {"docs": [1000, 10000], "quads": [100_000, 1_000_000, 10_000_000], "nodes": [500, 5000, 20000]}
QUICK = {"docs": [200], "quads": [100_000], "nodes": [500, 5000]}


def code_state() -> str:
    """The commit and whether the working tree differs from it (the code a section measured)."""
    import hashlib
    import subprocess

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], check=False, capture_output=True, text=True, cwd=HERE.parent)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    diff = git("diff", "HEAD", "--", "graph", "ontology")
    if not diff:
        return head
    return f"{head} + uncommitted changes to graph/ and ontology/ (diff {hashlib.sha1(diff.encode()).hexdigest()[:8]})"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _ints(text: str) -> list[int]:
    return [int(float(x)) for x in text.split(",") if x.strip()]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from graph.workers import default_workers

    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of every section")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"sections to run ({', '.join(SECTIONS)})")
    parser.add_argument("--docs", type=_ints, help="corpus sizes for extraction and build, e.g. 1000,10000")
    parser.add_argument("--quads", type=_ints, help="graph sizes for the query section, e.g. 1e5,1e6,1e7")
    parser.add_argument("--nodes", type=_ints, help="network sizes for the render section")
    parser.add_argument("--workers", type=int, default=default_workers(), help="all cores (default: %(default)s)")
    parser.add_argument("--data", type=Path, default=HERE / ".data", help="generated corpora, graphs and stores")
    parser.add_argument("--out", type=Path, help="Markdown file (default: benchmarks/RESULTS.md, "
                                                 "or RESULTS-quick.md with --quick)")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    args.docs = args.docs or sizes["docs"]
    args.quads = args.quads or sizes["quads"]
    args.nodes = args.nodes or sizes["nodes"]
    args.out = args.out or HERE / ("RESULTS-quick.md" if args.quick else "RESULTS.md")
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    return args


def run_extraction(args: argparse.Namespace) -> list[dict[str, Any]]:
    from benchmarks.extraction import measure

    rows = []
    for docs in args.docs:
        folder = make_corpus(docs, args.data / f"corpus-{docs}")[0].parent
        plan = [("spacy", 1), ("build", 1), ("spacy", args.workers), ("build", args.workers)]
        if docs == min(args.docs):
            plan += [("bare", 1), ("bare", args.workers)]
        for mode, workers in plan:
            log(f"extraction: {mode} on {workers} process(es), {docs} documents")
            rows.append(measure(mode, workers, folder))
            log(f"  {rows[-1]['seconds']:.1f} s, {rows[-1]['docs_per_s']:.1f} docs/s")
    return rows


def run_build(args: argparse.Namespace) -> list[dict[str, Any]]:
    from benchmarks.builds import has_option, measure_builds

    store = has_option("build", "--store")
    rows = []
    for docs in args.docs:
        folder = make_corpus(docs, args.data / f"corpus-{docs}")[0].parent
        log(f"build: kg build of {docs} documents, cold and incremental{' (and --store oxigraph)' if store else ''}")
        rows += measure_builds(folder, args.data / f"build-{docs}", workers=args.workers, store=store)
        for row in rows[-(4 if store else 2):]:
            log(f"  {row['sink']} {row['kind']}: {row['seconds']:.1f} s")
    return rows


def run_query(args: argparse.Namespace) -> list[dict[str, Any]]:
    from benchmarks.queries import fits_in_memory, measure

    rows: list[dict[str, Any]] = []
    for quads in args.quads:
        for store in ("oxigraph", "memory"):
            if store == "memory":
                fits, why = fits_in_memory(quads)
                if not fits:
                    log(f"query: rdflib at {quads:,} quads skipped: {why}")
                    rows.append({"store": store, "quads": quads, "skipped": why})
                    continue
            log(f"query: {store} at about {quads:,} quads")
            try:
                rows.append(measure(store, quads, args.data))
            except RuntimeError as e:  # e.g. killed for memory: keep the other sizes' figures
                log(f"query: {store} at {quads:,} quads failed: {str(e).splitlines()[0]}")
                rows.append({"store": store, "quads": quads, "skipped": f"the run failed ({str(e).splitlines()[0]})"})
    return rows


def run_render(args: argparse.Namespace) -> list[dict[str, Any]]:
    from benchmarks.render import measure

    rows = []
    for nodes in args.nodes:
        log(f"render: about {nodes:,} nodes")
        rows.append(measure(nodes, args.data, runs=2 if args.quick else 3))
        log(f"  produce {rows[-1]['produce_median_s']:.1f} s, ready in {max(rows[-1]['ready_s']):.1f} s")
    return rows


RUNNERS = {"extraction": run_extraction, "build": run_build, "query": run_query, "render": run_render}


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    raw = args.out.with_suffix(".json")
    results: dict[str, Any] = json.loads(raw.read_text()) if raw.is_file() else {}
    results["machine"] = describe()
    command = " ".join(["python -m benchmarks.run", *(sys.argv[1:] if argv is None else argv)])
    for section in args.only:
        started = dt.datetime.now(dt.UTC)
        rows = RUNNERS[section](args)
        results[section] = {"started": started.isoformat(timespec="seconds"), "command": command,
                            "workers": args.workers, "code": code_state(), "rows": rows}
        raw.write_text(json.dumps(results, indent=1))
        args.out.write_text(report.markdown(results), encoding="utf-8")
        log(f"{section} done; wrote {args.out}")


if __name__ == "__main__":
    main()
