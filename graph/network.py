"""Dataset → networkx: entities as nodes, relations as edges with their evidence.

Algorithms stay networkx's own; this module converts, and adds the few plain
functions the network page needs over the converted graph (find a node by
name, keep some relations, the neighbourhood of a node, a layout). The result
never holds rdflib terms: node ids and attribute values are plain strings and
numbers. No function here changes the graph it is given.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import defaultdict, deque
from collections.abc import Iterable
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, Dataset, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS
from rdflib.term import Node

from graph.errors import RenderError
from graph.terms import AG, CLASSES, RELATIONS

_CLASS_NAMES: dict[Any, str] = {v: k for k, v in CLASSES.items()} | {AG.Article: "Article"}
_REL_NAMES: dict[Any, str] = {v: k for k, v in RELATIONS.items()}


def _local(value: object) -> str:
    return str(value).rsplit("#", 1)[-1]


def _readable(node: object) -> str:
    """A name for a node that has no label: the last part of its IRI, in words."""
    tail = re.split(r"[#/]", str(node).rstrip("/#"))[-1]
    words = re.sub(r"[-_]+", " ", tail).strip()
    return words[:1].upper() + words[1:] if words else str(node)


def node_attributes(ds: Dataset, node: Node) -> dict[str, Any]:
    """Label, class, aliases, Wikidata id and documents of one entity or article.

    Agreements also carry ``lifecycle`` (``Proposed``, ``Signed``, ``Rejected``
    or ``Cancelled``) and ``lifecycle_date`` when the graph records them.
    """
    cls = next((_CLASS_NAMES[c] for c in ds.objects(node, RDF.type) if c in _CLASS_NAMES), "Thing")
    label = ds.value(node, RDFS.label) or ds.value(node, DCTERMS.identifier) or _readable(node)
    aliases = sorted({str(a) for a in ds.objects(node, SKOS.altLabel)})
    wikidata = next((str(s) for s in ds.objects(node, OWL.sameAs) if "wikidata.org" in str(s)), None)
    documents = sorted({str(d) for d in ds.objects(node, AG.mentionedIn)})
    attrs: dict[str, Any] = {"label": str(label), "cls": cls, "aliases": aliases, "documents": documents}
    if wikidata:
        attrs["wikidata"] = wikidata
    lifecycle = ds.value(node, AG.agreementStatus)
    if lifecycle is not None:
        attrs["lifecycle"] = _local(lifecycle)
        if (when := ds.value(node, AG.statusDate)) is not None:
            attrs["lifecycle_date"] = str(when)
    return attrs


def _label_of(ds: Dataset, iri: str | None) -> str | None:
    return None if iri is None else str(ds.value(URIRef(iri), RDFS.label) or _readable(iri))


def document_index(ds: Dataset) -> dict[str, dict[str, str]]:
    """Every ingested document: its IRI → ``id`` (file name), ``title`` and ``date``.

    Articles that documents only mention (an ``ag:Article`` with no ``dcterms:identifier``) are not listed.
    """
    out = {}
    for doc in set(ds.subjects(RDF.type, AG.Article)):
        if (identifier := ds.value(doc, DCTERMS.identifier)) is None:
            continue
        out[str(doc)] = {
            "id": str(identifier),
            "title": str(ds.value(doc, DCTERMS.title) or ""),
            "date": str(ds.value(doc, DCTERMS.date) or ""),
        }
    return dict(sorted(out.items(), key=lambda kv: (kv[1]["date"], kv[1]["id"])))


def statements(ds: Dataset) -> list[dict[str, Any]]:
    """Every statement node as a flat dict (subject, relation, object, evidence, qualifiers)."""
    out = []
    for st in set(ds.subjects(RDF.type, RDF.Statement)):
        p = ds.value(st, RDF.predicate)
        if p not in _REL_NAMES:
            continue
        doc = ds.value(st, PROV.wasDerivedFrom)
        row: dict[str, Any] = {
            "statement": str(st),
            "subject": str(ds.value(st, RDF.subject)),
            "relation": _REL_NAMES[p],
            "object": str(ds.value(st, RDF.object)),
            "evidence": str(ds.value(st, AG.evidence) or ""),
            "document": str(doc) if doc is not None else None,
            "document_id": str(ds.value(doc, DCTERMS.identifier) or "") if doc is not None else "",
            "document_title": str(ds.value(doc, DCTERMS.title) or "") if doc is not None else "",
            "document_date": str(ds.value(doc, DCTERMS.date) or "") if doc is not None else "",
            "char_start": _int(ds.value(st, AG.charStart)),
            "char_end": _int(ds.value(st, AG.charEnd)),
            "confidence": float(str(ds.value(st, AG.confidence) or 0.0)),
            "quantity": _int(ds.value(st, AG.quantity)),
            "date": _str(ds.value(st, AG.date)),
            "start_date": _str(ds.value(st, AG.startDate)),
            "end_date": _str(ds.value(st, AG.endDate)),
            "status": _local(ds.value(st, AG.status)) if ds.value(st, AG.status) is not None else None,
            "attributed_to": _str(ds.value(st, AG.attributedTo)),
        }
        out.append(row)
    out.sort(key=lambda r: (r["document_id"], r["char_start"] or 0, r["relation"], r["subject"], r["object"]))
    return out


def _int(value: object) -> int | None:
    return int(value) if value is not None else None  # type: ignore[call-overload]


def _str(value: object) -> str | None:
    return str(value) if value is not None else None


def node_count(ds: Dataset) -> int:
    """How many nodes `to_networkx` makes of `ds` (every entity in a relation or mentioned in a
    document), counted without building the network: a few lookups per statement."""
    nodes = {str(e) for e in ds.subjects(AG.mentionedIn, None)}
    for st, p in ds.subject_objects(RDF.predicate):
        if p in _REL_NAMES:
            nodes.update(str(ds.value(st, end)) for end in (RDF.subject, RDF.object))
    return len(nodes)


def to_networkx(ds: Dataset) -> nx.MultiDiGraph:
    """Convert a built dataset into a `networkx.MultiDiGraph`.

    Nodes are entity (and article) IRIs with ``label``, ``cls``, ``aliases``,
    ``documents`` and ``wikidata``; there is one edge per (subject, relation,
    object) with ``relation``, ``quantity``, ``date``, ``status``,
    ``confidence`` and ``sources`` (each supporting statement's evidence,
    document and qualifiers, and who it is attributed to).
    """
    g = nx.MultiDiGraph()
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in statements(ds):
        grouped[(row["subject"], row["relation"], row["object"])].append(row)
    for node in {n for key in grouped for n in (key[0], key[2])}:
        g.add_node(node, **node_attributes(ds, URIRef(node)))
    for entity in set(ds.subjects(AG.mentionedIn, None)):
        if str(entity) not in g:
            g.add_node(str(entity), **node_attributes(ds, entity))
    for (s, rel, o), rows in sorted(grouped.items()):
        best = max(rows, key=lambda r: r["confidence"])
        g.add_edge(
            s, o, key=rel, relation=rel,
            quantity=next((r["quantity"] for r in rows if r["quantity"] is not None), None),
            date=next((r["date"] for r in rows if r["date"]), None),
            status=next((r["status"] for r in rows if r["status"]), None),
            confidence=best["confidence"],
            sources=[{**{k: r[k] for k in ("evidence", "document_id", "document_title", "document_date", "quantity",
                                           "date", "status", "confidence", "char_start", "char_end", "attributed_to")},
                      "attributed_to_label": _label_of(ds, r["attributed_to"])}
                     for r in rows],
        )
    return g


# --- focusing: plain functions over the converted graph ---------------------------------------

_SPACES = re.compile(r"\s+")


def _name_key(name: str) -> str:
    key = _SPACES.sub(" ", name.replace("\u2019", "'")).strip().casefold()
    return key.removeprefix("the ")


def _names(g: nx.MultiDiGraph, node: str) -> list[str]:
    attrs = g.nodes[node]
    return [attrs.get("label", node), *attrs.get("aliases", ())]


def find_nodes(g: nx.MultiDiGraph, name: str) -> list[str]:
    """The nodes whose label or an alias is `name`, ignoring case, spacing and a leading "the".

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("x/si", label="Solomon Islands", aliases=["the Solomons"])
    >>> find_nodes(g, "solomons"), find_nodes(g, "Fiji")
    (['x/si'], [])
    """
    key = _name_key(name)
    return sorted(n for n in g if any(_name_key(a) == key for a in _names(g, n)))


def similar_names(g: nx.MultiDiGraph, name: str, *, n: int = 5) -> list[str]:
    """Up to `n` node names (labels and aliases) close to `name`, closest first."""
    by_key: dict[str, str] = {}
    for node in sorted(g):
        for alias in _names(g, node):
            by_key.setdefault(_name_key(alias), alias)
    key = _name_key(name)
    close = difflib.get_close_matches(key, list(by_key), n=n, cutoff=0.6)
    within = sorted((k for k in by_key if key and (key in k or k in key)), key=len)
    picked = list(dict.fromkeys([*close, *within]))[:n]
    return [by_key[k] for k in picked]


def check_relations(names: Iterable[str]) -> list[str]:
    """The relation names in `names`, spelled as the ontology does; any case is accepted.

    >>> check_relations(["trains", "SIGNEDWITH"])
    ['trains', 'signedWith']

    Raises:
        RenderError: a name is not a relation of the ontology.
    """
    known = {r.casefold(): r for r in RELATIONS}
    out = []
    for name in names:
        if name.strip().casefold() not in known:
            raise RenderError(f"unknown relation {name.strip()!r}; use one or more of: {', '.join(RELATIONS)}")
        out.append(known[name.strip().casefold()])
    return list(dict.fromkeys(out))


def select_relations(g: nx.MultiDiGraph, relations: Iterable[str], *, keep: Iterable[str] = ()) -> nx.MultiDiGraph:
    """A copy of `g` with only the edges of `relations`, and the nodes they join (plus `keep`).

    Raises:
        RenderError: a name is not a relation of the ontology.
    """
    wanted = set(check_relations(relations))
    edges = [(u, v, k) for u, v, k, rel in g.edges(keys=True, data="relation") if rel in wanted]
    out = g.edge_subgraph(edges).copy()
    for node in keep:
        if node in g and node not in out:
            out.add_node(node, **g.nodes[node])
    return out


def neighbourhood(g: nx.MultiDiGraph, nodes: Iterable[str], *, depth: int = 2) -> nx.MultiDiGraph:
    """A copy of the part of `g` within `depth` relations of `nodes`, in either direction."""
    seen = {n: 0 for n in nodes if n in g}
    queue = deque(seen)
    while queue:
        node = queue.popleft()
        if seen[node] >= depth:
            continue
        for other in (*g.successors(node), *g.predecessors(node)):
            if other not in seen:
                seen[other] = seen[node] + 1
                queue.append(other)
    return g.subgraph(seen).copy()


def focus_graph(g: nx.MultiDiGraph, name: str | None = None, *, depth: int = 2,
                relations: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The part of `g` an analyst asked for: some relations, around the node named `name`.

    Args:
        g: a graph from `to_networkx`.
        name: a node's label or alias (any case); None keeps the whole graph.
        depth: with `name`, how many relations away from it to keep.
        relations: relation names to keep (e.g. ``["trains", "signedWith"]``);
            None keeps them all. Nodes left with no relation are dropped.

    Returns:
        A new graph; `g` is not changed.

    Raises:
        RenderError: no node is called `name` (the message lists near names),
            or a relation name is unknown.
    """
    centres: list[str] = []
    if name is not None:
        centres = find_nodes(g, name)
        if not centres:
            raise RenderError(_unknown_name(g, name))
    if relations is not None:
        g = select_relations(g, relations, keep=centres)
    if name is not None:
        g = neighbourhood(g, centres, depth=depth)
    return g.copy() if name is None and relations is None else g


def _unknown_name(g: nx.MultiDiGraph, name: str) -> str:
    message = f"no node is called {name!r} (its label or an alias, in any case)"
    near = similar_names(g, name)
    if near:
        return f"{message}; did you mean {' or '.join(repr(n) for n in near)}?"
    return f"{message}, and no name is close; check the spelling, or open the whole page and search there"


# --- layout: positions computed here, so a large page needs no physics ------------------------

_SPRING_MAX = 250
"""Components up to this size get a spring layout; larger ones a spring core plus rings."""


def layout_positions(g: nx.MultiDiGraph, *, spacing: float = 110.0, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Page coordinates for every node of `g`: deterministic, and fast at thousands of nodes.

    Each connected component is laid out on its own (a spring layout; for a
    large component, its best-connected nodes by spring and the rest in rings
    around the neighbour that reached them), then components are packed in
    rows, largest first, and unconnected nodes in a grid below, by class and name.
    """
    u = nx.Graph()
    u.add_nodes_from(sorted(g))
    u.add_edges_from((a, b) for a, b in g.edges() if a != b)
    parts = sorted(nx.connected_components(u), key=lambda c: (-len(c), min(c)))
    blocks = [_component_layout(u.subgraph(sorted(c)), spacing, seed) for c in parts if len(c) > 1]
    rank = {c: i for i, c in enumerate(CLASSES)}

    def reading_order(n: str) -> tuple[int, str, str]:
        attrs = g.nodes[n]
        return rank.get(attrs.get("cls", ""), len(rank)), str(attrs.get("label", n)).casefold(), n

    singles = sorted((n for c in parts if len(c) == 1 for n in c), key=reading_order)
    return _pack(blocks, singles, spacing)


def _component_layout(sub: nx.Graph, spacing: float, seed: int) -> dict[str, tuple[float, float]]:
    n = len(sub)
    if n == 2:
        a, b = sub
        return {a: (0.0, 0.0), b: (spacing, 0.0)}
    if n <= _SPRING_MAX:
        radius = spacing * 0.55 * math.sqrt(n)
        start = nx.spring_layout(sub, seed=seed, iterations=60)
        return _separate({v: (float(x) * radius, float(y) * radius) for v, (x, y) in start.items()},
                         dict.fromkeys(sub, spacing * 0.5), seed)
    # Springs for the best-connected nodes only; every other node goes in rings around
    # the node that reached it, and the core spreads out until those rings do not meet.
    inner = sorted((v for v in sub if sub.degree(v) > 1), key=lambda v: (-sub.degree(v), v))
    core = sub.subgraph(inner[:_SPRING_MAX] or [min(sub)])
    reached = _reach(sub, sorted(core))
    size = dict.fromkeys(sub, 1)
    for v, anchor in reversed(reached):
        size[anchor] += size[v]
    start = nx.spring_layout(core, seed=seed, iterations=60)
    radius = spacing * 0.55 * math.sqrt(n)
    pos = _separate({v: (float(x) * radius, float(y) * radius) for v, (x, y) in start.items()},
                    {v: spacing * (0.5 + 0.45 * math.sqrt(size[v])) for v in core}, seed)
    _rings(pos, reached, spacing)
    return pos


def _reach(sub: nx.Graph, core: list[str]) -> list[tuple[str, str]]:
    """(node, the node that reached it) for every node outside `core`, breadth first from it."""
    seen = set(core)
    queue = deque(core)
    out = []
    while queue:
        anchor = queue.popleft()
        for v in sorted(sub[anchor]):
            if v not in seen:
                seen.add(v)
                out.append((v, anchor))
                queue.append(v)
    return out


def _separate(pos: dict[str, tuple[float, float]], radius: dict[str, float],
              seed: int, rounds: int = 300) -> dict[str, tuple[float, float]]:
    """Push discs of the given radii apart until none overlap (or `rounds` run out)."""
    import numpy as np

    names = sorted(pos)
    xy = np.array([pos[v] for v in names], dtype=float)
    xy += np.random.default_rng(seed).normal(scale=1e-3, size=xy.shape)  # no two points alike
    r = np.array([radius[v] for v in names])
    need = r[:, None] + r[None, :]
    for _ in range(rounds):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((delta ** 2).sum(-1)) + 1e-9
        overlap = np.clip(need - dist, 0, None)
        np.fill_diagonal(overlap, 0)
        if overlap.max() < 1:
            break
        xy += 0.25 * (delta / dist[..., None] * overlap[..., None]).sum(1)
    return {v: (float(x), float(y)) for v, (x, y) in zip(names, xy)}


def _rings(pos: dict[str, tuple[float, float]], reached: list[tuple[str, str]], spacing: float) -> None:
    """Place each reached node on a sunflower spiral around its anchor (golden-angle steps)."""
    golden = math.pi * (3 - math.sqrt(5))
    count: dict[str, int] = defaultdict(int)
    for v, anchor in reached:
        count[anchor] += 1
        i = count[anchor]
        r = spacing * (0.8 + 0.45 * math.sqrt(i))
        ax, ay = pos[anchor]
        pos[v] = (ax + r * math.cos(i * golden), ay + r * math.sin(i * golden))


def _pack(blocks: list[dict[str, tuple[float, float]]], singles: list[str],
          spacing: float) -> dict[str, tuple[float, float]]:
    boxes = []
    for block in blocks:
        xs = [x for x, _ in block.values()]
        ys = [y for _, y in block.values()]
        # Labels are wider than tall: leave more room beside a component than below it.
        boxes.append((block, min(xs), min(ys), max(xs) - min(xs) + 1.6 * spacing, max(ys) - min(ys) + spacing))
    area = sum(w * h for *_, w, h in boxes) + len(singles) * spacing * spacing
    width = max([math.sqrt(area) * 1.3, *(w for *_, w, _h in boxes)]) if boxes or singles else 0.0
    out: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for block, x0, y0, w, h in boxes:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        out.update({v: (round(px - x0 + x, 1), round(py - y0 + y, 1)) for v, (px, py) in block.items()})
        x, row = x + w, max(row, h)
    y += row
    # Unconnected nodes sit in a grid of wide cells, so that their labels do not meet.
    cell_w, cell_h = spacing * 1.7, spacing * 0.8
    columns = max(1, int(width // cell_w)) if boxes else max(1, math.ceil(math.sqrt(len(singles) * 0.6)))
    for i, v in enumerate(singles):
        out[v] = (round((i % columns) * cell_w, 1), round(y + (i // columns) * cell_h, 1))
    return out
