"""Dataset → networkx → pyvis → an offline, self-explaining network page.

pyvis builds the page. `graph_page` turns `page_data` into a
``pyvis.network.Network``: one `add_node` per entity, one `add_edge` per fact,
and `set_options` for layout, physics, interaction and the class colours. pyvis
then renders it with its own `Network.generate_html`, but through our Jinja
template (``graph/assets/network.html``, set with `Network.set_template_dir`).
pyvis's own template fetches vis-network, bootstrap and tom-select from CDNs or
from a ``lib/`` folder, whatever `cdn_resources` says. Ours inlines everything:
vis-network (vendored in ``graph/assets``, MIT), the page's script and style,
and the data. The page makes no request to any other host. A
Content-Security-Policy allows only its own three scripts (by hash) and no
connection at all.

The page holds two JSON blocks, keyed by the same node and edge ids:

- ``drawing`` holds what pyvis hands the template: its ``nodes``, ``edges`` and
  ``options``, exactly the items vis-network draws. A node has id, label,
  shape, group (its class, coloured by ``options.groups``), size, x, y, physics
  and a plain-text title. A rejected or cancelled agreement has its own open,
  dashed colours instead of a group. An edge has id, from, to, label, colour,
  dashes, arrows, width, smooth (the curve) and a plain-text title.
- ``data`` holds `page_data` without the positions: what the legend, filters,
  search and detail panels read (class, IRI, aliases, Wikidata id, lifecycle,
  documents, degree, and each fact's qualifiers and sources), plus the lists of
  classes, relations and documents.

So pyvis owns how the graph looks, and our script owns what it means.

Safety: strings from documents reach the page only inside the two
``<script type="application/json">`` blocks, with ``<``, ``>``, ``&``, U+2028
and U+2029 escaped. Tooltips are plain text, which vis-network sets with
``innerText``. The page builds every element with ``textContent``, and the
template escapes the title itself (pyvis's Jinja environment does not
autoescape).

Size: up to `PHYSICS_MAX_NODES` nodes, the browser refines the layout for a
bounded number of iterations; above that, the layout computed here is final.
Pages of up to `MAX_NODES` nodes become interactive within
`INTERACTIVE_WITHIN_S` seconds (measured by tests/test_browser.py). Larger
graphs are refused, with a suggestion to focus.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import Dataset

from graph.errors import RenderError
from graph.network import (
    check_relations,
    document_index,
    focus_graph,
    layout_positions,
    node_count,
    to_networkx,
)
from graph.terms import RELATIONS, SYMMETRIC

if TYPE_CHECKING:
    from pyvis.network import Network

MAX_NODES = 5000
"""Largest page drawn by default; beyond it, focus on part of the graph."""
PHYSICS_MAX_NODES = 400
"""Up to this many nodes, the browser refines the layout (bounded, then stops)."""
STABILIZATION_ITERATIONS = 200
LARGE_NODES = 1000
"""Above this many nodes the page drops hover effects and hides edges while panning or zooming."""
EDGE_LABELS_MAX = 1000
"""Above this many relations, edges carry no text label (colour and line style still tell them apart)."""
INTERACTIVE_WITHIN_S = 10
"""The documented bound: a `MAX_NODES` page answers clicks this soon after it starts loading."""

CLASS_STYLES: dict[str, tuple[str, str]] = {
    "Country": ("#1c7ed6", "dot"),
    "GovernmentBody": ("#e67700", "square"),
    "PoliticalParty": ("#c92a2a", "triangle"),
    "Person": ("#9c36b5", "diamond"),
    "Organization": ("#2b8a3e", "hexagon"),
    "ArmedGroup": ("#343a40", "triangleDown"),
    "Group": ("#868e96", "dot"),
    "Initiative": ("#f59f00", "star"),
    "Agreement": ("#0ca678", "diamond"),
    "Event": ("#d6336c", "triangle"),
    "Report": ("#8d6e63", "square"),
    "Article": ("#495057", "square"),
    "Place": ("#74b816", "dot"),
    "Thing": ("#adb5bd", "dot"),
}
"""Colour and vis-network shape of each class (the legend shows both)."""
CLOSED = ("Rejected", "Cancelled")
"""Lifecycles drawn as an open, dashed outline: the agreement or plan did not go ahead."""
DASHES: dict[str, list[int]] = {"planned": [8, 6], "rejected": [2, 5]}
"""Line dashes of planned facts and of `rejected` (the legend draws the same)."""

RELATION_COLOURS: dict[str, str] = {
    "trains": "#e8590c", "signedWith": "#2f9e44", "rejected": "#e03131", "cites": "#868e96",
    "leads": "#7048e8", "partOf": "#1971c2", "launched": "#f08c00", "heldIn": "#0c8599",
    "locatedIn": "#66a80f", "publishedBy": "#495057", "metWith": "#ae3ec9",
    "participatedIn": "#1098ad", "targets": "#a61e4d", "investsIn": "#5c940d",
}

_FONT = "system-ui,sans-serif"  # no spaces: pyvis's set_options deletes every space in the options text
_TEMPLATE = "network.html"
_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                               "\u2028": "\\u2028", "\u2029": "\\u2029"})
_CLOSING = re.compile(r"</script|<!--", re.IGNORECASE)
_WIKIDATA = re.compile(r"/(Q[0-9]+)$")


def network_html(ds: Dataset, *, focus: str | None = None, depth: int = 2,
                 relations: Iterable[str] | None = None, max_nodes: int | None = MAX_NODES,
                 title: str | None = None) -> str:
    """The network of `ds` as one self-contained HTML page (a string).

    Show it in a notebook with `iframe_html` (JupyterLab, VS Code), or write it
    to a file; it needs no network.

    Args:
        ds: a dataset from `graph.api.build_graph` or `graph.store.load_dataset`.
        focus: draw only the neighbourhood of the node with this label or alias.
        depth: with `focus`, how many relations away from it to draw.
        relations: draw only these relations (e.g. ``["trains", "signedWith"]``).
        max_nodes: refuse larger graphs (None: no limit).
        title: the page title; by default it says what is drawn.

    Raises:
        RenderError: `focus` names no node, a relation is unknown, or the graph
            has more than `max_nodes` nodes.
    """
    relations = check_relations(relations) if relations is not None else None
    if max_nodes is not None and focus is None and relations is None:
        check_size(node_count(ds), max_nodes)  # refuse a whole large graph before building its network
    g = focus_graph(to_networkx(ds), focus, depth=depth, relations=relations)
    if max_nodes is not None:
        check_size(len(g), max_nodes)
    heading = f"ActorGraph: {focus}" if focus else "ActorGraph network"
    return graph_page(g, document_index(ds), title=title or heading, subtitle=_subtitle(focus, depth, relations))


def check_size(nodes: int, max_nodes: int) -> None:
    """Refuse a network of more than `max_nodes` nodes (RenderError, saying how to draw part of it)."""
    if nodes > max_nodes:
        raise RenderError(
            f"the graph has {nodes:,} nodes, more than a page can draw responsively ({max_nodes:,}); "
            "draw part of it with --focus NAME --depth 1 and/or --relations trains,signedWith "
            "(in Python: focus=, relations=), or raise the limit with --max-nodes (max_nodes=)")


def render_html(ds: Dataset, path: str | Path, *, focus: str | None = None, depth: int = 2,
                relations: Iterable[str] | None = None, max_nodes: int | None = MAX_NODES) -> Path:
    """Write the network page of `ds` at `path` (see `network_html`); returns the path.

    Raises:
        RenderError: as `network_html`.
    """
    page = network_html(ds, focus=focus, depth=depth, relations=relations, max_nodes=max_nodes)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target, then rename: a reader never sees half a page, and a failed
    # write leaves the old page in place. open(mode="x") keeps the usual umask permissions.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(tmp, "x", encoding="utf-8") as f:
            f.write(page)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def iframe_html(page: str, *, height: str = "640px") -> str:
    """`page` inside an ``<iframe srcdoc>``, for a notebook cell (IPython's `HTML`).

    The iframe keeps the page's script, style and ids apart from the notebook's.
    """
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts allow-popups" '
            f'style="width:100%;height:{html.escape(height)};border:1px solid #dee2e6" '
            'title="ActorGraph network"></iframe>')


def graph_page(g: nx.MultiDiGraph, documents: dict[str, dict[str, str]], *, title: str = "ActorGraph network",
               subtitle: str = "") -> str:
    """The page for a graph from `to_networkx` (or `focus_graph`) and its `document_index`.

    pyvis assembles it: `_pyvis_network` draws `page_data`, and
    `Network.generate_html` renders our offline template.
    """
    data = page_data(g, documents)
    data["subtitle"] = subtitle
    net = _pyvis_network(data, title=title)
    root = "ag-" + hashlib.sha1(json.dumps(data, sort_keys=True).encode()).hexdigest()[:10]
    scripts = [_vis_script(), _asset("network.js"), f"ActorGraphNetwork.mount(document.getElementById({json.dumps(root)}));"]
    for script in scripts:
        if _CLOSING.search(script):
            raise RenderError("a page script contains '</script' or '<!--'; it cannot be inlined safely")
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)
    csp = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
           "font-src data:; base-uri 'none'; form-action 'none'")
    _use_template(net, csp=csp, root=root, css=_asset("network.css"), vis=scripts[0], app=scripts[1], boot=scripts[2],
                  data={**data, "nodes": [{k: v for k, v in n.items() if k not in ("x", "y")} for n in data["nodes"]]})
    return net.generate_html()


def _pyvis_network(data: dict[str, Any], *, title: str = "ActorGraph network") -> Network:
    """A ``pyvis.network.Network`` that draws `data` (from `page_data`), with the ids of `data`.

    It carries only what vis-network draws (see the module docstring). Only
    `graph_page` writes it: pyvis's `write_html` and `show` use pyvis's template,
    which loads scripts from CDNs.
    """
    from pyvis.network import Network

    # cdn_resources only steers pyvis's own template; ours ignores it and inlines everything.
    net = Network(directed=True, heading=title, cdn_resources="in_line")
    net.set_options(json.dumps(_vis_options(data)))
    for n in data["nodes"]:
        net.add_node(n["id"], **_node_drawing(n, physics=data["physics"]))
    for e in data["edges"]:
        net.add_edge(e["from"], e["to"], **_edge_drawing(e, data))
    return net


def _use_template(net: Network, **page: Any) -> None:
    """Point `net` at our template and give it the page's parts, beside pyvis's own variables."""
    from jinja2 import StrictUndefined

    net.set_template_dir(str(files("graph").joinpath("assets")), _TEMPLATE)
    env = net.templateEnv
    env.undefined = StrictUndefined
    # pyvis's environment does not autoescape: the template escapes each value itself.
    env.filters.update(escape_html=html.escape, embed_json=embed_json, escape_json=_escape_json)
    env.globals.update(page)


def embed_json(value: Any) -> str:
    """`value` as JSON that is safe inside an HTML ``<script>`` element.

    >>> embed_json({"label": "</script><b>&"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_JSON_ESCAPES)


def _escape_json(text: str) -> str:
    """JSON text (pyvis's serialised options) made safe inside ``<script>``.

    Outside strings, JSON has none of the escaped characters, so the text stays the same JSON.
    """
    return text.translate(_JSON_ESCAPES)


def page_data(g: nx.MultiDiGraph, documents: dict[str, dict[str, str]]) -> dict[str, Any]:
    """What the page draws, as plain JSON-ready data (nodes, edges, documents, legend)."""
    docs = [{"iri": iri, **meta} for iri, meta in documents.items()]
    doc_of = {d["iri"]: i for i, d in enumerate(docs)}
    doc_by_id = {d["id"]: i for i, d in enumerate(docs)}
    order = sorted(g, key=lambda n: (str(g.nodes[n].get("label", n)).casefold(), n))
    index = {n: i for i, n in enumerate(order)}
    pos = layout_positions(g)
    edges = _edges(g, index, doc_by_id)
    degree, sentences = [0] * len(order), [0] * len(order)
    for e in edges:
        for end in {e["from"], e["to"]}:
            degree[end] += 1
            sentences[end] += len(e["sources"])
    nodes = [{**_node(g, n, index[n], pos[n], doc_of), "deg": degree[index[n]], "src": sentences[index[n]],
              "sizes": {"src": _size(sentences[index[n]]), "deg": _size(degree[index[n]])}} for n in order]
    classes = sorted({n["cls"] for n in nodes}, key=lambda c: list(CLASS_STYLES).index(c) if c in CLASS_STYLES else 99)
    rels = [r for r in RELATIONS if any(e["rel"] == r for e in edges)]
    return {
        "physics": len(nodes) <= PHYSICS_MAX_NODES and bool(edges),
        "large": len(nodes) > LARGE_NODES,
        "edgeLabels": len(edges) <= EDGE_LABELS_MAX,
        "iterations": STABILIZATION_ITERATIONS,
        "dashes": {k: list(v) for k, v in DASHES.items()},
        "classes": [{"name": c, "color": CLASS_STYLES.get(c, CLASS_STYLES["Thing"])[0],
                     "shape": CLASS_STYLES.get(c, CLASS_STYLES["Thing"])[1],
                     "count": sum(n["cls"] == c for n in nodes)} for c in classes],
        "relations": [{"name": r, "color": RELATION_COLOURS[r], "symmetric": r in SYMMETRIC,
                       "count": sum(e["rel"] == r for e in edges)} for r in rels],
        "documents": docs,
        "nodes": nodes,
        "edges": edges,
    }


def _node(g: nx.MultiDiGraph, n: str, i: int, xy: tuple[float, float], doc_of: dict[str, int]) -> dict[str, Any]:
    attrs = g.nodes[n]
    wikidata = _WIKIDATA.search(attrs.get("wikidata") or "")
    docs = sorted({doc_of[d] for d in attrs.get("documents", ()) if d in doc_of} | ({doc_of[n]} if n in doc_of else set()))
    return {
        "id": i, "iri": n, "label": str(attrs.get("label", n)), "cls": attrs.get("cls", "Thing"),
        "aliases": list(attrs.get("aliases", ())), "wikidata": wikidata.group(1) if wikidata else None,
        "lifecycle": attrs.get("lifecycle"), "lifecycleDate": attrs.get("lifecycle_date"),
        "docs": docs, "x": xy[0], "y": xy[1],
    }


def _edges(g: nx.MultiDiGraph, index: dict[str, int], doc_by_id: dict[str, int]) -> list[dict[str, Any]]:
    """One edge per fact; a symmetric relation stated both ways (A signedWith B, B signedWith A) is one."""
    merged: dict[tuple[str, int, int], dict[str, Any]] = {}
    for u, v, _key, attrs in sorted(g.edges(keys=True, data=True), key=lambda e: (index[e[0]], index[e[1]], e[2])):
        a, b, rel = index[u], index[v], attrs["relation"]
        key = (rel, min(a, b), max(a, b)) if rel in SYMMETRIC else (rel, a, b)
        sources = [_source(s, doc_by_id) for s in attrs.get("sources", ())]
        if key in merged:
            edge = merged[key]
            edge["sources"] += sources
            edge["confidence"] = max(edge["confidence"] or 0, attrs.get("confidence") or 0)
            for field in ("quantity", "date", "status"):
                edge[field] = edge[field] if edge[field] is not None else attrs.get(field)
            continue
        merged[key] = {"from": a, "to": b, "rel": rel, "quantity": attrs.get("quantity"), "date": attrs.get("date"),
                       "status": attrs.get("status"), "confidence": attrs.get("confidence"), "sources": sources}
    seen: dict[frozenset[int], int] = defaultdict(int)
    out = []
    for i, edge in enumerate(merged.values()):
        pair = frozenset((edge["from"], edge["to"]))
        out.append({"id": i, **edge, "curve": _curve(seen[pair], edge["from"] > edge["to"])})
        seen[pair] += 1
    return out


def _curve(k: int, reversed_pair: bool) -> float:
    """Signed roundness that keeps parallel edges between two nodes apart (0: straight)."""
    if k == 0:
        return 0.0
    side = 1 if k % 2 else -1
    return round(side * (-1 if reversed_pair else 1) * 0.18 * math.ceil(k / 2), 2)


def _source(s: dict[str, Any], doc_by_id: dict[str, int]) -> dict[str, Any]:
    return {
        "evidence": s.get("evidence") or "", "doc": doc_by_id.get(s.get("document_id") or ""),
        "docId": s.get("document_id") or "", "title": s.get("document_title") or "",
        "published": s.get("document_date") or "", "quantity": s.get("quantity"), "date": s.get("date"),
        "status": s.get("status"), "confidence": s.get("confidence"), "says": s.get("attributed_to_label"),
    }


def _size(value: int) -> float:
    """Node size for a count of sentences or relations: grows with its square root, capped."""
    return round(min(42.0, 9 + 5 * math.sqrt(value)), 2)


def _node_drawing(n: dict[str, Any], *, physics: bool) -> dict[str, Any]:
    """pyvis `add_node` keywords for a `page_data` node; its class colours it through ``options.groups``."""
    colour, shape = CLASS_STYLES.get(n["cls"], CLASS_STYLES["Thing"])
    drawing: dict[str, Any] = {
        "label": n["label"], "shape": shape, "group": n["cls"], "size": n["sizes"]["src"], "x": n["x"], "y": n["y"],
        "physics": not (physics and n["deg"] == 0),  # unconnected nodes keep their grid place
        "title": n["label"] + "\n" + n["cls"] + (f" \u00b7 {n['lifecycle']}" if n["lifecycle"] else ""),
    }
    if n["lifecycle"] in CLOSED:
        # pyvis drops `color` when a node has a group, so a closed node carries all its colours itself.
        del drawing["group"]
        drawing.update(color={**_node_colour(colour), "background": "#ffffff", "border": colour},
                       borderWidth=2.5, shapeProperties={"borderDashes": [4, 3]})
    return drawing


def _node_colour(colour: str) -> dict[str, Any]:
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    border = "#" + "".join(f"{int(c * 0.72 + 0.5):02x}" for c in rgb)
    return {"background": colour, "border": border, "highlight": {"background": colour, "border": "#212529"},
            "hover": {"background": colour, "border": "#212529"}}


def _edge_drawing(e: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """pyvis `add_edge` keywords for a `page_data` edge."""
    rel, colour = e["rel"], RELATION_COLOURS.get(e["rel"], "#868e96")
    rejected = rel == "rejected"
    ends = [data["nodes"][e["from"]]["label"], rel, data["nodes"][e["to"]]["label"]]
    count = len(e["sources"])
    drawing: dict[str, Any] = {
        "id": e["id"], "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.9},
        "dashes": list(DASHES["rejected"]) if rejected else list(DASHES["planned"]) if e["status"] == "Planned" else False,
        "arrows": {"to": {"enabled": False}} if rel in SYMMETRIC else
        {"to": {"enabled": True, "type": "bar" if rejected else "arrow", "scaleFactor": 0.9 if rejected else 0.6}},
        "width": round(1.5 + math.log2(count or 1), 3),
        "smooth": {"enabled": True, "type": "curvedCW" if e["curve"] > 0 else "curvedCCW",
                   "roundness": abs(e["curve"])} if e["curve"] else False,
        "title": "\n".join(line for line in (" \u2192 ".join(ends), " \u00b7 ".join(filter(None, (e["status"], e["date"]))),
                                             f"{count:,} source{'' if count == 1 else 's'}") if line),
    }
    if data["edgeLabels"]:
        drawing["label"] = rel + (f" ({e['quantity']:,})" if e["quantity"] is not None else "")
    return drawing


def _vis_options(data: dict[str, Any]) -> dict[str, Any]:
    """vis-network options for the page (pyvis's `set_options`): no string in them may contain a space."""
    big = data["large"]
    font = {"face": _FONT, "strokeWidth": 3, "strokeColor": "#ffffff"}
    physics = {"enabled": True, "solver": "barnesHut",
               "barnesHut": {"gravitationalConstant": -3500, "centralGravity": 0.35, "springLength": 130,
                             "springConstant": 0.04, "avoidOverlap": 0.4},
               "stabilization": {"enabled": True, "iterations": data["iterations"], "updateInterval": 25, "fit": True}}
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "groups": {c["name"]: {"color": _node_colour(c["color"])} for c in data["classes"]},
        "nodes": {"borderWidth": 1.5, "font": {**font, "size": 14}, "widthConstraint": {"maximum": 170},
                  "scaling": {"label": {"drawThreshold": 7}}},
        "edges": {"font": {**font, "size": 11, "color": "#343a40", "align": "horizontal"},
                  "selectionWidth": 2, "hoverWidth": 1, "smooth": False},
        "physics": physics if data["physics"] else {"enabled": False},
        "interaction": {"hover": not big, "tooltipDelay": 200, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "multiselect": False, "keyboard": False},
    }


def _subtitle(focus: str | None, depth: int, relations: list[str] | None) -> str:
    parts = [f"within {depth} relation{'s' if depth != 1 else ''} of {focus!r}"] if focus else []
    if relations is not None:
        parts.append("relations: " + ", ".join(relations))
    return "; ".join(parts)


@cache
def _asset(name: str) -> str:
    return files("graph").joinpath("assets", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _vis_script() -> str:
    # Hide AMD/CommonJS loaders (classic Jupyter has require.js) so the UMD build sets `vis`.
    return "(function(define,module,exports){\n" + _asset("vis-network.min.js") + "\n}).call(window);"
