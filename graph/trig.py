"""TriG text of a dataset, written in one streaming pass.

rdflib's TriG serialiser pretty-prints (it analyses every node to nest blank
nodes and pick prefixes), which made saving the graph the slowest step of an
incremental build. The graphs ActorGraph writes have no blank nodes, so a
plain layout says the same: the project's prefixes, then each named graph
with its subjects in order, one predicate-object list per subject. Output is
deterministic (sorted), so unchanged graphs give unchanged files.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TextIO

from rdflib import RDF, XSD, BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*)")
"""Local names written as prefixed names (a safe subset of Turtle's PN_LOCAL)."""


class _Terms:
    """Turtle text of terms, with the given prefixes, remembered per term."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.xsd = next((p for p, ns in prefixes.items() if ns == str(XSD)), None)
        self.seen: dict[Node, str] = {RDF.type: "a"}

    def __call__(self, term: Node) -> str:
        text = self.seen.get(term)
        if text is None:
            text = self._text(term)
            if not isinstance(term, Literal) or len(text) < 64:
                self.seen[term] = text
        return text

    def _text(self, term: Node) -> str:
        if isinstance(term, URIRef):
            return self._iri(term)
        if isinstance(term, Literal):
            if term.datatype is not None and not term.language:
                return f"{Literal(str(term)).n3()}^^{self._iri(term.datatype)}"
            return term.n3()
        if isinstance(term, BNode):
            return f"_:{term}"
        raise TypeError(f"cannot write {term!r} in TriG")

    def _iri(self, iri: URIRef) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and _LOCAL.fullmatch(iri, len(ns)):
                return f"{prefix}:{iri[len(ns):]}"
        return iri.n3()


def _subjects(triples: Iterable[tuple[Node, Node, Node]], term: _Terms) -> Iterator[str]:
    """One block of text per subject of `triples`, subjects and their statements sorted."""
    by_subject: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, pred, obj in triples:
        by_subject[term(s)].append((term(pred), term(obj)))
    for subject in sorted(by_subject):
        pairs = sorted(by_subject[subject], key=lambda po: (po[0] != "a", po))
        lines: list[str] = []
        last = ""
        for p, o in pairs:
            if lines and p == last:
                lines[-1] += f" ,\n            {o}"
            else:
                lines.append(f"{p} {o}")
            last = p
        yield f"    {subject} " + " ;\n        ".join(lines) + " .\n"


def header(prefixes: dict[str, str]) -> str:
    """The ``@prefix`` lines a TriG file of `write_trig` starts with."""
    return "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(prefixes.items()))


def graph_key(name: object) -> tuple[bool, str]:
    """Where a graph named `name` comes in the file: the default graph first, then by name."""
    return name != DATASET_DEFAULT_GRAPH_ID, str(name)


def graph_text(name: Node, triples: Iterable[tuple[Node, Node, Node]], prefixes: dict[str, str],
               term: _Terms | None = None) -> str:
    """The block of a TriG file that holds the graph `name` of `triples` (no duplicates), as
    `write_trig` writes it."""
    term = term or _Terms(prefixes)
    label = "" if name == DATASET_DEFAULT_GRAPH_ID else f"{term(URIRef(str(name)))} "
    return f"\n{label}{{\n" + "".join(_subjects(triples, term)) + "}\n"


def write_trig(ds: Dataset, out: TextIO, prefixes: dict[str, str]) -> None:
    """Write the named graphs of `ds` to `out` as TriG, naming IRIs with `prefixes` where possible."""
    term = _Terms(prefixes)
    out.write(header(prefixes))
    graphs = sorted((g for g in ds.graphs() if len(g)), key=lambda g: graph_key(g.identifier))
    out.writelines(graph_text(g.identifier, g, prefixes, term) for g in graphs)
