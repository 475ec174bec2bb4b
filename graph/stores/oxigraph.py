"""Oxigraph on disk (pyoxigraph), for large graphs."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from graph.errors import QueryError, StoreError
from graph.query import (
    UPDATE_REFUSED,
    Bindings,
    Result,
    bind_values,
    guess_kind,
    is_update,
    sparql_term,
    take,
    triples_result,
    with_prologue,
)
from graph.stores.base import XSD_STRING, Triple, _Base, _guard, _until, ntriples
from graph.terms import PREFIXES

# --- Oxigraph on disk ------------------------------------------------------------------

def to_rdflib(term: Any) -> Node | None:
    """A pyoxigraph term as the equal rdflib term (xsd:string literals become plain)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"cannot use a {type(term).__name__} result (RDF-star) here")


def to_oxigraph(term: Node) -> Any:
    """An rdflib term as the equal pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise StoreError(f"cannot store a {type(term).__name__} term in Oxigraph")


def _data(verb: str, graph: str, triples: Iterable[Any]) -> str:
    """A ``DELETE DATA`` or ``INSERT DATA`` operation on `graph` (pyoxigraph triples print as N-Triples)."""
    lines = "".join(f"{t} .\n" for t in triples)
    return f"{verb} DATA {{ GRAPH {graph} {{\n{lines}}} }}"


def _shift_lines(message: str) -> str:
    """Oxigraph's "error at LINE:COL" counted without the prefixes we prepended."""
    return re.sub(r"error at (\d+):(\d+)",
                  lambda m: f"error at line {int(m.group(1)) - len(PREFIXES)}, column {m.group(2)}", message)


_ALL_LABELLED = "SELECT ?e ?l WHERE { { ?e rdfs:label ?l } UNION { ?e skos:altLabel ?l } }"


class OxigraphStore(_Base):
    """A pyoxigraph store on disk at `path` (in memory when `path` is None)."""

    def __init__(self, path: str | Path | None = None) -> None:
        try:
            import pyoxigraph as ox
        except ImportError as e:
            raise StoreError("the oxigraph store needs pyoxigraph; install it with "
                             "`pip install 'actorgraph[oxigraph]'`") from e
        self.spec = f"oxigraph:{path}" if path else "oxigraph (in memory)"
        self._store: Any
        self._names: dict[str, list[URIRef]] | None
        """Labels and aliases in lower case → the nodes they name (built on the second lookup)."""
        self._looked_up: bool
        """Whether a name was looked up since the last write (the next lookup builds `_names`)."""
        self._forget_labels()
        try:
            self._store = ox.Store(str(path)) if path else ox.Store()
        except OSError as e:
            raise StoreError(f"{path}: cannot open the Oxigraph store ({e}); is another process "
                             "(kg serve, oxigraph serve) using it? Stop it or query that server "
                             "with --store sparql:URL") from e

    def query(self, text: str, bindings: Bindings | None = None, *, allow_service: bool = False,
              timeout: float | None = None, max_rows: int | None = None) -> Result:
        import pyoxigraph as ox

        _guard(text, allow_service)
        at = None if timeout is None else time.monotonic() + timeout
        try:
            answer = self._store.query(with_prologue(bind_values(text, bindings)),
                                       use_default_graph_as_union=True)
            if isinstance(answer, ox.QueryBoolean):
                return Result(("ask",), ((bool(answer),),), kind="ASK")
            if isinstance(answer, ox.QueryTriples):
                items = _until(answer, at) if at else answer
                triples = ((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in items)
                return triples_result(triples, guess_kind(text), max_rows=max_rows)  # type: ignore[arg-type]
            columns = tuple(v.value for v in answer.variables)
            solutions = _until(answer, at) if at else answer
            rows, truncated = take((tuple(to_rdflib(s[c]) for c in columns) for s in solutions), max_rows)
            return Result(columns, tuple(rows), truncated=truncated)
        except SyntaxError as e:
            if is_update(text):
                raise QueryError(UPDATE_REFUSED) from e
            raise QueryError(f"cannot parse SPARQL: {_shift_lines(str(e))}") from e
        except OSError as e:
            raise StoreError(f"{self.spec}: query failed ({e})") from e

    def replace_graph(self, graph_iri: URIRef, triples: Iterable[Triple]) -> None:
        # Only the difference is written (a rebuild mostly rewrites graphs as they were, such as
        # the entity graph of a large archive), in one update, which is one transaction: readers
        # never see the graph half replaced. Blank nodes cannot be matched, so a graph with any
        # is replaced whole.
        import pyoxigraph as ox

        g = sparql_term(URIRef(graph_iri))
        triples = list(triples)
        try:
            new = {ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in triples}
        except ValueError as e:
            raise StoreError(f"{self.spec}: cannot write graph {graph_iri} ({e})") from e
        old = {ox.Triple(q.subject, q.predicate, q.object)
               for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_iri)))}
        if new == old:
            return
        if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in new | old):
            self._update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{ntriples(triples)}}} }}")
            return
        changes = [_data(verb, g, part) for verb, part in (("DELETE", old - new), ("INSERT", new - old)) if part]
        self._update(" ;\n".join(changes))

    def remove_graph(self, graph_iri: URIRef) -> None:
        self._update(f"DROP SILENT GRAPH {sparql_term(URIRef(graph_iri))}")

    def load_file(self, path: str | Path) -> int:
        import pyoxigraph as ox

        path = Path(path)
        fmt = ox.RdfFormat.N_QUADS if path.suffix in {".nq", ".nquads"} else ox.RdfFormat.TRIG
        if not path.is_file():
            raise StoreError(f"{path}: no such graph file; build one with `kg build SOURCES --out DIR`")
        try:
            quads = list(ox.parse(path=str(path), format=fmt))
        except SyntaxError as e:
            raise StoreError(f"{path}: not a readable {fmt} file ({e}); rebuild it with `kg build`") from e
        self._forget_labels()
        for name in {q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)}:
            self._store.remove_graph(name)
        self._store.extend(quads)
        return len(quads)

    def entities_named(self, name: str) -> list[URIRef]:
        # The SPARQL form filters every label of the graph (tens of ms at a million quads, paid
        # by every question about an entity). A store asked more than once (kg serve, a notebook)
        # indexes the labels instead: the folder is this process's alone while it is open
        # (Oxigraph locks it), so the index stays right until this store writes, which drops it.
        if self._names is None:
            if not self._looked_up:  # one question alone is cheaper with one scan than with an index
                self._looked_up = True
                return super().entities_named(name)
            self._names = self._label_index()
        return list(self._names.get(name.lower(), ()))

    def _label_index(self) -> dict[str, list[URIRef]]:
        import pyoxigraph as ox

        index: dict[str, set[URIRef]] = {}
        for entity, label in self._store.query(with_prologue(_ALL_LABELLED), use_default_graph_as_union=True):
            if isinstance(entity, ox.NamedNode) and isinstance(label, ox.Literal):
                index.setdefault(label.value.lower(), set()).add(URIRef(entity.value))
        return {key: sorted(nodes, key=str) for key, nodes in index.items()}

    def _forget_labels(self) -> None:
        """Drop the label index (the store is about to change): the next lookup scans, the one after indexes."""
        self._names, self._looked_up = None, False

    def _update(self, text: str) -> None:
        self._forget_labels()
        try:
            self._store.update(text)
        except (SyntaxError, OSError) as e:
            raise StoreError(f"{self.spec}: write failed ({e})") from e

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs())

    def count(self) -> int:
        return len(self._store)

    def dataset(self) -> Dataset:
        import pyoxigraph as ox

        from graph.store import new_dataset

        ds = new_dataset()
        data = bytes(self._store.dump(format=ox.RdfFormat.N_QUADS) or b"")
        ds.parse(data=data.decode("utf-8"), format="nquads")
        return ds

    def close(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            store.flush()
            del store
