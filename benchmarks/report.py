"""The benchmark results as Markdown: targets first, then one table per section."""

from __future__ import annotations

import math
from typing import Any

from benchmarks.units import GiB, MiB, median

TARGETS = {"ratio": 0.80, "speedup": 1.7, "incremental": 0.05, "entity_ms": 100.0, "listing_ms": 300.0,
           "rdflib_ms": 1000.0}


def _bytes(n: float | None) -> str:
    if not n:
        return "–"
    return f"{n / GiB:.2f} GiB" if n >= GiB else f"{n / MiB:.0f} MiB"


def _secs(s: float) -> str:
    if math.isnan(s):
        return "–"
    if s >= 120:
        return f"{s / 60:.1f} min"
    return f"{s:.1f} s" if s >= 10 else f"{s:.2f} s"


def _ms(ms: float) -> str:
    if math.isnan(ms):
        return "–"
    if ms >= 10_000:
        return f"{ms / 1000:.0f} s"
    if ms >= 1000:
        return f"{ms / 1000:.1f} s"
    return f"{ms:.0f} ms" if ms >= 10 else f"{ms:.1f} ms"


def _size(n: int) -> str:
    for unit, scale in (("M", 1_000_000), ("k", 1000)):
        if n >= scale:
            value = n / scale
            return f"{value:.1f}{unit}" if value < 10 and round(value, 1) != round(value) else f"{value:.0f}{unit}"
    return str(n)


def _load(row: dict[str, Any]) -> str:
    """Cores other processes kept busy during the run (they compete with the measurement)."""
    value = row.get("background")
    return "–" if value is None else f"{value:.2f} cores"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out + [""]


def _met(ok: bool | None, untested: str = "") -> str:
    """The verdict; `untested` says at what size the target is set when it was not run there."""
    verdict = "–" if ok is None else ("met" if ok else "**missed**")
    return f"{verdict}; {untested} not run" if untested and ok is not None else verdict


# --- extraction ----------------------------------------------------------------------------

NAMES = {"spacy": "spaCy alone: `nlp.pipe`, ActorGraph pipeline", "bare": "spaCy alone: `nlp.pipe`, bare model",
         "build": "ActorGraph: `graph.api.build`"}


def _extraction_index(rows: list[dict[str, Any]]) -> dict[tuple[int, str, int], dict[str, Any]]:
    return {(r["docs"], r["mode"], r["workers"]): r for r in rows}


def extraction_ratios(results: dict[str, Any]) -> list[tuple[int, int, float]]:
    """(docs, processes, build ÷ spaCy-alone throughput) for every size and process count."""
    rows = results.get("extraction", {}).get("rows", [])
    index = _extraction_index(rows)
    out = []
    for (docs, mode, workers), row in sorted(index.items()):
        if mode == "build" and (docs, "spacy", workers) in index:
            out.append((docs, workers, row["docs_per_s"] / index[(docs, "spacy", workers)]["docs_per_s"]))
    return out


def speedups(results: dict[str, Any], mode: str) -> list[tuple[int, int, float]]:
    rows = results.get("extraction", {}).get("rows", [])
    index = _extraction_index(rows)
    return [(docs, workers, row["docs_per_s"] / index[(docs, mode, 1)]["docs_per_s"])
            for (docs, m, workers), row in sorted(index.items())
            if m == mode and workers > 1 and (docs, mode, 1) in index]


def extraction_section(results: dict[str, Any]) -> list[str]:
    section = results.get("extraction")
    if not section:
        return []
    rows = section["rows"]
    index = _extraction_index(rows)
    out = ["## Extraction: the build against spaCy alone", "",
           (f"Run {section['started']}. Same texts, same run, each measurement in a fresh process "
           "(model loading and file reading untimed for spaCy; the build's own reading of the files is timed). "
           "\"vs spaCy alone\" divides the build's throughput by `nlp.pipe` with the same pipeline on the "
           "same number of processes."), ""]
    body = []
    for r in rows:
        base = index.get((r["docs"], "spacy", r["workers"]))
        ratio = f"{r['docs_per_s'] / base['docs_per_s']:.0%}" if r["mode"] == "build" and base else ""
        if r.get("error"):
            ratio += f" (build failed: {r['error']})"
        body.append([f"{r['docs']:,}", f"{r['words']:,}", NAMES[r["mode"]], r["workers"], _secs(r["seconds"]),
                     f"{r['docs_per_s']:.1f}", f"{r['words_per_s']:,.0f}", ratio, _bytes(r.get("peak_pss")),
                     _load(r)])
    for b in results.get("build", {}).get("rows", []):
        if b["kind"] == "cold" and b["sink"] == "trig":
            base = index.get((b["docs"], "spacy", b["workers"]))
            words = next((r["words"] for r in rows if r["docs"] == b["docs"]), None)
            body.append([f"{b['docs']:,}", f"{words:,}" if words else "–",
                         "`kg build` end to end (CLI, cold: model load, extraction, graph.trig, graph.html)",
                         b["workers"], _secs(b["seconds"]), f"{b['docs'] / b['seconds']:.1f}",
                         f"{words / b['seconds']:,.0f}" if words else "–",
                         f"{b['docs'] / b['seconds'] / base['docs_per_s']:.0%}" if base else "",
                         _bytes(b["peak_pss"]), _load(b)])
    out += table(["Documents", "Words", "What", "Processes", "Time", "Docs/s", "Words/s", "vs spaCy alone",
                  "Peak memory (PSS)", "Other load"], body)
    scale = [[f"{docs:,}", NAMES[mode], f"{index[(docs, mode, 1)]['docs_per_s']:.1f}",
              f"{index[(docs, mode, w)]['docs_per_s']:.1f} ({w} processes)", f"{s:.2f}×"]
             for mode in ("build", "spacy", "bare") for docs, w, s in speedups(results, mode)]
    out += ["All cores against one:", ""]
    out += table(["Documents", "What", "Docs/s, 1 process", "Docs/s, all cores", "Speed-up"], scale)
    return out


# --- build ---------------------------------------------------------------------------------

def incremental_ratios(results: dict[str, Any]) -> list[tuple[int, str, float]]:
    rows = results.get("build", {}).get("rows", [])
    cold = {(r["docs"], r["sink"]): r for r in rows if r["kind"] == "cold"}
    return [(r["docs"], r["sink"], r["seconds"] / cold[(r["docs"], r["sink"])]["seconds"])
            for r in rows if r["kind"] == "incremental" and (r["docs"], r["sink"]) in cold]


def build_section(results: dict[str, Any]) -> list[str]:
    section = results.get("build")
    if not section:
        return []
    ratios = {(d, s): x for d, s, x in incremental_ratios(results)}
    body = [[f"{r['docs']:,}", "graph.trig + graph.html" if r["sink"] == "trig" else f"`--store {r['sink']}`",
             r["kind"], _secs(r["seconds"]), _bytes(r["peak_pss"]), _bytes(r["max_rss"]),
             f"{ratios[(r['docs'], r['sink'])]:.1%}" if r["kind"] == "incremental" else "", _load(r),
             r["summary"].replace("|", "/")]
            for r in section["rows"]]
    return ["## Build: `kg build`, cold and incremental", "",
            (f"Run {section['started']}, `kg build SRC --out OUT --workers {section['workers']}` in a fresh process. "
            "Cold: an empty OUT. Incremental: one document changed (a sentence appended), same OUT. "
            "Peak memory is the peak of the proportional set size summed over the build and its workers "
            "(sampled every 0.1 s); \"largest process\" is the maximum resident set of any one of them."), "",
            *table(["Documents", "Output", "Build", "Wall time", "Peak memory (PSS, all processes)",
                    "Largest process (RSS)", "Incremental ÷ cold", "Other load", "kg build says"], body)]


# --- query ---------------------------------------------------------------------------------

def _query_rows(results: dict[str, Any], store: str) -> list[dict[str, Any]]:
    return sorted((r for r in results.get("query", {}).get("rows", []) if r["store"] == store and "outcomes" in r),
                  key=lambda r: r["quads"])


def _nearest(rows: list[dict[str, Any]], quads: int) -> dict[str, Any] | None:
    return min(rows, key=lambda r: abs(r["quads"] - quads) / quads, default=None)


def _worst(row: dict[str, Any], kind: str | None) -> tuple[float, str]:
    worst, title = 0.0, ""
    for o in row["outcomes"]:
        if kind is not None and o["case"]["kind"] != kind:
            continue
        ms = median(o["times_ms"]) if o["times_ms"] else float("inf")
        if ms > worst:
            worst, title = ms, case_title(o["case"])
    return worst, title


def case_title(case: dict[str, Any]) -> str:
    """A query case (`benchmarks.queries.Case` as a dict) as Markdown: question, parameters, label."""
    params = ", ".join(f"{k}={v}" for k, v in case["params"].items())
    label = f" *({case['label']})*" if case.get("label") else ""
    return f"`{case['question']}`({params}){label}"


def _cell(o: dict[str, Any]) -> str:
    times, error = o["times_ms"], o["error"]
    if error:
        return "timeout" if "Timeout" in error or "time limit" in error else "error"
    runs = len(times)
    return _ms(median(times)) + ("" if runs >= 3 else f" ({runs} run{'s' if runs > 1 else ''})")


def query_section(results: dict[str, Any]) -> list[str]:
    section = results.get("query")
    if not section:
        return []
    out = ["## Query: named questions on rdflib and Oxigraph", "",
           (f"Run {section['started']}. Synthetic graphs in the builder's shape (`benchmarks/graphs.py`). "
           "Each cell is the median latency of `graph.questions.ask` (label lookup, binding, first page at the "
           "question's default limit) over up to five runs after a warm-up; fewer runs are marked. "
           "An Oxigraph store scans every label on its first lookup after opening and indexes them on the "
           "second (the first rows show both costs, paid once per open store; `kg ask` pays only the scan, "
           "`kg serve` and notebooks the index once). "
           "*hub*: the most mentioned entity of its kind (in a large share of all documents); *typical*: "
           "a commonly mentioned one."), ""]
    skipped = [r for r in section["rows"] if "skipped" in r]
    for store, name in (("oxigraph", "Oxigraph (pyoxigraph, on disk)"), ("memory", "rdflib in memory")):
        rows = _query_rows(results, store)
        if not rows:
            continue
        header = ["Question", "Kind"] + [f"{_size(r['quads'])} quads" for r in rows]
        cases = [o["case"] for o in rows[0]["outcomes"]]
        body = [["entity label lookup (`find_entities`), first after opening the store", "entity"]
                + [_ms(r["first_lookup_ms"]) if "first_lookup_ms" in r else "–" for r in rows],
                ["entity label lookup (`find_entities`), second", "entity"]
                + [_ms(r["second_lookup_ms"]) if "second_lookup_ms" in r else "–" for r in rows],
                ["entity label lookup (`find_entities`), later", "entity"]
                + [_ms(median(r["lookup_ms"])) for r in rows]]
        for i, case in enumerate(cases):
            body.append([case_title(case), case["kind"]] + [_cell(r["outcomes"][i]) for r in rows])
        body.append(["*loading the graph*", ""] + [_secs(r["load_s"]) for r in rows])
        body.append(["*peak memory of the process*", ""] + [_bytes(r["peak_rss"]) for r in rows])
        body.append(["*other load (cores busy elsewhere)*", ""] + [_load(r) for r in rows])
        out += [f"### {name}", "", *table(header, body)]
    for r in skipped:
        out += [f"{'rdflib' if r['store'] == 'memory' else 'Oxigraph'} at {r['quads']:,} quads was not run: {r['skipped']}.", ""]
    return out


# --- render --------------------------------------------------------------------------------

def render_section(results: dict[str, Any]) -> list[str]:
    section = results.get("render")
    if not section:
        return []
    body = [[f"{r['target']:,}", f"{r['nodes']:,}", f"{r['docs']:,}", f"{r['triples']:,}", _bytes(r["bytes"]),
             _secs(median(r["produce_s"])), _secs(median(r["load_s"])), _secs(median(r["ready_s"])), _load(r)]
            for r in section["rows"]]
    return ["## Render: the network page", "",
            (f"Run {section['started']}. `graph.render.network_html(ds, max_nodes=None)` on synthetic datasets "
            "(`kg render --max-nodes 0`: pages above 5,000 nodes are refused by default), then opened in "
            "headless Chromium (Playwright, network off) until the page reports itself ready "
            "(`.ag-net[data-state=ready]`). Medians of up to three runs."), "",
            *table(["Nodes asked", "Nodes", "Documents", "Triples", "Page size", "Produce", "Open: load event",
                    "Open: ready", "Other load"], body)]


# --- targets -------------------------------------------------------------------------------

def targets(results: dict[str, Any]) -> list[list[str]]:
    rows = []
    ratios = extraction_ratios(results)
    if ratios:
        docs = max(d for d, _, _ in ratios)
        shown = ", ".join(f"{r:.0%} on {w} process{'es' if w > 1 else ''}" for d, w, r in ratios if d == docs)
        rows.append([f"Build ≥ {TARGETS['ratio']:.0%} of spaCy-alone throughput", f"{shown} ({docs:,} docs)",
                     _met(all(r >= TARGETS["ratio"] for _, _, r in ratios))])
    ups = speedups(results, "build")
    if ups:
        docs = max(d for d, _, _ in ups)
        shown = ", ".join(f"{s:.2f}× on {w}" for d, w, s in ups if d == docs)
        rows.append([f"All cores ≥ {TARGETS['speedup']}× one core (build)", f"{shown} ({docs:,} docs)",
                     _met(all(s >= TARGETS["speedup"] for _, _, s in ups))])
    inc = incremental_ratios(results)
    if inc:
        docs = max(d for d, _, _ in inc)
        for _, sink, x in (row for row in inc if row[0] == docs):  # one row per output: they differ by design
            output = "graph.trig" if sink == "trig" else f"--store {sink}"
            title = f"One-document incremental build of a 10k corpus < {TARGETS['incremental']:.0%} of cold"
            rows.append([f"{title} (`{output}`)", f"{x:.1%} at {docs:,} docs",
                         _met(x < TARGETS["incremental"], "" if docs >= 10_000 else "10k docs")])
    ox = _nearest(_query_rows(results, "oxigraph"), 1_000_000)
    if ox:
        at = f"at {_size(ox['quads'])} quads"
        untested = "" if ox["quads"] > 500_000 else "1M quads"
        for kind, limit in (("entity", TARGETS["entity_ms"]), ("listing", TARGETS["listing_ms"])):
            worst, title = _worst(ox, kind)
            missed = sum(1 for o in ox["outcomes"] if o["case"]["kind"] == kind
                         and (not o["times_ms"] or median(o["times_ms"]) > limit))
            total = sum(1 for o in ox["outcomes"] if o["case"]["kind"] == kind)
            rows.append([f"Oxigraph, {kind} questions < {limit:.0f} ms",
                         f"{total - missed} of {total} {at}; slowest {_ms(worst)}: {title}",
                         _met(missed == 0, untested)])
    mem = _nearest(_query_rows(results, "memory"), 100_000)
    if mem:
        worst, title = _worst(mem, None)
        missed = sum(1 for o in mem["outcomes"] if not o["times_ms"] or median(o["times_ms"]) > TARGETS["rdflib_ms"])
        rows.append([f"rdflib, every question < {TARGETS['rdflib_ms'] / 1000:.0f} s",
                     (f"{len(mem['outcomes']) - missed} of {len(mem['outcomes'])} at {_size(mem['quads'])} quads; "
                     f"slowest {_ms(worst)}: {title}"), _met(missed == 0)])
    return rows


def markdown(results: dict[str, Any]) -> str:
    """The whole RESULTS.md."""
    machine = results.get("machine", {})
    commands = sorted({s["command"] for k, s in results.items() if isinstance(s, dict) and "command" in s})
    dates = sorted(s["started"][:10] for k, s in results.items() if isinstance(s, dict) and "started" in s)
    codes = sorted({s["code"] for k, s in results.items() if isinstance(s, dict) and "code" in s})
    lines = ["# ActorGraph benchmarks", "",
             f"Measured {dates[0] if dates else '–'}" + (f" to {dates[-1]}" if dates and dates[-1] != dates[0] else "")
             + " with " + ", ".join(f"`{c}`" for c in commands) + " on code " + "; ".join(codes)
             + ". Regenerate with `python -m benchmarks.run` (see benchmarks/README.md); these are "
             "measurements, not tests.", "",
             *table(["Machine", ""], [[k, v] for k, v in machine.items()]),
             "## Targets", "", *table(["Target (issue)", "Measured", ""], targets(results))]
    for part in (extraction_section, build_section, query_section, render_section):
        lines += part(results)
    return "\n".join(lines).rstrip() + "\n"
