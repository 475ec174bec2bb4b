"""Dataset → networkx: entities as nodes, relations as edges with their evidence.

Algorithms stay networkx's own; this module only converts. The result never
holds rdflib terms: node ids and attribute values are plain strings and numbers.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, Dataset, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from graph.terms import AG, CLASSES, RELATIONS

_CLASS_NAMES = {v: k for k, v in CLASSES.items()} | {AG.Article: "Article"}
_REL_NAMES = {v: k for k, v in RELATIONS.items()}


def _local(value: object) -> str:
    return str(value).rsplit("#", 1)[-1]


def node_attributes(ds: Dataset, node: URIRef) -> dict[str, Any]:
    """Label, class, aliases, Wikidata id and documents of one entity or article."""
    cls = next((_CLASS_NAMES[c] for c in ds.objects(node, RDF.type) if c in _CLASS_NAMES), "Thing")
    label = ds.value(node, RDFS.label) or ds.value(node, DCTERMS.identifier) or _local(node)
    aliases = sorted({str(a) for a in ds.objects(node, SKOS.altLabel)})
    wikidata = next((str(s) for s in ds.objects(node, OWL.sameAs) if "wikidata.org" in str(s)), None)
    documents = sorted({str(d) for d in ds.objects(node, AG.mentionedIn)})
    attrs: dict[str, Any] = {"label": str(label), "cls": cls, "aliases": aliases, "documents": documents}
    if wikidata:
        attrs["wikidata"] = wikidata
    return attrs


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
            "confidence": float(ds.value(st, AG.confidence) or 0.0),
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


def to_networkx(ds: Dataset) -> nx.MultiDiGraph:
    """Convert a built dataset into a `networkx.MultiDiGraph`.

    Nodes are entity (and article) IRIs with ``label``, ``cls``, ``aliases``,
    ``documents`` and ``wikidata``; there is one edge per (subject, relation,
    object) with ``relation``, ``quantity``, ``date``, ``status``,
    ``confidence`` and ``sources`` (each supporting statement's evidence,
    document and qualifiers).
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
            sources=[{k: r[k] for k in ("evidence", "document_id", "document_title", "document_date",
                                        "quantity", "date", "status", "confidence", "char_start", "char_end")}
                     for r in rows],
        )
    return g
