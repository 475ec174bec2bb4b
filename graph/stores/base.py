"""What every store offers (the `Store` protocol) and the behaviour they share."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from graph.errors import QueryError, QueryTimeout
from graph.query import (
    SERVICE_REFUSED,
    Bindings,
    Result,
    has_service,
    sparql_term,
)

Triple = tuple[Node, Node, Node]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_NAMED = """SELECT DISTINCT ?e WHERE {
  { ?e rdfs:label ?l } UNION { ?e skos:altLabel ?l }
  FILTER(LCASE(STR(?l)) = LCASE(?name))
} ORDER BY STR(?e)"""
_LABELS = """SELECT ?e (MIN(STR(?l)) AS ?label) WHERE { ?e rdfs:label ?l } GROUP BY ?e"""
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY STR(?g)"
_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@runtime_checkable
class Store(Protocol):
    """What every store offers. Open one with `open_store`."""

    spec: str

    def query(self, text: str, bindings: Bindings | None = None, *, allow_service: bool = False,
              timeout: float | None = None, max_rows: int | None = None) -> Result:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE over the union of all graphs."""

    def labels(self, iris: Iterable[URIRef]) -> dict[URIRef, str]:
        """The `rdfs:label` of each of `iris` that has one."""

    def entities_named(self, name: str) -> list[URIRef]:
        """The nodes whose `rdfs:label` or `skos:altLabel` equals `name` in any case, sorted."""

    def load(self, ds: Dataset) -> int:
        """Add every named graph of `ds`, replacing graphs of the same name; returns quads added."""

    def load_file(self, path: str | Path) -> int:
        """As `load`, from a TriG or N-Quads file."""

    def replace_graph(self, graph_iri: URIRef, triples: Iterable[Triple]) -> None:
        """Make the named graph `graph_iri` hold exactly `triples`."""

    def remove_graph(self, graph_iri: URIRef) -> None:
        """Drop the named graph `graph_iri` (no error if it is absent)."""

    def graph_names(self) -> list[URIRef]:
        """The named graphs, sorted."""

    def count(self) -> int:
        """How many quads the named graphs hold."""

    def dataset(self) -> Dataset:
        """Everything, copied into an rdflib Dataset (for render, stats, export)."""

    def close(self) -> None:
        """Release files and locks (a store is also a context manager that closes itself)."""

    def __enter__(self) -> Any: ...

    def __exit__(self, *exc: object) -> None: ...


def ntriples(triples: Iterable[Triple]) -> str:
    """`triples` as N-Triples text (escaped with `sparql_term`)."""
    def term(t: Node) -> str:
        return f"_:{t}" if isinstance(t, BNode) else sparql_term(t)
    return "".join(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples)


def _named_graphs(ds: Dataset) -> Iterator[Graph]:
    for g in ds.graphs():
        if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g):
            yield g


class _Base:
    """Behaviour every store shares, written in terms of `query` and `replace_graph`."""

    spec = ""

    def query(self, text: str, bindings: Bindings | None = None, *, allow_service: bool = False,
              timeout: float | None = None, max_rows: int | None = None) -> Result:
        raise NotImplementedError

    def replace_graph(self, graph_iri: URIRef, triples: Iterable[Triple]) -> None:
        raise NotImplementedError

    def labels(self, iris: Iterable[URIRef]) -> dict[URIRef, str]:
        out: dict[URIRef, str] = {}
        iris = list(dict.fromkeys(iris))
        for i in range(0, len(iris), 200):
            result = self.query(_LABELS, {"e": iris[i:i + 200]})
            out.update({row[0]: str(row[1]) for row in result.rows if row[1] is not None})
        return out

    def entities_named(self, name: str) -> list[URIRef]:
        return [row[0] for row in self.query(_NAMED, {"name": Literal(name)}).rows]

    def load(self, ds: Dataset) -> int:
        total = 0
        for g in _named_graphs(ds):
            self.replace_graph(URIRef(g.identifier), g)
            total += len(g)
        return total

    def load_file(self, path: str | Path) -> int:
        from graph.store import load_dataset

        return self.load(load_dataset(path))

    def graph_names(self) -> list[URIRef]:
        return [row[0] for row in self.query(_GRAPHS).rows]

    def count(self) -> int:
        return int(self.query(_COUNT).rows[0][0])

    def dataset(self) -> Dataset:
        from graph.store import new_dataset

        ds = new_dataset()
        for g, s, p, o in self.query(_QUADS).rows:
            ds.graph(g).add((s, p, o))
        return ds

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec}>"


def _guard(text: str, allow_service: bool) -> None:
    if not allow_service and has_service(text):
        raise QueryError(SERVICE_REFUSED)


def _until(items: Iterator[Any], at: float) -> Iterator[Any]:
    """`items`, stopping with QueryTimeout once the clock passes `at` (checked every 256 items)."""
    for i, item in enumerate(items):
        if not i % 256 and time.monotonic() > at:
            raise QueryTimeout("the query ran past its time limit; narrow it or add a LIMIT")
        yield item
