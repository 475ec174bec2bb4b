"""The network page at 500, 5,000 and 20,000 nodes: time to produce it and to open it in Chromium.

The dataset is synthetic (`benchmarks.graphs`, the builder's shape), with as
many documents as give about the wanted number of nodes. "Produce" is
`graph.render.network_html` (dataset → networkx → layout → pyvis page);
"open" is loading the page in headless Chromium (Debian's, through
Playwright, network off) until it reports itself ready
(``.ag-net[data-state=ready]``: drawn and answering clicks). Pages above
`graph.render.MAX_NODES` are refused by default, so every page is produced
with ``max_nodes=None`` (``kg render --max-nodes 0``).

    python -m benchmarks.render 5000 benchmarks/.data
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import repeat, run_json
from benchmarks.units import median

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
NODES_PER_DOC = 10.5
"""About how many network nodes one synthetic document adds (measured)."""


def dataset_with_nodes(target: int, *, seed: int = 0) -> tuple[Any, int, int]:
    """A synthetic dataset whose network has about `target` nodes: (dataset, nodes, documents)."""
    from benchmarks.graphs import make_dataset
    from graph.network import to_networkx

    docs = max(2, round(target / NODES_PER_DOC))
    for _ in range(3):
        ds = make_dataset(docs, seed=seed)
        nodes = len(to_networkx(ds))
        if abs(nodes - target) <= target * 0.03:
            break
        docs = max(2, round(docs * target / nodes))
    return ds, nodes, docs


def open_times(path: Path, *, runs: int, timeout_s: float) -> tuple[list[float], list[float]]:
    """Seconds to the load event and to the page's ready state, per run (a fresh browser context each)."""
    from playwright.sync_api import sync_playwright

    loaded, ready = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 860}, service_workers="block")
                page = context.new_page()
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                           else route.abort())
                start = time.perf_counter()
                page.goto(path.as_uri(), wait_until="load", timeout=timeout_s * 1000)
                loaded.append(time.perf_counter() - start)
                page.wait_for_selector(".ag-net[data-state=ready]", timeout=timeout_s * 1000)
                ready.append(time.perf_counter() - start)
                context.close()
        finally:
            browser.close()
    return loaded, ready


def measure_here(target: int, data: Path, *, runs: int = 3) -> dict[str, Any]:
    """Produce and open the page for about `target` nodes (what the subprocess does)."""
    from graph.render import network_html

    ds, nodes, docs = dataset_with_nodes(target)
    page = network_html(ds, max_nodes=None)
    produce = repeat(lambda: network_html(ds, max_nodes=None), runs=runs, budget=120, warmup=0)
    path = data / "pages" / f"network-{target}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    loaded, ready = open_times(path, runs=runs, timeout_s=900)
    return {"target": target, "nodes": nodes, "docs": docs, "triples": len(ds), "bytes": len(page.encode()),
            "produce_s": produce, "load_s": loaded, "ready_s": ready}


def measure(target: int, data: Path, *, runs: int = 3) -> dict[str, Any]:
    """Run `measure_here` in a fresh process."""
    return run_json([sys.executable, "-m", "benchmarks.render", str(target), str(data), "--runs", str(runs)],
                    what=f"render benchmark {target}", cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description="Produce and open one network page (prints JSON).")
    parser.add_argument("nodes", type=int)
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    result = measure_here(args.nodes, args.data, runs=args.runs)
    print(json.dumps({**result, "produce_median_s": median(result["produce_s"])}))


if __name__ == "__main__":
    main()
